//! How every action a deal's history can hold reads: on the card and in
//! `history` ("moved it Prospecting → Qualifying"), and in the digest's
//! "since the last digest" list ("⬆ D-3 Initech Prospecting → Qualifying").
//! The matches are exhaustive: a new action cannot be added without its words.

use dealbot_storage::{DealChange, HistoryAction, HistoryEntry};

use crate::core::deal_ref::short_id;
use crate::core::env::CoreSettings;
use crate::core::reply::Line;

/// What a history line says was done, after who did it: `moved it A → B`.
/// Empty values read as "none".
pub fn what_was_done(entry: &HistoryEntry) -> Line {
    let from = entry.from_value.clone().unwrap_or_default();
    let to = entry.to_value.clone().unwrap_or_default();
    let line = Line::new();
    match entry.action {
        HistoryAction::Created => line.text("opened it in ").strong(to),
        HistoryAction::Stage => line.text("moved it ").strong(from).text(" → ").strong(to),
        HistoryAction::Reopened => line.text("reopened it from ").strong(from),
        HistoryAction::Won => line.text("marked it ").strong("Won"),
        HistoryAction::Lost => line.text("marked it ").strong("Lost"),
        HistoryAction::Pipeline => line
            .text("rolled it from the ")
            .strong(from)
            .text(" pipeline into ")
            .strong(to),
        HistoryAction::Forced => line.text("forced the move past its criteria"),
        HistoryAction::Next if to.is_empty() => line.text("cleared the next step"),
        HistoryAction::Next => line.text("set the next step: ").text(to),
        HistoryAction::Done => line.text("finished the next step: ").text(from),
        HistoryAction::Snooze => line.text(format!("snoozed the next step from {from} to {to}")),
        HistoryAction::Owner => line
            .text("handed it from ")
            .user(from)
            .text(" to ")
            .user(to),
        HistoryAction::Amount => line.text(change_of("the amount", &from, &to)),
        HistoryAction::CloseDate => line.text(change_of("the expected close", &from, &to)),
        HistoryAction::Buyer if from.is_empty() => {
            line.text("set the buyer's stage to ").strong(to)
        }
        HistoryAction::Buyer => line
            .text("moved the buyer ")
            .strong(from)
            .text(" → ")
            .strong(to),
        HistoryAction::Qualify => line.text(format!("answered {}", to.replacen(": ", " ", 1))),
        HistoryAction::LostReason => line.text(change_of("why it was lost", &from, &to)),
        HistoryAction::Note => line.text("noted"),
        HistoryAction::Renamed => line
            .text("renamed it from ")
            .strong(from)
            .text(" to ")
            .strong(to),
        HistoryAction::MergedIn => line
            .text("merged ")
            .code(from)
            .text(" ")
            .strong(to)
            .text(" into it"),
        HistoryAction::MergedInto => line.text("merged it into ").code(to),
        HistoryAction::Deleted => line.text("deleted it"),
        HistoryAction::Restored if from.is_empty() => line.text("restored it"),
        HistoryAction::Restored => line
            .text("restored it (it had been merged into ")
            .code(from)
            .text(")"),
        HistoryAction::Undone => line.text(format!("undid {}", undone_noun(&from))),
    }
}

/// "set the amount to $5,000", "changed the amount from $5,000 to $7,000",
/// "cleared the amount".
fn change_of(what: &str, from: &str, to: &str) -> String {
    match (from.is_empty(), to.is_empty()) {
        (_, true) => format!("cleared {what}"),
        (true, false) => format!("set {what} to {to}"),
        (false, false) => format!("changed {what} from {from} to {to}"),
    }
}

/// The change an `undone` line undid, by the stored name of its first action.
fn undone_noun(action: &str) -> &'static str {
    HistoryAction::parse(action).map_or("a change", change_noun)
}

