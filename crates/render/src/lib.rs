//! Journal Craft's render library: a [`Journal`] document and [`LayoutOptions`] in, the
//! bytes of a print-ready PDF, a DOCX, an EPUB 3 or a complete Amazon KDP package out.
//! No I/O, no async, no database.
//!
//! The [`kdp`] module is the calculator of KDP's print and store rules (page limits,
//! spine, cover, margins, listing checks), usable without rendering.

pub mod customization;
pub mod docx;
pub mod epub;
pub mod error;
pub mod kdp;
pub mod model;
pub mod options;
pub mod package;
pub mod pdf;

pub use customization::{Customization, Mapped, map_customization};
pub use docx::{DocxOutput, render_docx};
pub use epub::{EpubOutput, render_epub};
pub use error::{RenderError, Result};
pub use model::{
    BackMatter, Certificate, Commitment, Day, FrontMatter, Introduction, Journal, Metadata, PageStyle,
};
pub use options::{FontFace, LayoutOptions, Rgb, Theme, ThemeColors, ThemeFonts, ThemeSpacing};
pub use package::{KdpPackage, Preflight, StoreDetails, render_kdp_package};
pub use pdf::cover::{CoverOutput, render_cover};
pub use pdf::{PdfFacts, PdfOutput, render_pdf};
