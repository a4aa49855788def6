//! Print facts of KDP.md as data: page limits, spine width, margins and bleed, cover size.

use serde::Serialize;

use super::trim::TrimSize;

/// Bleed added on the top, bottom and outside edge of an interior page, and around a cover.
pub const BLEED_IN: f64 = 0.125;
/// Smallest outside, top and bottom margin without bleed.
pub const MIN_OUTER_MARGIN_IN: f64 = 0.25;
/// Smallest outside, top and bottom margin with bleed (measured from the bleed edge).
pub const MIN_OUTER_MARGIN_BLEED_IN: f64 = 0.375;
/// Spine text is allowed from this page count up.
pub const SPINE_TEXT_MIN_PAGES: u32 = 79;
/// Clearance of spine text from each fold.
pub const SPINE_TEXT_CLEARANCE_IN: f64 = 0.0625;
/// The barcode box KDP prints at the lower right of the back cover: width, height.
pub const BARCODE_BOX_IN: (f64, f64) = (2.0, 1.2);

pub use jc_domain::print::{Binding, InkPaper};

/// The fewest and most pages KDP prints for a trim, ink and paper, and binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageLimits {
    pub min: u32,
    pub max: u32,
}

impl PageLimits {
    /// True when `pages` is within the limits.
    pub fn allows(self, pages: u32) -> bool {
        (self.min..=self.max).contains(&pages)
    }
}

/// Size groups with a lower page maximum (KDP.md, "Page counts").
fn size_group(trim: TrimSize) -> Option<usize> {
    match trim.code().as_str() {
        "8.25x6" | "8.25x8.25" => Some(0),
        "8.5x8.5" | "8.5x11" => Some(1),
        "8.27x11.69" => Some(2),
        _ => None,
    }
}

/// The page limits of KDP.md for a combination. Custom sizes take the limits of most sizes.
pub fn page_limits(trim: TrimSize, ink: InkPaper, binding: Binding) -> PageLimits {
    if binding == Binding::Hardcover {
        return PageLimits { min: 75, max: 550 };
    }
    let group = size_group(trim);
    match ink {
        InkPaper::BlackWhite => PageLimits { min: 24, max: group.map_or(828, |g| [800, 590, 780][g]) },
        InkPaper::BlackCream => PageLimits { min: 24, max: group.map_or(776, |g| [750, 550, 730][g]) },
        InkPaper::PremiumColorWhite => PageLimits { min: 24, max: group.map_or(828, |g| [800, 590, 590][g]) },
        InkPaper::StandardColorWhite => PageLimits { min: 72, max: 600 },
    }
}

/// Spine width in inches: page count times the paper's per-page thickness.
pub fn spine_width_in(pages: u32, ink: InkPaper) -> f64 {
    f64::from(pages) * ink.page_thickness_in()
}

/// The smallest inside (gutter) margin for a final page count (KDP.md, "Margins").
/// Counts under 24 take the first band (the page-count rule fails on its own); counts
/// over 828 have no band.
pub fn min_gutter_in(pages: u32) -> Option<f64> {
    match pages {
        0..=150 => Some(0.375),
        151..=300 => Some(0.5),
        301..=500 => Some(0.625),
        501..=700 => Some(0.75),
        701..=828 => Some(0.875),
        _ => None,
    }
}

/// The smallest outside, top and bottom margin.
pub fn min_outer_margin_in(bleed: bool) -> f64 {
    if bleed { MIN_OUTER_MARGIN_BLEED_IN } else { MIN_OUTER_MARGIN_IN }
}

/// A width and height in inches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SizeIn {
    pub width: f64,
    pub height: f64,
}

/// The interior page size: the trim, plus 0.125 in wide and 0.25 in high with bleed.
pub fn interior_page_size(trim: TrimSize, bleed: bool) -> SizeIn {
    if bleed {
        SizeIn { width: trim.width() + BLEED_IN, height: trim.height() + 2.0 * BLEED_IN }
    } else {
        SizeIn { width: trim.width(), height: trim.height() }
    }
}

