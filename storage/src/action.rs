//! What a line of a deal's history records: one named action, stored as its
//! text. Everything that reads or writes history names actions through
//! [`HistoryAction`]; the lists of actions queries select are built from it.

use std::fmt;

/// Declares [`HistoryAction`] with each variant's stored text, so that the
/// list of every action and the texts cannot drift from the variants.
macro_rules! history_actions {
    ($($(#[doc = $doc:literal])* $variant:ident => $text:literal,)*) => {
        /// One kind of change a deal's history can hold, stored as its text
        /// ([`HistoryAction::as_str`]); `from_value` and `to_value` mean what
        /// each variant's comment says.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum HistoryAction {
            $($(#[doc = $doc])* $variant,)*
        }

        impl HistoryAction {
            /// Every action, in the order of the enum.
            pub const ALL: &'static [HistoryAction] = &[$(HistoryAction::$variant,)*];

            /// The text stored for this action.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(HistoryAction::$variant => $text,)*
                }
            }
        }
    };
}

history_actions! {
    /// Opened (by a command or an import); to: its first stage.
    Created => "created",
    /// Moved to another stage; from, to: the stages.
    Stage => "stage",
    /// A closed deal opened again; from: the stage it was closed in.
    Reopened => "reopened",
    /// Closed as won; from: the stage, to: `Won`.
    Won => "won",
    /// Closed as lost; from: the stage, to: `Lost`; note: the reason.
    Lost => "lost",
    /// Changed pipeline (rolled into the after-sale one, or by an import);
    /// from, to: the pipelines.
    Pipeline => "pipeline",
    /// A move past the target stage's enforced criteria; note: what was missing.
    Forced => "forced",
    /// Set the next step; from: the previous step, to: the step and its due date.
    Next => "next",
    /// Finished the next step; from: the step.
    Done => "done",
    /// Pushed the next step out; from, to: the due dates.
    Snooze => "snooze",
    /// Handed to someone else; from, to: the owners.
    Owner => "owner",
    /// Changed what it is worth; from, to: the amounts.
    Amount => "amount",
    /// Changed the expected close; from, to: the dates.
    CloseDate => "close-date",
    /// Recorded the buyer's stage; from, to: the buyer's stages.
    Buyer => "buyer",
    /// Answered a checklist item; from, to: `item: answer`.
    Qualify => "qualify",
    /// Changed why a lost deal was lost (imports); from, to: the reasons.
    LostReason => "lost-reason",
    /// A note; note: its text.
    Note => "note",
    /// Renamed; from, to: the names.
    Renamed => "renamed",
    /// Another deal was merged into this one; from: its id (`D-7`), to: its name.
    MergedIn => "merged-in",
    /// Merged into another deal and hidden; to: that deal's id (`D-3`).
    MergedInto => "merged-into",
    /// Deleted: hidden, history kept.
    Deleted => "deleted",
    /// Brought back after a delete or a merge.
    Restored => "restored",
    /// Its last change undone; from: that change's first action.
    Undone => "undone",
}

impl HistoryAction {
    /// The action stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<HistoryAction> {
        HistoryAction::ALL
            .iter()
            .copied()
            .find(|action| action.as_str() == text)
    }

    /// Whether `undo` can reverse a change made of lines with this action: a
    /// change to one deal's own state, which the deal as it was before can
    /// replace. Not notes and checklist answers (kept as said: add another),
    /// merges (restore the merged deal instead) or an undo itself.
    pub fn undoable(self) -> bool {
        match self {
            HistoryAction::Created
            | HistoryAction::Stage
            | HistoryAction::Reopened
            | HistoryAction::Won
            | HistoryAction::Lost
            | HistoryAction::Pipeline
            | HistoryAction::Forced
            | HistoryAction::Next
            | HistoryAction::Done
            | HistoryAction::Snooze
            | HistoryAction::Owner
            | HistoryAction::Amount
            | HistoryAction::CloseDate
            | HistoryAction::Buyer
            | HistoryAction::LostReason
            | HistoryAction::Renamed
            | HistoryAction::Deleted
            | HistoryAction::Restored => true,
            HistoryAction::Qualify
            | HistoryAction::Note
            | HistoryAction::MergedIn
            | HistoryAction::MergedInto
            | HistoryAction::Undone => false,
        }
    }
}

impl fmt::Display for HistoryAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for HistoryAction {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        HistoryAction::parse(&value).ok_or_else(|| format!("unknown history action {value:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::HistoryAction;

    #[test]
    fn every_action_reads_back_from_its_stored_text() {
        for &action in HistoryAction::ALL {
            assert_eq!(HistoryAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(HistoryAction::parse("Stage"), None);
        let mut texts: Vec<&str> = HistoryAction::ALL.iter().map(|a| a.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), HistoryAction::ALL.len(), "texts are unique");
    }
}
