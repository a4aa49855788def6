//! The export service over real gRPC.
