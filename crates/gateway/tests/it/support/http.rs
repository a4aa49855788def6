//! A small HTTP/1.1 client over a plain TCP stream: one request per connection, so the
//! tests can send exactly the bytes they mean (bad media types, chunked bodies over the
//! limit) without a TLS stack in the test build.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The answer the raw client reads, shared with the WebSocket client of
/// `jc_testkit::ws` (a refused upgrade is one).
pub use jc_testkit::http::Response;

#[must_use]
pub struct RequestBuilder {
    address: SocketAddr,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    chunked: bool,
}

impl RequestBuilder {
    pub fn new(address: SocketAddr, method: &str, path: &str) -> Self {
        Self {
            address,
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
            chunked: false,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn json(self, value: &Value) -> Self {
        self.body("application/json", value.to_string().into_bytes())
    }

    pub fn body(self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let mut this = self.header("content-type", content_type);
        this.body = Some(body.into());
        this
    }

    /// A body without a content type.
    pub fn raw_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sends the body with `Transfer-Encoding: chunked` (no declared length).
    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    pub async fn send(self) -> Response {
        parse(&self.send_raw().await)
    }

    /// The bytes received until the server closed the connection, whatever they are
    /// (for answers cut short).
    pub async fn send_raw(self) -> Vec<u8> {
        tokio::time::timeout(Duration::from_secs(20), self.exchange())
            .await
            .expect("the gateway answers within 20 s")
    }

    async fn exchange(self) -> Vec<u8> {
        let mut stream = TcpStream::connect(self.address).await.expect("connect to the gateway");
        let mut head = format!(
            "{} {} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
            self.method, self.path, self.address
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let mut bytes = Vec::new();
        match (&self.body, self.chunked) {
            (Some(body), true) => {
                head.push_str("transfer-encoding: chunked\r\n\r\n");
                bytes.extend_from_slice(head.as_bytes());
                for chunk in body.chunks(512) {
                    bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                    bytes.extend_from_slice(chunk);
                    bytes.extend_from_slice(b"\r\n");
                }
                bytes.extend_from_slice(b"0\r\n\r\n");
            }
            (Some(body), false) => {
                head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                bytes.extend_from_slice(head.as_bytes());
                bytes.extend_from_slice(body);
            }
            (None, _) => {
                if matches!(self.method.as_str(), "POST" | "PUT" | "PATCH") {
                    head.push_str("content-length: 0\r\n");
                }
                head.push_str("\r\n");
                bytes.extend_from_slice(head.as_bytes());
            }
        }
        // The server may answer (413) and close before reading everything we send.
        let _ = stream.write_all(&bytes).await;
        let mut received = Vec::new();
        let _ = stream.read_to_end(&mut received).await;
        received
    }
}

fn parse(received: &[u8]) -> Response {
    try_parse(received).expect("a complete response head")
}

/// The response in `received`, if its head is complete.
pub fn try_parse(received: &[u8]) -> Option<Response> {
    let split = received.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&received[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status code");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let raw = &received[split + 4..];
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(raw) } else { raw.to_vec() };
    Some(Response { status, headers, body })
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        raw = &raw[end + 2..];
        if size == 0 || raw.len() < size {
            break;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[(size + 2).min(raw.len())..];
    }
    body
}
