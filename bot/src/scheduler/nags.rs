//! The nag sweep: on its schedule, every owner with deals that need them gets
//! one direct message bundling those deals — only during their working hours and
//! days in their own time zone, never on a holiday or while they are away, no
//! more often than the configured interval — and, after too many unanswered
//! nags, a mention in the deals' channels.
//!
//! A nag that must wait is held (see [`crate::core::availability`]): the sweep
//! that finds it writes its hold once, and a sweep runs again when the owner's
//! next working window opens, even between the schedule's own slots, so the
//! nag goes out then, once.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use dealbot_storage::{split_workspace_key, NagHold, SlotClaim, SlotEffects};

use crate::config::NagSettings;
use crate::core::attention::{concerns, stalled_cutoffs, Concern};
use crate::core::availability::{HoldReason, Team};
use crate::core::calendar::latest_today;
use crate::core::nag::{away_escalation_reply, escalation_reply, nag_reply, NagItem};
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
    let job = "nags".to_string();
    let store = core.store();
    let held_before = store.nag_holds().await?;
    let Some((slot, slot_at)) = due_slot(core, &schedule, &held_before, now, catch_up).await?
    else {
        return Ok(None);
    };
    let held_since: HashMap<(String, String), DateTime<Utc>> = held_before
        .into_iter()
        .map(|hold| ((hold.workspace, hold.owner), hold.held_since))
        .collect();
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
        let owner_today = facts.team.person(&deal.owner).today(now);
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
    let mut holds = Vec::new();
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
        let person = facts.team.person(&owner);
        let holidays = &core.config().holidays;
        // The platform is asked only about someone who would be reminded now.
        let mut away_by_status = false;
        let mut held = person.held_at(now, holidays, false);
        if held.is_none()
            && core
                .away_by_status(&facts.platform, &workspace, &owner)
                .await
        {
            away_by_status = true;
            held = person.held_at(now, holidays, true);
        }
        if let Some(held) = held {
            // Only when they would have been reminded: their hours, no holiday.
            let escalate = held.reason == HoldReason::Away
                && person.in_hours(now)
                && holidays.of_everyone(person.today(now)).is_none()
                && settings.escalate_after > 0
                && unanswered >= settings.escalate_after;
            if escalate {
                let until = person.away_until.filter(|_| !away_by_status);
                for (channel, in_channel) in by_channel(&items) {
                    let cover =
                        cover_for(core, &workspace, &facts.platform, &owner, &in_channel).await?;
                    let escalation = Outgoing {
                        platform: facts.platform.clone(),
                        workspace: workspace.clone(),
                        destination: Destination::Channel(channel.clone()),
                        reply: away_escalation_reply(
                            &owner,
                            until,
                            &cover,
                            &in_channel,
                            unanswered,
                        ),
                        key: format!("nag-escalation:{workspace}:{owner}:{slot}:{channel}"),
                    };
                    effects.messages.push(queue_message(&escalation, None)?);
                }
                // Counted as a reminder, so the channel hears of it once an interval.
                effects.nagged.push((workspace.clone(), owner.clone()));
            }
            let detail = match &held.reason {
                HoldReason::Holiday(name) => Some(name.clone()),
                HoldReason::Away => person.away_note.clone(),
                HoldReason::Hours => None,
            };
            let key = (workspace.clone(), owner.clone());
            holds.push(NagHold {
                held_since: held_since.get(&key).copied().unwrap_or(now),
                workspace: key.0,
                owner: key.1,
                reason: held.reason.as_str().to_string(),
                detail,
                resumes_at: held.resumes_at,
            });
            continue;
        }
        let platform = facts.platform.clone();
        let today = person.today(now);
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
    effects.holds = Some(holds);
    let nagged = effects
        .messages
        .iter()
        .filter(|message| message.dedup_key.starts_with("nag:"))
        .count();
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
    /// The owners' zones, hours and time off.
    team: Team,
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
        let team = Team::read(store, workspace, core.config()).await?;
        Ok(WorkspaceFacts { platform, team })
    }
}

/// The slot to sweep at `now`, if any: the schedule's, or the moment a held
/// nag's owner is at work again (the earliest such moment not swept yet), so a
/// held nag goes out when its window opens even between the schedule's slots.
async fn due_slot(
    core: &Core,
    schedule: &CronSchedule,
    holds: &[NagHold],
    now: DateTime<Utc>,
    catch_up: chrono::Duration,
) -> anyhow::Result<Option<(String, DateTime<Utc>)>> {
    let store = core.store();
    if let Some(slot_at) = schedule.due_slot(now, catch_up) {
        let slot = schedule.slot_name(slot_at);
        if !store.slot_claimed("nags", &slot).await? {
            return Ok(Some((slot, slot_at)));
        }
    }
    let mut releases: Vec<DateTime<Utc>> = holds
        .iter()
        .filter_map(|hold| hold.resumes_at)
        .filter(|at| *at <= now && now - *at <= catch_up)
        .collect();
    releases.sort();
    releases.dedup();
    for at in releases {
        let slot = release_slot_name(at);
        if !store.slot_claimed("nags", &slot).await? {
            return Ok(Some((slot, at)));
        }
    }
    Ok(None)
}

/// The name of the sweep run when held nags' window opens at `at`.
fn release_slot_name(at: DateTime<Utc>) -> String {
    format!("held until {}", at.format("%Y-%m-%dT%H:%M:%SZ"))
}

/// When the scheduler should next look, for held nags: the earliest moment a
/// held nag's window opens, if one is ahead.
pub async fn next_release(core: &Core, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let holds = core.store().nag_holds().await.ok()?;
    holds
        .iter()
        .filter_map(|hold| hold.resumes_at)
        .filter(|at| *at > now)
        .min()
}

/// Who might cover for `owner`, away, on `items`: the last other person who
/// worked on them, then the admins named in `[permissions] admins` for this
/// platform.
async fn cover_for(
    core: &Core,
    workspace: &str,
    platform: &str,
    owner: &str,
    items: &[NagItem],
) -> anyhow::Result<Vec<String>> {
    let mut last: Option<(DateTime<Utc>, String)> = None;
    for item in items {
        let history = core
            .store()
            .history(workspace, item.deal.number, Some(50))
            .await?;
        if let Some(entry) = history
            .iter()
            .rev()
            .find(|entry| entry.actor != owner && !entry.actor.is_empty())
        {
            if last.as_ref().is_none_or(|(at, _)| entry.at > *at) {
                last = Some((entry.at, entry.actor.clone()));
            }
        }
    }
    let mut cover: Vec<String> = last.into_iter().map(|(_, actor)| actor).collect();
    let prefix = format!("{platform}:");
    for admin in &core.config().settings.permissions.admins {
        if let Some(id) = admin.strip_prefix(&prefix) {
            if id != owner && !cover.iter().any(|known| known == id) {
                cover.push(id.to_string());
            }
        }
    }
    Ok(cover)
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
