//! Whether the environment's secrets set each chat platform up whole. A
//! platform half set up (a Discord public key with no token to post with, a
//! Slack signing secret with no bot token) would fail only at the first digest
//! or reminder; `check-config` and `dealbot run` report it at once, with the fix.

use secrecy::{ExposeSecret, SecretString};

use super::{ConfigProblem, Secrets};

/// Every way the secrets leave a platform half set up, each with its fix.
pub fn platform_problems(secrets: &Secrets) -> Vec<ConfigProblem> {
    let mut problems = Vec::new();
    slack_problems(secrets, &mut problems);
    discord_problems(secrets, &mut problems);
    problems
}

/// `DISCORD_APPLICATION_ID` as a snowflake: a positive integer of at most 20 digits.
pub fn application_id(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id != 0)
}

fn is_set(secret: &Option<SecretString>) -> bool {
    secret.is_some()
}

fn slack_problems(secrets: &Secrets, problems: &mut Vec<ConfigProblem>) {
    let receives = is_set(&secrets.slack_signing_secret) || is_set(&secrets.slack_app_token);
    if receives && !is_set(&secrets.slack_bot_token) {
        problems.push(ConfigProblem::new(
            "SLACK_BOT_TOKEN",
            "is not set, so dealbot could answer /deal but never post a digest, a reminder \
             or a DM: set it to the app's Bot User OAuth Token (xoxb-…, OAuth & Permissions)",
        ));
    }
    if is_set(&secrets.slack_bot_token) && !receives {
        problems.push(ConfigProblem::new(
            "SLACK_SIGNING_SECRET",
            "is not set, nor SLACK_APP_TOKEN, so Slack could never reach dealbot: set \
             SLACK_SIGNING_SECRET (Basic Information) for the HTTP routes, or SLACK_APP_TOKEN \
             (xapp-…) for Socket Mode",
        ));
    }
    if let Some(token) = &secrets.slack_app_token {
        if !token.expose_secret().starts_with("xapp-") {
            problems.push(ConfigProblem::new(
                "SLACK_APP_TOKEN",
                "is not an app-level token: it starts with xapp- (Basic Information, \
                 App-Level Tokens, with the connections:write scope)",
            ));
        }
    }
}

fn discord_problems(secrets: &Secrets, problems: &mut Vec<ConfigProblem>) {
    let token = is_set(&secrets.discord_token);
    let application = &secrets.discord_application_id;
    if let Some(key) = &secrets.discord_public_key {
        let key = key.expose_secret().trim();
        if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(ConfigProblem::new(
                "DISCORD_PUBLIC_KEY",
                "must be the application's public key: 64 hexadecimal characters \
                 (General Information on the Discord developer portal)",
            ));
        }
        if !token {
            problems.push(ConfigProblem::new(
                "DISCORD_TOKEN",
                "is not set, so dealbot could answer /deal over HTTP interactions but never \
                 register it, post a digest or DM a reminder: set it to the bot's token (Bot, \
                 Reset Token)",
            ));
        } else if application.is_none() {
            problems.push(ConfigProblem::new(
                "DISCORD_APPLICATION_ID",
                "is not set, so /deal cannot be registered for HTTP interactions: set it to \
                 the Application ID (General Information on the Discord developer portal)",
            ));
        }
    }
    if let Some(id) = application {
        if application_id(id.expose_secret()).is_none() {
            problems.push(ConfigProblem::new(
                "DISCORD_APPLICATION_ID",
                "must be the application's numeric id, such as 1234567890123456789 \
                 (General Information on the Discord developer portal)",
            ));
        } else if !token && secrets.discord_public_key.is_none() {
            problems.push(ConfigProblem::new(
                "DISCORD_TOKEN",
                "is not set, though DISCORD_APPLICATION_ID is: set it to the bot's token \
                 (Bot, Reset Token), or unset DISCORD_APPLICATION_ID to leave Discord off",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(pairs: &[(&str, &str)]) -> Secrets {
        Secrets::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_string())
        })
    }

    fn locations(pairs: &[(&str, &str)]) -> Vec<String> {
        platform_problems(&secrets(pairs))
            .into_iter()
            .map(|problem| problem.location)
            .collect()
    }

    #[test]
    fn whole_setups_have_no_problem() {
        let key = "ab".repeat(32);
        assert!(locations(&[]).is_empty(), "no platform at all is fine");
        assert!(
            locations(&[("SLACK_SIGNING_SECRET", "s"), ("SLACK_BOT_TOKEN", "xoxb-1")]).is_empty()
        );
        assert!(
            locations(&[("SLACK_APP_TOKEN", "xapp-1"), ("SLACK_BOT_TOKEN", "xoxb-1")]).is_empty()
        );
        assert!(
            locations(&[("DISCORD_TOKEN", "t")]).is_empty(),
            "gateway mode"
        );
        assert!(locations(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_PUBLIC_KEY", &key),
            ("DISCORD_APPLICATION_ID", "1234567890123456789"),
        ])
        .is_empty());
    }

    #[test]
    fn half_setups_are_named_with_the_missing_piece() {
        let key = "ab".repeat(32);
        assert_eq!(
            locations(&[("SLACK_SIGNING_SECRET", "s")]),
            ["SLACK_BOT_TOKEN"]
        );
        assert_eq!(
            locations(&[("SLACK_BOT_TOKEN", "xoxb-1")]),
            ["SLACK_SIGNING_SECRET"]
        );
        assert_eq!(
            locations(&[("SLACK_APP_TOKEN", "xoxb-1"), ("SLACK_BOT_TOKEN", "xoxb-1")]),
            ["SLACK_APP_TOKEN"]
        );
        assert_eq!(
            locations(&[("DISCORD_PUBLIC_KEY", &key)]),
            ["DISCORD_TOKEN"]
        );
        assert_eq!(
            locations(&[("DISCORD_PUBLIC_KEY", &key), ("DISCORD_TOKEN", "t")]),
            ["DISCORD_APPLICATION_ID"]
        );
        assert_eq!(
            locations(&[
                ("DISCORD_APPLICATION_ID", "12"),
                ("DISCORD_PUBLIC_KEY", "zz")
            ]),
            ["DISCORD_PUBLIC_KEY", "DISCORD_TOKEN"]
        );
        assert_eq!(
            locations(&[("DISCORD_APPLICATION_ID", "my-app"), ("DISCORD_TOKEN", "t")]),
            ["DISCORD_APPLICATION_ID"]
        );
    }

    #[test]
    fn application_ids_are_snowflakes() {
        assert_eq!(
            application_id(" 1234567890123456789 "),
            Some(1_234_567_890_123_456_789)
        );
        assert_eq!(application_id("0"), None);
        assert_eq!(application_id("-5"), None);
        assert_eq!(application_id("+5"), None);
        assert_eq!(application_id("99999999999999999999999"), None);
    }
}
