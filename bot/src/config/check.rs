//! The meaning of the settings: every value that was read but makes no sense,
//! each reported with where it is and how to fix it ([`Settings::problems`]).

use std::collections::HashMap;
use std::net::SocketAddr;

use super::pipeline::{normalize, Pipeline, LOST, WON};
use super::{ConfigProblem, Settings};

const LOG_LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];

impl Settings {
    /// Every semantic problem, in file order; empty when the settings are usable.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        self.check_database(&mut problems);
        self.check_server(&mut problems);
        self.check_defaults(&mut problems);
        self.check_log(&mut problems);
        check_api_url("slack.api_url", &self.slack.api_url, &mut problems);
        check_api_url("discord.api_url", &self.discord.api_url, &mut problems);
        let discord_url = &self.discord.api_url;
        if discord_url.starts_with("http")
            && !discord_url.trim_end_matches('/').ends_with("/api/v10")
        {
            problems.push(ConfigProblem::new(
                "discord.api_url",
                "must end in /api/v10, the API version dealbot speaks: \
                 https://discord.com/api/v10, or http://127.0.0.1:PORT/api/v10 for a fake",
            ));
        }
        if self.discord.guild_ids.contains(&0) {
            problems.push(ConfigProblem::new(
                "discord.guild_ids",
                "0 is not a guild id: copy the server's id (Developer Mode, right-click the server, Copy Server ID)",
            ));
        }
        check_pipelines(&self.pipelines, &mut problems);
        super::schedules::check(
            &self.nags,
            &self.digests,
            &self.outbox,
            crate::core::values::check_cron,
            crate::core::values::check_digest_cron,
            |zone| zone.parse::<chrono_tz::Tz>().is_ok(),
            &mut problems,
        );
        super::holidays::check(&self.holidays, &mut problems);
        self.check_sales_references(&mut problems);
        self.volume.check(&mut problems);
        self.lost.check(&mut problems);
        self.check_import(&mut problems);
        self.permissions.check(&mut problems);
        problems
    }

    fn check_database(&self, problems: &mut Vec<ConfigProblem>) {
        if self.database.durability().is_none() {
            problems.push(ConfigProblem::new(
                "database.durability",
                format!(
                    "unknown durability {:?}: use \"full\" (the default: a command is \
                     acknowledged once its commit is on the disk) or \"os\" (once it is \
                     with the operating system; a power loss can lose the last ones)",
                    self.database.durability
                ),
            ));
        }
        let url = &self.database.url;
        let supported = ["sqlite:", "postgres://", "postgresql://"];
        if !supported.iter().any(|prefix| url.starts_with(prefix)) {
            // Only the scheme is repeated: the rest may hold a password.
            let scheme = url.split_once(':').map_or(url.as_str(), |(s, _)| s);
            problems.push(ConfigProblem::new(
                "database.url",
                format!(
                    "unsupported database URL (scheme {scheme:?}): use sqlite://PATH \
                     for SQLite or postgres://USER:PASSWORD@HOST/DB for PostgreSQL"
                ),
            ));
        } else if url.starts_with("sqlite::memory:") || url.contains("mode=memory") {
            problems.push(ConfigProblem::new(
                "database.url",
                "an in-memory SQLite database loses every deal when the bot stops: \
                 name a file, such as sqlite://dealbot.db",
            ));
        }
    }

    fn check_server(&self, problems: &mut Vec<ConfigProblem>) {
        let bind = &self.server.bind;
        if bind.parse::<SocketAddr>().is_err() {
            problems.push(ConfigProblem::new(
                "server.bind",
                format!(
                    "{bind:?} is not a socket address: write IP:PORT, such as \
                     \"127.0.0.1:3000\" (this machine only) or \"0.0.0.0:3000\" (everyone)"
                ),
            ));
        }
        let admin = &self.server.admin_bind;
        if !admin.is_empty() {
            match admin.parse::<SocketAddr>() {
                Err(_) => problems.push(ConfigProblem::new(
                    "server.admin_bind",
                    format!(
                        "{admin:?} is not a socket address: write IP:PORT, such as \
                         \"127.0.0.1:9090\", or \"\" to serve no metrics"
                    ),
                )),
                Ok(address)
                    if address.port() != 0 && Some(address) == bind.parse::<SocketAddr>().ok() =>
                {
                    problems.push(ConfigProblem::new(
                        "server.admin_bind",
                        "must differ from server.bind: metrics and readiness details \
                         are kept off the public address (the default is 127.0.0.1:9090)",
                    ));
                }
                Ok(_) => {}
            }
        }
        let server = &self.server;
        for (key, value) in [
            (
                "server.header_read_timeout_seconds",
                server.header_read_timeout_seconds,
            ),
            ("server.body_timeout_seconds", server.body_timeout_seconds),
            ("server.idle_timeout_seconds", server.idle_timeout_seconds),
            (
                "server.shutdown_deadline_seconds",
                server.shutdown_deadline_seconds,
            ),
        ] {
            if value == 0 || value > 3600 {
                problems.push(ConfigProblem::new(
                    key,
                    format!("{value} is out of range: give a number of seconds from 1 to 3600"),
                ));
            }
        }
        if server.max_connections == 0 {
            problems.push(ConfigProblem::new(
                "server.max_connections",
                "0 would refuse every connection: give the most connections to keep open \
                 at once, such as 1024",
            ));
        }
        if self.discord.reconnect_window_seconds == 0 {
            problems.push(ConfigProblem::new(
                "discord.reconnect_window_seconds",
                "give the seconds a lost gateway connection may take to come back, such as 30",
            ));
        }
    }

    fn check_defaults(&self, problems: &mut Vec<ConfigProblem>) {
        let defaults = &self.defaults;
        if defaults.timezone.parse::<chrono_tz::Tz>().is_err() {
            problems.push(ConfigProblem::new(
                "defaults.timezone",
                format!(
                    "{:?} is not an IANA time zone: use a name such as \"UTC\", \
                     \"Europe/Paris\" or \"America/New_York\" (case matters)",
                    defaults.timezone
                ),
            ));
        }
        let currency = &defaults.currency;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(ConfigProblem::new(
                "defaults.currency",
                format!(
                    "{currency:?} is not an ISO 4217 currency code: write three \
                     upper-case letters, such as \"USD\" or \"EUR\""
                ),
            ));
        }
        if !self.pipelines.is_empty() && self.pipeline(&defaults.pipeline).is_none() {
            let known: Vec<String> = self
                .pipelines
                .iter()
                .map(|p| format!("{:?}", p.name))
                .collect();
            problems.push(ConfigProblem::new(
                "defaults.pipeline",
                format!(
                    "there is no pipeline called {:?}: set it to one of {}",
                    defaults.pipeline,
                    known.join(", ")
                ),
            ));
        }
    }

    fn check_log(&self, problems: &mut Vec<ConfigProblem>) {
        let level = self.log.level.trim();
        let known = LOG_LEVELS.iter().any(|l| l.eq_ignore_ascii_case(level));
        if !known && !level.contains('=') {
            problems.push(ConfigProblem::new(
                "log.level",
                format!(
                    "{:?} is not a log filter: use one of {} or directives such as \
                     \"info,dealbot=debug\"",
                    self.log.level,
                    LOG_LEVELS.join(", ")
                ),
            ));
        }
    }
}

