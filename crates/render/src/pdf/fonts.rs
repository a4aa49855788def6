//! The bundled DejaVu faces. Only regular, bold and italic of each family are linked into
//! the binary; the PDF keeps only the faces its pages use (see `post`).

use genpdf::fonts::{FontData, FontFamily};

use crate::error::{RenderError, Result};
use crate::options::FontFace;

fn data(bytes: &'static [u8]) -> Result<FontData> {
    FontData::new(bytes.to_vec(), None).map_err(|e| RenderError::Pdf(format!("bundled font: {e}")))
}

/// The font programs of a face: regular, bold, italic.
pub(crate) fn faces(face: FontFace) -> (&'static [u8], &'static [u8], &'static [u8]) {
    match face {
        FontFace::Serif => (dejavu::serif::regular(), dejavu::serif::bold(), dejavu::serif::italic()),
        FontFace::Sans => (dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique()),
    }
}

/// A genpdf family for a face. The bold-italic slot repeats bold: the layout never asks
/// for bold italic, and the unused slot is dropped from the file.
pub(crate) fn family(face: FontFace) -> Result<FontFamily<FontData>> {
    let (regular, bold, italic) = faces(face);
    let bold = data(bold)?;
    Ok(FontFamily { regular: data(regular)?, bold_italic: bold.clone(), bold, italic: data(italic)? })
}

/// PostScript names of a family's four slots (regular, bold, italic, bold italic — the last
/// slot holds bold, see [`family`]).
pub(crate) fn postscript_names(face: FontFace) -> [&'static str; 4] {
    match face {
        FontFace::Serif => ["DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-Bold"],
        FontFace::Sans => ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-Bold"],
    }
}
