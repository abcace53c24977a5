//! Private channels: a deal opened in a private Slack channel, or a Discord
//! channel the everyone role cannot see, is shown only in that channel and to
//! its owner: `list all`, `show`, `history` and the `digest` elsewhere leave
//! it out (lists and digests count it as one of "n private deals"), through
//! the app as `dealbot run` serves it, with each platform faked. A pipeline
//! with `private_channel_deals = "shared"` shows such deals to everyone.

mod discord;
mod slack;

/// The deal opened in the private channel, and the one opened in the team's.
const SECRET: &str = "Secret Merger";
const PUBLIC: &str = "Acme Corp";

/// The shipped settings with every pipeline sharing private-channel deals.
fn sharing_settings() -> dealbot::config::Settings {
    let mut settings = dealbot_tests::shipped_settings();
    for pipeline in &mut settings.pipelines {
        pipeline.private_channel_deals = dealbot::config::PrivateChannelDeals::Shared;
    }
    settings
}

/// The team channel's digests: one, listing the team's deal and counting the
/// private one without showing it.
fn assert_team_digest_counts_the_secret(team: &[String]) {
    assert_eq!(team.len(), 1, "{team:?}");
    assert!(
        team[0].contains(PUBLIC) && !team[0].contains(SECRET),
        "{}",
        team[0]
    );
    assert!(
        team[0].contains("1 private deal not shown here"),
        "{}",
        team[0]
    );
}
