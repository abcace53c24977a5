//! The Events API: `POST /slack/events` and Socket Mode's `events_api`
//! envelopes, one path for both.
//!
//! - `url_verification` → its `challenge`, answered;
//! - `event_callback` → handled once per (team, `event_id`), however many times
//!   Slack retries it (`X-Slack-Retry-Num`) and whichever replica it reaches:
//!   the memory is the database's ([`crate::adapters::event_memory`]);
//! - `app_home_opened` on the Home tab → the person's home published with
//!   `views.publish`, and recorded, so that changes republish it
//!   ([`super::home_refresh`]);
//! - any other event or envelope type → acknowledged and ignored.
//!
//! The acknowledgement waits for the work at most [`ACK_WITHIN`] (Slack wants
//! it within 3 s and retries otherwise); longer work goes on after it.

use std::time::Duration;

use dealbot_storage::workspace_key;
use serde::Deserialize;
use serde_json::Value;

use super::home_view::{home_view, HOME_DEALS};
use super::{SlackAdapter, PLATFORM};
use crate::outbox::DeliveryError;

/// How long the acknowledgement waits for an event's work.
const ACK_WITHIN: Duration = Duration::from_secs(2);

/// What an Events API request is answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventAnswer {
    /// The `url_verification` challenge, echoed.
    Challenge(String),
    /// An empty 200.
    Ack,
}

/// The parts of an Events API envelope the bot reads.
#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
    challenge: Option<String>,
    team_id: Option<String>,
    event_id: Option<String>,
    event: Option<Event>,
}

#[derive(Debug, Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    user: Option<String>,
    tab: Option<String>,
}

impl SlackAdapter {
    /// Handles one Events API envelope (`retry`: Slack's `X-Slack-Retry-Num`,
    /// when it says so). `Err` when it is not an envelope at all.
    pub async fn event(&self, envelope: Value, retry: Option<u32>) -> Result<EventAnswer, String> {
        let envelope: Envelope =
            serde_json::from_value(envelope).map_err(|error| error.to_string())?;
        match envelope.kind.as_str() {
            "url_verification" => envelope
                .challenge
                .map(EventAnswer::Challenge)
                .ok_or_else(|| "a url_verification without a challenge".to_string()),
            "event_callback" => {
                self.event_callback(envelope, retry).await;
                Ok(EventAnswer::Ack)
            }
            other => {
                tracing::debug!(kind = other, "ignoring a Slack envelope of another type");
                Ok(EventAnswer::Ack)
            }
        }
    }

    async fn event_callback(&self, envelope: Envelope, retry: Option<u32>) {
        let (Some(team), Some(event_id), Some(event)) =
            (envelope.team_id, envelope.event_id, envelope.event)
        else {
            tracing::warn!("ignoring a Slack event without its team, id or body");
            return;
        };
        let workspace = workspace_key(PLATFORM, &team);
        if !self
            .events
            .first_time(&workspace, &event_id, self.core.now())
            .await
        {
            tracing::info!(%team, %event_id, ?retry, "a Slack event handled before: acknowledged");
            return;
        }
        let adapter = self.clone();
        let work = tokio::spawn(async move { adapter.carry_out_event(&team, event).await });
        if tokio::time::timeout(ACK_WITHIN, work).await.is_err() {
            tracing::info!("an event takes long: acknowledged, still being handled");
        }
    }

    async fn carry_out_event(&self, team: &str, event: Event) {
        match (event.kind.as_str(), event.user) {
            ("app_home_opened", Some(user)) if event.tab.as_deref() != Some("messages") => {
                // Noted first, so that a change made while it is computed
                // makes it stale again.
                let workspace = workspace_key(PLATFORM, team);
                if let Err(error) = self
                    .core
                    .store()
                    .record_published_home(&workspace, &user, self.core.now())
                    .await
                {
                    tracing::warn!(error = format!("{error:#}"), "cannot record a home");
                }
                // Failures are logged; opening the tab again tries again.
                let _ = self.publish_home(team, &user).await;
            }
            (kind, _) => tracing::debug!(kind, "ignoring a Slack event the bot does not handle"),
        }
    }

    /// Computes `user`'s home and publishes it as their App Home tab; why
    /// not, when it was not (logged here).
    pub(super) async fn publish_home(&self, team: &str, user: &str) -> Result<(), DeliveryError> {
        let Some(api) = &self.api else {
            tracing::warn!("cannot publish a home without SLACK_BOT_TOKEN");
            return Err(DeliveryError::Permanent {
                reason: "no_bot_token".to_string(),
                hint: "set SLACK_BOT_TOKEN".to_string(),
            });
        };
        let invocation = self.invocation(team, user, None, None).await;
        let home = match self.core.home(&invocation, HOME_DEALS).await {
            Ok(home) => home,
            Err(error) => {
                tracing::warn!(error = %error, "the home could not be read");
                return Err(DeliveryError::Transient(error.to_string()));
            }
        };
        let view = home_view(&home, &invocation.workspace);
        api.publish_home(user, view).await.inspect_err(|error| {
            tracing::warn!(%error, "views.publish failed");
        })
    }
}
