//! `dealbot run` in Discord's gateway mode (`DISCORD_TOKEN` alone), against a
//! fake gateway: `/readyz` is 503 until the bot has connected, 200 while it
//! is, still 200 for the reconnect window after the gateway goes away, then
//! 503 with the reason; and 200 again once the gateway is back.

use std::time::{Duration, Instant};

use dealbot::clock::Clock;
use dealbot_tests::discord_app::DISCORD_TOKEN;
use dealbot_tests::fake_discord::FakeDiscord;
use dealbot_tests::fake_gateway::FakeGateway;
use dealbot_tests::served::secrets;
use dealbot_tests::{get, shipped_settings, Served};

/// Polls the admin `/readyz` until `wanted` holds of (status, body), within `within`.
async fn readyz_until(
    served: &Served,
    within: Duration,
    wanted: impl Fn(u16, &str) -> bool,
) -> (u16, String) {
    let started = Instant::now();
    loop {
        let (status, body) = get(&served.admin_url(), "/readyz").await;
        if wanted(status, &body) {
            return (status, body);
        }
        assert!(
            started.elapsed() < within,
            "not within {within:?}; last answer {status}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_the_gateway_with_a_reconnect_window() {
    let db = dealbot_tests::sqlite().await;
    let gateway = FakeGateway::start().await;
    let discord = FakeDiscord::start(DISCORD_TOKEN, &[]).await;
    discord.set_gateway(&gateway.url);
    let mut settings = shipped_settings();
    settings.discord.api_url = discord.api_url.clone();
    settings.discord.reconnect_window_seconds = 3;
    let served = Served::start(
        settings,
        secrets(&[("DISCORD_TOKEN", DISCORD_TOKEN)]),
        &db.store,
        Clock::system(),
    )
    .await;

    let (_, body) = readyz_until(&served, Duration::from_secs(20), |status, _| status == 200).await;
    assert!(body.contains("discord gateway: ok"), "{body}");
    assert_eq!(gateway.identified(), 1, "the bot identified once");
    let registered = || {
        discord.calls().iter().any(|call| {
            call.method == "PUT" && call.path.ends_with("/commands") && call.status == 200
        })
    };
    let started = Instant::now();
    while !registered() && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        registered(),
        "/deal is registered on connecting: {:?}",
        discord.calls()
    );

    gateway.go_away();
    let lost = Instant::now();
    let (_, body) = readyz_until(&served, Duration::from_secs(20), |status, _| status == 503).await;
    assert!(
        lost.elapsed() >= Duration::from_secs(3),
        "ready for the reconnect window, not {:?}",
        lost.elapsed()
    );
    assert!(
        body.contains("discord gateway: disconnected from the Discord gateway"),
        "{body}"
    );
    let (status, public) = get(&served.url(), "/readyz").await;
    assert_eq!(
        (status, public.as_str()),
        (503, "not ready\n"),
        "the public server gives no reason"
    );

    gateway.come_back();
    let (_, body) = readyz_until(&served, Duration::from_secs(60), |status, _| status == 200).await;
    assert!(body.contains("discord gateway: ok"), "{body}");
    served.stop().await;
    db.finish().await;
}
