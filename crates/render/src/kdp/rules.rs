//! Every rule of KDP.md as data: an id, the rule in words, and the outcome of a check
//! with the measured value.

use serde::Serialize;

/// One rule of KDP.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable id, such as `pages.maximum`.
    pub id: &'static str,
    /// The rule in words.
    pub text: &'static str,
}

/// The outcome of checking one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub rule: &'static str,
    pub passed: bool,
    /// What was measured, in words and figures.
    pub measured: String,
    /// A note that does not fail the check, such as a size over the advised limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

impl Check {
    /// The outcome of `rule`.
    pub fn new(rule: Rule, passed: bool, measured: impl Into<String>) -> Check {
        Check { id: rule.id, rule: rule.text, passed, measured: measured.into(), advice: None }
    }

    /// Adds an advisory note.
    pub fn with_advice(mut self, advice: impl Into<String>) -> Check {
        self.advice = Some(advice.into());
        self
    }
}

macro_rules! rules {
    ($($name:ident = $id:literal, $text:literal;)*) => {
        $(
            #[doc = $text]
            pub const $name: Rule = Rule { id: $id, text: $text };
        )*
        /// Every rule, in report order.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    TRIM_SIZE = "trim.size", "The trim is a KDP size, or a custom size 4 to 8.5 in wide and 6 to 11.69 in high.";
    PAGES_MINIMUM = "pages.minimum", "The page count is at least the minimum for the ink, paper and binding.";
    PAGES_MAXIMUM = "pages.maximum", "The page count is at most the maximum for the trim, ink, paper and binding.";
    PAGES_EVEN = "pages.even", "The page count is even.";
    PAGES_BLANK_RUN = "pages.blank_run", "Padding uses at most two consecutive blank pages.";
    PAGES_TRAILING_BLANK = "pages.trailing_blank", "The interior does not end on a stray blank page.";
    MARGIN_GUTTER = "margins.gutter", "The inside (gutter) margin is at least the band for the final page count: 0.375 in to 150 pages, 0.5 to 300, 0.625 to 500, 0.75 to 700, 0.875 to 828.";
    MARGIN_OUTSIDE = "margins.outside", "The outside margin is at least 0.25 in (0.375 in with bleed).";
    MARGIN_TOP = "margins.top", "The top margin is at least 0.25 in (0.375 in with bleed).";
    MARGIN_BOTTOM = "margins.bottom", "The bottom margin is at least 0.25 in (0.375 in with bleed).";
    MARGIN_MIRRORED = "margins.mirrored", "Margins mirror: the gutter is on the left of odd pages and on the right of even pages.";
    BLEED_PAGE_SIZE = "bleed.page_size", "Every interior page is the trim size, or (trim width + 0.125) x (trim height + 0.25) in with bleed.";
    BLEED_EDGES = "bleed.edges", "Bleed is on the top, bottom and outside edges, never the gutter.";
    PDF_FONTS_EMBEDDED = "pdf.fonts_embedded", "All fonts are embedded.";
    PDF_NO_CROP_MARKS = "pdf.no_crop_marks", "No crop marks.";
    PDF_NO_BOOKMARKS = "pdf.no_bookmarks", "No bookmarks (outlines).";
    PDF_NO_ANNOTATIONS = "pdf.no_annotations", "No annotations.";
    PDF_NO_COMMENTS = "pdf.no_comments", "No comments.";
    PDF_NO_PLACEHOLDER = "pdf.no_placeholder_text", "No placeholder text.";
    PDF_NO_ENCRYPTION = "pdf.no_encryption", "No encryption.";
    PDF_NO_TRANSPARENCY = "pdf.no_transparency", "No transparency.";
    PDF_IMAGE_DPI = "pdf.image_resolution", "Images are at 300 DPI or more.";
    PDF_LINE_WEIGHT = "pdf.line_weight", "Lines are at least 0.75 pt.";
    PDF_TEXT_SIZE = "pdf.text_size", "Text is at least 7 pt.";
    PDF_GRAY_FILL = "pdf.gray_fill", "Grey fills are at least 10 %.";
    PDF_FILE_SIZE = "pdf.file_size", "The file is at most 650 MB (40 MB or less advised).";
    PDF_NO_PDFX_CLAIM = "pdf.no_false_conformance", "No PDF/X or PDF/A marker claims a conformance the file does not meet.";
    COVER_BINDING = "cover.binding", "The cover is a paperback cover: KDP.md gives the paperback formula only, so a hardcover (case laminate) cover, with its wrap and hinge, is made from KDP's hardcover template instead.";
    COVER_SIZE = "cover.size", "The cover is 2 x trim width + spine + 0.25 in wide and trim height + 0.25 in high.";
    COVER_SPINE_WIDTH = "cover.spine_width", "The spine is page count x paper thickness (0.002252 white, 0.0025 cream, 0.002347 premium colour, 0.002252 standard colour).";
    COVER_SPINE_TEXT = "cover.spine_text", "Spine text only from 79 pages up, kept 0.0625 in from each fold.";
    COVER_BARCODE = "cover.barcode_area", "A 2 x 1.2 in box at the lower right of the back cover is left clear for the barcode.";
    TITLE_MATCHES_COVER = "listing.title_matches_cover", "The listing title matches the title on the cover.";
    TITLE_LENGTH = "listing.title_length", "Title plus subtitle are under 200 characters.";
    TITLE_NO_HTML = "listing.title_no_html", "The title and subtitle hold no HTML.";
    TITLE_BANNED_WORDS = "listing.title_banned_words", "The title and subtitle hold no \"free\" and no sales-rank words.";
    TITLE_GENERIC_WORDS = "listing.title_generic_words", "No generic words (journal, notebook, gift, ...) stuffed into the title and subtitle.";
    AUTHOR = "listing.author", "The listing names an author: KDP requires an author name.";
    KEYWORDS_COUNT = "listing.keywords_count", "Up to 7 keywords.";
    KEYWORDS_LENGTH = "listing.keywords_length", "Each keyword is up to 50 characters.";
    DESCRIPTION_LENGTH = "listing.description_length", "The description is 1 to 4000 characters, tags included.";
    DESCRIPTION_TAGS = "listing.description_tags", "The description uses only the allowed HTML tags: b, i, u, br, p, ul, ol, li, h4, h5, h6.";
    CATEGORIES = "listing.categories", "One to three categories.";
    ISBN = "listing.isbn", "A low-content book has no ISBN (KDP places the barcode, no expanded distribution) or the author's own valid ISBN.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before);
    }
}
