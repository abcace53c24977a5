//! The platform-neutral core: a `/deal` command's text is parsed into a typed
//! [`command::Command`], carried out against the store, and answered with a
//! [`reply::Reply`]. Nothing here knows which chat platform the words came from.

pub mod announce;
pub mod args;
pub mod attention;
pub mod availability;
pub mod calendar;
pub mod card;
pub mod change;
pub mod chart;
pub mod checklist;
pub mod command;
pub mod deal;
pub mod deal_ref;
pub mod digest;
pub mod digest_chart;
pub mod digest_quiet;
pub mod env;
pub mod error;
pub mod file_posts;
pub mod flags;
pub mod format;
pub mod forms;
pub mod handover;
pub mod history_lines;
pub mod holidays;
pub mod home;
pub mod nag;
pub mod noise;
pub mod notes;
pub mod outgoing;
pub mod people;
pub mod reply;
pub mod report;
pub mod stage_words;
pub mod suggest;
pub mod suggest_arg;
pub mod totals;
pub mod unavailable;
pub mod values;
pub mod visibility;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dealbot_storage::Store;
use tokio::sync::Notify;
use tracing::Instrument;

use crate::clock::Clock;
use crate::config::Settings;
use crate::telemetry::{self, CommandOutcome};
use command::{parse, ParseContext};
use env::{CoreSettings, Env, Invocation, NamedDeal, NamedDealSlot};
use error::CommandError;
use outgoing::MessageLimits;
use reply::{Line, Reply};
use unavailable::unavailable_reply;

/// The bot's brain: the store and the settings every command runs against.
/// Built only by [`crate::app::App`], which hands it the limits of each
/// platform's sender and the clock.
#[derive(Clone)]
pub struct Core {
    store: Store,
    config: Arc<CoreSettings>,
    /// What one message may carry, by platform name, as each sender says.
    limits: Arc<HashMap<String, MessageLimits>>,
    /// The platforms whose senders post a reply's files (see [`file_posts`]).
    file_platforms: Arc<HashSet<String>>,
    clock: Clock,
    /// Rung when messages are queued, so the outbox worker delivers them now.
    outbox_wake: Arc<Notify>,
    /// Rung when a schedule changes, so the scheduler looks again.
    schedules_changed: Arc<Notify>,
    /// Per platform, its word on whether someone is away by their status
    /// (only platforms configured to say so).
    presence: Arc<HashMap<String, Arc<dyn people::Presence>>>,
}

impl Core {
    /// A core over `store`; `settings` must have been validated. `limits` holds
    /// what one message may carry on each platform the app delivers to;
    /// `file_platforms` the platforms whose senders post files.
    pub(crate) fn new(
        store: Store,
        settings: Settings,
        limits: HashMap<String, MessageLimits>,
        file_platforms: HashSet<String>,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        Ok(Core {
            store,
            config: Arc::new(CoreSettings::new(settings)?),
            limits: Arc::new(limits),
            file_platforms: Arc::new(file_platforms),
            clock,
            outbox_wake: Arc::new(Notify::new()),
            schedules_changed: Arc::new(Notify::new()),
            presence: Arc::new(HashMap::new()),
        })
    }

    /// The core with each platform's word on whether people are away by
    /// their status (see [`people::Presence`]).
    pub(crate) fn with_presence(
        mut self,
        presence: HashMap<String, Arc<dyn people::Presence>>,
    ) -> Self {
        self.presence = Arc::new(presence);
        self
    }

    /// Whether `platform` says `user` of `workspace` is away by their status;
    /// false when it does not say, or could not be asked.
    pub async fn away_by_status(&self, platform: &str, workspace: &str, user: &str) -> bool {
        let Some(presence) = self.presence.get(platform) else {
            return false;
        };
        match presence.is_away(workspace, user, self.now()).await {
            Ok(away) => away,
            Err(people::Unchecked(why)) => {
                tracing::warn!(platform, user, why, "could not ask whether someone is away");
                false
            }
        }
    }

    /// What one message may carry on `platform` (generous if unknown).
    pub fn limits_for(&self, platform: &str) -> MessageLimits {
        self.limits.get(platform).copied().unwrap_or_default()
    }

    /// The time now, by the app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The app's clock, shared with the scheduler and the outbox worker.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Tells the outbox worker there is something to deliver.
    pub fn wake_outbox(&self) {
        self.outbox_wake.notify_one();
    }

