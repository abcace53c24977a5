//! Digest rendering for a large pipeline: the core's digest split with each
//! sender's limits, then each part rendered by its platform's renderer.

use std::time::{Duration, Instant};

use dealbot::adapters::discord::render as discord_render;
use dealbot::adapters::slack;
use dealbot::app::App;
use dealbot::core::digest::{digest_parts, DigestScope};
use dealbot_storage::DigestFilter;

use super::fill::fill;
use super::median;
use super::sweep::bench_now;
use crate::shipped_settings;

/// Medians over `runs`: the store read alone, building the parts (the same
/// read included), rendering them, for Slack then Discord; and how many parts
/// each got.
#[derive(Debug, Clone)]
pub struct DigestTimes {
    pub read: Duration,
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
    // The app as `dealbot run` assembles it for both platforms; their senders
    // are only asked for their limits, nothing is sent.
    let mut settings = shipped_settings();
    settings.slack.api_url = "http://127.0.0.1:9/api/".to_string();
    settings.discord.api_url = "http://127.0.0.1:9/api/v10".to_string();
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let mut secrets = crate::slack_bot::slack_secrets();
    let discord = crate::discord_app::discord_secrets(&key);
    secrets.discord_token = discord.discord_token;
    secrets.discord_public_key = discord.discord_public_key;
    secrets.discord_application_id = discord.discord_application_id;
    let app = App::build(settings, secrets, store.clone()).await?;
    let core = app.core();
    let slack_limits = core.limits_for("slack");
    let discord_limits = core.limits_for("discord");
    let scope = DigestScope {
        workspace: crate::slack_workspace(super::load::TEAM),
        ..DigestScope::default()
    };
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let mut reads = Vec::new();
    let (mut slack_count, mut discord_count) = (0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        let read = store
            .open_deals_for_digest(&scope.workspace, DigestFilter::default())
            .await?;
        let read_count = read.deals()?.len();
        reads.push(started.elapsed());
        anyhow::ensure!(
            read_count as u64 == deals,
            "read {read_count} of {deals} deals"
        );
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
        read: median(reads),
        slack_parts: median(a),
        slack_render: median(b),
        slack_count,
        discord_parts: median(c),
        discord_render: median(d),
        discord_count,
    })
}
