//! Configuration: what the operator chose, from a TOML file (`--config PATH`,
//! default [`DEFAULT_PATH`]) overridden by `DEALBOT_*` environment variables, and
//! the secrets, which come only from the environment.
//!
//! Loading happens in two steps so that `dealbot check-config` can show
//! everything that is wrong at once:
//!
//! 1. [`Settings::load`] reads the file and the environment; a syntax error, a
//!    value of the wrong type or an unknown key fails here ([`ConfigError::Load`]).
//! 2. [`Settings::validated`] checks the meaning of the values (see `check.rs`)
//!    and reports every problem together ([`ConfigError::Invalid`]).
//!
//! Environment variables: `DEALBOT_SECTION_KEY` sets `section.key`; only the
//! first `_` after the prefix separates the section from the key, so
//! `DEALBOT_SLACK_API_URL` sets `slack.api_url`. `DATABASE_URL`, when set and
//! not empty, overrides `database.url` over everything else. Not configuration,
//! and therefore ignored here: `DEALBOT_TEST_*` (the test suite's),
//! `DEALBOT_LOG` (the log filter read by the logging set-up, unrelated to
//! `DEALBOT_LOG_LEVEL`, which sets `log.level`) and `DEALBOT_CONFIG` (the path
//! of the file itself).

mod check;
mod check_import;
mod check_sales;
mod holidays;
mod lost;
mod permissions;
mod pipeline;
mod platforms;
#[cfg(test)]
mod reference;
mod sales;
mod schedules;
mod volume;

use std::fmt;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::{Figment, Source};
use secrecy::SecretString;
use serde::Deserialize;

pub use holidays::HolidaySettings;
pub use lost::{LostSettings, LONGEST_LOST_REASON, MOST_LOST_REASONS};
pub use permissions::{PermissionMode, PermissionSettings};
pub use pipeline::{
    normalize as pipeline_normalize, Pipeline, PrivateChannelDeals, Stage, StageMatch,
    CRITERIA_FIELDS, LOST, WON,
};
pub use platforms::{application_id, platform_problems};
pub use sales::{BuyerSettings, ChannelSettings, QualificationSettings};
pub use schedules::{
    parse_weekday, parse_working_hours, DigestSettings, NagSettings, OutboxSettings,
    SchedulerSettings,
};
pub use volume::{VolumeSettings, MIN_SCHEDULE_GAP_MINUTES, MOST_COOLDOWN_MINUTES};

/// Where the configuration file is looked for when `--config` is not given.
pub const DEFAULT_PATH: &str = "config/dealbot.toml";

/// Prefix of the environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "DEALBOT_";

/// `DEALBOT_` variables that are not configuration keys (compared after the prefix).
const ENV_NOT_CONFIG: [&str; 2] = ["LOG", "CONFIG"];

/// Everything configurable except secrets. An empty file gives the defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub server: ServerSettings,
    pub defaults: Defaults,
    pub log: LogSettings,
    pub slack: SlackSettings,
    pub discord: DiscordSettings,
    /// The sales processes deals follow; the shipped three (new business,
    /// pilot, customer) if the file has no `[[pipelines]]`.
    pub pipelines: Vec<Pipeline>,
    pub outbox: OutboxSettings,
    pub scheduler: SchedulerSettings,
    pub nags: NagSettings,
    /// Digest schedules set by the operator (chat users add theirs with
    /// `/deal subscribe`).
    pub digests: Vec<DigestSettings>,
    /// `[[holidays]]`: days without nags (and, for the channels they name or
    /// every channel, without scheduled digests).
    pub holidays: Vec<HolidaySettings>,
    /// The buyer's journey, beside the seller's stages.
    pub buyer: BuyerSettings,
    /// The checklist every deal carries.
    pub qualification: QualificationSettings,
    /// The pipeline new deals follow, per channel (else `defaults.pipeline`).
    pub channels: Vec<ChannelSettings>,
    /// How often people may make the bot post to a channel.
    pub volume: VolumeSettings,
    /// `[lost] reasons`: what forms offer as reasons a deal was lost.
    pub lost: LostSettings,
    /// `[users]`: the chat user id of each person other tools name by name or
    /// email (`"Jane Doe" = "U0123ABCD"`), for `dealbot import`.
    pub users: std::collections::BTreeMap<String, String>,
    /// Who may close, reassign, re-price and tidy deals, and change schedules.
    pub permissions: PermissionSettings,
}

