//! Where each HTTP/1 request on a connection starts and ends, and whether its head is
//! within the limits. A head is held back until it is complete and checked; body bytes
//! pass as they come. The framing follows RFC 9112: `Transfer-Encoding: chunked`, else
//! `Content-Length`, else no body; after an upgrade (the job WebSocket) the bytes are no
//! longer HTTP and pass unread.

use jc_platform::ErrorCode;

/// A request refused before it reaches the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: &'static str,
}

impl Refusal {
    fn new(code: ErrorCode, message: &'static str) -> Self {
        Self { code, message }
    }
}

/// The limits a head is checked against.
#[derive(Debug, Clone, Copy)]
pub struct HeadLimits {
    pub max_request_line: usize,
    pub max_head: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Waiting for (the rest of) a head.
    Head,
    /// A body of a known length: the bytes still to come.
    Fixed(u64),
    Chunked(Chunk),
    /// After an upgrade, or a chunked body this reader cannot follow (actix refuses it).
    Opaque,
}

/// Where a chunked body is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    /// The size line: its length so far, the size read, whether it had digits, and
    /// whether the digits have ended (an extension or the CR follows).
    Size {
        line: usize,
        size: u64,
        digits: bool,
        extension: bool,
    },
    Data(u64),
    /// The CRLF after a chunk's data: the bytes of it still to come.
    DataEnd(u8),
    /// Trailer lines after the last chunk: the length of the current line.
    Trailer(usize),
}

impl Chunk {
    fn new_size() -> Self {
        Chunk::Size { line: 0, size: 0, digits: false, extension: false }
    }
}

const MAX_CHUNK_LINE: usize = 4096;

/// The framing of one connection's requests.
#[derive(Debug)]
pub struct Framer {
    limits: HeadLimits,
    state: State,
    /// The bytes of a head not yet complete.
    head: Vec<u8>,
}

/// What one pass over incoming bytes produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fed {
    /// Bytes that may go to the application, in order.
    pub release: Vec<u8>,
    /// Set when a head was refused: nothing after `release` may go on.
    pub refused: Option<Refusal>,
}

impl Framer {
    pub fn new(limits: HeadLimits) -> Self {
        Self { limits, state: State::Head, head: Vec::new() }
    }

    /// Whether a head has begun and is not complete yet.
    pub fn in_head(&self) -> bool {
        self.state == State::Head && !self.head.is_empty()
    }

    /// Whether a body is still coming.
    pub fn in_body(&self) -> bool {
        matches!(self.state, State::Fixed(_) | State::Chunked(_))
    }

    pub fn feed(&mut self, mut bytes: &[u8]) -> Fed {
        let mut fed = Fed::default();
        while !bytes.is_empty() {
            match &mut self.state {
                State::Opaque => {
                    fed.release.extend_from_slice(bytes);
                    bytes = &[];
                }
                State::Fixed(remaining) => {
                    let take = usize::try_from(*remaining).unwrap_or(usize::MAX).min(bytes.len());
                    fed.release.extend_from_slice(&bytes[..take]);
                    bytes = &bytes[take..];
                    *remaining -= take as u64;
                    if *remaining == 0 {
                        self.state = State::Head;
                    }
                }
                State::Chunked(chunk) => {
                    let used = step_chunk(chunk, bytes);
                    fed.release.extend_from_slice(&bytes[..used.consumed]);
                    bytes = &bytes[used.consumed..];
                    match used.next {
                        Next::Stay => {}
                        Next::Done => self.state = State::Head,
                        Next::Lost => self.state = State::Opaque,
                    }
                }
                State::Head => {
                    let before = self.head.len();
                    self.head.extend_from_slice(bytes);
                    // Where the head ends, searched from a little before the new bytes.
                    let from = before.saturating_sub(3);
                    let end = find(&self.head[from..], b"\r\n\r\n").map(|at| from + at + 4);
                    let checked = end.unwrap_or(self.head.len());
                    if let Err(refusal) = self.check_head(&self.head[..checked], end.is_some()) {
                        fed.refused = Some(refusal);
                        self.head.clear();
                        return fed;
                    }
                    let Some(end) = end else { return fed };
                    let rest = self.head.split_off(end);
                    let head = std::mem::take(&mut self.head);
                    match framing_of(&head) {
                        Ok(state) => self.state = state,
                        Err(refusal) => {
                            fed.refused = Some(refusal);
                            return fed;
                        }
                    }
                    fed.release.extend_from_slice(&head);
                    // The rest is framed by the new state on the next turn.
                    let more = self.feed(&rest);
                    fed.release.extend_from_slice(&more.release);
                    fed.refused = more.refused;
                    return fed;
                }
            }
        }
        fed
    }

