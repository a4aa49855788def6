//! The layout elements of a journal page, written against genpdf's `Element` trait:
//! wrapped text that never drops an over-long word, section starts on a fresh page, writing
//! areas (lined, dotted, grid, blank), a day block that keeps its prompt with the start of
//! its writing area, field lines and the table of contents.

use std::cell::RefCell;
use std::rc::Rc;

use genpdf::error::Error;
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Alignment, Context, Element, Mm, Position, RenderResult, Size};

use crate::model::PageStyle;

/// A part of the book that starts on a fresh page and may appear in the contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Title,
    Owner,
    Contents,
    Introduction,
    Commitment,
    Day(u32),
    Notes(u32),
    Certificate,
}

/// State shared by the page decorator and the elements during one pass.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The current page, from 1.
    pub page: usize,
    /// Height of a whole text block, to tell a fresh page from a partly filled one.
    pub block_height: f64,
    /// The page each section started on.
    pub starts: Vec<(Section, usize)>,
    /// For each day: the page its prompt ends on, the page its body starts on, and the
    /// writing rows (or entry lines) on that first body page.
    pub keeps: Vec<(usize, usize, u32)>,
    /// Pages of the whole book, set by [`EndOfLayout`] when a measuring pass ends.
    pub measured_pages: Option<usize>,
}

pub(crate) type SharedRef = Rc<RefCell<Shared>>;

/// Millimetres from inches.
pub(crate) fn inches(value: f64) -> Mm {
    Mm::from(value * 25.4)
}

/// Millimetres from points.
pub(crate) fn points(value: f64) -> Mm {
    Mm::from(value * 25.4 / 72.0)
}

fn mm_value(value: Mm) -> f64 {
    f64::from(value)
}

fn is_fresh(shared: &SharedRef, area: &Area<'_>) -> bool {
    mm_value(area.size().height) >= shared.borrow().block_height - 0.01
}

fn size(width: Mm, height: Mm) -> Size {
    Size::new(width, height)
}