    /// The bell the outbox worker listens to.
    pub fn outbox_bell(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    /// Tells the scheduler the schedules changed.
    pub fn schedules_changed(&self) {
        self.schedules_changed.notify_one();
    }

    /// The bell the scheduler listens to.
    pub fn schedule_bell(&self) -> Arc<Notify> {
        self.schedules_changed.clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &CoreSettings {
        &self.config
    }

    /// Runs one `/deal` command (with or without the `/deal` in front) and answers.
    /// Never fails: mistakes and faults both become a private reply. Each command
    /// is logged in a span (platform, workspace, user, subcommand; never its text)
    /// and counted in the metrics (see [`crate::telemetry::command_handled`]).
    pub async fn handle(&self, invocation: &Invocation, text: &str) -> Reply {
        let started = Instant::now();
        let subcommand = subcommand_label(text);
        let span = tracing::info_span!(
            "command",
            platform = %invocation.platform,
            workspace = %invocation.workspace,
            user = %invocation.user,
            command = subcommand,
        );
        async {
            let (reply, outcome) = match self.try_handle(invocation, text).await {
                Ok(reply) => (reply, CommandOutcome::Ok),
                Err(CommandError::User { mut lines, usage }) => {
                    if let Some(name) = usage {
                        lines.extend(command::help_usage_lines(name));
                    }
                    (Reply::error(lines), CommandOutcome::UserError)
                }
                Err(CommandError::Unavailable { how, error }) => {
                    let id = error_id();
                    tracing::error!(
                        error_id = %id,
                        database = ?how,
                        error = format!("{error:#}"),
                        "command failed: database unavailable"
                    );
                    let reply = unavailable_reply(how, &id, strip_slash_command(text));
                    (reply, CommandOutcome::Unavailable)
                }
                Err(CommandError::Internal(error)) => {
                    let id = error_id();
                    tracing::error!(error_id = %id, error = format!("{error:#}"), "command failed");
                    let reply = Reply::error(vec![Line::new().text(format!(
                        "Sorry, something went wrong on our side (error id {id}). \
                         Please try again; if it keeps failing, give your admin that id."
                    ))]);
                    (reply, CommandOutcome::InternalError)
                }
            };
            let latency = started.elapsed();
            tracing::info!(
                outcome = outcome.as_str(),
                latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
                "command handled"
            );
            telemetry::command_handled(&invocation.platform, subcommand, outcome, latency);
            self.post_files(invocation, reply).await
        }
        .instrument(span)
        .await
    }

    /// Runs the command a button or menu choice on a card carries, as
    /// [`Core::handle`] does; a change answered in one line (with a "Show
    /// card" button, see [`change::with_show_card`]) is followed by the
    /// deal's card as it is now, so the card clicked on is replaced by an
    /// up-to-date one rather than by a line.
    pub async fn handle_click(&self, invocation: &Invocation, text: &str) -> Reply {
        let reply = self.handle(invocation, text).await;
        if reply.tone != reply::Tone::Success {
            return reply;
        }
        let Some(show) = reply
            .buttons
            .iter()
            .find(|button| button.label == change::SHOW_CARD)
            .map(|button| button.command.clone())
        else {
            return reply;
        };
        let card = self.handle(invocation, &show).await;
        if card.tone == reply::Tone::Error || card.fields.is_empty() {
            return reply;
        }
        Reply {
            visibility: reply.visibility,
            tone: reply.tone,
            lines: reply.lines,
            ..card
        }
    }

    async fn try_handle(&self, invocation: &Invocation, text: &str) -> Result<Reply, CommandError> {
        let text = strip_slash_command(text);
        let env = self
            .env(invocation, command::deal_number_named(text))
            .await?;
        let cx = ParseContext {
            config: &self.config,
            today: env.today,
        };
        let command = parse(text, &cx)?;
        // Its writes commit together when it ends, before it is answered.
        self.store
            .in_command(async {
                let reply = command.apply(&env).await?;
                Ok(announce::route(&env, reply).await)
            })
            .await
    }

    /// What the person of `invocation` runs against: their zone and date,
    /// and the deal numbered `names` when the command names one by its id.
    /// Read first for every command, in one statement: the user's own zone
    /// setting with the workspace's settings version (see
    /// [`dealbot_storage::Store::command_settings`]), and that deal (the
    /// settings alone after it, when no deal has that id).
    async fn env<'a>(
        &'a self,
        invocation: &'a Invocation,
        names: Option<i64>,
    ) -> Result<Env<'a>, CommandError> {
        let (workspace, user) = (&invocation.workspace, &invocation.user);
        let (chosen, named_deal) = match names {
            None => (self.store.command_settings(workspace, user).await?, None),
            Some(number) => {
                let (zone, deal) = self
                    .store
                    .command_settings_and_deal(workspace, user, number)
                    .await?;
                (zone, Some(NamedDeal { number, deal }))
            }
        };
        // The user's own setting, else what the platform says, else the default.
        let timezone = chosen
            .and_then(|name| name.parse::<Tz>().ok())
            .or(invocation.timezone)
            .unwrap_or(self.config.default_timezone);
        let today = invocation.now.with_timezone(&timezone).date_naive();
        Ok(Env {
            core: self,
            store: &self.store,
            config: &self.config,
            invocation,
            timezone,
            today,
            database_lost: Default::default(),
            bells: Default::default(),
            named_deal: NamedDealSlot::new(named_deal),
        })
    }

