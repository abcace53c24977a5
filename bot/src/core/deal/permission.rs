//! Who may do what (`[permissions]`). With `mode = "roles"` (the default) a
//! deal's owner and the admins may close, reopen, reassign, re-price and tidy
//! it (rename, merge, delete, restore); only admins change a channel's digest
//! schedules and what posts to it (`notify`); anything else (stages of an open deal, next steps, notes, buyer
//! and checklist answers) anyone may. `mode = "open"` lets anyone do anything
//! but take someone else's deal out of view (delete, restore, merge away).
//!
//! Admins are the people listed in `[permissions] admins` and the platform's
//! own, as the adapter's [`crate::core::people::People`] says; when the
//! platform cannot say, the action is refused, never allowed. A refusal is a
//! private error, before anything changes.

use dealbot_storage::Deal;

use crate::config::PermissionMode;
use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Line;

/// What is done to a deal that only its owner and the admins may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Win,
    Lose,
    Reopen,
    Reassign,
    Reprice,
    Rename,
    Delete,
    Restore,
    MergeAway,
}

impl Doing {
    /// "mark it won": how the refusal says it.
    fn verb(self) -> &'static str {
        match self {
            Doing::Win => "mark it won",
            Doing::Lose => "mark it lost",
            Doing::Reopen => "reopen it",
            Doing::Reassign => "hand it to someone else",
            Doing::Reprice => "change its amount",
            Doing::Rename => "rename it",
            Doing::Delete => "delete it",
            Doing::Restore => "restore it",
            Doing::MergeAway => "merge it away",
        }
    }

    /// Whether `mode = "open"` still keeps it to owners and admins: taking a
    /// deal out of view was never anyone's to do.
    fn guarded_when_open(self) -> bool {
        matches!(self, Doing::Delete | Doing::Restore | Doing::MergeAway)
    }
}

/// Whether the asker may do `doing` to `deal`: its owner may; an admin may.
pub async fn may(env: &Env<'_>, deal: &Deal, doing: Doing) -> Result<(), CommandError> {
    let open = env.config.settings.permissions.mode == PermissionMode::Open;
    if (open && !doing.guarded_when_open()) || deal.owner == env.user() {
        return Ok(());
    }
    let id = short_id(deal.number);
    let owner_may = || {
        Line::new()
            .user(deal.owner.clone())
            .text(format!(", who owns {id}, can {} meanwhile.", doing.verb()))
    };
    match is_admin(env).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(CommandError::user(
            Line::new()
                .text("Only ")
                .user(deal.owner.clone())
                .text(format!(", who owns {id}, and admins may {}.", doing.verb())),
        )
        .with_line(admins_are(env))
        .with_line(
            Line::new()
                .text("Ask one of them, or ask the owner to hand it to you: ")
                .code(format!("owner {id} @you"))
                .text("."),
        )),
        Err(()) => Err(could_not_check(doing.verb()).with_line(owner_may())),
    }
}

/// Whether the asker may change this channel's digest schedules (`doing`:
/// "subscribe this channel"): admins may.
pub async fn may_manage_schedules(env: &Env<'_>, doing: &str) -> Result<(), CommandError> {
    if env.config.settings.permissions.mode == PermissionMode::Open {
        return Ok(());
    }
    match is_admin(env).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(CommandError::user(format!(
            "Only admins may {doing}: digest schedules are the whole channel's."
        ))
        .with_line(admins_are(env))),
        Err(()) => Err(could_not_check(doing)),
    }
}

/// Whether the asker may change which deal changes post to this channel
/// (`notify`): admins may, like schedules, since it is the whole channel's.
pub async fn may_set_channel_notify(env: &Env<'_>) -> Result<(), CommandError> {
    if env.config.settings.permissions.mode == PermissionMode::Open {
        return Ok(());
    }
    let doing = "change what posts to this channel";
    match is_admin(env).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(CommandError::user(format!(
            "Only admins may {doing}: it is the whole channel's. Nothing was changed."
        ))
        .with_line(admins_are(env))),
        Err(()) => Err(could_not_check(doing)),
    }
}

/// Listed in `[permissions] admins`, or an admin of the platform; `Err`
/// when the platform could not say.
async fn is_admin(env: &Env<'_>) -> Result<bool, ()> {
    let invocation = env.invocation;
    let listed = env
        .config
        .settings
        .permissions
        .lists(&invocation.platform, &invocation.user);
    if listed {
        return Ok(true);
    }
    invocation.people.asker_is_admin().await.map_err(|why| {
        tracing::warn!(reason = %why.0, "could not check whether the asker is an admin");
    })
}

fn admins_are(env: &Env<'_>) -> Line {
    Line::new().text(format!(
        "Admins are {}, and the people named in dealbot's [permissions] admins.",
        env.invocation.people.admins_are()
    ))
}

fn could_not_check(verb: &str) -> CommandError {
    CommandError::user(format!(
        "I could not check your role just now, so I did not {verb}. Try again in a minute."
    ))
}
