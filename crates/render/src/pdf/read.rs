//! A reader for the PDF files lopdf itself writes, which is what genpdf (through printpdf)
//! hands the finishing pass: a header line, every object at the top level with its stream
//! length given directly, one uncompressed cross-reference table and a trailer.
//!
//! lopdf's own reader builds a tree of boxed parser closures for every value it reads;
//! on a 365-day book (about 2,400 objects, widths arrays of thousands of numbers) that
//! was half of the time of the whole PDF. This reads the same bytes into the same
//! [`Document`] in one pass. It accepts only what lopdf writes and answers `None` for
//! anything else (object streams, indirect lengths, comments inside objects), and the
//! caller then falls back to lopdf's reader, so a file is never misread.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

/// Deepest nesting of arrays and dictionaries accepted.
const MAX_DEPTH: usize = 64;

/// Reads a whole file as lopdf wrote it, or `None` when it holds anything else.
pub(crate) fn load(raw: &[u8]) -> Option<Document> {
    let mut reader = Reader { buf: raw, pos: 0 };
    let version = reader.header()?;
    let mut objects = BTreeMap::new();
    loop {
        reader.skip_space();
        if reader.at(b"xref") {
            break;
        }
        let (id, object) = reader.indirect_object()?;
        if objects.insert(id, object).is_some() {
            return None;
        }
    }
    let size = reader.xref()?;
    reader.skip_space();
    if !reader.eat(b"trailer") {
        return None;
    }
    reader.skip_space();
    let trailer = match reader.value(0)? {
        Object::Dictionary(dict) => dict,
        _ => return None,
    };
    if trailer.has(b"Prev") || trailer.has(b"XRefStm") {
        return None;
    }
    // One revision only: `startxref <offset> %%EOF` ends the file (an appended update
    // would follow it), and every object is inside the table's range.
    reader.skip_space();
    if !reader.eat(b"startxref") {
        return None;
    }
    reader.skip_space();
    reader.digits()?;
    reader.skip_space();
    if !reader.eat(b"%%EOF") {
        return None;
    }
    reader.skip_space();
    if reader.peek().is_some() || objects.keys().any(|(id, _)| *id >= size) {
        return None;
    }
    let mut doc = Document::new();
    doc.version = version;
    doc.max_id = size.checked_sub(1)?;
    doc.trailer = trailer;
    doc.objects = objects;
    Some(doc)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_delimiter(byte: u8) -> bool {
    is_space(byte) || b"()<>[]{}/%".contains(&byte)
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn at(&self, literal: &[u8]) -> bool {
        self.buf[self.pos..].starts_with(literal)
    }

    fn eat(&mut self, literal: &[u8]) -> bool {
        let found = self.at(literal);
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// `%PDF-<version>` and its end of line.
    fn header(&mut self) -> Option<String> {
        if !self.eat(b"%PDF-") {
            return None;
        }
        let start = self.pos;
        while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
            self.pos += 1;
        }
        let version = std::str::from_utf8(&self.buf[start..self.pos]).ok()?.to_string();
        self.eol()?;
        Some(version)
    }

    fn eol(&mut self) -> Option<()> {
        if self.eat(b"\r\n") || self.eat(b"\n") || self.eat(b"\r") { Some(()) } else { None }
    }

    fn digits(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            value = value.checked_mul(10)?.checked_add(u64::from(byte - b'0'))?;
            self.pos += 1;
        }
        (self.pos > start).then_some(value)
    }

    /// `<id> <generation> obj <object> endobj`
    fn indirect_object(&mut self) -> Option<(ObjectId, Object)> {
        let id = u32::try_from(self.digits()?).ok()?;
        self.skip_space();
        let generation = u16::try_from(self.digits()?).ok()?;
        self.skip_space();
        if !self.eat(b"obj") {
            return None;
        }
        self.skip_space();
        let mut object = self.value(0)?;
        if let Object::Dictionary(dict) = object {
            self.skip_space();
            object = if self.eat(b"stream") {
                Object::Stream(self.stream(dict)?)
            } else {
                Object::Dictionary(dict)
            };
        }
        self.skip_space();
        if !self.eat(b"endobj") {
            return None;
        }
        Some(((id, generation), object))
    }

    /// The data after `stream`, of the length the dictionary gives directly.
    fn stream(&mut self, dict: Dictionary) -> Option<Stream> {
        self.eol()?;
        let length = usize::try_from(dict.get(b"Length").ok()?.as_i64().ok()?).ok()?;
        let end = self.pos.checked_add(length)?;
        let content = self.buf.get(self.pos..end)?.to_vec();
        self.pos = end;
        let _ = self.eol();
        if !self.eat(b"endstream") {
            return None;
        }
        Some(Stream::new(dict, content))
    }

    /// The cross-reference table: its size (highest object number plus one). The
    /// objects were read in order, so their offsets are not needed.
    fn xref(&mut self) -> Option<u32> {
        if !self.eat(b"xref") {
            return None;
        }
        self.skip_space();
        let mut size = 0u32;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let start = u32::try_from(self.digits()?).ok()?;
            self.skip_space();
            let count = u32::try_from(self.digits()?).ok()?;
            // Each entry is exactly 20 bytes: `nnnnnnnnnn ggggg n\r\n` or with ` \n`.
            self.skip_space();
            self.pos = self.pos.checked_add(usize::try_from(count).ok()?.checked_mul(20)?)?;
            if self.pos > self.buf.len() {
                return None;
            }
            size = size.max(start.checked_add(count)?);
            self.skip_space();
        }
        Some(size)
    }

    /// A direct object.
    fn value(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        let object = match self.peek()? {
            b'/' => Object::Name(self.name()?),
            b'<' if self.at(b"<<") => Object::Dictionary(self.dictionary(depth)?),
            b'<' => Object::String(self.hex_string()?, StringFormat::Hexadecimal),
            b'(' => Object::String(self.literal_string()?, StringFormat::Literal),
            b'[' => Object::Array(self.array(depth)?),
            b't' if self.eat(b"true") => Object::Boolean(true),
            b'f' if self.eat(b"false") => Object::Boolean(false),
            b'n' if self.eat(b"null") => Object::Null,
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number_or_reference()?,
            _ => return None,
        };
        Some(object)
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        self.pos += 1; // '/'
        let mut name = Vec::new();
        while let Some(byte) = self.peek() {
            if byte == b'#' {
                let high = hex_value(*self.buf.get(self.pos + 1)?)?;
                let low = hex_value(*self.buf.get(self.pos + 2)?)?;
                name.push(high << 4 | low);
                self.pos += 3;
            } else if is_delimiter(byte) {
                break;
            } else {
                name.push(byte);
                self.pos += 1;
            }
        }
        Some(name)
    }

    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.pos += 2; // '<<'
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            if self.eat(b">>") {
                return Some(dict);
            }
            if self.peek()? != b'/' {
                return None;
            }
            let key = self.name()?;
            self.skip_space();
            let value = self.value(depth + 1)?;
            dict.set(key, value);
        }
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat(b"]") {
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
        }
    }

    fn hex_string(&mut self) -> Option<Vec<u8>> {
        self.pos += 1; // '<'
        let mut bytes = Vec::new();
        loop {
            self.skip_space();
            let high = self.peek()?;
            if high == b'>' {
                self.pos += 1;
                return Some(bytes);
            }
            self.pos += 1;
            self.skip_space();
            let low = self.peek()?;
            self.pos += 1;
            bytes.push(hex_value(high)? << 4 | hex_value(low)?);
        }
    }

    /// A literal string with its escapes resolved; nested parentheses are kept.
    fn literal_string(&mut self) -> Option<Vec<u8>> {
        self.pos += 1; // '('
        let mut bytes = Vec::new();
        let mut depth = 0usize;
        loop {
            let byte = self.peek()?;
            self.pos += 1;
            match byte {
                b'(' => {
                    depth += 1;
                    bytes.push(byte);
                }
                b')' if depth == 0 => return Some(bytes),
                b')' => {
                    depth -= 1;
                    bytes.push(byte);
                }
                b'\\' => self.escape(&mut bytes)?,
                _ => bytes.push(byte),
            }
        }
    }

    fn escape(&mut self, bytes: &mut Vec<u8>) -> Option<()> {
        let byte = self.peek()?;
        let simple = match byte {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'b' => Some(b'\x08'),
            b'f' => Some(b'\x0C'),
            b'(' | b')' | b'\\' => Some(byte),
            _ => None,
        };
        if let Some(value) = simple {
            bytes.push(value);
            self.pos += 1;
        } else if (b'0'..=b'7').contains(&byte) {
            let mut value: u32 = 0;
            for _ in 0..3 {
                match self.peek() {
                    Some(digit @ b'0'..=b'7') => {
                        value = value * 8 + u32::from(digit - b'0');
                        self.pos += 1;
                    }
                    _ => break,
                }
            }
            bytes.push(u8::try_from(value).ok()?);
        } else if byte == b'\r' || byte == b'\n' {
            // A line continuation.
            self.eol()?;
        }
        // Any other character after a backslash: the backslash is dropped.
        Some(())
    }

    /// An integer, a real (with a decimal point), or `<id> <generation> R`.
    fn number_or_reference(&mut self) -> Option<Object> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        let whole = self.digits();
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let fraction = self.digits();
            if whole.is_none() && fraction.is_none() {
                return None;
            }
            let text = std::str::from_utf8(&self.buf[start..self.pos]).ok()?;
            return text.parse().ok().map(Object::Real);
        }
        whole?;
        let text = std::str::from_utf8(&self.buf[start..self.pos]).ok()?;
        let integer: i64 = text.parse().ok()?;
        if self.buf[start].is_ascii_digit() {
            let after_number = self.pos;
            if let Some(reference) = self.reference_tail(integer) {
                return Some(reference);
            }
            self.pos = after_number;
        }
        Some(Object::Integer(integer))
    }

    /// ` <generation> R` after an object number, or `None` (position left to the caller).
    fn reference_tail(&mut self, id: i64) -> Option<Object> {
        self.skip_space();
        let generation = u16::try_from(self.digits()?).ok()?;
        self.skip_space();
        if !self.eat(b"R") || self.peek().is_some_and(|b| !is_delimiter(b)) {
            return None;
        }
        Some(Object::Reference((u32::try_from(id).ok()?, generation)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(mut doc: Document) -> Vec<u8> {
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    fn value(text: &[u8]) -> Option<Object> {
        Reader { buf: text, pos: 0 }.value(0)
    }

    #[test]
    fn it_reads_what_lopdf_writes_exactly_as_lopdf_does() {
        let mut doc = Document::with_version("1.3");
        let font = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            (
                "W",
                Object::Array(vec![
                    Object::Integer(3),
                    Object::Array(vec![Object::Integer(250), Object::Integer(333)]),
                ]),
            ),
        ])));
        let content = doc.add_object(Object::Stream(Stream::new(
            Dictionary::new(),
            b"BT /F0 11 Tf 72 700.5 Td <0012> Tj ET\n0 0 m 10 -2.25 l S endstream-ish".to_vec(),
        )));
        let mut resources = Dictionary::new();
        resources
            .set("Font", Object::Dictionary(Dictionary::from_iter(vec![("F0", Object::Reference(font))])));
        let page = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            (
                "MediaBox",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Real(432.0),
                    Object::Real(648.5),
                ]),
            ),
            ("Contents", Object::Reference(content)),
            ("Resources", Object::Dictionary(resources)),
            ("Odd Name", Object::Name(b"A B#C".to_vec())),
        ])));
        let pages = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
            ("Count", Object::Integer(1)),
        ])));
        let catalog = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ])));
        let info = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Title", Object::String(b"Quiet (Mornings) \\ a\nb\r".to_vec(), StringFormat::Literal)),
            ("Author", Object::String(vec![0xFE, 0xFF, 0x00, 0xE9], StringFormat::Hexadecimal)),
            ("Flags", Object::Array(vec![Object::Boolean(true), Object::Boolean(false), Object::Null])),
            ("Negative", Object::Integer(-42)),
        ])));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set("Info", Object::Reference(info));
        let bytes = saved(doc);

        let ours = load(&bytes).expect("our reader reads lopdf's file");
        let theirs = Document::load_mem(&bytes).expect("lopdf reads its own file");
        assert_eq!(ours.version, theirs.version);
        assert_eq!(ours.max_id, theirs.max_id);
        assert_eq!(ours.objects.len(), theirs.objects.len());
        assert_eq!(saved(ours), saved(theirs));
    }

    #[test]
    fn genpdf_output_is_read_without_falling_back() {
        let journal = crate::model::tests::sample(30);
        let options = crate::options::LayoutOptions::default();
        let plan = super::super::Plan { gutter: 0.375, notes: 0, contents: None };
        let pass =
            super::super::render_pass(&journal, &options, &plan, super::super::Mode::Write).expect("pass");
        let raw = pass.raw.expect("a writing pass has the file");
        let ours = load(&raw).expect("the fast reader takes genpdf's file");
        let theirs = Document::load_mem(&raw).expect("lopdf");
        assert_eq!(ours.objects.len(), theirs.objects.len());
        assert_eq!(saved(ours), saved(theirs));
    }

    #[test]
    fn numbers_references_and_strings_read_as_lopdf_reads_them() {
        assert!(matches!(value(b"12 0 R"), Some(Object::Reference((12, 0)))));
        assert!(matches!(value(b"12 0 0"), Some(Object::Integer(12))));
        assert!(matches!(value(b"-3.5"), Some(Object::Real(r)) if (r + 3.5).abs() < 1e-12));
        assert!(matches!(value(b".25"), Some(Object::Real(r)) if (r - 0.25).abs() < 1e-12));
        assert!(matches!(value(b"7."), Some(Object::Real(r)) if (r - 7.0).abs() < 1e-12));
        let Some(Object::Array(items)) = value(b"[0 0 612 792]") else { panic!("array") };
        assert_eq!(items.len(), 4);
        let Some(Object::Array(items)) = value(b"[1 0 R 2 0 R 5]") else { panic!("array") };
        assert!(matches!(
            items.as_slice(),
            [Object::Reference((1, 0)), Object::Reference((2, 0)), Object::Integer(5)]
        ));
        let Some(Object::String(text, _)) = value(
            br"(a (nested) \(x\) \101\102 \q line\
end)",
        ) else {
            panic!("string")
        };
        assert_eq!(text, b"a (nested) (x) AB q lineend");
        let Some(Object::String(bytes, StringFormat::Hexadecimal)) = value(b"<00 1f A0>") else {
            panic!("hex")
        };
        assert_eq!(bytes, vec![0x00, 0x1F, 0xA0]);
        let Some(Object::Name(name)) = value(b"/A#20B/C") else { panic!("name") };
        assert_eq!(name, b"A B");
    }

    /// A small file as lopdf writes it: a stream, a string, a reference.
    fn small_file() -> Vec<u8> {
        let mut doc = Document::with_version("1.3");
        let content =
            doc.add_object(Object::Stream(Stream::new(Dictionary::new(), b"0 0 m 1 1 l S".to_vec())));
        let info = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![
            ("Title", Object::String(b"Quiet".to_vec(), StringFormat::Literal)),
            ("Contents", Object::Reference(content)),
        ])));
        doc.trailer.set("Info", Object::Reference(info));
        saved(doc)
    }

    /// `file` with the first `from` replaced by `to`.
    fn edited(file: &[u8], from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(file.to_vec()).expect("lopdf writes this file as text");
        assert!(text.contains(from), "{from:?} is in the file");
        text.replacen(from, to, 1).into_bytes()
    }

    #[test]
    fn anything_lopdf_did_not_write_is_refused() {
        let file = small_file();
        assert!(load(&file).is_some(), "the unedited file is read");
        let text = String::from_utf8(file.clone()).expect("text");
        let first_object =
            &text[text.find("1 0 obj").expect("object 1")..text.find("endobj").expect("end") + 6];

        // Each case is that file with one thing lopdf would not write.
        let length = text.find("/Length").map(|at| &text[at..at + 10]).expect("a length").to_owned();
        let cases = [
            ("an indirect stream length", edited(&file, &length, "/Length 9 0 R")),
            ("an object twice", edited(&file, "xref", &format!("{first_object}\nxref"))),
            ("an object past the table", edited(&file, "xref", "99 0 obj\nnull\nendobj\nxref")),
            ("an unterminated string", edited(&file, "(Quiet)", "(Quiet")),
            ("a comment inside an object", edited(&file, "/Title", "% note\n/Title")),
            ("an appended update", [file.clone(), b"2 0 obj\n<</Title (Loud)>>\nendobj\n".to_vec()].concat()),
            ("no end of file marker", edited(&file, "%%EOF", "")),
            ("a second trailer", edited(&file, "startxref", "trailer\n<</Prev 9>>\nstartxref")),
        ];
        for (what, bytes) in cases {
            assert!(load(&bytes).is_none(), "{what} is refused");
        }
        assert!(load(b"not a pdf").is_none());
        assert!(value(b"<0g>").is_none());
        assert!(value(&[b'['; MAX_DEPTH + 2]).is_none());
    }
}
