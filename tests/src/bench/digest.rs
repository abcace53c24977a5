//! Digest rendering for a large pipeline: the core's digest split with each
//! sender's limits, then each part rendered by its platform's renderer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dealbot::adapters::discord::{render as discord_render, DiscordSender};
use dealbot::adapters::slack::{self, SlackSender, WebApi};
use dealbot::core::digest::{digest_parts, DigestScope};
use dealbot::core::Core;
use dealbot::outbox::Sender;

use super::fill::fill;
use super::median;
use super::sweep::bench_now;
use crate::shipped_settings;

/// Medians over `runs`: building the parts (store read included), rendering
/// them, for Slack then Discord; and how many parts each got.
#[derive(Debug, Clone)]
pub struct DigestTimes {
    pub slack_parts: Duration,
    pub slack_render: Duration,
    pub slack_count: usize,
    pub discord_parts: Duration,
    pub discord_render: Duration,
    pub discord_count: usize,
}

/// Fills `url` with `deals` open deals and times the digest `runs` times.
pub async fn digest(url: &str, deals: u64, runs: usize) -> anyhow::Result<DigestTimes> {
    fill(url, deals, deals / 10, bench_now()).await?;
    let store = dealbot_storage::Store::connect(url).await?;
    let core = Core::new(store.clone(), shipped_settings())?;
    // The senders are only asked for their limits; nothing is sent.
    let client = slack::client("http://127.0.0.1:9/api/")?;
    let slack_limits = SlackSender::new(Arc::new(WebApi::new(
        client,
        &"xoxb-bench".to_string().into(),
    )))
    .limits();
    let discord_limits =
        DiscordSender::new("http://127.0.0.1:9/api", "bench".to_string().into())?.limits();
    let scope = DigestScope {
        workspace: crate::slack_workspace(super::load::TEAM),
        ..DigestScope::default()
    };
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let (mut slack_count, mut discord_count) = (0, 0);
    for _ in 0..runs {
        for (platform, limits) in [(0, slack_limits), (1, discord_limits)] {
            let started = Instant::now();
            let parts = digest_parts(
                &store,
                core.config(),
                &scope,
                None,
                bench_now(),
                chrono_tz::UTC,
                limits,
            )
            .await?;
            samples[platform * 2].push(started.elapsed());
            let started = Instant::now();
            let rendered = if platform == 0 {
                slack_count = parts.len();
                parts
                    .iter()
                    .map(|part| slack::render(part, "slack:T-bench").len())
                    .sum::<usize>()
            } else {
                discord_count = parts.len();
                parts
                    .iter()
                    .map(|part| discord_render::message(part, &[]).to_string().len())
                    .sum::<usize>()
            };
            samples[platform * 2 + 1].push(started.elapsed());
            std::hint::black_box(rendered);
        }
    }
    store.close().await;
    let [a, b, c, d] = samples;
    Ok(DigestTimes {
        slack_parts: median(a),
        slack_render: median(b),
        slack_count,
        discord_parts: median(c),
        discord_render: median(d),
        discord_count,
    })
}
