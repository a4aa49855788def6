//! Renders 1-, 30- and 365-day journals in every format, shaped like the generator's and
//! as made by hand (no author, front matter, certificate or prompts), and checks the
//! files with the validators KDP.md names: pdfinfo, pdffonts, qpdf, epubcheck,
//! python-docx and LibreOffice. A missing tool skips its test with a message, or fails it
//! when `JC_TEST_REQUIRE_SERVICES=1` (as in CI).

mod docx;
mod epub;
mod fixture;
mod kdp;
mod pdf;
mod support;
