//! An import's one summary to the team: bulk work posts one message per
//! channel, never one per deal. It goes to every channel of the workspace the
//! bot posts in (digest schedules, `notify` modes) whose mode admits stage
//! moves (`all` and `stages`), through the outbox like any post.

use crate::core::noise::NotifyMode;
use crate::core::outgoing::{queue_message, Destination, Outgoing};
use crate::core::reply::{ChangeKind, Line, Reply, Span};
use crate::core::Core;

use super::{ImportOptions, ImportReport};

/// Queues the summary of `report` to the workspace's channels; how many were
/// queued. Nothing is posted for an import that changed nothing.
pub async fn announce_import(
    core: &Core,
    options: &ImportOptions,
    report: &ImportReport,
) -> anyhow::Result<usize> {
    if report.created + report.updated == 0 {
        return Ok(0);
    }
    let store = core.store();
    let mut messages = Vec::new();
    for channel in store.posting_channels(&options.workspace).await? {
        let mode = store
            .channel_notify_mode(&options.workspace, &channel.channel)
            .await?
            .as_deref()
            .and_then(NotifyMode::parse)
            .unwrap_or_default();
        if !mode.admits(ChangeKind::Stage) {
            continue;
        }
        let outgoing = Outgoing {
            platform: channel.platform.clone(),
            workspace: options.workspace.clone(),
            destination: Destination::Channel(channel.channel.clone()),
            reply: summary(options, report),
            key: format!(
                "import:{}:{}:{}",
                options.workspace,
                channel.channel,
                options.now.timestamp_millis()
            ),
        };
        messages.push(queue_message(&outgoing, None)?);
    }
    let queued = store.enqueue(&messages, options.now).await?;
    if queued > 0 {
        core.wake_outbox();
    }
    Ok(usize::try_from(queued).unwrap_or(usize::MAX))
}

/// "📥 alice imported deals.csv: 3 new deals, 2 updated."
fn summary(options: &ImportOptions, report: &ImportReport) -> Reply {
    let mut line = Line::new().text("📥 ");
    line.0.push(Span::Person(options.actor.clone()));
    let deals = if report.created == 1 { "deal" } else { "deals" };
    Reply::public()
        .line(
            line.text(" imported ")
                .strong(options.source.clone())
                .text(format!(
                    ": {} new {deals}, {} updated, {} unchanged.",
                    report.created, report.updated, report.unchanged
                )),
        )
        .line(
            Line::new()
                .text("See them with ")
                .code("list")
                .text("; each deal's history says what the import changed."),
        )
}
