//! `dealbot run` (the built binary) with 400 sockets trickling a request's
//! headers one byte every 5 s, for 20 s: `/healthz` and signed commands keep
//! being answered promptly, each trickling socket is closed once its header
//! timeout (10 s by default) has passed, and SIGTERM with slow sockets still
//! open ends the process cleanly within 12 s.

use std::time::{Duration, Instant};

use dealbot_tests::child_bot::ChildBot;
use dealbot_tests::slack_bot::text_of;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SOCKETS: usize = 400;
const TRICKLE: Duration = Duration::from_secs(5);
const FOR: Duration = Duration::from_secs(20);

/// One client sending `GET /healthz` a byte at a time, every [`TRICKLE`], until
/// the server closes the socket or [`FOR`] has passed; how long it stayed open.
async fn trickle(address: std::net::SocketAddr) -> Option<Duration> {
    let opened = Instant::now();
    let mut stream = TcpStream::connect(address).await.ok()?;
    let request = b"GET /healthz HTTP/1.1\r\nHost: dealbot\r\nUser-Agent: slow\r\n\r\n";
    let mut buffer = [0u8; 256];
    for byte in request.iter().cycle() {
        if opened.elapsed() >= FOR {
            return None;
        }
        if stream.write_all(&[*byte]).await.is_err() {
            return Some(opened.elapsed());
        }
        // A closed socket reads as end of file (or a reset) at once.
        match tokio::time::timeout(TRICKLE, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(opened.elapsed()),
            Ok(Ok(_)) => return Some(opened.elapsed()),
            Err(_) => {}
        }
    }
    None
}

/// `GET /healthz` with a deadline: how long the answer took.
async fn healthz(client: &reqwest::Client, address: std::net::SocketAddr) -> Duration {
    let asked = Instant::now();
    let answer = client
        .get(format!("http://{address}/healthz"))
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap_or_else(|error| panic!("/healthz unanswered after {:?}: {error}", asked.elapsed()));
    assert_eq!(answer.status().as_u16(), 200);
    asked.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickling_sockets_neither_starve_the_server_nor_hold_up_shutdown() {
    let db = dealbot_tests::sqlite().await;
    let bot = ChildBot::start(dealbot_tests::dealbot_command!(), &db.url).await;
    let started = Instant::now();
    let slow: Vec<_> = (0..SOCKETS)
        .map(|_| tokio::spawn(trickle(bot.addr)))
        .collect();

    // While they trickle, the bot keeps answering; each probe uses a fresh
    // connection, as a load balancer's health check does.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    let mut slowest = Duration::ZERO;
    let mut commands = 0;
    while started.elapsed() < FOR {
        slowest = slowest.max(healthz(&client, bot.addr).await);
        if started.elapsed() > Duration::from_secs(2 + 5 * commands) {
            commands += 1;
            let asked = Instant::now();
            let answer = bot
                .slack_command(
                    "T0SLOW",
                    "U0REP1",
                    &format!("new \"Patient {commands}\" 1k"),
                )
                .await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            assert!(
                !text_of(&answer.json()).contains(":warning:"),
                "{}",
                answer.body
            );
            assert!(
                asked.elapsed() < Duration::from_secs(3),
                "a command took {:?}, past Slack's 3 s",
                asked.elapsed()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        slowest < Duration::from_secs(1),
        "/healthz took {slowest:?}"
    );
    assert!(commands >= 3, "commands were answered throughout");

    let mut closed = Vec::new();
    for socket in slow {
        closed.push(socket.await.expect("trickling client"));
    }
    let cut: Vec<Duration> = closed.iter().flatten().copied().collect();
    assert_eq!(
        cut.len(),
        SOCKETS,
        "every trickling socket was closed by the server within {FOR:?}"
    );
    let earliest = cut.iter().min().copied().unwrap_or_default();
    assert!(
        earliest >= Duration::from_secs(9),
        "a socket was closed after {earliest:?}, before its 10 s header timeout"
    );

    // Shutdown with slow sockets open: it does not wait for them.
    let open: Vec<TcpStream> = {
        let mut open = Vec::new();
        for _ in 0..50 {
            let mut stream = TcpStream::connect(bot.addr).await.expect("connects");
            stream.write_all(b"GET /hea").await.expect("writes");
            open.push(stream);
        }
        open
    };
    let stopping = Instant::now();
    assert!(bot.stop().await, "SIGTERM is a clean stop");
    assert!(
        stopping.elapsed() < Duration::from_secs(12),
        "SIGTERM took {:?}",
        stopping.elapsed()
    );
    drop(open);
    db.finish().await;
}

/// The app with short server timeouts: a body that does not arrive in time is
/// answered 408, and a kept-alive connection left idle is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_bodies_get_408_and_idle_connections_are_closed() {
    let db = dealbot_tests::sqlite().await;
    let mut settings = dealbot_tests::shipped_settings();
    settings.server.body_timeout_seconds = 1;
    settings.server.idle_timeout_seconds = 2;
    let bot = dealbot_tests::slack_bot::SlackBot::start_with(
        &db.store,
        settings,
        dealbot::clock::Clock::system(),
    )
    .await;

    let mut stream = TcpStream::connect(bot.addr).await.expect("connects");
    stream
        .write_all(
            b"POST /slack/commands HTTP/1.1\r\nHost: dealbot\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntext=new",
        )
        .await
        .expect("writes");
    let asked = Instant::now();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer))
        .await
        .expect("answered and closed within 5 s")
        .expect("read");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        asked.elapsed() >= Duration::from_millis(900),
        "{:?}",
        asked.elapsed()
    );

    let mut stream = TcpStream::connect(bot.addr).await.expect("connects");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: dealbot\r\n\r\n")
        .await
        .expect("writes");
    let mut buffer = [0u8; 1024];
    let read = stream.read(&mut buffer).await.expect("an answer");
    assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));
    let idle = Instant::now();
    let closed = tokio::time::timeout(Duration::from_secs(6), stream.read(&mut buffer))
        .await
        .expect("closed within 6 s");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");
    assert!(
        idle.elapsed() >= Duration::from_millis(1900),
        "closed after {:?}, before the 2 s idle timeout",
        idle.elapsed()
    );
    db.finish().await;
}
