//! The import transition: a CSV row says where a deal stands, and the deal is
//! brought there through the same blocks the chat commands use, so it gets the
//! history lines they would have written. The file has the last word: nothing
//! is refused and nothing rolls into an after-sale pipeline (the row names
//! the pipeline it wants).

use chrono::{DateTime, Utc};
use dealbot_storage::DealStatus;

use super::draft::Draft;
use super::standing::Standing;

/// Brings the draft's deal to `status` in `stage`, as the row says: a closed
/// deal that the row has open, or won when it was lost (or lost when it was
/// won), is reopened first; a deal whose win stands agrees with a row that
/// says won.
pub fn import_standing(
    draft: &mut Draft,
    status: DealStatus,
    stage: &str,
    lost_reason: Option<String>,
    now: DateTime<Utc>,
) {
    let current = draft.deal().clone();
    if current.status == status && current.stage == stage {
        return;
    }
    let standing = Standing::of(&current);
    match status {
        DealStatus::Won if standing.is_won() => {}
        DealStatus::Won => {
            if current.status == DealStatus::Lost {
                draft.reopen();
            }
            draft.close_won(None, now);
        }
        DealStatus::Lost => {
            if current.status == DealStatus::Won {
                draft.reopen();
            }
            draft.close_lost(lost_reason, now);
        }
        DealStatus::Open => {
            if current.status != DealStatus::Open {
                draft.reopen();
            }
            if draft.deal().stage != stage {
                draft.enter_stage(stage, None, now);
            }
        }
    }
}
