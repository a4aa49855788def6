//! The export formats: what each is called, its media type and file extension.

pub use jc_domain::ExportFormat as Format;

/// What the file of each format is: its name, purpose, media type and file name.
pub trait FormatFile: Copy {
    /// A readable name.
    fn name(self) -> &'static str;
    /// What the file is for.
    fn description(self) -> &'static str;
    /// The media type of the file.
    fn content_type(self) -> &'static str;
    /// The file name extension, without the dot.
    fn extension(self) -> &'static str;
    /// The download's file name: the title as a slug, then the extension (the KDP
    /// package says so in its name).
    fn file_name(self, title: &str) -> String;
}

impl FormatFile for Format {
    fn name(self) -> &'static str {
        match self {
            Format::Pdf => "Print-ready PDF",
            Format::Docx => "Word document",
            Format::Epub => "EPUB 3 e-book",
            Format::Kdp => "Amazon KDP package",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Format::Pdf => {
                "The interior at a KDP trim size with mirrored margins, every font embedded, for printing."
            }
            Format::Docx => "An editable document with heading styles and the trim's page setup.",
            Format::Epub => "A reflowable e-book with a navigation document and accessibility metadata.",
            Format::Kdp => {
                "A zip of the interior PDF, the full-wrap cover PDF, the listing metadata and a \
                 preflight report of every KDP rule."
            }
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Epub => "application/epub+zip",
            Format::Kdp => "application/zip",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Epub => "epub",
            Format::Kdp => "zip",
        }
    }

    fn file_name(self, title: &str) -> String {
        let slug = slug(title);
        let stem = if slug.is_empty() { "journal".to_owned() } else { slug };
        match self {
            Format::Kdp => format!("{stem}-kdp.{}", self.extension()),
            _ => format!("{stem}.{}", self.extension()),
        }
    }
}

/// Longest slug kept in a file name, in characters.
const MAX_SLUG_CHARS: usize = 80;

/// Lower-case ASCII letters and digits joined by single hyphens; accents dropped with
/// the rest of what is not ASCII.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
        if slug.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_slugs_of_the_title() {
        assert_eq!(Format::Pdf.file_name("My 30-Day Gratitude Journal!"), "my-30-day-gratitude-journal.pdf");
        assert_eq!(Format::Kdp.file_name("Calm  Mind"), "calm-mind-kdp.zip");
        assert_eq!(Format::Epub.file_name("../../etc/passwd"), "etc-passwd.epub");
        assert_eq!(Format::Docx.file_name("日記"), "journal.docx");
        assert!(slug(&"a".repeat(500)).len() <= MAX_SLUG_CHARS);
    }
}