    /// The limits and the syntax actix-http would otherwise refuse with an empty body.
    fn check_head(&self, head: &[u8], complete: bool) -> Result<(), Refusal> {
        // Empty lines before a request line are allowed (RFC 9112, 2.2).
        let start = head.iter().position(|b| *b != b'\r' && *b != b'\n').unwrap_or(head.len());
        let head = &head[start..];
        let line_end = find(head, b"\r\n");
        if line_end.unwrap_or(head.len()) > self.limits.max_request_line {
            return Err(Refusal::new(ErrorCode::UriTooLong, "The request line (the URL) is too long."));
        }
        if head.len() > self.limits.max_head {
            return Err(Refusal::new(ErrorCode::HeadersTooLarge, "The request headers are too large."));
        }
        if let Some(line_end) = line_end {
            check_request_line(&head[..line_end])?;
        }
        if complete {
            let headers = &head[line_end.map_or(head.len(), |end| end + 2)..];
            for line in headers.split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)) {
                if !line.is_empty() {
                    check_header_line(line)?;
                }
            }
        }
        Ok(())
    }
}

fn malformed(message: &'static str) -> Refusal {
    Refusal::new(ErrorCode::BadRequest, message)
}

fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b))
}

/// `METHOD SP target SP HTTP/1.x`, as httparse accepts it.
fn check_request_line(line: &[u8]) -> Result<(), Refusal> {
    let mut parts = line.split(|b| *b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("The request line is not `METHOD target HTTP/1.1`."));
    };
    if !is_token(method) {
        return Err(malformed("The request method is not a valid token."));
    }
    if target.is_empty() || target.iter().any(|b| *b <= b' ' || *b == 0x7f) {
        return Err(malformed("The request target is empty or holds spaces or control characters."));
    }
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(malformed("Only HTTP/1.0 and HTTP/1.1 are served."));
    }
    Ok(())
}

/// `name: value`, with a token name and a value of visible characters, spaces and tabs.
fn check_header_line(line: &[u8]) -> Result<(), Refusal> {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return Err(malformed("A header line has no colon."));
    };
    if !is_token(&line[..colon]) {
        return Err(malformed("A header name is not a valid token."));
    }
    if line[colon + 1..].iter().any(|b| (*b < b' ' && *b != b'\t') || *b == 0x7f) {
        return Err(malformed("A header value holds control characters."));
    }
    Ok(())
}

/// The body framing a complete, checked head announces.
fn framing_of(head: &[u8]) -> Result<State, Refusal> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n").map(str::trim_start).filter(|l| !l.is_empty());
    let method = lines.next().and_then(|line| line.split(' ').next()).unwrap_or_default().to_owned();
    let (mut length, mut chunked, mut upgrade) = (None::<u64>, false, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let parsed = value
                .parse::<u64>()
                .ok()
                .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| malformed("The Content-Length header is not a number."))?;
            if length.is_some_and(|seen| seen != parsed) {
                return Err(malformed("The request has two different Content-Length headers."));
            }
            length = Some(parsed);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked =
                value.rsplit(',').next().is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
        } else if name.eq_ignore_ascii_case("upgrade") {
            upgrade = true;
        }
    }
    Ok(if upgrade || method == "CONNECT" {
        // What follows the answer to an upgrade is another protocol; if the upgrade is
        // refused, actix closes the connection.
        State::Opaque
    } else if chunked {
        State::Chunked(Chunk::new_size())
    } else {
        match length {
            Some(0) | None => State::Head,
            Some(length) => State::Fixed(length),
        }
    })
}

enum Next {
    Stay,
    Done,
    Lost,
}

struct Used {
    consumed: usize,
    next: Next,
}

