//! Closed-set values in what the services answer. A service always sets them, so one
//! that arrives unspecified (or as a number this build does not know) is a fault of the
//! platform, answered as an opaque 500 with the cause in the log.

use jc_platform::AppError;
use jc_proto::convert::WireEnum;

/// The value of a proto enum field a service sent.
pub fn sent<T: WireEnum>(field: &'static str, raw: i32) -> Result<T, AppError> {
    T::from_wire(raw)
        .ok_or_else(|| AppError::internal(format!("a service sent `{field}` = {raw}, not a value")))
}

/// Every value of a repeated proto enum field a service sent.
pub fn sent_all<T: WireEnum>(field: &'static str, raw: &[i32]) -> Result<Vec<T>, AppError> {
    raw.iter().map(|&value| sent(field, value)).collect()
}
