//! A WebSocket client for tests: the handshake written by hand over a TCP stream (so a
//! refused upgrade is read as the plain HTTP response it is), then actix's own frame
//! codec in client mode. Nothing answers pings on its own: tests decide.

use std::net::SocketAddr;
use std::time::Duration;

use actix_codec::Framed;
use actix_http::ws::{CloseReason, Codec, Frame, Message, hash_key};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::http::Response;

/// How long a test waits for the next frame.
const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

pub enum Upgrade {
    Open(Socket),
    /// The server answered without switching protocols: its plain HTTP answer.
    Refused(Response),
}

impl Upgrade {
    #[track_caller]
    pub fn open(self) -> Socket {
        match self {
            Upgrade::Open(socket) => socket,
            Upgrade::Refused(response) => {
                panic!("the upgrade was refused: {} {}", response.status, response.text())
            }
        }
    }

    #[track_caller]
    pub fn refused(self) -> Response {
        match self {
            Upgrade::Open(_) => panic!("the socket opened"),
            Upgrade::Refused(response) => response,
        }
    }
}

pub struct Socket {
    framed: Framed<TcpStream, Codec>,
}

/// Sends the handshake for `path` (with its query) and reads the answer.
pub async fn connect(address: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Upgrade {
    tokio::time::timeout(Duration::from_secs(20), handshake(address, path, headers))
        .await
        .expect("the gateway answers the handshake within 20 s")
}

async fn handshake(address: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Upgrade {
    let mut stream = TcpStream::connect(address).await.expect("connect to the gateway");
    let key = STANDARD.encode(uuid::Uuid::new_v4().as_bytes());
    let mut head = format!(
        "GET {path} HTTP/1.1\r\nhost: {address}\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\
         sec-websocket-key: {key}\r\nsec-websocket-version: 13\r\n"
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("send the handshake");

    // Byte by byte up to the blank line, so no frame bytes are read with the head.
    let mut received = Vec::new();
    while !received.ends_with(b"\r\n\r\n") {
        let byte = stream.read_u8().await.expect("a complete response head");
        received.push(byte);
    }
    let text = String::from_utf8_lossy(&received).into_owned();
    let mut lines = text.split("\r\n");
    let status: u16 =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    if status != 101 {
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.expect("the response body");
        return Upgrade::Refused(Response { status, headers, body });
    }
    let accept = headers.iter().find(|(n, _)| n == "sec-websocket-accept").map(|(_, v)| v.as_bytes());
    assert_eq!(accept, Some(&hash_key(key.as_bytes())[..]), "the server proves it read our key");
    Upgrade::Open(Socket { framed: Framed::new(stream, Codec::new().client_mode()) })
}

impl Socket {
    /// Every text message (as JSON) until the server closes, in order, answering pings
    /// on the way and the close frame at the end.
    pub async fn events_until_closed(&mut self) -> Vec<Value> {
        let mut events = Vec::new();
        loop {
            match self.frame().await {
                Some(Frame::Text(bytes)) => {
                    events.push(serde_json::from_slice(&bytes).expect("each text message is JSON"));
                }
                Some(Frame::Ping(bytes)) => self.send(Message::Pong(bytes)).await,
                Some(Frame::Close(reason)) => {
                    self.answer_close(reason).await;
                    return events;
                }
                None => return events,
                Some(other) => panic!("unexpected frame {other:?}"),
            }
        }
    }

    /// The next frame; `None` once the server has closed the connection.
    pub async fn frame(&mut self) -> Option<Frame> {
        let next =
            tokio::time::timeout(FRAME_TIMEOUT, self.framed.next()).await.expect("a frame within 10 s");
        next.map(|frame| frame.expect("a well-formed frame"))
    }

    /// The next text message as JSON, skipping pings.
    pub async fn event(&mut self) -> Value {
        loop {
            match self.frame().await {
                Some(Frame::Text(bytes)) => {
                    return serde_json::from_slice(&bytes).expect("each text message is JSON");
                }
                Some(Frame::Ping(_)) => continue,
                other => panic!("expected an event, got {other:?}"),
            }
        }
    }

    /// Reads up to the close frame (skipping pings) and returns its reason, then ends
    /// the exchange as a browser does (see [`Socket::answer_close`]).
    pub async fn closed(&mut self) -> Option<CloseReason> {
        let reason = loop {
            match self.frame().await {
                Some(Frame::Close(reason)) => break reason,
                Some(Frame::Ping(_)) => continue,
                other => panic!("expected the close frame, got {other:?}"),
            }
        };
        self.answer_close(reason.clone()).await;
        reason
    }

    /// Answers the server's close frame and ends our side, then checks that the server
    /// ended the connection. (Without our end, actix waits its client disconnect
    /// timeout, a second, before ending the connection itself.)
    pub async fn answer_close(&mut self, reason: Option<CloseReason>) {
        // The server may already have gone; its close is what the tests are about.
        let _ = self.framed.send(Message::Close(reason)).await;
        let _ = self.framed.io_mut().shutdown().await;
        assert!(self.frame().await.is_none(), "the connection ends after the close frame");
    }

    pub async fn send(&mut self, message: Message) {
        self.framed.send(message).await.expect("send a frame");
    }
}