/// `[database]`
#[derive(Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    pub url: String,
    /// When SQLite reports a commit done: `full` (on the disk) or `os` (in the
    /// operating system's hands). See [`DatabaseSettings::durability`].
    pub durability: String,
}

/// `[server]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// The socket address the public HTTP server listens on, `IP:PORT`: the
    /// Slack and Discord routes, `/healthz` and a bare `/readyz`.
    pub bind: String,
    /// The socket address of the admin server (`/metrics`, the detailed
    /// `/readyz`); empty turns it off.
    pub admin_bind: String,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout_seconds: u64,
    /// How long a client may take to send a request's body.
    pub body_timeout_seconds: u64,
    /// How long a kept-alive connection may sit idle between requests.
    pub idle_timeout_seconds: u64,
    /// The most connections open at once, per server; more wait to be accepted.
    pub max_connections: usize,
    /// How long shutdown waits for open connections before dropping them.
    pub shutdown_deadline_seconds: u64,
}

/// `[defaults]`: what a workspace gets until it chooses otherwise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Defaults {
    /// An IANA time zone name, e.g. `Europe/Paris`.
    pub timezone: String,
    /// An ISO 4217 currency code, e.g. `EUR`.
    pub currency: String,
    /// The name of the pipeline new deals follow.
    pub pipeline: String,
    /// How numeric dates such as `3/12` are read.
    pub date_order: DateOrder,
}

/// How a numeric date such as `3/12` is read: day first (`dmy`: 3 December, as
/// most of the world writes it) or month first (`mdy`: March 12, as in the US).
/// A date that reads either way is confirmed in the reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    #[default]
    Dmy,
    Mdy,
}

/// `[log]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// A tracing filter: a level or directives such as `info,dealbot=debug`.
    pub level: String,
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// `[slack]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlackSettings {
    /// Base URL of the Slack Web API, ending in `/`.
    pub api_url: String,
    /// Whether a profile status of out of office (`:palm_tree:`, or
    /// "vacation" / "out of office" in its text) counts as time off: no nags
    /// while it lasts. Needs the `users.profile:read` scope.
    pub status_means_away: bool,
}

/// `[discord]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordSettings {
    /// Base URL of the Discord HTTP API.
    pub api_url: String,
    /// Guilds to register `/deal` in (instant, for development); empty registers
    /// it globally.
    pub guild_ids: Vec<u64>,
    /// How long a lost gateway connection may take to come back before
    /// `/readyz` reports it.
    pub reconnect_window_seconds: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database: DatabaseSettings::default(),
            server: ServerSettings::default(),
            defaults: Defaults::default(),
            log: LogSettings::default(),
            slack: SlackSettings::default(),
            discord: DiscordSettings::default(),
            outbox: OutboxSettings::default(),
            scheduler: SchedulerSettings::default(),
            nags: NagSettings::default(),
            digests: Vec::new(),
            holidays: Vec::new(),
            pipelines: vec![
                Pipeline::new_business(),
                Pipeline::pilot(),
                Pipeline::customer(),
            ],
            buyer: BuyerSettings::default(),
            qualification: QualificationSettings::default(),
            channels: Vec::new(),
            volume: VolumeSettings::default(),
            lost: LostSettings::default(),
            users: std::collections::BTreeMap::new(),
            permissions: PermissionSettings::default(),
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: "sqlite://dealbot.db".to_owned(),
            durability: "full".to_owned(),
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            bind: "127.0.0.1:3000".to_owned(),
            admin_bind: "127.0.0.1:9090".to_owned(),
            header_read_timeout_seconds: 10,
            body_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            max_connections: 1024,
            shutdown_deadline_seconds: 10,
        }
    }
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            timezone: "UTC".to_owned(),
            currency: "USD".to_owned(),
            pipeline: Pipeline::NEW_BUSINESS.to_owned(),
            date_order: DateOrder::default(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            level: "info".to_owned(),
            format: LogFormat::Text,
        }
    }
}

