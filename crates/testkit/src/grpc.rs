//! Assertions on the answers of the services' gRPC APIs.

/// The field names of a validation error.
pub fn error_fields(status: &tonic::Status) -> Vec<String> {
    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
    let error = jc_platform::AppError::from_status(status);
    assert_eq!(error.code, jc_platform::ErrorCode::ValidationFailed);
    error.fields.into_iter().map(|f| f.field).collect()
}

/// Asserts a NotFound with `message`.
pub fn assert_not_found(result: Result<impl std::fmt::Debug, tonic::Status>, message: &str) {
    let status = result.expect_err("not found");
    assert_eq!(status.code(), tonic::Code::NotFound, "{status:?}");
    assert_eq!(status.message(), message);
}
