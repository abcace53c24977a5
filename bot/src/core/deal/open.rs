//! Opening a deal: in the first stage of its pipeline, announced to the channel.

use dealbot_storage::NewDeal;

use crate::config::Pipeline;
use crate::core::change::with_card;
use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::money;
use crate::core::reply::{ChangeKind, Line, Reply};

/// The stage a new deal of `pipeline` starts in.
pub fn first_stage(pipeline: &Pipeline) -> anyhow::Result<String> {
    pipeline
        .stages
        .first()
        .map(|stage| stage.name.clone())
        .ok_or_else(|| anyhow::anyhow!("pipeline {} has no stages", pipeline.name))
}

/// Opens `new` and announces it: who opened what, for whom.
pub async fn open(env: &Env<'_>, new: NewDeal) -> Result<Reply, CommandError> {
    let (deal, line) = open_quietly(env, new).await?;
    Ok(with_card(
        env,
        Reply::public()
            .line(line)
            .announcing(deal.number, ChangeKind::Other),
        &deal,
    )
    .await)
}

/// Opens `new`: the deal, and the line that announces it (for a caller that
/// changes it further before showing its card).
pub async fn open_quietly(
    env: &Env<'_>,
    new: NewDeal,
) -> Result<(dealbot_storage::Deal, Line), CommandError> {
    let deal = env.store.create_deal(new).await?;
    let mut line = Line::new()
        .user(env.user())
        .text(" opened ")
        .code(short_id(deal.number))
        .text(" ")
        .strong(deal.name.clone());
    if let Some(money) = money(&deal) {
        line = line.text(format!(" ({money})"));
    }
    line = line.text(" in ").strong(deal.stage.clone());
    if deal.owner != env.user() {
        line = line.text(" for ").user(deal.owner.clone());
    }
    Ok((deal, line.text(".")))
}