/// Follows a chunked body over `bytes`: how many belong to it, and whether it ended.
fn step_chunk(chunk: &mut Chunk, bytes: &[u8]) -> Used {
    let mut at = 0;
    while at < bytes.len() {
        match chunk {
            Chunk::Data(remaining) => {
                let take = usize::try_from(*remaining).unwrap_or(usize::MAX).min(bytes.len() - at);
                at += take;
                *remaining -= take as u64;
                if *remaining == 0 {
                    *chunk = Chunk::DataEnd(2);
                }
            }
            Chunk::DataEnd(left) => {
                at += 1;
                *left -= 1;
                if *left == 0 {
                    *chunk = Chunk::new_size();
                }
            }
            Chunk::Size { line, size, digits, extension } => {
                let byte = bytes[at];
                at += 1;
                *line += 1;
                if *line > MAX_CHUNK_LINE {
                    return Used { consumed: at, next: Next::Lost };
                }
                if byte == b'\n' {
                    if !*digits {
                        return Used { consumed: at, next: Next::Lost };
                    }
                    *chunk = if *size == 0 { Chunk::Trailer(0) } else { Chunk::Data(*size) };
                } else if !*extension && byte.is_ascii_hexdigit() {
                    let digit = u64::from(char::from(byte).to_digit(16).unwrap_or(0));
                    let Some(next) = size.checked_mul(16).and_then(|v| v.checked_add(digit)) else {
                        return Used { consumed: at, next: Next::Lost };
                    };
                    *size = next;
                    *digits = true;
                } else {
                    // Extensions (`;name=value`), whitespace and the CR end the digits.
                    *extension = true;
                }
            }
            Chunk::Trailer(length) => {
                let byte = bytes[at];
                at += 1;
                if byte == b'\n' {
                    if *length == 0 {
                        return Used { consumed: at, next: Next::Done };
                    }
                    *length = 0;
                } else if byte != b'\r' {
                    *length += 1;
                }
            }
        }
    }
    Used { consumed: at, next: Next::Stay }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: HeadLimits = HeadLimits { max_request_line: 64, max_head: 256 };

    fn feed_all(framer: &mut Framer, parts: &[&[u8]]) -> Fed {
        let mut all = Fed::default();
        for part in parts {
            let fed = framer.feed(part);
            all.release.extend_from_slice(&fed.release);
            if fed.refused.is_some() {
                all.refused = fed.refused;
                break;
            }
        }
        all
    }

    #[test]
    fn a_head_is_held_until_complete_and_a_body_passes_as_it_comes() {
        let mut framer = Framer::new(LIMITS);
        assert_eq!(framer.feed(b"POST /a HTTP/1.1\r\nContent-Len").release, b"");
        assert!(framer.in_head());
        let fed = framer.feed(b"gth: 5\r\n\r\nab");
        assert_eq!(fed.release, b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab");
        assert!(framer.in_body());
        assert_eq!(framer.feed(b"cdeGET /b HTTP/1.1\r\n").release, b"cde");
        assert!(framer.in_head() && !framer.in_body());
        assert_eq!(framer.feed(b"\r\n").release, b"GET /b HTTP/1.1\r\n\r\n");
        assert!(!framer.in_head());
    }

    #[test]
    fn chunked_bodies_are_followed_to_their_end_across_reads() {
        let mut framer = Framer::new(LIMITS);
        let body: &[&[u8]] = &[
            b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"3;ext=1\r",
            b"\nabc\r\n1",
            b"0\r\n0123456789abcdef\r\n0\r\nx-trailer: 1\r\n",
            b"\r\n",
        ];
        let fed = feed_all(&mut framer, body);
        assert_eq!(fed.release, body.concat());
        assert!(!framer.in_body() && !framer.in_head());
        let next = framer.feed(b"GET / HTTP/1.1\r\n\r\n");
        assert_eq!(next.release, b"GET / HTTP/1.1\r\n\r\n", "the next request is framed again");
    }

    #[test]
    fn limits_and_syntax_are_refused_with_their_codes() {
        let refused = |parts: &[&[u8]]| feed_all(&mut Framer::new(LIMITS), parts).refused.map(|r| r.code);
        let long_line = format!("GET /{} HTTP/1.1\r\n", "a".repeat(80));
        assert_eq!(refused(&[long_line.as_bytes()]), Some(ErrorCode::UriTooLong));
        let unfinished_line = format!("GET /{}", "a".repeat(80));
        assert_eq!(refused(&[unfinished_line.as_bytes()]), Some(ErrorCode::UriTooLong), "before its end");
        let big = format!("GET / HTTP/1.1\r\nx-big: {}\r\n", "b".repeat(300));
        assert_eq!(refused(&[big.as_bytes()]), Some(ErrorCode::HeadersTooLarge));
        assert_eq!(refused(&[b"GET / HTTP/2.0\r\n\r\n"]), Some(ErrorCode::BadRequest));
        assert_eq!(refused(&[b"GET /a b HTTP/1.1\r\n\r\n"]), Some(ErrorCode::BadRequest));
        assert_eq!(refused(&[b"GET / HTTP/1.1\r\nno colon\r\n\r\n"]), Some(ErrorCode::BadRequest));
        assert_eq!(refused(&[b"GET / HTTP/1.1\r\nx: a\x01b\r\n\r\n"]), Some(ErrorCode::BadRequest));
        assert_eq!(refused(&[b"POST / HTTP/1.1\r\ncontent-length: 1x\r\n\r\n"]), Some(ErrorCode::BadRequest));
        assert_eq!(refused(&[b"\r\nGET / HTTP/1.1\r\nx: \xc3\xa9\t\r\n\r\n"]), None);
    }

    #[test]
    fn an_upgrade_passes_everything_after_its_head() {
        let mut framer = Framer::new(LIMITS);
        let fed = framer.feed(b"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x81\x05hello");
        assert!(fed.release.ends_with(b"hello"));
        assert_eq!(framer.feed(b"\x00\r\n\r\nanything").release, b"\x00\r\n\r\nanything");
    }
}
