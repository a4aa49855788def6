//! The EPUB 3, with epub-builder 0.8.2: a cover (an SVG image and an XHTML cover page),
//! a title page, the introduction and commitment, one chapter per day, the certificate (the
//! parts that have something in them), a navigation document, language and identifier,
//! and accessibility metadata. Checked by epubcheck in the integration tests (0 errors,
//! 0 warnings).

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary};
use sha2::{Digest, Sha256};

use crate::error::{RenderError, Result};
use crate::model::{CERTIFICATE_TITLE, COMMITMENT_TITLE, Day, Journal, PageStyle, paragraphs};
use crate::options::{LayoutOptions, Rgb};

/// A rendered EPUB.
#[derive(Debug, Clone)]
pub struct EpubOutput {
    pub bytes: Vec<u8>,
    /// The package identifier (`urn:uuid:…`).
    pub identifier: String,
    /// Content documents, cover and navigation excluded.
    pub chapters: u32,
}

fn epub_err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Epub(e.to_string())
}

/// Escapes text for XHTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The package UUID: the identifier itself when it is a UUID, else one derived from it.
fn package_uuid(identifier: &str) -> uuid::Uuid {
    let bare = identifier.strip_prefix("urn:uuid:").unwrap_or(identifier);
    if let Ok(uuid) = uuid::Uuid::parse_str(bare) {
        return uuid;
    }
    let digest = Sha256::digest(identifier.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn page(title: &str, language: &str, body: &str, epub_type: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="stylesheet.css"/>
</head>
<body epub:type="{epub_type}">
{body}
</body>
</html>
"#,
        lang = esc(language),
        title = esc(title),
    )
}

fn paras(text: &str, class: Option<&str>) -> String {
    let class = class.map(|c| format!(r#" class="{c}""#)).unwrap_or_default();
    paragraphs(text).iter().map(|p| format!("<p{class}>{}</p>\n", esc(p))).collect()
}

fn stylesheet(options: &LayoutOptions) -> String {
    let theme = &options.theme;
    let color = |c: Rgb| c.to_string();
    let body = format!("\"{}\", {}", theme.fonts.body.family_name(), theme.fonts.body.css_generic());
    let heading = format!("\"{}\", {}", theme.fonts.heading.family_name(), theme.fonts.heading.css_generic());
    format!(
        "body {{ font-family: {body}; color: {text}; line-height: {spacing}; margin: 0 5%; }}\n\
         h1, h2 {{ font-family: {heading}; color: {heading_color}; }}\n\
         h1 {{ font-size: {h1}em; margin-top: 1.5em; }}\n\
         h2 {{ font-size: {h2}em; }}\n\
         .label {{ color: {accent}; font-size: 0.8em; letter-spacing: 0.1em; text-transform: uppercase; margin-bottom: 0; }}\n\
         .quote {{ font-style: italic; color: {accent}; text-align: center; }}\n\
         .prompt {{ font-weight: bold; }}\n\
         .center {{ text-align: center; }}\n\
         .title {{ text-align: center; margin-top: 30%; font-size: 2em; font-family: {heading}; }}\n\
         .subtitle {{ text-align: center; font-style: italic; }}\n\
         .field {{ border-bottom: {weight}pt solid {rule}; padding-top: 1em; }}\n\
         .writing {{ margin: 1em 0; }}\n\
         .writing .line {{ height: {pitch}in; border-bottom: {weight}pt solid {rule}; }}\n\
         .writing.dotted .line {{ border-bottom-style: dotted; }}\n\
         .writing.grid {{ border: {weight}pt solid {rule}; background-image: linear-gradient({rule} {weight}pt, transparent {weight}pt), linear-gradient(90deg, {rule} {weight}pt, transparent {weight}pt); background-size: {pitch}in {pitch}in; }}\n\
         .writing.grid .line, .writing.blank .line {{ border-bottom: none; }}\n\
         nav ol {{ list-style: none; }}\n\
         .cover {{ text-align: center; margin: 0; }}\n\
         .cover img {{ max-width: 100%; max-height: 100%; }}\n",
        text = color(theme.colors.text),
        heading_color = color(theme.colors.heading),
        accent = color(theme.colors.accent),
        rule = color(theme.colors.rule),
        spacing = theme.spacing.line_spacing,
        h1 = theme.fonts.heading_scale,
        h2 = (theme.fonts.heading_scale * 0.75).max(1.2),
        weight = theme.spacing.rule_weight_pt,
        pitch = theme.spacing.line_pitch_in,
    )
}

/// A simple cover: the theme's heading colour as background, title, subtitle and author
/// (when there is one).
fn cover_svg(journal: &Journal, options: &LayoutOptions) -> String {
    let meta = &journal.metadata;
    let theme = &options.theme;
    let lines = wrap_words(meta.title.trim(), 18);
    let mut text = String::new();
    let mut y = 420;
    for line in &lines {
        text.push_str(&format!(
            r##"<text x="600" y="{y}" font-size="96" font-weight="bold" text-anchor="middle" fill="#ffffff" font-family="serif">{}</text>"##,
            esc(line)
        ));
        y += 120;
    }
    if !meta.subtitle.trim().is_empty() {
        for line in wrap_words(meta.subtitle.trim(), 34) {
            y += 20;
            text.push_str(&format!(
                r##"<text x="600" y="{y}" font-size="52" font-style="italic" text-anchor="middle" fill="#ffffff" font-family="serif">{}</text>"##,
                esc(&line)
            ));
            y += 60;
        }
    }
    if let Some(author) = meta.author() {
        text.push_str(&format!(
            r##"<text x="600" y="1650" font-size="60" text-anchor="middle" fill="#ffffff" font-family="serif">{}</text>"##,
            esc(author)
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1200" height="1800" viewBox="0 0 1200 1800"><title>{title}</title><rect width="1200" height="1800" fill="{bg}"/><rect x="60" y="60" width="1080" height="1680" fill="none" stroke="{accent}" stroke-width="6"/>{text}</svg>
"#,
        title = esc(meta.title.trim()),
        bg = theme.colors.heading,
        accent = theme.colors.rule,
    )
}

/// Greedy word wrap by character count, for the cover.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.truncate(6);
    lines
}

fn writing_area(day: &Day, options: &LayoutOptions) -> String {
    if day.lines == 0 {
        return String::new();
    }
    let style = options.style_for(day.page_style);
    let class = match style {
        PageStyle::Lined => "lined",
        PageStyle::Dotted => "dotted",
        PageStyle::Grid => "grid",
        PageStyle::Blank => "blank",
    };
    let mut html = format!(r#"<div class="writing {class}" role="presentation" aria-hidden="true">"#);
    for _ in 0..day.lines {
        html.push_str(r#"<div class="line"></div>"#);
    }
    html.push_str("</div>\n");
    html
}

fn day_page(day: &Day, options: &LayoutOptions) -> String {
    let n = day.number;
    let mut body = format!("<section epub:type=\"chapter\" aria-labelledby=\"day-{n}\">\n");
    // "Day 3" over the day's own title, or "Day 3" alone when that is all it says.
    match day.own_title() {
        Some(title) => body
            .push_str(&format!("<p class=\"label\">Day {n}</p>\n<h2 id=\"day-{n}\">{}</h2>\n", esc(title))),
        None => body.push_str(&format!("<h2 id=\"day-{n}\">Day {n}</h2>\n")),
    }
    if options.date_lines {
        body.push_str("<p class=\"field\">Date</p>\n");
    }
    body.push_str(&paras(&day.pre_writeup, None));
    body.push_str(&paras(&day.prompt, Some("prompt")));
    let entry = if options.include_entries { Journal::entry_of(day) } else { None };
    match entry {
        Some(text) => body.push_str(&paras(text, None)),
        None => body.push_str(&writing_area(day, options)),
    }
    body.push_str("</section>");
    body
}

/// Renders the EPUB 3 of a journal.
pub fn render_epub(journal: &Journal, options: &LayoutOptions) -> Result<EpubOutput> {
    journal.validate()?;
    options.validate()?;
    let meta = &journal.metadata;
    let lang = meta.language.as_str();
    let uuid = package_uuid(&meta.identifier);

    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(epub_err)?).map_err(epub_err)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_uuid(uuid);
    builder.set_title(meta.title.trim());
    // No author, no `dc:creator`: an empty one is an epubcheck error.
    if let Some(author) = meta.author() {
        builder.add_author(author);
    }
    builder.set_lang(lang);
    builder.set_generator("Journal Craft");
    builder.set_toc_name("Contents");
    let description = crate::kdp::listing::html_tags(&meta.description);
    let plain_description =
        if description.is_empty() { meta.description.clone() } else { strip_tags(&meta.description) };
    if !plain_description.trim().is_empty() {
        builder.add_description(plain_description.trim());
    }
    for keyword in &meta.keywords {
        builder.add_subject(keyword.trim());
    }
    let a11y = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "A guided journal in reading order with headings for each part and day, a table of contents, and a text alternative for the cover. Writing lines are decorative and hidden from assistive technology.",
        ),
    ];
    for (property, value) in a11y {
        // MetadataOpfV3 writes its content as given: escape it here.
        builder.add_metadata_opf(Box::new(MetadataOpfV3::new(property.to_string(), esc(value))));
    }
    builder.stylesheet(stylesheet(options).as_bytes()).map_err(epub_err)?;

    // Cover: the image, and an XHTML page that shows it.
    builder
        .add_cover_image("images/cover.svg", cover_svg(journal, options).as_bytes(), "image/svg+xml")
        .map_err(epub_err)?;
    let alt = match meta.author() {
        Some(author) => format!("Cover: {} by {author}", meta.title.trim()),
        None => format!("Cover: {}", meta.title.trim()),
    };
    let cover = page(
        "Cover",
        lang,
        &format!(
            r#"<section epub:type="cover" class="cover"><img src="images/cover.svg" alt="{}"/></section>"#,
            esc(&alt)
        ),
        "frontmatter",
    );
    builder
        .add_content(EpubContent::new("cover.xhtml", cover.as_bytes()).reftype(ReferenceType::Cover))
        .map_err(epub_err)?;

    let mut chapters = 0;
    let mut add = |builder: &mut EpubBuilder<ZipLibrary>,
                   file: String,
                   title: String,
                   html: String,
                   kind: ReferenceType| {
        chapters += 1;
        builder
            .add_content(EpubContent::new(file, html.as_bytes()).title(title).reftype(kind))
            .map(|_| ())
            .map_err(epub_err)
    };

    let mut title_body = format!("<h1 class=\"title\">{}</h1>\n", esc(meta.title.trim()));
    if !meta.subtitle.trim().is_empty() {
        title_body.push_str(&format!("<p class=\"subtitle\">{}</p>\n", esc(meta.subtitle.trim())));
    }
    if let Some(author) = meta.author() {
        title_body.push_str(&format!("<p class=\"center\">{}</p>\n", esc(author)));
    }
    add(
        &mut builder,
        "title.xhtml".into(),
        meta.title.trim().to_string(),
        page(meta.title.trim(), lang, &title_body, "frontmatter"),
        ReferenceType::TitlePage,
    )?;

    let intro = &journal.front.introduction;
    if let Some(heading) = intro.heading() {
        let mut body = format!("<section epub:type=\"introduction\">\n<h1>{}</h1>\n", esc(heading));
        if !intro.quote.trim().is_empty() {
            body.push_str(&format!(
                "<blockquote epub:type=\"epigraph\">{}</blockquote>\n",
                paras(&intro.quote, Some("quote"))
            ));
        }
        body.push_str(&paras(&intro.writeup, None));
        body.push_str("</section>");
        add(
            &mut builder,
            "introduction.xhtml".into(),
            heading.to_string(),
            page(heading, lang, &body, "frontmatter"),
            ReferenceType::Preface,
        )?;
    }

    let commitment = &journal.front.commitment;
    if !commitment.is_empty() {
        let mut body = format!("<section epub:type=\"preamble\">\n<h1>{COMMITMENT_TITLE}</h1>\n");
        body.push_str(&paras(&commitment.text, Some("prompt")));
        body.push_str(&paras(&commitment.writeup, None));
        body.push_str("<p class=\"field\">Signed</p>\n<p class=\"field\">Date</p>\n</section>");
        add(
            &mut builder,
            "commitment.xhtml".into(),
            COMMITMENT_TITLE.into(),
            page(COMMITMENT_TITLE, lang, &body, "frontmatter"),
            ReferenceType::Text,
        )?;
    }

    for day in &journal.days {
        let title = day.heading();
        add(
            &mut builder,
            format!("day-{:03}.xhtml", day.number),
            title.clone(),
            page(&title, lang, &day_page(day, options), "bodymatter"),
            ReferenceType::Text,
        )?;
    }

    let certificate = &journal.back.certificate;
    if !certificate.is_empty() {
        let mut body =
            format!("<section epub:type=\"conclusion\">\n<h1 class=\"center\">{CERTIFICATE_TITLE}</h1>\n");
        body.push_str(&paras(&certificate.summary, Some("quote")));
        body.push_str(&paras(&certificate.text, Some("center")));
        for field in &certificate.fields {
            body.push_str(&format!("<p class=\"field\">{}</p>\n", esc(field.trim())));
        }
        body.push_str("</section>");
        add(
            &mut builder,
            "certificate.xhtml".into(),
            CERTIFICATE_TITLE.into(),
            page(CERTIFICATE_TITLE, lang, &body, "backmatter"),
            ReferenceType::Text,
        )?;
    }

    let mut bytes = Vec::new();
    builder.generate(&mut bytes).map_err(epub_err)?;
    Ok(EpubOutput { bytes, identifier: format!("urn:uuid:{uuid}"), chapters })
}

/// The text of an HTML fragment without its tags (for `dc:description`).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::model::tests::{hand_made, part, sample, without_front_and_back};

    #[test]
    fn one_chapter_per_day_with_navigation_and_metadata() {
        let out = render_epub(&sample(3), &LayoutOptions::default()).expect("epub");
        assert_eq!(out.identifier, "urn:uuid:0b6c2f0e-8d1c-4b7a-9a55-2f4f0f6d7e11");
        assert_eq!(out.chapters, 3 + 4);
        let opf = part(&out.bytes, "OEBPS/content.opf");
        assert!(opf.contains(r#"version="3.0""#));
        assert!(opf.contains("<dc:language>en</dc:language>"));
        assert!(opf.contains("urn:uuid:0b6c2f0e-8d1c-4b7a-9a55-2f4f0f6d7e11"));
        assert!(opf.contains(r#"<meta property="schema:accessibilityHazard">none</meta>"#));
        assert!(opf.contains("schema:accessibilitySummary"));
        assert!(opf.contains(r#"properties="cover-image""#));
        let nav = part(&out.bytes, "OEBPS/nav.xhtml");
        for n in 1..=3 {
            assert!(nav.contains(&format!("day-00{n}.xhtml")), "day {n} in the nav");
        }
        let day = part(&out.bytes, "OEBPS/day-002.xhtml");
        assert!(day.contains(r#"lang="en""#) && day.contains("What did you notice this morning?"));
    }

    #[test]
    fn a_day_titled_by_its_number_says_so_once() {
        let out = render_epub(&hand_made(2), &LayoutOptions::default()).expect("epub");
        let day = part(&out.bytes, "OEBPS/day-002.xhtml");
        assert!(day.contains(r#"<h2 id="day-2">Day 2</h2>"#), "{day}");
        assert_eq!(day.matches("Day 2").count(), 2, "the page title and the heading: {day}");
        let titled = part(
            &render_epub(&sample(2), &LayoutOptions::default()).expect("epub").bytes,
            "OEBPS/day-002.xhtml",
        );
        assert!(titled.contains(r#"<p class="label">Day 2</p>"#), "{titled}");
    }

    #[test]
    fn a_journal_without_an_author_has_no_creator() {
        let mut journal = sample(1);
        journal.metadata.author.clear();
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        let opf = part(&out.bytes, "OEBPS/content.opf");
        assert!(!opf.contains("dc:creator") && !opf.contains("marc:relators"), "{opf}");
        assert!(part(&out.bytes, "OEBPS/cover.xhtml").contains(r#"alt="Cover: Quiet Mornings""#));
        assert!(!part(&out.bytes, "OEBPS/title.xhtml").contains("class=\"center\""));
        assert!(!part(&out.bytes, "OEBPS/images/cover.svg").contains("font-size=\"60\""));
        let with = render_epub(&sample(1), &LayoutOptions::default()).expect("epub");
        assert!(part(&with.bytes, "OEBPS/content.opf").contains(">Ada Writer</dc:creator>"));
    }

    #[test]
    fn empty_front_and_back_matter_is_left_out() {
        let mut journal = without_front_and_back(3);
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        assert_eq!(out.chapters, 1 + 3, "the title page and the days");
        let nav = part(&out.bytes, "OEBPS/nav.xhtml");
        assert!(!nav.contains("introduction.xhtml") && !nav.contains("commitment.xhtml"), "{nav}");
        assert!(!nav.contains("certificate.xhtml"), "{nav}");
        let mut archive = zip::ZipArchive::new(Cursor::new(&out.bytes)).expect("zip");
        assert!(archive.by_name("OEBPS/certificate.xhtml").is_err());

        journal.back.certificate.fields = vec!["Name".into()];
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        assert_eq!(out.chapters, 1 + 3 + 1);
        let certificate = part(&out.bytes, "OEBPS/certificate.xhtml");
        assert!(certificate.contains(r#"<p class="field">Name</p>"#), "{certificate}");
    }

    #[test]
    fn a_day_without_a_prompt_has_no_prompt_paragraph() {
        let mut journal = sample(1);
        journal.days[0].prompt.clear();
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        let day = part(&out.bytes, "OEBPS/day-001.xhtml");
        assert!(!day.contains(r#"class="prompt""#), "{day}");
        assert!(day.contains(r#"<div class="writing lined""#), "{day}");
    }

    #[test]
    fn a_hand_made_journal_has_a_title_page_and_its_days() {
        let out = render_epub(&hand_made(3), &LayoutOptions::default()).expect("epub");
        assert_eq!(out.chapters, 1 + 3);
        let nav = part(&out.bytes, "OEBPS/nav.xhtml");
        for n in 1..=3 {
            assert!(nav.contains(&format!(">Day {n}<")), "{nav}");
        }
        assert!(!part(&out.bytes, "OEBPS/content.opf").contains("dc:creator"));
        let day = part(&out.bytes, "OEBPS/day-001.xhtml");
        assert!(!day.contains("<p>") && !day.contains(r#"class="prompt""#), "{day}");
        assert_eq!(day.matches(r#"<div class="line">"#).count(), 20);
    }

    #[test]
    fn a_day_titled_by_its_number_is_listed_once() {
        let mut journal = sample(2);
        journal.days[1].title = "Day 2".into();
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        let nav = part(&out.bytes, "OEBPS/nav.xhtml");
        assert!(nav.contains(">Day 1: Noticing 1<") && nav.contains(">Day 2<"), "{nav}");
        assert!(!nav.contains("Day 2: Day 2"), "{nav}");
    }

    #[test]
    fn a_non_uuid_identifier_gives_a_stable_uuid() {
        let mut journal = sample(1);
        journal.metadata.identifier = "journalcraft:journal:42".into();
        let a = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        let b = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        assert_eq!(a.identifier, b.identifier);
        journal.metadata.identifier = "journalcraft:journal:43".into();
        let c = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        assert_ne!(a.identifier, c.identifier);
    }

    #[test]
    fn text_is_escaped() {
        let mut journal = sample(1);
        journal.days[0].prompt = "Is 3 < 4 & \"why\"?".into();
        let out = render_epub(&journal, &LayoutOptions::default()).expect("epub");
        assert!(part(&out.bytes, "OEBPS/day-001.xhtml").contains("Is 3 &lt; 4 &amp; &quot;why&quot;?"));
    }
}