/// Splits text into lines no wider than `width`; words wider than a line are cut.
pub(crate) fn wrap(context: &Context, style: Style, text: &str, width: Mm) -> Vec<String> {
    let fonts = &context.font_cache;
    let space = style.str_width(fonts, " ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = Mm::from(0.0);
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        let mut word_width = style.str_width(fonts, &word);
        while word_width > width {
            // Cut the longest prefix that fits on a line of its own.
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = Mm::from(0.0);
            }
            let mut cut = 0;
            for (i, c) in word.char_indices() {
                let end = i + c.len_utf8();
                if style.str_width(fonts, &word[..end]) > width {
                    break;
                }
                cut = end;
            }
            if cut == 0 {
                cut = word.chars().next().map_or(word.len(), char::len_utf8);
            }
            lines.push(word[..cut].to_string());
            word = word[cut..].to_string();
            word_width = style.str_width(fonts, &word);
        }
        if word.is_empty() {
            continue;
        }
        if line.is_empty() {
            line = word;
            line_width = word_width;
        } else if line_width + space + word_width <= width {
            line.push(' ');
            line.push_str(&word);
            line_width += space + word_width;
        } else {
            lines.push(std::mem::replace(&mut line, word));
            line_width = word_width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Paragraphs of wrapped text that flow across pages.
pub(crate) struct TextBlock {
    paragraphs: Vec<String>,
    style: Style,
    align: Alignment,
    /// Space between paragraphs, in lines.
    gap: f64,
    space_before: Mm,
    lines: Option<Vec<(String, bool)>>,
    next: usize,
    started: bool,
    /// Lines printed by the last call.
    last_lines: u32,
}

impl TextBlock {
    pub fn new(paragraphs: Vec<String>, style: Style) -> TextBlock {
        TextBlock {
            paragraphs,
            style,
            align: Alignment::Left,
            gap: 0.6,
            space_before: Mm::from(0.0),
            lines: None,
            next: 0,
            started: false,
            last_lines: 0,
        }
    }

    pub fn aligned(mut self, align: Alignment) -> Self {
        self.align = align;
        self
    }

    pub fn space_before(mut self, space: Mm) -> Self {
        self.space_before = space;
        self
    }

    fn ensure_wrapped(&mut self, context: &Context, width: Mm) {
        if self.lines.is_none() {
            let mut lines = Vec::new();
            for paragraph in &self.paragraphs {
                for (i, line) in wrap(context, self.style, paragraph, width).into_iter().enumerate() {
                    lines.push((line, i == 0));
                }
            }
            self.lines = Some(lines);
        }
    }

    /// Height of the whole block at `width`, space before included.
    pub fn measure(&mut self, context: &Context, width: Mm) -> Mm {
        self.ensure_wrapped(context, width);
        let line_height = self.style.line_height(&context.font_cache);
        let lines = self.lines.as_deref().unwrap_or_default();
        let paragraph_starts = lines.iter().skip(1).filter(|(_, first)| *first).count();
        self.space_before
            + line_height * lines.len() as f64
            + line_height * (self.gap * paragraph_starts as f64)
    }
}

impl Element for TextBlock {
    fn render(&mut self, context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        let width = area.size().width;
        let height = area.size().height;
        self.ensure_wrapped(context, width);
        let line_height = self.style.line_height(&context.font_cache);
        let mut y = Mm::from(0.0);
        if !self.started {
            self.started = true;
            y = if self.space_before < height { self.space_before } else { height };
        }
        let mut has_more = false;
        let first = self.next;
        let lines = self.lines.as_deref().unwrap_or_default();
        while self.next < lines.len() {
            let (text, first) = &lines[self.next];
            let gap = if *first && self.next > 0 && y > Mm::from(0.0) {
                line_height * self.gap
            } else {
                Mm::from(0.0)
            };
            if y + gap + line_height > height {
                has_more = true;
                break;
            }
            y += gap;
            let line_width = self.style.str_width(&context.font_cache, text);
            let x = match self.align {
                Alignment::Left => Mm::from(0.0),
                Alignment::Center => (width - line_width) / 2.0,
                Alignment::Right => width - line_width,
            };
            area.print_str(&context.font_cache, Position::new(x, y), self.style, text)?;
            y += line_height;
            self.next += 1;
        }
        self.last_lines = (self.next - first) as u32;
        Ok(RenderResult { size: size(width, y), has_more })
    }
}

/// Fixed vertical space (cut at the end of a page).
pub(crate) struct Spacer(pub Mm);

impl Element for Spacer {
    fn render(&mut self, _context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        let height = if self.0 < area.size().height { self.0 } else { area.size().height };
        Ok(RenderResult { size: size(area.size().width, height), has_more: false })
    }
}

/// A horizontal rule across the text block.
pub(crate) struct RuleLine {
    pub color: Color,
    pub space: Mm,
}

impl Element for RuleLine {
    fn render(&mut self, _context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        let width = area.size().width;
        if self.space * 2.0 > area.size().height {
            return Ok(RenderResult { size: size(width, area.size().height), has_more: false });
        }
        area.draw_line(
            vec![Position::new(0, self.space), Position::new(width, self.space)],
            Style::new().with_color(self.color),
        );
        Ok(RenderResult { size: size(width, self.space * 2.0), has_more: false })
    }
}

/// A label followed by a line to write on, such as "Date ______".
pub(crate) struct FieldLine {
    pub label: String,
    pub style: Style,
    pub color: Color,
}

impl Element for FieldLine {
    fn render(&mut self, context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        let fonts = &context.font_cache;
        let line_height = self.style.line_height(fonts);
        let height = line_height * 1.8;
        let width = area.size().width;
        if height > area.size().height {
            return Ok(RenderResult { size: size(Mm::from(0.0), Mm::from(0.0)), has_more: true });
        }
        let top = line_height * 0.6;
        area.print_str(fonts, Position::new(0, top), self.style, &self.label)?;
        let baseline = top + self.style.font(fonts).glyph_height(self.style.font_size());
        let start = self.style.str_width(fonts, &self.label) + Mm::from(2.0);
        if start < width {
            area.draw_line(
                vec![Position::new(start, baseline), Position::new(width, baseline)],
                Style::new().with_color(self.color),
            );
        }
        Ok(RenderResult { size: size(width, height), has_more: false })
    }
}

/// Starts a section on a fresh page and records the page it starts on.
pub(crate) struct SectionStart {
    pub section: Section,
    pub shared: SharedRef,
    pub done: bool,
}

impl SectionStart {
    pub fn new(section: Section, shared: &SharedRef) -> SectionStart {
        SectionStart { section, shared: Rc::clone(shared), done: false }
    }
}

impl Element for SectionStart {
    fn render(&mut self, _context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        if self.done {
            return Ok(RenderResult::default());
        }
        if !is_fresh(&self.shared, &area) {
            // Like genpdf's PageBreak: a non-zero width so a page is never judged empty.
            return Ok(RenderResult { size: size(Mm::from(1.0), Mm::from(0.0)), has_more: true });
        }
        self.done = true;
        let mut shared = self.shared.borrow_mut();
        let page = shared.page;
        shared.starts.push((self.section, page));
        Ok(RenderResult::default())
    }
}

/// The last element of a measuring pass. genpdf has no layout-only mode, and most of a
/// pass's time is printpdf building and writing the file after the layout; a measuring
/// pass only needs the page count and where sections start. This element is placed after
/// everything else, so it renders once every other element is on its page; it records the
/// page count and stops the render with an error before the file is built.
pub(crate) struct EndOfLayout {
    shared: SharedRef,
}

impl EndOfLayout {
    pub fn new(shared: &SharedRef) -> EndOfLayout {
        EndOfLayout { shared: Rc::clone(shared) }
    }
}

impl Element for EndOfLayout {
    fn render(&mut self, _context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        // When the content ended exactly at the foot of a page, genpdf hands this element
        // a new, empty page that the book itself does not have.
        let fresh = is_fresh(&self.shared, &area);
        let mut shared = self.shared.borrow_mut();
        shared.measured_pages = Some(if fresh { shared.page - 1 } else { shared.page });
        // `measured_pages` being set is what tells the caller this error is the end.
        Err(Error::new("layout measured", genpdf::error::ErrorKind::Internal))
    }
}

/// Ruled writing space: `rows` rows of `pitch`, continued on the next page when they do not
/// fit (with a small "continued" label), or filling the rest of the page.
pub(crate) struct WritingArea {
    pub style: PageStyle,
    pub rows: u32,
    pub pitch: Mm,
    /// Length of a dot, equal to the rule weight so dots are square.
    pub dot: Mm,
    pub color: Color,
    /// Fill the page with as many rows as fit instead of `rows`.
    pub fill: bool,
    pub continued: Option<(String, Style)>,
    done: u32,
    calls: u32,
    /// Rows drawn by the last call.
    last_rows: u32,
}

impl WritingArea {
    pub fn new(style: PageStyle, rows: u32, pitch: Mm, dot: Mm, color: Color) -> WritingArea {
        WritingArea {
            style,
            rows,
            pitch,
            dot,
            color,
            fill: false,
            continued: None,
            done: 0,
            calls: 0,
            last_rows: 0,
        }
    }

    fn draw_rows(&self, area: &Area<'_>, top: Mm, rows: u32) {
        let width = area.size().width;
        let pitch = self.pitch;
        let line = Style::new().with_color(self.color);
        let cols = (mm_value(width) / mm_value(pitch)).floor() as u32;
        match self.style {
            PageStyle::Lined => {
                for row in 1..=rows {
                    let y = top + pitch * f64::from(row);
                    area.draw_line(vec![Position::new(0, y), Position::new(width, y)], line);
                }
            }
            PageStyle::Dotted => {
                for row in 1..=rows {
                    let y = top + pitch * f64::from(row);
                    for col in 0..=cols {
                        let x = pitch * f64::from(col);
                        let x0 = if col == 0 { x } else { x - self.dot / 2.0 };
                        let x1 = if col == 0 { x + self.dot } else { x + self.dot / 2.0 };
                        let x1 = if x1 > width { width } else { x1 };
                        area.draw_line(vec![Position::new(x0, y), Position::new(x1, y)], line);
                    }
                }
            }
            PageStyle::Grid => {
                let grid_width = pitch * f64::from(cols);
                for row in 0..=rows {
                    let y = top + pitch * f64::from(row);
                    area.draw_line(vec![Position::new(0, y), Position::new(grid_width, y)], line);
                }
                let bottom = top + pitch * f64::from(rows);
                for col in 0..=cols {
                    let x = pitch * f64::from(col);
                    area.draw_line(vec![Position::new(x, top), Position::new(x, bottom)], line);
                }
            }
            PageStyle::Blank => {}
        }
    }

    /// Height of the first `rows` rows.
    pub fn rows_height(&self, rows: u32) -> Mm {
        self.pitch * f64::from(rows)
    }
}

impl Element for WritingArea {
    fn render(&mut self, context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        self.calls += 1;
        let width = area.size().width;
        let mut top = Mm::from(0.0);
        if self.calls > 1
            && let Some((label, style)) = &self.continued
        {
            area.print_str(&context.font_cache, Position::new(0, 0), *style, label)?;
            top = style.line_height(&context.font_cache);
        }
        let available = area.size().height - top;
        // Grid lines close the last row, so the grid needs a hair of room below it.
        let fit = ((mm_value(available) - 0.01) / mm_value(self.pitch)).floor().max(0.0) as u32;
        let rows = if self.fill { fit } else { fit.min(self.rows - self.done) };
        self.draw_rows(&area, top, rows);
        self.done += rows;
        self.last_rows = rows;
        let used = top + self.pitch * f64::from(rows);
        let has_more = !self.fill && self.done < self.rows;
        Ok(RenderResult { size: size(width, used), has_more })
    }
}

/// What follows a day's prompt.
pub(crate) enum DayBody {
    Writing(WritingArea),
    Entry(TextBlock),
}

/// A day: header (label, title, date line, pre-writeup), then the prompt kept on the same
/// page as the start of its body (at least three writing rows or two lines of the entry).
/// A day without a prompt has an empty prompt block, only its space before: the header
/// is then what is kept with the start of the body.
pub(crate) struct DayBlock {
    pub header: Vec<Box<dyn Element>>,
    pub prompt: TextBlock,
    pub body: DayBody,
    pub keep: Mm,
    pub shared: SharedRef,
    header_done: usize,
    prompt_placed: bool,
    prompt_done: bool,
    body_started: bool,
    prompt_end_page: usize,
}

impl DayBlock {
    pub fn new(
        header: Vec<Box<dyn Element>>,
        prompt: TextBlock,
        body: DayBody,
        keep: Mm,
        shared: &SharedRef,
    ) -> DayBlock {
        DayBlock {
            header,
            prompt,
            body,
            keep,
            shared: Rc::clone(shared),
            header_done: 0,
            prompt_placed: false,
            prompt_done: false,
            body_started: false,
            prompt_end_page: 0,
        }
    }
}

impl Element for DayBlock {
    fn render(&mut self, context: &Context, mut area: Area<'_>, style: Style) -> Result<RenderResult, Error> {
        let width = area.size().width;
        let mut used = Mm::from(0.0);
        while self.header_done < self.header.len() {
            let result = self.header[self.header_done].render(context, area.clone(), style)?;
            area.add_offset(Position::new(0, result.size.height));
            used += result.size.height;
            if result.has_more {
                return Ok(RenderResult { size: size(width, used), has_more: true });
            }
            self.header_done += 1;
        }
        if !self.prompt_placed {
            let needed = self.prompt.measure(context, width) + self.keep;
            if needed > area.size().height && !is_fresh(&self.shared, &area) {
                let reported = if used > Mm::from(0.0) { used } else { Mm::from(0.0) };
                return Ok(RenderResult { size: size(Mm::from(1.0), reported), has_more: true });
            }
            self.prompt_placed = true;
        }
        if !self.prompt_done {
            let result = self.prompt.render(context, area.clone(), style)?;
            area.add_offset(Position::new(0, result.size.height));
            used += result.size.height;
            if result.has_more {
                return Ok(RenderResult { size: size(width, used), has_more: true });
            }
            self.prompt_done = true;
            self.prompt_end_page = self.shared.borrow().page;
        }
        let (result, first_rows) = match &mut self.body {
            DayBody::Writing(writing) => (writing.render(context, area, style)?, writing.last_rows),
            DayBody::Entry(entry) => (entry.render(context, area, style)?, entry.last_lines),
        };
        if !self.body_started {
            self.body_started = true;
            let mut shared = self.shared.borrow_mut();
            let page = shared.page;
            shared.keeps.push((self.prompt_end_page, page, first_rows));
        }
        used += result.size.height;
        Ok(RenderResult { size: size(width, used), has_more: result.has_more })
    }
}

/// The table of contents: one line per entry (label, leader dots, page number), in one or
/// two columns. Labels are cut to one line, so its page count depends only on the number
/// of entries.
pub(crate) struct Contents {
    pub entries: Vec<(String, Option<usize>)>,
    pub columns: usize,
    pub style: Style,
    next: usize,
}

impl Contents {
    pub fn new(entries: Vec<(String, Option<usize>)>, columns: usize, style: Style) -> Contents {
        Contents { entries, columns, style, next: 0 }
    }

    fn fit(context: &Context, style: Style, text: &str, width: Mm) -> String {
        if style.str_width(&context.font_cache, text) <= width {
            return text.to_string();
        }
        let mut cut = String::new();
        for c in text.chars() {
            cut.push(c);
            if style.str_width(&context.font_cache, &format!("{cut}…")) > width {
                cut.pop();
                break;
            }
        }
        format!("{}…", cut.trim_end())
    }
}

impl Element for Contents {
    fn render(&mut self, context: &Context, area: Area<'_>, _style: Style) -> Result<RenderResult, Error> {
        let fonts = &context.font_cache;
        let line_height = self.style.line_height(fonts);
        let rows = (mm_value(area.size().height) / mm_value(line_height)).floor() as usize;
        let gap = Mm::from(6.0);
        let column_width = (area.size().width - gap * (self.columns as f64 - 1.0)) / self.columns as f64;
        let mut used_rows = 0;
        for column in 0..self.columns {
            let x0 = (column_width + gap) * column as f64;
            for row in 0..rows {
                let Some((label, page)) = self.entries.get(self.next) else { break };
                let y = line_height * row as f64;
                let number = page.map(|p| p.to_string()).unwrap_or_default();
                let number_width = self.style.str_width(fonts, "0000");
                let label_width = column_width - number_width - Mm::from(3.0);
                let label = Self::fit(context, self.style, label, label_width);
                area.print_str(fonts, Position::new(x0, y), self.style, &label)?;
                let shown_number_width = self.style.str_width(fonts, &number);
                let number_x = x0 + column_width - shown_number_width;
                if !number.is_empty() {
                    area.print_str(fonts, Position::new(number_x, y), self.style, &number)?;
                }
                let leader_start = x0 + self.style.str_width(fonts, &label) + Mm::from(1.5);
                let leader_end = number_x - Mm::from(1.5);
                let dot = self.style.str_width(fonts, ". ");
                if leader_end > leader_start + dot {
                    let count = (mm_value(leader_end - leader_start) / mm_value(dot)).floor() as usize;
                    let leader = ". ".repeat(count);
                    let leader_x = leader_end - self.style.str_width(fonts, leader.trim_end());
                    area.print_str(fonts, Position::new(leader_x, y), self.style, leader.trim_end())?;
                }
                self.next += 1;
                used_rows = used_rows.max(row + 1);
            }
        }
        let has_more = self.next < self.entries.len();
        Ok(RenderResult { size: size(area.size().width, line_height * used_rows as f64), has_more })
    }
}
