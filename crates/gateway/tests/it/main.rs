//! Integration tests of the gateway: the real server on port 0 in front of fake auth
//! and user services (tonic servers written here that answer like the real ones).

mod flows;
mod input;
mod ops;
mod support;
mod tokens;
