//! The journal service: journals, their pages and entries, and the jobs that write
//! them.

pub mod catalogue;
pub mod content;
pub mod generator;
