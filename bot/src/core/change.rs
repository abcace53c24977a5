//! Shared steps of the commands that change a deal: run the change in one store
//! transaction (never on a deleted deal, unless restoring or undoing), and
//! answer: with the updated card after a stage move (or, when the card cannot
//! be read back, with what was done all the same), else in one line with a
//! "Show card" button.

use dealbot_storage::{Deal, DealEdit, Rejected, StoreError};

use super::card::{deal_card, HISTORY_EXCERPT};
use super::deal_ref::short_id;
use super::env::Env;
use super::error::CommandError;
use super::reply::{Line, Reply};

/// Changes `deal` as `edit` decides, atomically; returns the deal before and
/// after. A deleted deal is refused before `edit` sees it. A change by the
/// deal's owner also answers their nags (see
/// [`dealbot_storage::Store::modify_deal`]).
pub async fn change(
    env: &Env<'_>,
    deal: &Deal,
    edit: impl Fn(&Deal) -> Result<DealEdit, CommandError>,
) -> Result<(Deal, Deal), CommandError> {
    change_even_deleted(env, deal, |current| {
        refuse_if_deleted(current)?;
        edit(current)
    })
    .await
}

/// Nothing but `restore` (and `undo`) changes a deleted deal: the refusal
/// says so, and where a merged deal went.
pub fn refuse_if_deleted(deal: &Deal) -> Result<(), CommandError> {
    if deal.deleted_at.is_none() {
        return Ok(());
    }
    let id = short_id(deal.number);
    let named = Line::new()
        .code(id.clone())
        .text(" ")
        .strong(deal.name.clone());
    let line = match deal.merged_into {
        Some(survivor) => named
            .text(" was merged into ")
            .code(short_id(survivor))
            .text(": change that deal instead, or bring this one back with ")
            .code(format!("restore {id}"))
            .text("."),
        None => named
            .text(" is deleted. Bring it back first with ")
            .code(format!("restore {id}"))
            .text("."),
    };
    Err(CommandError::user(line))
}

/// [`change`] that lets `edit` see a deleted deal: for `restore` and `undo`.
/// `edit` only decides, and may be asked twice: first about `deal` as the
/// command read it, then, if the deal moved on meanwhile, about the deal as
/// it is (see [`dealbot_storage::Store::modify_seen_deal`]).
pub async fn change_even_deleted(
    env: &Env<'_>,
    deal: &Deal,
    edit: impl Fn(&Deal) -> Result<DealEdit, CommandError>,
) -> Result<(Deal, Deal), CommandError> {
    env.store
        .modify_seen_deal(env.workspace(), deal, env.user(), env.now(), edit)
        .await
        .map_err(|error| match error {
            Rejected::Refused(error) => error,
            Rejected::Store(StoreError::NotFound) => CommandError::user(format!(
                "{} is no longer there. Type `list` to see the open deals.",
                short_id(deal.number)
            )),
            Rejected::Store(error) => error.into(),
        })
}

/// `reply` with the deal's card and its latest history beneath.
pub async fn card(env: &Env<'_>, reply: Reply, deal: &Deal) -> Result<Reply, CommandError> {
    let extras = env
        .store
        .card_extras(env.workspace(), deal.id, HISTORY_EXCERPT)
        .await?;
    let owner_today = env.owner_today(&deal.owner).await?;
    Ok(deal_card(
        reply,
        deal,
        &extras.history,
        &extras.answers,
        owner_today,
        env,
    ))
}

/// The label of the button that shows a deal's card.
pub const SHOW_CARD: &str = "Show card";

/// The short answer to a change other than a new deal or a stage move:
/// `reply` as it is, with a [`SHOW_CARD`] button that runs `show D-n` (the
/// shell prints it as a hint), instead of the whole card.
pub fn with_show_card(reply: Reply, deal: &Deal) -> Reply {
    reply.button(SHOW_CARD, format!("show {}", short_id(deal.number)))
}

/// [`card`] beneath the answer to a change that is already stored. If the card
/// cannot be read back (the database went away just after the change), the
/// answer still says what was done, with a note instead of the card: failing
/// here would tell the person the change was not made, and they would make it
/// twice. So a command's store write is always its last step that can fail.
/// (On PostgreSQL the change is committed with the rest of the command
/// ([`dealbot_storage::Store::in_command`]): a card that cannot be read
/// there rolls the change back, and the command is answered as failed.)
pub async fn with_card(env: &Env<'_>, reply: Reply, deal: &Deal) -> Reply {
    match card(env, reply.clone(), deal).await {
        Ok(reply) => reply,
        Err(error) => {
            env.note_store_error(&error);
            tracing::warn!(error = %error, "the change is stored, but its card could not be read");
            reply.line(
                Line::new()
                    .text("(The deal card cannot be shown right now: ")
                    .code(format!("show {}", short_id(deal.number)))
                    .text(" shows it later.)"),
            )
        }
    }
}
