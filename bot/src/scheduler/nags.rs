//! The nag sweep: on its schedule, every owner with deals that need them gets
//! one direct message bundling those deals — only during their working hours and
//! days in their own time zone, no more often than the configured interval — and,
//! after too many unanswered nags, a mention in the deals' channels.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use dealbot_storage::{split_workspace_key, SlotClaim, SlotEffects};

use crate::config::{parse_weekday, parse_working_hours, NagSettings};
use crate::core::attention::{concerns, stalled_cutoffs, Concern};
use crate::core::calendar::{latest_today, OwnerZones};
use crate::core::nag::{escalation_reply, nag_reply, NagItem};
use crate::core::outgoing::{queue_message, Destination, Outgoing};
use crate::core::values::CronSchedule;
use crate::core::visibility::{may_see, of_deal, Viewer};
use crate::core::Core;
use crate::telemetry;

/// Runs the sweep if its slot is due and unclaimed; the number of owners nagged.
pub async fn sweep(
    core: &Core,
    instance: &str,
    now: DateTime<Utc>,
    catch_up: chrono::Duration,
) -> anyhow::Result<Option<usize>> {
    let settings = &core.config().settings.nags;
    if !settings.enabled {
        return Ok(None);
    }
    let schedule = CronSchedule::parse(&settings.schedule, "UTC").map_err(anyhow::Error::msg)?;
    let Some(slot_at) = schedule.due_slot(now, catch_up) else {
        return Ok(None);
    };
    let job = "nags".to_string();
    let slot = schedule.slot_name(slot_at);
    let store = core.store();
    if store.slot_claimed(&job, &slot).await? {
        return Ok(None);
    }
    let deals = store
        .deals_needing_attention(latest_today(now), &stalled_cutoffs(core.config(), now))
        .await?;
    let states: HashMap<(String, String), (DateTime<Utc>, i64)> = store
        .nag_states()
        .await?
        .into_iter()
        .map(|state| {
            (
                (state.workspace, state.owner),
                (state.last_nag_at, state.unanswered),
            )
        })
        .collect();
    let mut by_owner: BTreeMap<(String, String), Vec<NagItem>> = BTreeMap::new();
    let mut workspaces: HashMap<String, WorkspaceFacts> = HashMap::new();
    for deal in deals {
        let facts = match workspaces.entry(deal.workspace.clone()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(unknown) => {
                unknown.insert(WorkspaceFacts::read(core, &deal.workspace).await?)
            }
        };
        // Overdue means the step's day has passed in its owner's zone.
        let owner_today = facts.zones.today(&deal.owner, now);
        let mut found = concerns(&deal, core.config(), now, owner_today);
        // A deal just opened (or whose step was just done) gets a day to be
        // given its next step before anyone is reminded.
        if now - deal.updated_at < NO_NEXT_STEP_GRACE {
            found.retain(|concern| *concern != Concern::NoNextStep);
        }
        if !found.is_empty() {
            by_owner
                .entry((deal.workspace.clone(), deal.owner.clone()))
                .or_default()
                .push(NagItem {
                    deal,
                    concerns: found,
                });
        }
    }
    let mut effects = SlotEffects::default();
    for ((workspace, owner), items) in by_owner {
        let (last, unanswered) = states
            .get(&(workspace.clone(), owner.clone()))
            .copied()
            .map_or((None, 0), |(last, unanswered)| (Some(last), unanswered));
        if last.is_some_and(|last| now - last < interval(settings)) {
            continue;
        }
        let facts = match workspaces.entry(workspace.clone()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(unknown) => unknown.insert(WorkspaceFacts::read(core, &workspace).await?),
        };
        let zone = facts.zones.zone(&owner);
        if !at_work(settings, now, zone) {
            continue;
        }
        let platform = facts.platform.clone();
        let today = now.with_timezone(&zone).date_naive();
        // Posted there only if the owner's DMs are closed: a channel where
        // every deal of the nag may be seen.
        let fallback = items
            .iter()
            .filter_map(|item| item.deal.channel.as_deref())
            .find(|channel| {
                items.iter().all(|other| {
                    may_see(
                        core.config(),
                        of_deal(&other.deal),
                        Viewer::channel(Some(channel)),
                    )
                })
            })
            .map(str::to_string);
        let dm = Outgoing {
            platform: platform.clone(),
            workspace: workspace.clone(),
            destination: Destination::DirectMessage(owner.clone()),
            reply: nag_reply(&items, today),
            key: format!("nag:{workspace}:{owner}:{slot}"),
        };
        effects.messages.push(queue_message(&dm, fallback)?);
        if settings.escalate_after > 0 && unanswered >= settings.escalate_after {
            for (channel, in_channel) in by_channel(&items) {
                let escalation = Outgoing {
                    platform: platform.clone(),
                    workspace: workspace.clone(),
                    destination: Destination::Channel(channel.clone()),
                    reply: escalation_reply(&owner, &in_channel, unanswered),
                    key: format!("nag-escalation:{workspace}:{owner}:{slot}:{channel}"),
                };
                effects.messages.push(queue_message(&escalation, None)?);
            }
        }
        effects.nagged.push((workspace, owner));
    }
    let nagged = effects.nagged.len();
    let claim = SlotClaim {
        job,
        slot,
        slot_at,
        claimed_by: instance.to_string(),
        now,
    };
    if !store.claim_slot(&claim, &effects).await? {
        return Ok(None);
    }
    telemetry::schedule_lag("nag_sweep", (now - slot_at).to_std().unwrap_or_default());
    for message in &effects.messages {
        if message.dedup_key.starts_with("nag:") {
            telemetry::nag_sent(&message.platform);
        }
    }
    if nagged > 0 {
        tracing::info!(owners = nagged, slot = %claim.slot, "nags queued");
        core.wake_outbox();
    }
    Ok(Some(nagged))
}

