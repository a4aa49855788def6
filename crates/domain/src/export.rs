//! An export's closed sets.

closed_set! {
    /// A file a journal can be exported to.
    pub enum ExportFormat {
        Pdf = "pdf",
        Docx = "docx",
        Epub = "epub",
        Kdp = "kdp",
    }
}

closed_set! {
    /// Where an export is. `queued` → `rendering` → `completed`, or `failed` / `cancelled`.
    pub enum ExportStatus {
        Queued = "queued",
        Rendering = "rendering",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

impl ExportStatus {
    /// The statuses a job can still change from.
    pub const OPEN: [ExportStatus; 2] = [ExportStatus::Queued, ExportStatus::Rendering];

    /// Completed, failed or cancelled: nothing changes the job any more.
    pub fn is_terminal(self) -> bool {
        !Self::OPEN.contains(&self)
    }
}
