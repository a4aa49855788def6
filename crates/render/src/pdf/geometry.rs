//! Where things go on an interior page: trim, bleed, mirrored margins.

use crate::kdp::print::BLEED_IN;
use crate::kdp::{TrimSize, interior_page_size};

/// Height of the band below the text block that holds the page number, in inches.
pub(crate) const FOLIO_BAND_IN: f64 = 0.3;

/// The page frame for one pass of the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    pub trim: TrimSize,
    /// 0 or 0.125 in.
    pub bleed: f64,
    pub gutter: f64,
    /// Outside, top and bottom margin inside the trim.
    pub margin: f64,
}

/// A rectangle in inches from the page's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Geometry {
    pub fn new(trim: TrimSize, bleed: bool, gutter: f64, margin: f64) -> Geometry {
        Geometry { trim, bleed: if bleed { BLEED_IN } else { 0.0 }, gutter, margin }
    }

    /// Page (media) size in inches.
    pub fn page(&self) -> (f64, f64) {
        let size = interior_page_size(self.trim, self.bleed > 0.0);
        (size.width, size.height)
    }

    /// True for odd pages (right-hand, gutter on the left).
    pub fn is_recto(page: usize) -> bool {
        page % 2 == 1
    }

    /// Left edge of the trim box on a page: bleed sits on the outside edge, which is the
    /// left edge of a verso.
    pub fn trim_left(&self, page: usize) -> f64 {
        if Self::is_recto(page) { 0.0 } else { self.bleed }
    }

    /// The text block of a page (1-based).
    pub fn text_block(&self, page: usize) -> Frame {
        let width = self.trim.width() - self.gutter - self.margin;
        let inner_left = if Self::is_recto(page) { self.gutter } else { self.margin };
        Frame {
            left: self.trim_left(page) + inner_left,
            top: self.bleed + self.margin,
            width,
            height: self.trim.height() - 2.0 * self.margin - FOLIO_BAND_IN,
        }
    }

    /// The band that holds the page number, under the text block.
    pub fn folio_band(&self, page: usize) -> Frame {
        let block = self.text_block(page);
        Frame { top: block.top + block.height, height: FOLIO_BAND_IN, ..block }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_mirror_and_bleed_sits_outside() {
        let g = Geometry::new(TrimSize::DEFAULT, true, 0.625, 0.5);
        assert_eq!(g.page(), (6.125, 9.25));
        let recto = g.text_block(1);
        let verso = g.text_block(2);
        assert_eq!(recto.left, 0.625);
        assert!((recto.left + recto.width - (6.0 - 0.5)).abs() < 1e-9, "outside margin on the right");
        assert_eq!(verso.left, 0.125 + 0.5);
        assert!((verso.left + verso.width - (0.125 + 6.0 - 0.625)).abs() < 1e-9, "gutter on the right");
        assert_eq!(recto.top, 0.625);
        assert!((g.folio_band(1).top + FOLIO_BAND_IN - (0.125 + 9.0 - 0.5)).abs() < 1e-9);
    }
}