/// A change named by its (first) action: "the stage move".
pub fn change_noun(action: HistoryAction) -> &'static str {
    match action {
        HistoryAction::Created => "the opening",
        HistoryAction::Stage => "the stage move",
        HistoryAction::Reopened => "the reopening",
        HistoryAction::Won => "the win",
        HistoryAction::Lost => "the loss",
        HistoryAction::Pipeline => "the pipeline change",
        HistoryAction::Forced => "the forced move",
        HistoryAction::Next => "the next step",
        HistoryAction::Done => "the finished step",
        HistoryAction::Snooze => "the snooze",
        HistoryAction::Owner => "the handover",
        HistoryAction::Amount => "the amount change",
        HistoryAction::CloseDate => "the close-date change",
        HistoryAction::Buyer => "the buyer's stage",
        HistoryAction::Qualify => "the checklist answer",
        HistoryAction::LostReason => "the lost reason",
        HistoryAction::Note => "the note",
        HistoryAction::Renamed => "the rename",
        HistoryAction::MergedIn | HistoryAction::MergedInto => "the merge",
        HistoryAction::Deleted => "the delete",
        HistoryAction::Restored => "the restore",
        HistoryAction::Undone => "the undo",
    }
}

/// What kind of change a digest line counts as, in the order the digest's
/// summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DigestKind {
    New,
    Advanced,
    MovedBack,
    Reopened,
    Won,
    Lost,
    Renamed,
    Merged,
    Deleted,
    Restored,
    Updated,
    Noted,
    Undone,
}

impl DigestKind {
    /// How the summary counts it: `2 advanced`.
    pub fn label(self) -> &'static str {
        match self {
            DigestKind::New => "new",
            DigestKind::Advanced => "advanced",
            DigestKind::MovedBack => "moved back",
            DigestKind::Reopened => "reopened",
            DigestKind::Won => "won",
            DigestKind::Lost => "lost",
            DigestKind::Renamed => "renamed",
            DigestKind::Merged => "merged",
            DigestKind::Deleted => "deleted",
            DigestKind::Restored => "restored",
            DigestKind::Updated => "updated",
            DigestKind::Noted => "noted",
            DigestKind::Undone => "undone",
        }
    }
}

