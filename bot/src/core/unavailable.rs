//! The answer when the database is unavailable (down, restarting, out of
//! connections): say so plainly, say whether anything was changed, and say what
//! to do, with the error id the fault was logged under.

use dealbot_storage::Unavailable;

use super::deal_ref::{short_id, DealRef};
use super::reply::{Line, Reply};

/// The private reply to a command the database could not serve. `text` is the
/// command as typed (without `/deal`), to point at the deal it named.
pub fn unavailable_reply(how: Unavailable, error_id: &str, text: &str) -> Reply {
    let line = match how {
        Unavailable::NotReached => Line::new().text(format!(
            "The database is unavailable right now, so nothing was changed \
             (error id {error_id}). Please try again in a minute; if it keeps \
             failing, give your admin that id."
        )),
        Unavailable::Interrupted => Line::new()
            .text(format!(
                "The database became unavailable in the middle of this (error id \
                 {error_id}), so I cannot tell whether a change was saved. Check with "
            ))
            .code(check_command(text))
            .text(" before you try again, so it is not done twice."),
    };
    Reply::error(vec![line])
}

/// `show D-7` when the command named deal D-7 by its id, else `list`.
fn check_command(text: &str) -> String {
    let mut words = text.split_whitespace();
    let _subcommand = words.next();
    match words.next().map(|word| DealRef::parse(word, false)) {
        Some(DealRef::Number(number)) => format!("show {}", short_id(number)),
        _ => "list".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reply::{Tone, Visibility};

    fn said(reply: &Reply) -> String {
        reply
            .lines
            .iter()
            .map(Line::plain)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn no_connection_is_private_says_nothing_changed_and_to_try_again() {
        let reply = unavailable_reply(Unavailable::NotReached, "ab12cd34", "new Acme 5k");
        assert_eq!(reply.visibility, Visibility::Private);
        assert_eq!(reply.tone, Tone::Error);
        let text = said(&reply);
        assert!(text.contains("database is unavailable"), "{text}");
        assert!(text.contains("nothing was changed"), "{text}");
        assert!(text.contains("try again"), "{text}");
        assert!(text.contains("ab12cd34"), "{text}");
    }

    #[test]
    fn a_broken_connection_says_the_outcome_is_unknown_and_how_to_check() {
        let reply = unavailable_reply(Unavailable::Interrupted, "ab12cd34", "stage D-7 closing");
        let text = said(&reply);
        assert!(text.contains("cannot tell whether"), "{text}");
        assert!(text.contains("show D-7"), "{text}");
        assert!(!text.contains("nothing was changed"), "{text}");
        let reply = unavailable_reply(Unavailable::Interrupted, "ab12cd34", "new Acme 5k");
        assert!(
            said(&reply).contains("Check with list before"),
            "{}",
            said(&reply)
        );
    }
}