impl Default for SlackSettings {
    fn default() -> Self {
        SlackSettings {
            api_url: "https://slack.com/api/".to_owned(),
            status_means_away: false,
        }
    }
}

impl Default for DiscordSettings {
    fn default() -> Self {
        DiscordSettings {
            api_url: "https://discord.com/api/v10".to_owned(),
            guild_ids: Vec::new(),
            reconnect_window_seconds: 30,
        }
    }
}

impl DatabaseSettings {
    /// The URL with any password (after the user name or as a `password=`
    /// parameter) replaced by `***`, fit for logs and output.
    pub fn redacted_url(&self) -> String {
        dealbot_storage::redact_url(&self.url)
    }

    /// The durability chosen; `None` if `durability` names none (the check
    /// reports it).
    pub fn durability(&self) -> Option<dealbot_storage::Durability> {
        match self.durability.as_str() {
            "full" => Some(dealbot_storage::Durability::Full),
            "os" => Some(dealbot_storage::Durability::Os),
            _ => None,
        }
    }
}

/// Hides the password, which a PostgreSQL URL may carry.
impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &self.redacted_url())
            .field("durability", &self.durability)
            .finish()
    }
}

impl Settings {
    /// Reads the TOML file at `path` and the environment. When the file does not
    /// exist, that is an error if `explicit` (the operator named it) and
    /// otherwise the built-in defaults are used. Does not check what the values
    /// mean: follow with [`Settings::validated`].
    pub fn load(path: &Path, explicit: bool) -> Result<Settings, ConfigError> {
        let mut figment = Figment::new();
        match path.try_exists() {
            Ok(true) => figment = figment.merge(Toml::file_exact(path)),
            Ok(false) if !explicit => {}
            Ok(false) => {
                return Err(load_error(
                    path,
                    "the file does not exist: create it (the project ships a \
                     documented config/dealbot.toml) or pass another --config",
                ))
            }
            Err(err) => return Err(load_error(path, &format!("cannot read the file: {err}"))),
        }
        figment = figment.merge(prefixed_env());
        if let Some(url) = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            figment = figment.merge(Serialized::default("database.url", url));
        }
        figment.extract().map_err(|err| ConfigError::Load {
            path: path.to_owned(),
            problems: err.into_iter().map(|e| describe(path, e)).collect(),
        })
    }

    /// `self` if [`Settings::problems`] finds nothing, or every problem at once.
    pub fn validated(self) -> Result<Settings, ConfigError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(ConfigError::Invalid(problems))
        }
    }

    /// The default time zone; UTC if `defaults.timezone` is not a valid name
    /// (which [`Settings::validated`] rules out).
    pub fn default_timezone(&self) -> chrono_tz::Tz {
        self.defaults.timezone.parse().unwrap_or(chrono_tz::Tz::UTC)
    }

    /// The pipeline called `name`, compared like stage names (case, `-` and `_`
    /// do not matter).
    pub fn pipeline(&self, name: &str) -> Option<&Pipeline> {
        self.pipelines
            .iter()
            .find(|p| pipeline::same_name(&p.name, name))
    }

    /// The pipeline new deals follow (`defaults.pipeline`); always `Some` once
    /// validated.
    pub fn default_pipeline(&self) -> Option<&Pipeline> {
        self.pipeline(&self.defaults.pipeline)
    }

    /// The pipeline new deals opened in `channel` follow: the channel's own
    /// (`[[channels]]`), else the default.
    pub fn pipeline_for_channel(&self, channel: Option<&str>) -> Option<&Pipeline> {
        channel
            .and_then(|id| self.channels.iter().find(|c| c.id == id))
            .and_then(|c| self.pipeline(&c.pipeline))
            .or_else(|| self.default_pipeline())
    }
}

