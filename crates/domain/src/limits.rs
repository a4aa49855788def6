//! How large a journal may be: one set of limits, checked by the journal service when
//! a journal is written, accepted by the renderer when it is exported, and behind the
//! gRPC message limit of every service (`jc_platform::grpc`). The gateway's OpenAPI
//! document states the same numbers as `maxLength` (docs/security.md, "Size limits").

/// Fewest day pages a journal has.
pub const MIN_DAYS: u32 = 1;
/// Most day pages a journal has.
pub const MAX_DAYS: u32 = 366;
/// Most writing lines a day asks for.
pub const MAX_LINES: u32 = 60;
/// Most blanks a certificate has.
pub const MAX_CERTIFICATE_FIELDS: usize = 20;
/// Longest title (of a journal, a day, the introduction), in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest one-line text (subtitle, author name, a certificate blank), in characters.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// Longest running text (description, writeups, prompts), in characters.
pub const LONG_TEXT_MAX_CHARS: usize = 10_000;
/// Longest entry a person writes for a day, in characters.
pub const ENTRY_MAX_CHARS: usize = 50_000;
/// Most characters of text a journal holds in all (titles, texts, prompts and
/// entries together): about 1,500 printed pages.
pub const JOURNAL_MAX_CHARS: usize = 2_000_000;
/// The largest gRPC message a service sends or accepts: a whole journal at its limit
/// in the widest UTF-8 (four bytes a character), with room for the framing of its
/// fields.
pub const GRPC_MESSAGE_MAX_BYTES: usize = 4 * JOURNAL_MAX_CHARS + 4 * 1024 * 1024;
