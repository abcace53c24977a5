//! Noise control per channel: which deal changes post to a channel between
//! digests, as `/deal notify` set it. The person who made a change always gets
//! their own reply; the mode decides only what the channel sees.

use super::reply::ChangeKind;

/// What posts to a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotifyMode {
    /// Every change that is announced: new deals, stage moves, wins and losses,
    /// renames, merges, deletions, undos.
    #[default]
    All,
    /// Stage moves (and reopenings), wins and losses.
    Stages,
    /// Wins and losses.
    Wins,
    /// Nothing between digests.
    DigestOnly,
}

/// Every mode, in the order help and refusals list them.
pub const MODES: [NotifyMode; 4] = [
    NotifyMode::All,
    NotifyMode::Stages,
    NotifyMode::Wins,
    NotifyMode::DigestOnly,
];

impl NotifyMode {
    /// The mode's name, as typed and as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyMode::All => "all",
            NotifyMode::Stages => "stages",
            NotifyMode::Wins => "wins",
            NotifyMode::DigestOnly => "digest-only",
        }
    }

    /// The mode named `word`, ignoring case (`digest`, `digest_only` and
    /// `none` also mean digest-only).
    pub fn parse(word: &str) -> Option<NotifyMode> {
        match word.to_lowercase().as_str() {
            "all" | "everything" => Some(NotifyMode::All),
            "stages" | "stage" => Some(NotifyMode::Stages),
            "wins" | "win" | "outcomes" => Some(NotifyMode::Wins),
            "digest-only" | "digest_only" | "digestonly" | "digest" | "none" => {
                Some(NotifyMode::DigestOnly)
            }
            _ => None,
        }
    }

    /// What the mode posts, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            NotifyMode::All => {
                "every change: new deals, stage moves, wins and losses, renames, merges, deletions"
            }
            NotifyMode::Stages => "stage moves, wins and losses",
            NotifyMode::Wins => "wins and losses",
            NotifyMode::DigestOnly => "nothing between digests",
        }
    }

    /// Whether a change of `kind` posts to the channel.
    pub fn admits(self, kind: ChangeKind) -> bool {
        match self {
            NotifyMode::All => true,
            NotifyMode::Stages => matches!(kind, ChangeKind::Stage | ChangeKind::Outcome),
            NotifyMode::Wins => kind == ChangeKind::Outcome,
            NotifyMode::DigestOnly => false,
        }
    }

    /// The accepted modes, as a refusal lists them: `all`, `stages`, ….
    pub fn accepted() -> String {
        MODES
            .iter()
            .map(|mode| format!("`{}`", mode.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_admits_what_it_says() {
        use ChangeKind::{Other, Outcome, Stage};
        let admitted = |mode: NotifyMode| {
            [Other, Stage, Outcome]
                .into_iter()
                .filter(|kind| mode.admits(*kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(admitted(NotifyMode::All), vec![Other, Stage, Outcome]);
        assert_eq!(admitted(NotifyMode::Stages), vec![Stage, Outcome]);
        assert_eq!(admitted(NotifyMode::Wins), vec![Outcome]);
        assert!(admitted(NotifyMode::DigestOnly).is_empty());
    }

    #[test]
    fn modes_read_back_as_written() {
        for mode in MODES {
            assert_eq!(NotifyMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(
            NotifyMode::parse("Digest-Only"),
            Some(NotifyMode::DigestOnly)
        );
        assert_eq!(NotifyMode::parse("loud"), None);
    }
}
