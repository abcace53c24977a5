//! Slack's answers about people, for roles: an admin is a workspace admin or
//! owner (`is_admin`, `is_owner` from `users.info`), and a person the bot
//! knows is a user `users.info` finds who is neither deleted nor a bot. Both
//! need the `users:read` scope and the bot token; without them, or when Slack
//! does not answer, the question stays [`Unchecked`].
//!
//! [`SlackPresence`] tells the nag sweep who is away by their profile status
//! (`[slack] status_means_away`), also from `users.info`.

use std::sync::Arc;

use super::api::{Member, WebApi};
use crate::core::people::{Known, Lookup, People, Presence, Unchecked};

/// The asker (`user` of the Slack team `team`) and the Web API to ask about them.
pub struct SlackPeople {
    pub api: Option<Arc<WebApi>>,
    pub team: String,
    pub user: String,
}

impl SlackPeople {
    async fn member(&self, user: &str) -> Result<Member, Unchecked> {
        let Some(api) = &self.api else {
            return Err(Unchecked(
                "no SLACK_BOT_TOKEN to call users.info with".to_string(),
            ));
        };
        api.member(&self.team, user).await.map_err(Unchecked)
    }
}

impl People for SlackPeople {
    fn admins_are(&self) -> &'static str {
        "the Slack workspace's admins and owners"
    }

    fn asker_is_admin(&self) -> Lookup<'_, bool> {
        Box::pin(async move {
            Ok(matches!(
                self.member(&self.user).await?,
                Member::Person { admin: true }
            ))
        })
    }

    fn knows<'a>(&'a self, user: &'a str) -> Lookup<'a, Known> {
        Box::pin(async move {
            Ok(match self.member(user).await? {
                Member::Person { .. } => Known::Person,
                Member::Bot => Known::Bot,
                Member::Nobody => Known::Nobody,
            })
        })
    }
}

/// Whether people are away by their Slack status, for the nag sweep.
pub struct SlackPresence {
    pub api: Arc<WebApi>,
}

impl Presence for SlackPresence {
    fn is_away<'a>(
        &'a self,
        _workspace: &'a str,
        user: &'a str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Lookup<'a, bool> {
        Box::pin(async move { self.api.away_by_status(user, now).await.map_err(Unchecked) })
    }
}