fn check_api_url(location: &str, url: &str, problems: &mut Vec<ConfigProblem>) {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        problems.push(ConfigProblem::new(
            location,
            format!(
                "{url:?} is not an HTTP URL: write it with https:// (or http:// for a local fake)"
            ),
        ));
    }
}

fn check_pipelines(pipelines: &[Pipeline], problems: &mut Vec<ConfigProblem>) {
    if pipelines.is_empty() {
        problems.push(ConfigProblem::new(
            "pipelines",
            "no pipeline is defined: add a [[pipelines]] table, or remove \
             `pipelines = []` to get the default new-business pipeline",
        ));
    }
    let mut first_index: HashMap<String, usize> = HashMap::new();
    for (index, pipeline) in pipelines.iter().enumerate() {
        let here = format!("pipelines[{index}] ({:?})", pipeline.name);
        let key = normalize(&pipeline.name);
        if key.is_empty() {
            problems.push(ConfigProblem::new(
                format!("{here}.name"),
                "a pipeline needs a name, such as \"new-business\"",
            ));
        } else if let Some(first) = first_index.get(&key) {
            problems.push(ConfigProblem::new(
                format!("{here}.name"),
                format!(
                    "pipelines[{first}] already has this name (case, '-' and '_' are \
                     ignored when comparing): give each pipeline its own name"
                ),
            ));
        } else {
            first_index.insert(key, index);
        }
        check_stages(&here, pipeline, problems);
    }
}