/// The full-wrap cover (back, spine, front) for a page count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CoverSpec {
    /// Whole cover with bleed: 2 x trim width + spine + 0.25, trim height + 0.25.
    pub size: SizeIn,
    pub spine_width: f64,
    /// Spine text is allowed (79 pages or more).
    pub spine_text: bool,
    pub trim: SizeIn,
    pub bleed: f64,
}

impl CoverSpec {
    /// Left edge of the spine, from the cover's left edge (bleed included).
    pub fn spine_left(&self) -> f64 {
        self.bleed + self.trim.width
    }

    /// Left edge of the front cover panel.
    pub fn front_left(&self) -> f64 {
        self.spine_left() + self.spine_width
    }

    /// The barcode box at the lower right of the back cover as (x, y, width, height) from
    /// the cover's lower left corner, kept 0.25 in inside the trim.
    pub fn barcode_box(&self) -> (f64, f64, f64, f64) {
        let (w, h) = BARCODE_BOX_IN;
        let x = self.spine_left() - 0.25 - w;
        let y = self.bleed + 0.25;
        (x, y, w, h)
    }
}

/// The cover for a trim, page count and paper (KDP.md, "Spine and cover").
pub fn cover_spec(trim: TrimSize, pages: u32, ink: InkPaper) -> CoverSpec {
    let spine = spine_width_in(pages, ink);
    CoverSpec {
        size: SizeIn {
            width: 2.0 * trim.width() + spine + 2.0 * BLEED_IN,
            height: trim.height() + 2.0 * BLEED_IN,
        },
        spine_width: spine,
        spine_text: pages >= SPINE_TEXT_MIN_PAGES,
        trim: SizeIn { width: trim.width(), height: trim.height() },
        bleed: BLEED_IN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn gutter_bands_change_at_the_kdp_page_counts() {
        let cases = [
            (24, 0.375),
            (150, 0.375),
            (151, 0.5),
            (300, 0.5),
            (301, 0.625),
            (500, 0.625),
            (501, 0.75),
            (700, 0.75),
            (701, 0.875),
            (828, 0.875),
        ];
        for (pages, gutter) in cases {
            assert_eq!(min_gutter_in(pages), Some(gutter), "{pages} pages");
        }
        assert_eq!(min_gutter_in(829), None);
    }

    #[test]
    fn spine_widths_are_page_count_times_thickness() {
        // 100 pages black on white: 100 x 0.002252 = 0.2252 in.
        assert!(close(spine_width_in(100, InkPaper::BlackWhite), 0.2252));
        // 300 pages cream: 300 x 0.0025 = 0.75 in.
        assert!(close(spine_width_in(300, InkPaper::BlackCream), 0.75));
        // 200 pages premium colour: 200 x 0.002347 = 0.4694 in.
        assert!(close(spine_width_in(200, InkPaper::PremiumColorWhite), 0.4694));
        // 120 pages standard colour: 120 x 0.002252 = 0.27024 in.
        assert!(close(spine_width_in(120, InkPaper::StandardColorWhite), 0.27024));
    }

    #[test]
    fn cover_size_is_two_trims_plus_spine_plus_bleed() {
        // 6 x 9, 100 pages white: 2 x 6 + 0.2252 + 0.25 = 12.4752 wide, 9.25 high.
        let cover = cover_spec(TrimSize::DEFAULT, 100, InkPaper::BlackWhite);
        assert!(close(cover.size.width, 12.4752));
        assert!(close(cover.size.height, 9.25));
        assert!(cover.spine_text);
        assert!(close(cover.spine_left(), 6.125));
        assert!(close(cover.front_left(), 6.3502));
        // 8.5 x 11, 24 pages cream: 17 + 0.06 + 0.25 = 17.31 wide, 11.25 high, no spine text.
        let cover = cover_spec(TrimSize::new(8.5, 11.0).expect("trim"), 24, InkPaper::BlackCream);
        assert!(close(cover.size.width, 17.31));
        assert!(close(cover.size.height, 11.25));
        assert!(!cover.spine_text);
        // Spine text starts at 79 pages.
        assert!(!cover_spec(TrimSize::DEFAULT, 78, InkPaper::BlackWhite).spine_text);
        assert!(cover_spec(TrimSize::DEFAULT, 79, InkPaper::BlackWhite).spine_text);
    }

    #[test]
    fn barcode_box_sits_at_the_lower_right_of_the_back_cover() {
        let cover = cover_spec(TrimSize::DEFAULT, 100, InkPaper::BlackWhite);
        let (x, y, w, h) = cover.barcode_box();
        assert!(close(x + w, 6.125 - 0.25));
        assert!(close(y, 0.375));
        assert!(close(w, 2.0) && close(h, 1.2));
    }

    #[test]
    fn page_limits_follow_the_table() {
        let six_nine = TrimSize::DEFAULT;
        let a4 = TrimSize::A4;
        let letter = TrimSize::new(8.5, 11.0).expect("trim");
        let square = TrimSize::new(8.25, 8.25).expect("trim");
        let landscape = TrimSize::new(8.25, 6.0).expect("trim");
        let big_square = TrimSize::new(8.5, 8.5).expect("trim");
        let pb = Binding::Paperback;
        let cases = [
            (six_nine, InkPaper::BlackWhite, 24, 828),
            (landscape, InkPaper::BlackWhite, 24, 800),
            (square, InkPaper::BlackWhite, 24, 800),
            (big_square, InkPaper::BlackWhite, 24, 590),
            (letter, InkPaper::BlackWhite, 24, 590),
            (a4, InkPaper::BlackWhite, 24, 780),
            (six_nine, InkPaper::BlackCream, 24, 776),
            (square, InkPaper::BlackCream, 24, 750),
            (letter, InkPaper::BlackCream, 24, 550),
            (a4, InkPaper::BlackCream, 24, 730),
            (six_nine, InkPaper::PremiumColorWhite, 24, 828),
            (landscape, InkPaper::PremiumColorWhite, 24, 800),
            (letter, InkPaper::PremiumColorWhite, 24, 590),
            (a4, InkPaper::PremiumColorWhite, 24, 590),
            (six_nine, InkPaper::StandardColorWhite, 72, 600),
            (a4, InkPaper::StandardColorWhite, 72, 600),
        ];
        for (trim, ink, min, max) in cases {
            assert_eq!(page_limits(trim, ink, pb), PageLimits { min, max }, "{trim} {ink:?}");
        }
        assert_eq!(
            page_limits(six_nine, InkPaper::BlackWhite, Binding::Hardcover),
            PageLimits { min: 75, max: 550 }
        );
        let limits = page_limits(six_nine, InkPaper::BlackWhite, pb);
        assert!(!limits.allows(23) && limits.allows(24) && limits.allows(828) && !limits.allows(829));
    }

    #[test]
    fn interior_page_with_bleed_grows_by_an_eighth_and_a_quarter() {
        let plain = interior_page_size(TrimSize::DEFAULT, false);
        assert!(close(plain.width, 6.0) && close(plain.height, 9.0));
        let bleed = interior_page_size(TrimSize::DEFAULT, true);
        assert!(close(bleed.width, 6.125) && close(bleed.height, 9.25));
        assert_eq!(min_outer_margin_in(false), 0.25);
        assert_eq!(min_outer_margin_in(true), 0.375);
    }

    #[test]
    fn ink_words_round_trip() {
        for ink in InkPaper::ALL {
            assert_eq!(InkPaper::parse(ink.as_str()).expect("known"), ink);
        }
        assert!(InkPaper::parse("sepia").is_none());
        assert!(Binding::parse("spiral").is_none());
    }
}
