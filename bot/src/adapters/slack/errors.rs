//! Slack's failures as the outbox understands them: wait (429, `ratelimited`),
//! retry (5xx, timeouts, dropped connections) or give up with a hint a person
//! can act on (`not_in_channel` → `/invite @dealbot`).

use std::time::Duration;

use slack_morphism::errors::SlackClientError;

use crate::core::reply::{Line, Reply};
use crate::outbox::DeliveryError;

/// How long to wait when Slack says "too fast" without saying how long.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// What a failed call means for whoever sent it.
pub fn classify(error: SlackClientError) -> DeliveryError {
    match error {
        SlackClientError::RateLimitError(limit) => DeliveryError::RateLimited {
            retry_after: limit.retry_after.unwrap_or(DEFAULT_RETRY_AFTER),
        },
        SlackClientError::ApiError(api) => from_code(&api.code),
        SlackClientError::HttpError(http) if http.status_code.is_server_error() => {
            DeliveryError::Transient(format!("Slack answered HTTP {}", http.status_code))
        }
        SlackClientError::HttpError(http) => DeliveryError::Permanent {
            reason: format!("http_{}", http.status_code.as_u16()),
            hint: "Slack refused the request; check [slack] api_url and the bot token.".to_string(),
        },
        other => DeliveryError::Transient(first_line(&other.to_string())),
    }
}

/// Slack's `{"ok": false, "error": code}` as a delivery outcome.
pub fn from_code(code: &str) -> DeliveryError {
    let permanent = |hint: &str| DeliveryError::Permanent {
        reason: code.to_string(),
        hint: hint.to_string(),
    };
    match code {
        "ratelimited" | "rate_limited" => DeliveryError::RateLimited {
            retry_after: DEFAULT_RETRY_AFTER,
        },
        "internal_error" | "fatal_error" | "service_unavailable" | "request_timeout" => {
            DeliveryError::Transient(code.to_string())
        }
        "not_in_channel" => permanent("dealbot is not in that channel: invite it there with `/invite @dealbot`."),
        "channel_not_found" => permanent(
            "dealbot cannot see that channel: it was deleted, or it is private and dealbot is not in it. \
             Invite it with `/invite @dealbot`, or choose another channel.",
        ),
        "is_archived" => permanent("That channel is archived: choose another channel."),
        "cannot_dm_bot" | "user_not_found" | "user_disabled" => {
            permanent("That user cannot receive direct messages from dealbot.")
        }
        "invalid_auth" | "not_authed" | "token_revoked" | "token_expired" | "account_inactive"
        | "missing_scope" | "no_permission" => permanent(
            "dealbot's Slack token is missing, wrong or lacks a scope: check SLACK_BOT_TOKEN and \
             the app's scopes (commands, chat:write, im:write, users:read, files:write), then reinstall the app.",
        ),
        _ => permanent("Slack refused the message; tell your dealbot admin this code."),
    }
}

/// A private answer for the person whose request could not be posted: what went
/// wrong and what to do about it.
pub fn problem_reply(error: &DeliveryError) -> Reply {
    let line = match error {
        DeliveryError::Permanent { reason, hint } => Line::new()
            .text("I could not post that (")
            .code(reason.clone())
            .text("). ")
            .text(hint.clone()),
        DeliveryError::RateLimited { .. } | DeliveryError::Transient(_) => Line::new()
            .text("Slack is busy right now; it will be posted as soon as Slack accepts it."),
    };
    Reply::error(vec![line])
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_error_codes_say_what_to_do() {
        assert!(matches!(
            from_code("ratelimited"),
            DeliveryError::RateLimited { .. }
        ));
        assert!(matches!(
            from_code("internal_error"),
            DeliveryError::Transient(_)
        ));
        match from_code("not_in_channel") {
            DeliveryError::Permanent { reason, hint } => {
                assert_eq!(reason, "not_in_channel");
                assert!(hint.contains("/invite @dealbot"), "{hint}");
            }
            other => panic!("{other:?}"),
        }
        match from_code("channel_not_found") {
            DeliveryError::Permanent { hint, .. } => assert!(hint.contains("/invite @dealbot")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_person_who_asked_is_told_how_to_fix_it() {
        let reply = problem_reply(&from_code("not_in_channel"));
        let text = reply.lines[0].plain();
        assert!(
            text.contains("not_in_channel") && text.contains("/invite @dealbot"),
            "{text}"
        );
    }
}
