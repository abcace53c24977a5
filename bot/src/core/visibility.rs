//! Who may see a deal opened in a private channel (a private Slack channel or
//! DM, a Discord channel the everyone role cannot see; the adapter says which,
//! in [`super::env::Invocation::channel_private`]): only that channel, and its
//! owner anywhere, unless its pipeline shares such deals
//! (`private_channel_deals = "shared"`). Lists and digests elsewhere leave it
//! out and count it as one of "n private deals"; a deal named where it is
//! hidden is "not found", as one that does not exist.

use dealbot_storage::{Deal, DealChange, DigestDeal};

use super::env::{CoreSettings, Env};
use super::format::plural;
use super::reply::Line;
use crate::config::PrivateChannelDeals;

/// What about a deal decides who may see it.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub pipeline: &'a str,
    /// `None` when the reader does not tell (a digest's change lines).
    pub owner: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub private_channel: bool,
}

/// Who is looking, and where.
#[derive(Debug, Clone, Copy, Default)]
pub struct Viewer<'a> {
    /// `None` for a post to a channel (a digest), which everyone there reads.
    pub user: Option<&'a str>,
    pub channel: Option<&'a str>,
}

impl<'a> Viewer<'a> {
    /// The person running a command, where they typed it.
    pub fn of(env: &'a Env<'_>) -> Self {
        Viewer {
            user: Some(env.user()),
            channel: env.invocation.channel.as_deref(),
        }
    }

    /// Everyone who reads `channel` (a digest posted there).
    pub fn channel(channel: Option<&'a str>) -> Self {
        Viewer {
            user: None,
            channel,
        }
    }
}

/// Whether `viewer` may see a deal of `origin`.
pub fn may_see(config: &CoreSettings, origin: Origin<'_>, viewer: Viewer<'_>) -> bool {
    if !origin.private_channel || shared(config, origin.pipeline) {
        return true;
    }
    if viewer.user.is_some() && viewer.user == origin.owner {
        return true;
    }
    origin.channel.is_some() && origin.channel == viewer.channel
}

/// Whether the pipeline `name` shares its private-channel deals; a pipeline
/// no longer configured keeps them private.
fn shared(config: &CoreSettings, name: &str) -> bool {
    config
        .pipeline(name)
        .is_some_and(|pipeline| pipeline.private_channel_deals == PrivateChannelDeals::Shared)
}

/// Keeps the items `viewer` may see; how many were left out.
pub fn keep_visible<T>(
    items: &mut Vec<T>,
    config: &CoreSettings,
    viewer: Viewer<'_>,
    origin: impl Fn(&T) -> Origin<'_>,
) -> usize {
    let before = items.len();
    items.retain(|item| may_see(config, origin(item), viewer));
    before - items.len()
}

/// `2 private deals not shown here: opened in private channels.`
pub fn private_count_line(hidden: usize) -> Line {
    Line::new().text(format!(
        "{} not shown here: opened in private channels.",
        plural(hidden as i64, "private deal")
    ))
}

pub fn of_deal(deal: &Deal) -> Origin<'_> {
    Origin {
        pipeline: &deal.pipeline,
        owner: Some(&deal.owner),
        channel: deal.channel.as_deref(),
        private_channel: deal.private_channel,
    }
}

pub fn of_digest_deal<'a>(deal: &'a DigestDeal<'_>) -> Origin<'a> {
    Origin {
        pipeline: deal.pipeline,
        owner: Some(deal.owner),
        channel: deal.channel,
        private_channel: deal.private_channel,
    }
}

pub fn of_change(change: &DealChange) -> Origin<'_> {
    Origin {
        pipeline: &change.pipeline,
        owner: None,
        channel: change.channel.as_deref(),
        private_channel: change.private_channel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn config(sharing: PrivateChannelDeals) -> CoreSettings {
        let mut settings = Settings::default();
        for pipeline in &mut settings.pipelines {
            pipeline.private_channel_deals = sharing;
        }
        CoreSettings::new(settings).expect("default settings resolve")
    }

    const PRIVATE: Origin<'static> = Origin {
        pipeline: "new-business",
        owner: Some("rep1"),
        channel: Some("C-SECRET"),
        private_channel: true,
    };

    #[test]
    fn a_private_channel_deal_is_seen_there_and_by_its_owner_only() {
        let config = config(PrivateChannelDeals::Private);
        let at = |user, channel| Viewer {
            user: Some(user),
            channel: Some(channel),
        };
        assert!(may_see(&config, PRIVATE, at("rep2", "C-SECRET")));
        assert!(may_see(&config, PRIVATE, at("rep1", "C-PUBLIC")));
        assert!(!may_see(&config, PRIVATE, at("rep2", "C-PUBLIC")));
        assert!(!may_see(
            &config,
            PRIVATE,
            Viewer::channel(Some("C-PUBLIC"))
        ));
        assert!(!may_see(&config, PRIVATE, Viewer::channel(None)));
        let public = Origin {
            private_channel: false,
            ..PRIVATE
        };
        assert!(may_see(&config, public, Viewer::channel(None)));
    }

    #[test]
    fn a_sharing_pipeline_shows_it_to_everyone() {
        let config = config(PrivateChannelDeals::Shared);
        assert!(may_see(&config, PRIVATE, Viewer::channel(Some("C-PUBLIC"))));
        let gone = Origin {
            pipeline: "no-longer-configured",
            ..PRIVATE
        };
        assert!(!may_see(&config, gone, Viewer::channel(Some("C-PUBLIC"))));
    }
}
