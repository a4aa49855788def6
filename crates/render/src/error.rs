//! Errors of the render library.
//!
//! Two kinds: the input breaks a rule (`Invalid`, the caller's fault; the export service
//! answers `validation_failed`), or an engine failed on input that passed validation
//! (everything else; the export service answers `internal` and logs the cause).

/// What went wrong while checking input or producing a file.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A value of the document or of the options breaks a rule.
    #[error("{field}: {message}")]
    Invalid {
        /// The path of the offending value, such as `days[3].lines` or `options.trim`.
        field: String,
        /// What is wrong, in words a person can act on.
        message: String,
    },
    /// The PDF engine failed.
    #[error("PDF rendering failed: {0}")]
    Pdf(String),
    /// The DOCX engine failed.
    #[error("DOCX rendering failed: {0}")]
    Docx(String),
    /// The EPUB engine failed.
    #[error("EPUB rendering failed: {0}")]
    Epub(String),
    /// Writing the KDP package archive failed.
    #[error("packaging failed: {0}")]
    Package(String),
}

impl RenderError {
    /// An `Invalid` error for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        RenderError::Invalid { field: field.into(), message: message.into() }
    }

    /// True when the input was at fault (a 400 for the caller), false for engine failures.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, RenderError::Invalid { .. })
    }

    /// The offending field of an `Invalid` error.
    pub fn field(&self) -> Option<&str> {
        match self {
            RenderError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = RenderError> = std::result::Result<T, E>;
