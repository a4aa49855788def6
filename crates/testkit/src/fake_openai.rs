//! A local stand-in for an OpenAI-compatible endpoint: a small HTTP/1.1 server on a
//! free port that records every request and answers as the test scripts it, with
//! `chat.completion` objects, error bodies, `Retry-After` and slow answers.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON request body")
    }

    /// The `content` of every chat message, in order, with its role.
    pub fn messages(&self) -> Vec<(String, String)> {
        self.json()["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| {
                (
                    m["role"].as_str().unwrap_or_default().to_owned(),
                    m["content"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }
}

/// What the fake answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// HTTP 200 with a `chat.completion` whose first choice holds this text.
    Chat(String),
    /// Any status, headers and body.
    Raw { status: u16, headers: Vec<(String, String)>, body: String },
    /// The reply, after a pause.
    Slow(Duration, Box<Reply>),
}

impl Reply {
    /// A chat completion holding `value` as its JSON text.
    pub fn json(value: &Value) -> Self {
        Reply::Chat(value.to_string())
    }

    /// An OpenAI-style error body with `status`.
    pub fn error(status: u16, message: &str, code: Option<&str>) -> Self {
        let body = json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": code}});
        Reply::Raw { status, headers: Vec::new(), body: body.to_string() }
    }

    pub fn with_header(self, name: &str, value: &str) -> Self {
        match self {
            Reply::Raw { status, mut headers, body } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Raw { status, headers, body }
            }
            other => other,
        }
    }
}

type Responder = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

pub struct FakeOpenAi {
    /// `http://127.0.0.1:{port}/v1`.
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeOpenAi {
    /// A fake whose answer to the `n`th request (from 0) is `respond(n, request)`.
    pub async fn start(respond: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Responder> = Arc::new(respond);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, recorded.clone(), respond.clone()));
            }
        });
        Self { base_url: format!("http://{address}/v1"), requests, task }
    }

    /// A fake answering `replies` in order, repeating the last one.
    pub async fn replying(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty());
        Self::start(move |n, _| replies[n.min(replies.len() - 1)].clone()).await
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests").clone()
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, requests: Arc<Mutex<Vec<Recorded>>>, respond: Arc<Responder>) {
    let Some(request) = read_request(&mut stream).await else { return };
    let index = {
        let mut requests = requests.lock().expect("requests");
        requests.push(request.clone());
        requests.len() - 1
    };
    let mut reply = respond(index, &request);
    while let Reply::Slow(pause, inner) = reply {
        tokio::time::sleep(pause).await;
        reply = *inner;
    }
    let (status, headers, body) = match reply {
        Reply::Chat(content) => (200, Vec::new(), completion(&content).to_string()),
        Reply::Raw { status, headers, body } => (status, headers, body),
        Reply::Slow(..) => unreachable!("unwrapped above"),
    };
    let mut head = format!(
        "HTTP/1.1 {status} Fake\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // The client may have given up (a timeout test); a failed write is expected then.
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// One request: its head, then a body of `content-length` bytes.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, path) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded { method, path, headers, body, at })
}

/// A `chat.completion` object as the real API sends it.
fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": null},
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}
    })
}

/// A day page of an answer, numbered `n`.
pub fn day(n: u32) -> Value {
    json!({
        "day": n,
        "title": format!("Title of day {n}"),
        "pre_writeup": format!("Teaching of day {n}."),
        "prompt": format!("Prompt for day {n}?"),
        "lines": 10 + n % 15,
        "page_style": if n.is_multiple_of(7) { "grid" } else { "lined" }
    })
}

pub fn days(first: u32, last: u32) -> Vec<Value> {
    (first..=last).map(day).collect()
}

/// A sound answer: the whole journal with the days `first` to `last`.
pub fn journal(first: u32, last: u32) -> Value {
    json!({
        "title": "Where Stillness Gathers",
        "subtitle": "Quiet pages for busy mornings",
        "author_name": "The Quiet Poet",
        "description": "A gentle journal of attention for people with little time.",
        "introduction": {
            "title": "Before You Begin",
            "quote": "The kettle hums; so can you.",
            "writeup": "Each page takes ten minutes.\n\nBegin where you are."
        },
        "commitment": {"text": "I commit to ten quiet minutes a day.", "writeup": "A small promise is easy to keep."},
        "days": days(first, last),
        "certificate": {
            "summary": "Mornings of attention, one page at a time.",
            "text": "You showed up for yourself.",
            "fields": ["Name", "Date completed"]
        }
    })
}
