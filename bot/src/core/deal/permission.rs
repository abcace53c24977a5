//! Who may take a deal out of view (delete it, restore it, merge it away).

use dealbot_storage::Deal;

use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Line;

/// Whether the person may delete, restore or merge away `deal` (`doing` says
/// which, for the refusal: "delete it").
///
/// There is no permission system yet: for now only the deal's owner may. This
/// is the one place the `[permissions]` check (owners and admins) hooks in.
pub fn may_remove(env: &Env<'_>, deal: &Deal, doing: &str) -> Result<(), CommandError> {
    if deal.owner == env.user() {
        return Ok(());
    }
    let id = short_id(deal.number);
    Err(CommandError::user(
        Line::new()
            .text("Only ")
            .user(deal.owner.clone())
            .text(format!(
                ", who owns {id}, may {doing}: ask them to, or to hand it to you first ("
            ))
            .code(format!("owner {id} @you"))
            .text(")."),
    ))
}