/// The `DEALBOT_` variables that are configuration keys, as keys.
fn prefixed_env() -> Env {
    Env::prefixed(ENV_PREFIX).filter_map(|var| config_key(var.as_str()).map(Into::into))
}

/// The key a `DEALBOT_` variable sets, given its name without the prefix:
/// `SLACK_API_URL` → `slack.api_url`; `None` for variables that are not
/// configuration (`TEST_*`, `LOG`, `CONFIG`).
fn config_key(var: &str) -> Option<String> {
    let upper = var.to_ascii_uppercase();
    if upper.starts_with("TEST_") || ENV_NOT_CONFIG.contains(&upper.as_str()) {
        return None;
    }
    Some(var.to_ascii_lowercase().replacen('_', ".", 1))
}

fn load_error(path: &Path, message: &str) -> ConfigError {
    ConfigError::Load {
        path: path.to_owned(),
        problems: vec![ConfigProblem::new(path.display().to_string(), message)],
    }
}

/// Turns one figment error into a problem located at its key, or at the
/// environment variable that set it.
fn describe(path: &Path, err: figment::Error) -> ConfigProblem {
    let key = key_path(&err.path);
    let from_env = err
        .metadata
        .as_ref()
        .is_some_and(|md| md.name.contains("environment"));
    let location = if from_env {
        env_location(&err.path, &key)
    } else if key.is_empty() {
        match err.metadata.as_ref().and_then(|md| md.source.as_ref()) {
            Some(Source::File(file)) => file.display().to_string(),
            _ => path.display().to_string(),
        }
    } else {
        key
    };
    let message = match &err.kind {
        // Written out here: figment's own wording doubles the backquotes.
        figment::error::Kind::UnknownField(name, expected) => format!(
            "unknown key `{name}` (the keys here are {}){}",
            expected.join(", "),
            unknown_key_advice(&err.path)
        ),
        kind => kind.to_string(),
    };
    ConfigProblem::new(location, message)
}

/// `["pipelines", "0", "stages"]` → `pipelines[0].stages`.
fn key_path(segments: &[String]) -> String {
    let mut key = String::new();
    for segment in segments {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            key.push_str(&format!("[{segment}]"));
        } else {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(segment);
        }
    }
    key
}

/// The variable that set `segments`: `DEALBOT_SERVER_BIND`, followed by the
/// key path when the variable holds more than one key (`DEALBOT_PIPELINES`).
fn env_location(segments: &[String], key: &str) -> String {
    let covered = match segments {
        [section, name, ..] if !name.bytes().all(|b| b.is_ascii_digit()) => {
            vec![section.as_str(), name.as_str()]
        }
        [section, ..] => vec![section.as_str()],
        [] => vec![],
    };
    let var = format!("{ENV_PREFIX}{}", covered.join("_").to_ascii_uppercase());
    if covered.len() == segments.len() {
        var
    } else {
        format!("{var} ({key})")
    }
}

