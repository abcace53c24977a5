//! A fake Discord gateway on 127.0.0.1:0, speaking just enough of the
//! protocol for serenity to connect: Hello (op 10), then READY for an
//! Identify (op 2), heartbeat acks (op 11), and RESUMED for a Resume (op 6).
//! It can be told to go away (close every socket and refuse new ones) and to
//! come back, as Discord does in an outage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

use crate::discord_app::APPLICATION_ID;

/// A running fake gateway.
pub struct FakeGateway {
    /// The URL `GET /gateway` answers with.
    pub url: String,
    up: Arc<AtomicBool>,
    down: watch::Sender<u64>,
    identified: Arc<std::sync::atomic::AtomicUsize>,
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake gateway binds");
        let url = format!("ws://{}", listener.local_addr().expect("address"));
        let up = Arc::new(AtomicBool::new(true));
        let (down, _) = watch::channel(0u64);
        let identified = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        {
            let (up, down, identified, url) =
                (up.clone(), down.clone(), identified.clone(), url.clone());
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    if !up.load(Ordering::SeqCst) {
                        drop(stream);
                        continue;
                    }
                    let closed = down.subscribe();
                    let (identified, url) = (identified.clone(), url.clone());
                    tokio::spawn(async move {
                        let _ = session(stream, closed, identified, url).await;
                    });
                }
            });
        }
        FakeGateway {
            url,
            up,
            down,
            identified,
        }
    }

    /// Closes every session and refuses new connections.
    pub fn go_away(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.down.send_modify(|n| *n += 1);
    }

    /// Accepts connections again.
    pub fn come_back(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// How many times a client identified.
    pub fn identified(&self) -> usize {
        self.identified.load(Ordering::SeqCst)
    }
}

/// One client's session, until it leaves or the gateway goes away.
async fn session(
    stream: tokio::net::TcpStream,
    mut closed: watch::Receiver<u64>,
    identified: Arc<std::sync::atomic::AtomicUsize>,
    url: String,
) -> anyhow::Result<()> {
    let mut socket = tokio_tungstenite::accept_async(stream).await?;
    let hello = json!({ "op": 10, "d": { "heartbeat_interval": 41250 }, "s": null, "t": null });
    socket.send(Message::Text(hello.to_string())).await?;
    let mut sequence = 0u64;
    loop {
        let message = tokio::select! {
            message = socket.next() => message,
            _ = closed.changed() => {
                // As Discord closes a session it cannot keep: with a code.
                let frame = CloseFrame { code: CloseCode::Away, reason: "going away".into() };
                let _ = socket.close(Some(frame)).await;
                return Ok(());
            }
        };
        let Some(Ok(Message::Text(text))) = message else {
            return Ok(());
        };
        let frame: Value = serde_json::from_str(&text)?;
        let answer = match frame["op"].as_u64() {
            Some(1) => json!({ "op": 11, "d": null, "s": null, "t": null }),
            Some(2) => {
                identified.fetch_add(1, Ordering::SeqCst);
                sequence += 1;
                json!({ "op": 0, "s": sequence, "t": "READY", "d": ready(&url) })
            }
            Some(6) => {
                sequence += 1;
                json!({ "op": 0, "s": sequence, "t": "RESUMED", "d": {} })
            }
            _ => continue,
        };
        socket.send(Message::Text(answer.to_string())).await?;
    }
}

fn ready(url: &str) -> Value {
    json!({
        "v": 10,
        "user": {
            "id": APPLICATION_ID, "username": "dealbot", "discriminator": "0",
            "global_name": null, "avatar": null, "bot": true
        },
        "guilds": [],
        "session_id": "fake-session",
        "resume_gateway_url": url,
        "shard": [0, 1],
        "application": { "id": APPLICATION_ID, "flags": 0 }
    })
}