/// How long a deal may go without a next step before its owner is reminded.
const NO_NEXT_STEP_GRACE: chrono::Duration = chrono::Duration::days(1);

fn interval(settings: &NagSettings) -> chrono::Duration {
    chrono::Duration::hours(i64::try_from(settings.interval_hours).unwrap_or(24))
}

/// What the sweep needs of a workspace to message its owners, read once for
/// all of them rather than once per owner.
struct WorkspaceFacts {
    /// The adapter that delivers the workspace's messages.
    platform: String,
    /// The owners' zones.
    zones: OwnerZones,
}

impl WorkspaceFacts {
    async fn read(core: &Core, workspace: &str) -> anyhow::Result<WorkspaceFacts> {
        let store = core.store();
        // The key names its platform (even for a workspace an import opened);
        // keys from before that ask the workspace's row.
        let platform = match split_workspace_key(workspace) {
            Some((platform, _)) => platform.to_string(),
            None => store
                .workspace_platform(workspace)
                .await?
                .unwrap_or_else(|| "shell".to_string()),
        };
        let zones = OwnerZones::read(store, workspace, core.config().default_timezone).await?;
        Ok(WorkspaceFacts { platform, zones })
    }
}

/// Whether `now` falls in the owner's working hours and days.
fn at_work(settings: &NagSettings, now: DateTime<Utc>, zone: Tz) -> bool {
    let local = now.with_timezone(&zone);
    let day_ok = settings
        .working_days
        .iter()
        .filter_map(|day| parse_weekday(day))
        .any(|day| day == local.weekday());
    let minute = local.hour() * 60 + local.minute();
    let hours_ok = parse_working_hours(&settings.working_hours)
        .is_some_and(|(start, end)| minute >= start && minute < end);
    day_ok && hours_ok
}

fn by_channel(items: &[NagItem]) -> BTreeMap<String, Vec<NagItem>> {
    let mut channels: BTreeMap<String, Vec<NagItem>> = BTreeMap::new();
    for item in items {
        if let Some(channel) = &item.deal.channel {
            channels
                .entry(channel.clone())
                .or_default()
                .push(item.clone());
        }
    }
    channels
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn owners_are_nagged_only_in_their_working_hours_and_days() {
        let settings = NagSettings::default();
        let berlin: Tz = "Europe/Berlin".parse().expect("zone");
        let at = |d, h, m| {
            Utc.with_ymd_and_hms(2026, 11, d, h, m, 0)
                .single()
                .expect("valid")
        };
        // Monday 23 November: 08:30 UTC is 09:30 in Berlin, 17:30 UTC is 18:30.
        assert!(at_work(&settings, at(23, 8, 30), berlin));
        assert!(!at_work(&settings, at(23, 7, 30), berlin));
        assert!(!at_work(&settings, at(23, 17, 30), berlin));
        // Saturday 28 November.
        assert!(!at_work(&settings, at(28, 10, 0), berlin));
    }
}
