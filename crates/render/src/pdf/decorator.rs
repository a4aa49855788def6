//! The page decorator: mirrored margins (gutter on the binding side of each page, bleed on
//! the outside), the page number in the outside corner, and the page count of the pass.

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::Style;
use genpdf::{Context, Margins, PageDecorator, Position};

use super::elements::{SharedRef, inches};
use super::geometry::Geometry;

/// Pages without a number: the title page and the page after it.
pub(crate) const UNNUMBERED_PAGES: usize = 2;

pub(crate) struct MirroredDecorator {
    pub geometry: Geometry,
    pub shared: SharedRef,
    pub page_numbers: bool,
    pub folio_style: Style,
}

impl PageDecorator for MirroredDecorator {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        _style: Style,
    ) -> Result<Area<'a>, Error> {
        let page = {
            let mut shared = self.shared.borrow_mut();
            shared.page += 1;
            shared.page
        };
        let (page_width, page_height) = self.geometry.page();
        let block = self.geometry.text_block(page);
        if self.page_numbers && page > UNNUMBERED_PAGES {
            let band = self.geometry.folio_band(page);
            let number = page.to_string();
            let width = self.folio_style.str_width(&context.font_cache, &number);
            let glyph = self.folio_style.font(&context.font_cache).glyph_height(self.folio_style.font_size());
            let x = if Geometry::is_recto(page) {
                inches(band.left + band.width) - width
            } else {
                inches(band.left)
            };
            // Bottom of the number on the bottom edge of the band: the number sits inside
            // the bottom margin's live area, never nearer the trim than the margin.
            let y = inches(band.top + band.height) - glyph;
            area.print_str(&context.font_cache, Position::new(x, y), self.folio_style, &number)?;
        }
        let top = block.top;
        let left = block.left;
        let right = page_width - block.left - block.width;
        let bottom = page_height - block.top - block.height;
        area.add_margins(Margins::trbl(inches(top), inches(right), inches(bottom), inches(left)));
        self.shared.borrow_mut().block_height = f64::from(area.size().height);
        Ok(area)
    }
}