fn check_stages(here: &str, pipeline: &Pipeline, problems: &mut Vec<ConfigProblem>) {
    if pipeline.stages.is_empty() {
        problems.push(ConfigProblem::new(
            format!("{here}.stages"),
            "the pipeline has no stages: add at least one [[pipelines.stages]] \
             with a name, a probability and max_days",
        ));
    }
    let mut first_index: HashMap<String, usize> = HashMap::new();
    for (index, stage) in pipeline.stages.iter().enumerate() {
        let at = format!("{here}.stages[{index}] ({:?})", stage.name);
        let key = normalize(&stage.name);
        if key.is_empty() {
            problems.push(ConfigProblem::new(
                format!("{at}.name"),
                "a stage needs a name, such as \"Qualifying\"",
            ));
        } else if key == normalize(WON) || key == normalize(LOST) {
            problems.push(ConfigProblem::new(
                format!("{at}.name"),
                format!(
                    "{WON:?} and {LOST:?} are reserved: every pipeline ends in them \
                     without listing them, so remove this stage"
                ),
            ));
        } else if let Some(first) = first_index.get(&key) {
            problems.push(ConfigProblem::new(
                format!("{at}.name"),
                format!(
                    "stages[{first}] of this pipeline already has this name (case, '-' \
                     and '_' are ignored when comparing): give each stage its own name"
                ),
            ));
        } else {
            first_index.insert(key, index);
        }
        if !(0.0..=100.0).contains(&stage.probability) {
            problems.push(ConfigProblem::new(
                format!("{at}.probability"),
                format!(
                    "{} is not between 0 and 100: probabilities are percentages, \
                     so write 35 for a 35% chance of winning",
                    stage.probability
                ),
            ));
        }
        if stage.max_days == 0 {
            problems.push(ConfigProblem::new(
                format!("{at}.max_days"),
                "must be at least 1: it is how many days a deal may stay in this \
                 stage before it counts as stalled",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Pipeline, Settings, Stage};

    /// The (location, message) of each problem of `settings`.
    fn problems(settings: &Settings) -> Vec<(String, String)> {
        settings
            .problems()
            .into_iter()
            .map(|p| (p.location, p.message))
            .collect()
    }

    /// Asserts `settings` has exactly one problem, at `location`, whose
    /// message contains `hint`.
    fn assert_one(settings: &Settings, location: &str, hint: &str) {
        let found = problems(settings);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, location, "{found:#?}");
        assert!(found[0].1.contains(hint), "{:?} lacks {hint:?}", found[0].1);
    }

    fn with_stages(stages: Vec<Stage>) -> Settings {
        let mut settings = Settings::default();
        settings.pipelines[0].stages = stages;
        // The shipped import names name the shipped stages.
        settings.pipelines[0].import_names.clear();
        settings
    }

    #[test]
    fn defaults_have_no_problems() {
        assert_eq!(problems(&Settings::default()), []);
    }

    #[test]
    fn unknown_default_pipeline_lists_the_known_ones() {
        let mut settings = Settings::default();
        settings.pipelines.push(Pipeline {
            name: "renewals".into(),
            ..Pipeline::new_business()
        });
        settings.defaults.pipeline = "enterprise".into();
        assert_one(
            &settings,
            "defaults.pipeline",
            r#""new-business", "pilot", "customer", "renewals""#,
        );
    }

    #[test]
    fn default_pipeline_is_compared_like_stage_names() {
        let mut settings = Settings::default();
        settings.defaults.pipeline = "New_Business".into();
        assert_eq!(problems(&settings), []);
    }

    #[test]
    fn empty_pipeline_list() {
        let mut settings = Settings::default();
        settings.pipelines.clear();
        assert_one(&settings, "pipelines", "[[pipelines]]");
    }

    #[test]
    fn pipeline_without_stages() {
        assert_one(
            &with_stages(vec![]),
            r#"pipelines[0] ("new-business").stages"#,
            "add at least one",
        );
    }

    #[test]
    fn duplicate_pipeline_names() {
        let mut settings = Settings::default();
        settings.pipelines.push(Pipeline {
            name: "New-Business".into(),
            ..Pipeline::new_business()
        });
        assert_one(
            &settings,
            r#"pipelines[3] ("New-Business").name"#,
            "pipelines[0] already has this name",
        );
    }

    #[test]
    fn blank_names() {
        let mut settings = with_stages(vec![Stage::new(" ", 10.0, 5)]);
        settings.pipelines.push(Pipeline {
            name: String::new(),
            ..Pipeline::new_business()
        });
        let found = problems(&settings);
        let locations: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            locations,
            [
                r#"pipelines[0] ("new-business").stages[0] (" ").name"#,
                r#"pipelines[3] ("").name"#
            ]
        );
    }

    #[test]
    fn duplicate_stage_names_ignore_case_and_separators() {
        let mut settings = Settings::default();
        settings.pipelines[0]
            .stages
            .push(Stage::new("building_RAPPORT", 50.0, 7));
        assert_one(
            &settings,
            r#"pipelines[0] ("new-business").stages[5] ("building_RAPPORT").name"#,
            "stages[1] of this pipeline already has this name",
        );
    }

    #[test]
    fn won_and_lost_are_reserved() {
        let settings = with_stages(vec![
            Stage::new("Prospecting", 10.0, 5),
            Stage::new("won", 100.0, 1),
        ]);
        assert_one(
            &settings,
            r#"pipelines[0] ("new-business").stages[1] ("won").name"#,
            "reserved",
        );
        let settings = with_stages(vec![Stage::new("LOST", 0.0, 1)]);
        assert_one(
            &settings,
            r#"pipelines[0] ("new-business").stages[0] ("LOST").name"#,
            "reserved",
        );
    }

    #[test]
    fn probability_must_be_a_percentage() {
        for bad in [-1.0, 100.5, 350.0, f64::NAN] {
            let settings = with_stages(vec![Stage::new("Qualifying", bad, 21)]);
            assert_one(
                &settings,
                r#"pipelines[0] ("new-business").stages[0] ("Qualifying").probability"#,
                "percentages",
            );
        }
        for good in [0.0, 0.5, 35.0, 100.0] {
            assert_eq!(
                problems(&with_stages(vec![Stage::new("Qualifying", good, 21)])),
                []
            );
        }
    }

    #[test]
    fn max_days_of_zero() {
        let settings = with_stages(vec![Stage::new("Closing", 80.0, 0)]);
        assert_one(
            &settings,
            r#"pipelines[0] ("new-business").stages[0] ("Closing").max_days"#,
            "stalled",
        );
    }

    #[test]
    fn invalid_time_zone() {
        let mut settings = Settings::default();
        settings.defaults.timezone = "Europe/Pariss".into();
        assert_one(&settings, "defaults.timezone", "IANA");
        settings.defaults.timezone = "America/New_York".into();
        assert_eq!(problems(&settings), []);
    }

    #[test]
    fn currency_must_be_three_upper_case_letters() {
        for bad in ["usd", "US", "EURO", "U$D", ""] {
            let mut settings = Settings::default();
            settings.defaults.currency = bad.into();
            assert_one(&settings, "defaults.currency", "ISO 4217");
        }
    }

    #[test]
    fn database_durability_is_full_or_os() {
        let mut settings = Settings::default();
        settings.database.durability = "fast".into();
        assert_one(&settings, "database.durability", "\"os\"");
        settings.database.durability = "os".into();
        assert_eq!(problems(&settings), []);
    }

    #[test]
    fn database_url_scheme() {
        let mut settings = Settings::default();
        settings.database.url = "mysql://root:hunter2@db/deals".into();
        assert_one(&settings, "database.url", r#"scheme "mysql""#);
        assert!(
            !problems(&settings)[0].1.contains("hunter2"),
            "the password leaked"
        );
        for good in [
            "sqlite://dealbot.db",
            "postgres://u:p@h/db",
            "postgresql://h/db",
        ] {
            settings.database.url = good.into();
            assert_eq!(problems(&settings), [], "{good}");
        }
        settings.database.url = "sqlite::memory:".into();
        assert_one(&settings, "database.url", "loses every deal");
    }

    #[test]
    fn bind_must_be_a_socket_address() {
        let mut settings = Settings::default();
        settings.server.bind = "localhost:3000".into();
        assert_one(&settings, "server.bind", "IP:PORT");
        settings.server.bind = "[::1]:8080".into();
        assert_eq!(problems(&settings), []);
    }

    #[test]
    fn log_level_must_be_a_filter() {
        let mut settings = Settings::default();
        settings.log.level = "verbose".into();
        assert_one(&settings, "log.level", "error, warn, info, debug, trace");
        for good in ["DEBUG", "warn", "info,dealbot=debug", "dealbot::core=trace"] {
            settings.log.level = good.into();
            assert_eq!(problems(&settings), [], "{good}");
        }
    }

    #[test]
    fn api_urls_must_be_http() {
        let mut settings = Settings::default();
        settings.slack.api_url = "slack.com/api/".into();
        assert_one(&settings, "slack.api_url", "https://");
        settings.slack.api_url = "http://127.0.0.1:9000/api/".into();
        settings.discord.api_url = "ftp://discord.com".into();
        assert_one(&settings, "discord.api_url", "https://");
    }

    #[test]
    fn discord_api_url_names_the_version_and_guild_ids_are_real() {
        let mut settings = Settings::default();
        settings.discord.api_url = "http://127.0.0.1:9000/api/v9".into();
        assert_one(&settings, "discord.api_url", "/api/v10");
        settings.discord.api_url = "http://127.0.0.1:9000/api/v10/".into();
        assert_eq!(problems(&settings), []);
        settings.discord.guild_ids = vec![123, 0];
        assert_one(&settings, "discord.guild_ids", "Copy Server ID");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut settings = with_stages(vec![Stage::new("Won", 150.0, 0)]);
        settings.defaults.currency = "eur".into();
        let locations: Vec<String> = problems(&settings).into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            locations,
            [
                "defaults.currency",
                r#"pipelines[0] ("new-business").stages[0] ("Won").name"#,
                r#"pipelines[0] ("new-business").stages[0] ("Won").probability"#,
                r#"pipelines[0] ("new-business").stages[0] ("Won").max_days"#,
            ]
        );
    }
}
