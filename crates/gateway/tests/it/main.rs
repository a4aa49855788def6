//! Integration tests of the gateway: the real server on port 0 in front of fake auth,
//! user, journal and export services (tonic servers written here that answer like the real ones).

mod api_key;
mod contract;
mod edge;
mod export;
mod flows;
mod generation;
mod input;
mod job_socket;
mod journals;
mod library;
mod openapi;
mod ops;
mod rate_limits;
mod support;
mod tokens;