/// How to fix an unknown key: secrets belong in the environment, anything else
/// is probably misspelt.
fn unknown_key_advice(segments: &[String]) -> String {
    let names: Vec<&str> = segments.iter().map(String::as_str).collect();
    let secret = match names.as_slice() {
        ["slack", "bot_token" | "token"] => Some("SLACK_BOT_TOKEN"),
        ["slack", "signing_secret"] => Some("SLACK_SIGNING_SECRET"),
        ["slack", "app_token"] => Some("SLACK_APP_TOKEN"),
        ["discord", "token" | "bot_token"] => Some("DISCORD_TOKEN"),
        ["discord", "public_key"] => Some("DISCORD_PUBLIC_KEY"),
        ["discord", "application_id"] => Some("DISCORD_APPLICATION_ID"),
        _ => None,
    };
    let last = names
        .last()
        .copied()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if let Some(var) = secret {
        format!(
            "; secrets are never read from the configuration: remove this key \
             and set the environment variable {var} instead"
        )
    } else if ["secret", "token", "password", "key"]
        .iter()
        .any(|word| last.contains(word))
    {
        format!(
            "; secrets are never read from the configuration: remove this key \
             and set them in the environment ({})",
            Secrets::ENV_VARS.join(", ")
        )
    } else {
        "; remove it or correct its spelling".to_owned()
    }
}

/// One thing wrong with the configuration: where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The key (`pipelines[0].stages[2] ("Qualifying").probability`), the
    /// environment variable, or the file the problem is in.
    pub location: String,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl ConfigProblem {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigProblem {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why there are no usable settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file or the environment could not be read or did not have the
    /// expected shape (syntax, types, unknown keys).
    #[error("cannot load the configuration from {}:{}", path.display(), Lines(problems))]
    Load {
        path: PathBuf,
        problems: Vec<ConfigProblem>,
    },
    /// The values were read but some make no sense.
    #[error("the configuration has {} problem(s):{}", .0.len(), Lines(.0))]
    Invalid(Vec<ConfigProblem>),
}

impl ConfigError {
    /// Every problem, whichever step found them.
    pub fn problems(&self) -> &[ConfigProblem] {
        match self {
            ConfigError::Load { problems, .. } | ConfigError::Invalid(problems) => problems,
        }
    }
}

/// Problems one per line, indented under the error's first line.
struct Lines<'a>(&'a [ConfigProblem]);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Continuation lines (TOML syntax errors quote the file) go deeper still.
        self.0.iter().try_for_each(|problem| {
            write!(f, "\n  {}", problem.to_string().replace('\n', "\n    "))
        })
    }
}

/// Credentials, read only from the environment. An unset or empty variable is
/// `None`. `Debug` never shows the values.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    pub slack_bot_token: Option<SecretString>,
    pub slack_signing_secret: Option<SecretString>,
    /// For Socket Mode.
    pub slack_app_token: Option<SecretString>,
    pub discord_token: Option<SecretString>,
    pub discord_public_key: Option<SecretString>,
    pub discord_application_id: Option<SecretString>,
}

impl Secrets {
    /// The environment variables secrets are read from.
    pub const ENV_VARS: [&'static str; 6] = [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "DISCORD_TOKEN",
        "DISCORD_PUBLIC_KEY",
        "DISCORD_APPLICATION_ID",
    ];

    /// Reads [`Secrets::ENV_VARS`] from the process environment.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the secrets through `lookup` (a variable name to its value), for
    /// callers that keep their environment elsewhere, such as tests.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            lookup(name)
                .filter(|value| !value.is_empty())
                .map(SecretString::from)
        };
        Secrets {
            slack_bot_token: get("SLACK_BOT_TOKEN"),
            slack_signing_secret: get("SLACK_SIGNING_SECRET"),
            slack_app_token: get("SLACK_APP_TOKEN"),
            discord_token: get("DISCORD_TOKEN"),
            discord_public_key: get("DISCORD_PUBLIC_KEY"),
            discord_application_id: get("DISCORD_APPLICATION_ID"),
        }
    }
}