/// One change as the digest lists it: its kind, and `⬆ D-3 Initech A → B`.
pub fn digest_line(change: &DealChange, config: &CoreSettings) -> (DigestKind, Line) {
    let from = change.from_value.clone().unwrap_or_default();
    let to = change.to_value.clone().unwrap_or_default();
    let deal = |mark: &str| {
        Line::new()
            .text(format!("{mark} "))
            .code(short_id(change.number))
            .text(" ")
            .strong(change.name.clone())
    };
    match change.action {
        HistoryAction::Created => (DigestKind::New, deal("🆕").text(format!(" opened in {to}"))),
        HistoryAction::Stage if moved_back(&from, &to, config) => (
            DigestKind::MovedBack,
            deal("⬇").text(format!(" {from} → {to}")),
        ),
        HistoryAction::Stage => (
            DigestKind::Advanced,
            deal("⬆").text(format!(" {from} → {to}")),
        ),
        HistoryAction::Reopened => (
            DigestKind::Reopened,
            deal("↩").text(format!(" reopened from {from}")),
        ),
        HistoryAction::Won => (DigestKind::Won, deal("🏆").text(" won")),
        HistoryAction::Lost => (DigestKind::Lost, deal("✗").text(" lost")),
        HistoryAction::Pipeline => (
            DigestKind::Updated,
            deal("➡").text(format!(" now in the {to} pipeline (was {from})")),
        ),
        HistoryAction::Forced => (
            DigestKind::Updated,
            deal("⚠").text(" moved past its stage's criteria"),
        ),
        HistoryAction::Next if to.is_empty() => {
            (DigestKind::Updated, deal("📌").text(" next step cleared"))
        }
        HistoryAction::Next => (
            DigestKind::Updated,
            deal("📌").text(" next step: ").text(to),
        ),
        HistoryAction::Done => (
            DigestKind::Updated,
            deal("✔").text(" finished: ").text(from),
        ),
        HistoryAction::Snooze => (
            DigestKind::Updated,
            deal("💤").text(format!(" next step snoozed to {to}")),
        ),
        HistoryAction::Owner => (DigestKind::Updated, deal("👤").text(" handed to ").user(to)),
        HistoryAction::Amount => (
            DigestKind::Updated,
            deal("💰").text(format!(" {}", change_of("the amount", &from, &to))),
        ),
        HistoryAction::CloseDate => (
            DigestKind::Updated,
            deal("📅").text(format!(" {}", change_of("the expected close", &from, &to))),
        ),
        HistoryAction::Buyer => (
            DigestKind::Updated,
            deal("🤝").text(format!(" buyer in {to}")),
        ),
        HistoryAction::Qualify => (
            DigestKind::Updated,
            deal("☑").text(format!(" answered {}", to.replacen(": ", " ", 1))),
        ),
        HistoryAction::LostReason => (
            DigestKind::Updated,
            deal("✗").text(format!(" {}", change_of("why it was lost", &from, &to))),
        ),
        HistoryAction::Note => (DigestKind::Noted, deal("📝").text(" noted")),
        HistoryAction::Renamed => (
            DigestKind::Renamed,
            deal("✏").text(format!(" renamed from {from}")),
        ),
        HistoryAction::MergedIn => (
            DigestKind::Merged,
            deal("🔗")
                .text(" absorbed ")
                .code(from)
                .text(" ")
                .strong(to),
        ),
        HistoryAction::MergedInto => (
            DigestKind::Merged,
            deal("🔗").text(" merged into ").code(to),
        ),
        HistoryAction::Deleted => (DigestKind::Deleted, deal("🗑").text(" deleted")),
        HistoryAction::Restored => (DigestKind::Restored, deal("♻").text(" restored")),
        HistoryAction::Undone => (
            DigestKind::Undone,
            deal("↶").text(format!(" {} undone", undone_noun(&from))),
        ),
    }
}

/// Whether a move from `from` to `to` goes back in some pipeline's order.
fn moved_back(from: &str, to: &str, config: &CoreSettings) -> bool {
    config.settings.pipelines.iter().any(|pipeline| {
        match (pipeline.stage_index(from), pipeline.stage_index(to)) {
            (Some(from), Some(to)) => to < from,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use dealbot_storage::{DealChange, HistoryAction, HistoryEntry};

    use super::{change_noun, digest_line, what_was_done};
    use crate::config::Settings;
    use crate::core::env::CoreSettings;

    #[test]
    fn every_action_reads_as_words_on_the_card_and_in_the_digest() {
        let config = CoreSettings::new(Settings::default()).expect("default settings");
        let at = Utc
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("a moment");
        for &action in HistoryAction::ALL {
            let entry = HistoryEntry {
                id: 1,
                deal_id: 1,
                at,
                actor: "rep1".into(),
                action,
                from_value: Some("before".into()),
                to_value: Some("after".into()),
                note: None,
            };
            let card = what_was_done(&entry).plain();
            let change = DealChange {
                number: 4,
                name: "Acme".into(),
                at,
                action,
                from_value: entry.from_value.clone(),
                to_value: entry.to_value.clone(),
                pipeline: "new-business".into(),
                channel: None,
                private_channel: false,
            };
            let (_, digest) = digest_line(&change, &config);
            let digest = digest.plain();
            // Not the stored name: "lost-reason" on a card is what this prevents.
            assert!(
                !card.is_empty() && card != action.as_str(),
                "{action}: {card:?}"
            );
            for text in [&card, &digest] {
                let raw = action.as_str();
                assert!(
                    !raw.contains('-') || !text.contains(raw),
                    "{action}: {text}"
                );
            }
            assert!(digest.contains("D-4 Acme"), "{action}: {digest}");
            assert!(change_noun(action).starts_with("the "), "{action}");
        }
    }
}
