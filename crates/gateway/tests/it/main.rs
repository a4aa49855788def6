//! Integration tests of the gateway: the real server on port 0 in front of fake auth,
//! user and journal services (tonic servers written here that answer like the real ones).

mod flows;
mod input;
mod journals;
mod library;
mod ops;
mod support;
mod tokens;