#[cfg(test)]
// `Jail` closures must return `figment::Result`, whose error type is large.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;
    use secrecy::ExposeSecret;

    const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/dealbot.toml");

    /// Unsets, for the jail's lifetime, every variable `load` or `Secrets` read,
    /// so that the developer's or CI's environment cannot leak into a test.
    /// Variables the loader ignores are left alone: other tests may read them.
    fn isolate(jail: &mut Jail) {
        let read_here = |name: &str| {
            let upper = name.to_ascii_uppercase();
            upper
                .strip_prefix(ENV_PREFIX)
                .is_some_and(|rest| config_key(rest).is_some())
                || upper == "DATABASE_URL"
                || Secrets::ENV_VARS.contains(&upper.as_str())
        };
        let names: Vec<String> = std::env::vars_os()
            .filter_map(|(name, _)| name.into_string().ok())
            .filter(|name| read_here(name))
            .collect();
        for name in names {
            jail.set_env(&name, ""); // the jail restores the real value on drop
            std::env::remove_var(&name);
        }
    }

    /// Loads `toml` (written to a file in the jail) and the jail's environment.
    fn load_str(jail: &Jail, toml: &str) -> Result<Settings, ConfigError> {
        jail.create_file("dealbot.toml", toml).expect("jail file");
        Settings::load(Path::new("dealbot.toml"), true)
    }

    fn load_problems(jail: &Jail, toml: &str) -> Vec<ConfigProblem> {
        match load_str(jail, toml) {
            Err(err @ ConfigError::Load { .. }) => err.problems().to_vec(),
            other => panic!("expected a load error, got {other:?}"),
        }
    }

    #[test]
    fn shipped_example_is_the_defaults_and_has_no_problems() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let settings = Settings::load(Path::new(SHIPPED), true).expect("shipped config loads");
            assert_eq!(settings.problems(), []);
            assert_eq!(settings, Settings::default());
            Ok(())
        });
    }

    #[test]
    fn empty_file_gives_the_defaults() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let settings = load_str(jail, "").expect("empty file loads");
            assert_eq!(settings, Settings::default());
            assert_eq!(settings.default_pipeline(), Some(&Pipeline::new_business()));
            assert_eq!(settings.default_timezone(), chrono_tz::Tz::UTC);
            Ok(())
        });
    }

    #[test]
    fn missing_file_is_an_error_only_when_named_explicitly() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let path = Path::new("nowhere/dealbot.toml");
            let settings = Settings::load(path, false).expect("defaults without a file");
            assert_eq!(settings, Settings::default());
            let err = Settings::load(path, true).expect_err("explicit path must exist");
            assert!(err.to_string().contains("nowhere/dealbot.toml"), "{err}");
            assert!(err.to_string().contains("does not exist"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_the_file() {
        Jail::expect_with(|jail| {
            isolate(jail);
            jail.set_env("DEALBOT_DATABASE_URL", "postgres://db/deals");
            jail.set_env("DEALBOT_SERVER_BIND", "0.0.0.0:8080");
            jail.set_env("DEALBOT_SLACK_API_URL", "http://127.0.0.1:9000/api/");
            jail.set_env("DEALBOT_DEFAULTS_TIMEZONE", "Europe/Paris");
            jail.set_env("DEALBOT_LOG_LEVEL", "info,dealbot=debug");
            jail.set_env("DEALBOT_LOG_FORMAT", "json");
            let settings = load_str(jail, "[server]\nbind = \"127.0.0.1:1\"\n").expect("loads");
            assert_eq!(settings.database.url, "postgres://db/deals");
            assert_eq!(settings.server.bind, "0.0.0.0:8080");
            assert_eq!(settings.slack.api_url, "http://127.0.0.1:9000/api/");
            assert_eq!(settings.default_timezone(), chrono_tz::Europe::Paris);
            assert_eq!(settings.log.level, "info,dealbot=debug");
            assert_eq!(settings.log.format, LogFormat::Json);
            assert_eq!(settings.problems(), []);
            Ok(())
        });
    }

    #[test]
    fn database_url_overrides_everything() {
        Jail::expect_with(|jail| {
            isolate(jail);
            jail.set_env("DEALBOT_DATABASE_URL", "sqlite://from-prefixed.db");
            jail.set_env("DATABASE_URL", "postgres://u:p@host/deals");
            let settings =
                load_str(jail, "[database]\nurl = \"sqlite://file.db\"\n").expect("loads");
            assert_eq!(settings.database.url, "postgres://u:p@host/deals");
            Ok(())
        });
    }

    #[test]
    fn first_underscore_separates_section_from_key() {
        assert_eq!(config_key("DATABASE_URL").as_deref(), Some("database.url"));
        assert_eq!(
            config_key("SLACK_API_URL").as_deref(),
            Some("slack.api_url")
        );
        assert_eq!(
            config_key("DEFAULTS_TIMEZONE").as_deref(),
            Some("defaults.timezone")
        );
        assert_eq!(config_key("LOG_LEVEL").as_deref(), Some("log.level"));
    }

    #[test]
    fn variables_that_are_not_configuration_are_not_keys() {
        for var in ["TEST_POSTGRES_URL", "test_anything", "LOG", "CONFIG"] {
            assert_eq!(config_key(var), None, "{var}");
        }
    }

    #[test]
    fn ignored_and_empty_variables_do_not_change_the_settings() {
        Jail::expect_with(|jail| {
            isolate(jail);
            jail.set_env("DEALBOT_TEST_CONFIG_MODULE_PROBE", "1");
            jail.set_env("DATABASE_URL", "");
            assert_eq!(load_str(jail, "").expect("loads"), Settings::default());
            Ok(())
        });
    }

    #[test]
    fn unknown_key_is_named() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let problems = load_problems(jail, "[server]\nport = 3000\n");
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].location, "server.port");
            assert!(
                problems[0].message.contains("`port`"),
                "{}",
                problems[0].message
            );
            assert!(
                problems[0].message.contains("the keys here are bind"),
                "{}",
                problems[0].message
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_key_in_a_stage_has_its_index() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let toml = "[[pipelines]]\nname = \"x\"\n\n[[pipelines.stages]]\nname = \"A\"\n\
                        probability = 10\nmax_days = 3\nmaxdays = 3\n";
            let problems = load_problems(jail, toml);
            assert_eq!(problems[0].location, "pipelines[0].stages[0].maxdays");
            Ok(())
        });
    }

    #[test]
    fn private_channel_deals_is_private_unless_a_pipeline_shares_them() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let pipeline = |extra: &str| {
                format!(
                    "[[pipelines]]\nname = \"x\"\n{extra}\n[[pipelines.stages]]\nname = \"A\"\n\
                     probability = 10\nmax_days = 3\n"
                )
            };
            let settings = load_str(jail, &pipeline("")).expect("loads");
            assert_eq!(
                settings.pipelines[0].private_channel_deals,
                PrivateChannelDeals::Private
            );
            let settings =
                load_str(jail, &pipeline("private_channel_deals = \"shared\"")).expect("loads");
            assert_eq!(
                settings.pipelines[0].private_channel_deals,
                PrivateChannelDeals::Shared
            );
            let problems = load_problems(jail, &pipeline("private_channel_deals = \"public\""));
            assert_eq!(problems[0].location, "pipelines[0].private_channel_deals");
            assert!(
                problems[0].message.contains("private") && problems[0].message.contains("shared"),
                "{}",
                problems[0].message
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_key_from_the_environment_names_the_variable() {
        Jail::expect_with(|jail| {
            isolate(jail);
            jail.set_env("DEALBOT_SERVER_PORT", "3000");
            let problems = load_problems(jail, "");
            assert_eq!(problems[0].location, "DEALBOT_SERVER_PORT");
            Ok(())
        });
    }

    #[test]
    fn secrets_in_the_file_are_refused_with_their_variable() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let problems = load_problems(jail, "[slack]\nbot_token = \"xoxb-123\"\n");
            assert_eq!(problems[0].location, "slack.bot_token");
            assert!(
                problems[0].message.contains("SLACK_BOT_TOKEN"),
                "{}",
                problems[0].message
            );
            assert!(
                !problems[0].message.contains("xoxb-123"),
                "the secret leaked"
            );

            let problems = load_problems(jail, "[secrets]\ndiscord_token = \"abc\"\n");
            assert_eq!(problems[0].location, "secrets");
            for var in Secrets::ENV_VARS {
                assert!(problems[0].message.contains(var), "{}", problems[0].message);
            }
            Ok(())
        });
    }

    #[test]
    fn wrong_type_names_the_key() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let problems = load_problems(jail, "[server]\nbind = 3000\n");
            assert_eq!(problems[0].location, "server.bind");
            let problems = load_problems(jail, "[log]\nformat = \"yaml\"\n");
            assert_eq!(problems[0].location, "log.format");
            assert!(
                problems[0].message.contains("`json`"),
                "{}",
                problems[0].message
            );
            Ok(())
        });
    }

    #[test]
    fn syntax_error_names_the_file_and_line() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let err = load_str(jail, "[server\nbind = 1\n").expect_err("bad TOML");
            let text = err.to_string();
            assert!(text.contains("dealbot.toml"), "{text}");
            assert!(text.contains("line 1"), "{text}");
            Ok(())
        });
    }

    #[test]
    fn a_config_with_three_problems_reports_all_three() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let toml = "[defaults]\ntimezone = \"Mars/Olympus\"\ncurrency = \"usd\"\n\n\
                        [server]\nbind = \"localhost\"\n";
            let err = load_str(jail, toml)
                .expect("loads")
                .validated()
                .expect_err("invalid");
            let locations: Vec<&str> = err.problems().iter().map(|p| p.location.as_str()).collect();
            assert_eq!(
                locations,
                ["server.bind", "defaults.timezone", "defaults.currency"]
            );
            let text = err.to_string();
            assert_eq!(text.lines().count(), 4, "{text}");
            assert!(
                text.lines().skip(1).all(|line| line.starts_with("  ")),
                "{text}"
            );
            Ok(())
        });
    }

    #[test]
    fn secrets_come_from_the_environment_and_never_show_in_debug() {
        Jail::expect_with(|jail| {
            isolate(jail);
            let values = [
                "xoxb-bot",
                "signing-s3cret",
                "xapp-app",
                "discord-t0ken",
                "pubkey-hex",
                "1234567890",
            ];
            for (name, value) in Secrets::ENV_VARS.iter().zip(values) {
                jail.set_env(name, value);
            }
            let secrets = Secrets::from_env();
            let exposed: Vec<Option<&str>> = [
                &secrets.slack_bot_token,
                &secrets.slack_signing_secret,
                &secrets.slack_app_token,
                &secrets.discord_token,
                &secrets.discord_public_key,
                &secrets.discord_application_id,
            ]
            .iter()
            .map(|s| s.as_ref().map(|s| s.expose_secret()))
            .collect();
            assert_eq!(exposed, values.map(Some));
            let debug = format!("{secrets:?}");
            for value in values {
                assert!(!debug.contains(value), "{debug}");
            }
            assert!(debug.contains("REDACTED"), "{debug}");
            Ok(())
        });
    }

    #[test]
    fn unset_or_empty_secrets_are_none() {
        let secrets = Secrets::from_lookup(|name| (name == "SLACK_BOT_TOKEN").then(String::new));
        assert!(secrets.slack_bot_token.is_none());
        assert!(secrets.discord_token.is_none());
    }

    #[test]
    fn database_password_is_hidden_from_debug() {
        let mut settings = Settings::default();
        settings.database.url = "postgres://dealbot:hunter2@db:5432/deals?sslmode=require".into();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(
            debug.contains("postgres://dealbot:***@db:5432/deals?sslmode=require"),
            "{debug}"
        );
        settings.database.url = "postgres://db/deals?user=dealbot&password=hunter2".into();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert_eq!(
            settings.database.redacted_url(),
            "postgres://db/deals?user=dealbot&password=***"
        );
    }
}
