//! Mentions of a person: a Slack or Discord mention as the platform sends it, or
//! `@name` in the shell. Mentions of many people at once (`@here`, roles, user
//! groups) are refused: deals have one owner.

use super::{quoted, ValueError};

/// How to mention someone, ending every mention error.
const USER_FORMS: &str = "Mention one person, like @alex.";

/// Longest shell user name.
const MAX_NAME_CHARS: usize = 64;

/// One person: a Slack user id (`U123ABC`), a Discord user id
/// (`123456789012345678`) or a shell user name (`rep1`), without `@` or brackets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserRef(pub String);

impl UserRef {
    /// Reads a mention:
    ///
    /// - Slack: `<@U123ABC>` or `<@U123ABC|name>`;
    /// - Discord: `<@123456789012345678>` or `<@!123456789012345678>`;
    /// - shell: `@rep1`, a name of letters, digits, `.`, `_` and `-` (1–64).
    ///
    /// `@here`, `@channel`, `@everyone`, `<!here>` and the like, roles (`<@&123>`),
    /// user groups and channels are refused.
    pub fn parse(token: &str) -> Result<UserRef, ValueError> {
        let token = token.trim();
        let refuse = |why: &str| {
            Err(ValueError::new(format!(
                "{} {why} {USER_FORMS}",
                quoted(token)
            )))
        };

        if let Some(inner) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            if let Some(special) = inner.strip_prefix('!') {
                return if special.starts_with("subteam") {
                    refuse("is a user group, not one person.")
                } else {
                    refuse("would notify everyone in the channel.")
                };
            }
            if inner.starts_with('#') {
                return refuse("is a channel, not a person.");
            }
            if let Some(mention) = inner.strip_prefix('@') {
                if mention.starts_with('&') {
                    return refuse("is a role, not one person.");
                }
                let id = mention.split_once('|').map_or(mention, |(id, _)| id);
                if is_slack_id(id) {
                    return Ok(UserRef(id.to_string()));
                }
                let id = id.strip_prefix('!').unwrap_or(id);
                if is_discord_id(id) {
                    return Ok(UserRef(id.to_string()));
                }
            }
            return refuse("is not a mention of a person.");
        }

        let Some(name) = token.strip_prefix('@') else {
            return refuse("is not a mention of a person: put @ before their name.");
        };
        if ["here", "channel", "everyone", "all"]
            .iter()
            .any(|crowd| name.eq_ignore_ascii_case(crowd))
        {
            return refuse("would notify everyone in the channel.");
        }
        let length = name.chars().count();
        if length == 0 {
            return refuse("has no name after the @.");
        }
        if length > MAX_NAME_CHARS {
            return refuse(&format!(
                "is too long for a user name ({length} characters; the limit is {MAX_NAME_CHARS})."
            ));
        }
        if !name.chars().all(is_name_char) {
            return refuse("is not a user name: use only letters, digits, \".\", \"_\" and \"-\".");
        }
        Ok(UserRef(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether a word is meant as a mention (it starts with `@`, `<@` or `<!`), so
/// that [`UserRef::parse`] can accept it or say why not, rather than it being
/// taken for part of a name.
pub fn looks_like_user(token: &str) -> bool {
    let token = token.trim();
    token.starts_with('@') || token.starts_with("<@") || token.starts_with("<!")
}

/// Slack user ids: `U…` or `W…` and then upper-case letters and digits.
fn is_slack_id(id: &str) -> bool {
    id.len() >= 2
        && id.len() <= 32
        && id.starts_with(['U', 'W'])
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Discord user ids: snowflakes, 1 to 20 digits.
fn is_discord_id(id: &str) -> bool {
    (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn user(token: &str) -> String {
        match UserRef::parse(token) {
            Ok(user) => user.as_str().to_string(),
            Err(error) => panic!("{token:?} should parse: {error}"),
        }
    }

    fn error(token: &str) -> String {
        match UserRef::parse(token) {
            Ok(user) => panic!("{token:?} should be refused, got {user:?}"),
            Err(error) => {
                let message = error.to_string();
                assert!(
                    message.ends_with("Mention one person, like @alex."),
                    "{message}"
                );
                message
            }
        }
    }

    #[test]
    fn slack_mentions() {
        assert_eq!(user("<@U123ABC>"), "U123ABC");
        assert_eq!(user("<@U123ABC|alex>"), "U123ABC");
        assert_eq!(user("<@W0123ABCD|alex.smith>"), "W0123ABCD");
        assert_eq!(user(" <@U123ABC> "), "U123ABC");
    }

    #[test]
    fn discord_mentions() {
        assert_eq!(user("<@123456789012345678>"), "123456789012345678");
        assert_eq!(user("<@!123456789012345678>"), "123456789012345678");
    }

    #[test]
    fn shell_names() {
        assert_eq!(user("@rep1"), "rep1");
        assert_eq!(user("@alex.smith"), "alex.smith");
        assert_eq!(user("@rep_2-b"), "rep_2-b");
        assert_eq!(user("@a"), "a");
        assert_eq!(user("@josé"), "josé");
        assert_eq!(user(&format!("@{}", "a".repeat(64))), "a".repeat(64));
        assert_eq!(
            UserRef::parse("@rep1").unwrap(),
            UserRef("rep1".to_string())
        );
    }

    #[test]
    fn crowds_are_refused() {
        for crowd in [
            "<!channel>",
            "<!here>",
            "<!everyone>",
            "<!here|here>",
            "@everyone",
            "@here",
        ] {
            assert!(error(crowd).contains("would notify everyone"), "{crowd}");
        }
        for crowd in ["@channel", "@Channel", "@HERE", "@all"] {
            assert!(error(crowd).contains("would notify everyone"), "{crowd}");
        }
        assert!(error("<!subteam^S123|@sales>").contains("is a user group"));
    }

    #[test]
    fn roles_and_channels_are_refused() {
        assert_eq!(
            error("<@&123>"),
            "\"<@&123>\" is a role, not one person. Mention one person, like @alex."
        );
        assert!(error("<#C123|general>").contains("is a channel"));
    }

    #[test]
    fn malformed_mentions_are_refused() {
        assert!(error("rep1").contains("put @ before their name"));
        assert!(error("").contains("put @ before their name"));
        assert!(error("@").contains("no name after the @"));
        let long = error(&format!("@{}", "a".repeat(65)));
        assert!(long.contains("65 characters; the limit is 64"), "{long}");
        assert!(error("@rep!").contains("only letters, digits"));
        assert!(error("@rep one").contains("only letters, digits"));
        for bad in [
            "<@>",
            "<@u123>",
            "<@U12 3>",
            "<@12345678901234567890123>",
            "<@!U123>",
            "<U123>",
        ] {
            assert!(error(bad).contains("is not a mention of a person"), "{bad}");
        }
    }

    #[test]
    fn what_looks_like_a_mention() {
        for yes in ["@rep1", "<@U123>", "<@!123>", "<!here>", "@everyone", "@"] {
            assert!(looks_like_user(yes), "{yes}");
        }
        for no in ["rep1", "Acme", "50k", "a@b.com", "", "<#C123>"] {
            assert!(!looks_like_user(no), "{no}");
        }
    }
}
