//! The test WebSocket client of `jc_testkit::ws`, answering a refused upgrade with the
//! harness's own [`Response`].

pub use jc_testkit::ws::Socket;

use std::net::SocketAddr;

use super::http::Response;

pub enum Upgrade {
    Open(Socket),
    /// The server answered without switching protocols.
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

/// Sends the handshake for `path` (with its query) and reads the answer.
pub async fn connect(address: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Upgrade {
    match jc_testkit::ws::connect(address, path, headers).await {
        jc_testkit::ws::Upgrade::Open(socket) => Upgrade::Open(socket),
        jc_testkit::ws::Upgrade::Refused(answer) => {
            Upgrade::Refused(Response { status: answer.status, headers: answer.headers, body: answer.body })
        }
    }
}