    /// Reads and carries out a submitted form as the person of `invocation`
    /// (see [`forms::submit`]). Never fails: a fault is a private apology.
    pub async fn submit_form(
        &self,
        invocation: &Invocation,
        kind: forms::FormKind,
        entries: &forms::Entries,
    ) -> forms::Outcome {
        // A form's change is announced to the channel as the typed command's
        // is, as the channel's notify mode says.
        let result = match self.env(invocation, None).await {
            Ok(env) => {
                self.store
                    .in_command(async {
                        match forms::submit(&env, kind, entries).await {
                            Ok(forms::Outcome::Done(reply)) => {
                                match announce::route_told(&env, *reply).await {
                                    (reply, true) => Ok(forms::Outcome::Announced(Box::new(reply))),
                                    (reply, false) => Ok(forms::Outcome::done(reply)),
                                }
                            }
                            other => other,
                        }
                    })
                    .await
            }
            Err(error) => Err(error),
        };
        match result {
            Ok(outcome) => outcome,
            Err(CommandError::User { lines, .. }) => forms::Outcome::done(Reply::error(lines)),
            Err(CommandError::Unavailable { how, error }) => {
                // Said as for a typed command: whether anything may be saved.
                let id = error_id();
                tracing::error!(error_id = %id, database = ?how, error = format!("{error:#}"), "a form failed: database unavailable");
                forms::Outcome::done(unavailable_reply(how, &id, ""))
            }
            Err(error) => {
                let id = error_id();
                tracing::error!(error_id = %id, error = %error, "a form failed");
                forms::Outcome::done(Reply::error(vec![Line::new().text(format!(
                    "Sorry, something went wrong on our side (error id {id}). \
                     Nothing was changed by this form; please try again."
                ))]))
            }
        }
    }

    /// The home of the person of `invocation`, listing at most `room` deals
    /// (see [`home::compute`]).
    pub async fn home(
        &self,
        invocation: &Invocation,
        room: usize,
    ) -> Result<home::Home, CommandError> {
        let env = self.env(invocation, None).await?;
        home::compute(&env, room).await
    }
}

/// A short id for one logged fault, shown to the person so an admin can find it.
fn error_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_string()
}

/// The subcommand the text names, by its canonical name, for logs and metrics:
/// `help` for no words, `unknown` when the first word names none. Never the
/// person's own words, so labels stay few and nothing they typed is logged.
fn subcommand_label(text: &str) -> &'static str {
    match strip_slash_command(text).split_whitespace().next() {
        None => "help",
        Some(word) => command::spec(word).map_or("unknown", |spec| spec.name),
    }
}

/// The command text without a leading `/deal` or `deal`.
fn strip_slash_command(text: &str) -> &str {
    let trimmed = text.trim();
    for prefix in ["/deal", "deal"] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::{strip_slash_command, subcommand_label};

    #[test]
    fn labels_are_subcommand_names_never_the_words_typed() {
        assert_eq!(subcommand_label("/deal add Acme 5k"), "new");
        assert_eq!(subcommand_label("STAGE D-1 qual"), "stage");
        assert_eq!(subcommand_label("  "), "help");
        assert_eq!(subcommand_label("xoxb-secret-token"), "unknown");
    }

    #[test]
    fn the_slash_command_prefix_is_optional() {
        assert_eq!(strip_slash_command("/deal show D-1"), "show D-1");
        assert_eq!(strip_slash_command("deal show D-1"), "show D-1");
        assert_eq!(strip_slash_command("show D-1"), "show D-1");
        assert_eq!(strip_slash_command("dealer"), "dealer");
        assert_eq!(strip_slash_command("/deal"), "");
    }
}
