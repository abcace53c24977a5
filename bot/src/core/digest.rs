//! The stand-up digest: the open pipeline grouped by stage in pipeline order,
//! with counts, amounts and weighted amounts per stage, each deal's next step and
//! concerns, and what changed since the channel's previous digest. A digest too
//! big for one message is split into parts that each stand alone, never cutting a
//! deal in half.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dealbot_storage::{DealChange, DealStatus, DigestDeal, DigestFilter, DigestRead, Store};

use super::attention::concerns;
use super::availability::Team;
use super::calendar::OwnerZones;
use super::digest_quiet::{away_line, away_note, held_line};
use super::env::CoreSettings;
use super::format::{days_between, label, long_date, plural, DueDates};
use super::history_lines::{digest_line, DigestKind};
use super::outgoing::MessageLimits;
use super::reply::{Line, Reply, Tone};
use super::totals::{win_chance, Totals};
use super::values::{Amount, Currency};
use super::visibility::{keep_visible, of_change, of_digest_deal, private_count_line, Viewer};

/// Which deals a digest covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestScope {
    pub workspace: String,
    pub pipeline: Option<String>,
    pub owner: Option<String>,
    /// The channel it is posted to: deals opened in a private channel are
    /// shown only there (see [`super::visibility`]).
    pub channel: Option<String>,
}

impl DigestScope {
    /// Who reads the digest: its channel's members (see [`super::visibility`]).
    pub fn readers(&self) -> Viewer<'_> {
        Viewer::channel(self.channel.as_deref())
    }

    /// The open deals in the digest's scope, as one text their deals borrow
    /// from (see [`DigestScope::visible_deals`]).
    pub async fn read_open_deals(&self, store: &Store) -> anyhow::Result<DigestRead> {
        let filter = DigestFilter {
            pipeline: self.pipeline.as_deref(),
            owner: self.owner.as_deref(),
        };
        Ok(store.open_deals_for_digest(&self.workspace, filter).await?)
    }

    /// The deals of `read` that the digest's readers may see, and how many
    /// were left out for them (opened in a private channel elsewhere).
    pub fn visible_deals<'a>(
        &self,
        read: &'a DigestRead,
        config: &CoreSettings,
    ) -> anyhow::Result<(Vec<DigestDeal<'a>>, usize)> {
        let mut deals = read.deals()?;
        let hidden = keep_visible(&mut deals, config, self.readers(), of_digest_deal);
        Ok((deals, hidden))
    }
}

/// The digest as one or more messages, each within `limits`, naming people
/// without pinging them.
pub async fn digest_parts(
    store: &Store,
    config: &CoreSettings,
    scope: &DigestScope,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: Tz,
    limits: MessageLimits,
) -> anyhow::Result<Vec<Reply>> {
    let read = scope.read_open_deals(store).await?;
    let (deals, hidden) = scope.visible_deals(&read, config)?;
    let readers = scope.readers();
    let mut changes = match since {
        Some(since) => store.changes_since(&scope.workspace, since).await?,
        None => Vec::new(),
    };
    keep_visible(&mut changes, config, readers, of_change);
    let zones = OwnerZones::read(store, &scope.workspace, config.default_timezone).await?;
    let today = now.with_timezone(&tz).date_naive();
    let team = Team::read(store, &scope.workspace, config).await?;
    let mut items = body(
        &deals,
        &changes,
        since.is_some(),
        config,
        now,
        &zones,
        &team,
    );
    if hidden > 0 {
        items.insert(1, Item::Plain(private_count_line(hidden)));
    }
    // Who is not being reminded, right after the summary.
    let holds = store.workspace_nag_holds(&scope.workspace).await?;
    let quiet: Vec<Line> = [away_line(&team, now), held_line(&holds, tz)]
        .into_iter()
        .flatten()
        .collect();
    for (i, line) in quiet.into_iter().enumerate() {
        items.insert((1 + i).min(items.len()), Item::Plain(line));
    }
    let title = format!("Pipeline digest · {}", long_date(today));
    // A digest lists its owners; it does not call on them (a nag does).
    Ok(split(items, &title, limits)
        .into_iter()
        .map(Reply::without_pings)
        .collect())
}

/// A line of the digest, and whether it opens a stage (so a part that continues
/// the stage can repeat its name).
#[derive(Debug, Clone)]
enum Item<'a> {
    Plain(Line),
    StageHeader { stage: &'a str, line: Line },
    Deal { stage: &'a str, line: Line },
}

fn body<'a>(
    deals: &'a [DigestDeal<'a>],
    changes: &[DealChange],
    show_changes: bool,
    config: &CoreSettings,
    now: DateTime<Utc>,
    zones: &OwnerZones,
    team: &Team,
) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(deals.len() + 16);
    if deals.is_empty() {
        items.push(Item::Plain(
            Line::new()
                .text("Nothing open in the pipeline. Open a deal with ")
                .code("new \"Acme Corp\" 50k"),
        ));
    } else {
        items.push(Item::Plain(summary(deals, config)));
    }
    if show_changes {
        items.extend(change_lines(changes, config).into_iter().map(Item::Plain));
    }
    let mut due_dates = DueDates::new();
    for (stage, in_stage) in by_stage(deals, config) {
        items.push(Item::StageHeader {
            stage,
            line: stage_header(stage, &in_stage, config),
        });
        for deal in in_stage {
            items.push(Item::Deal {
                stage,
                line: deal_line(deal, config, now, zones, &mut due_dates, team),
            });
        }
    }
    items
}

/// Deals grouped by stage, stages in pipeline order (pipelines in configured
/// order, stages unknown to the configuration last).
fn by_stage<'a>(
    deals: &'a [DigestDeal<'a>],
    config: &CoreSettings,
) -> Vec<(&'a str, Vec<&'a DigestDeal<'a>>)> {
    let mut order: BTreeMap<(usize, usize, &str), Vec<&DigestDeal<'_>>> = BTreeMap::new();
    for deal in deals {
        let position = config
            .settings
            .pipelines
            .iter()
            .enumerate()
            .find(|(_, p)| p.name == deal.pipeline)
            .and_then(|(i, p)| {
                p.stages
                    .iter()
                    .position(|s| s.name == deal.stage)
                    .map(|j| (i, j))
            })
            .unwrap_or((usize::MAX, usize::MAX));
        order
            .entry((position.0, position.1, deal.stage))
            .or_default()
            .push(deal);
    }
    order
        .into_iter()
        .map(|((_, _, stage), deals)| (stage, deals))
        .collect()
}

/// The open deals' count, amounts and weighted amounts.
fn totals<'a>(deals: impl Iterator<Item = &'a DigestDeal<'a>>, config: &CoreSettings) -> Totals {
    let mut totals = Totals::new();
    for deal in deals {
        let chance = win_chance(config, deal.pipeline, deal.stage, DealStatus::Open);
        totals.add(deal.amount_minor, deal.currency, chance);
    }
    totals
}

/// The header: count, amounts and weighted forecast of the deals still to be
/// won, leaving out won deals carrying on after the sale and every deal of an
/// after-sale pipeline (those are counted apart).
fn summary(deals: &[DigestDeal<'_>], config: &CoreSettings) -> Line {
    let (after_sale, selling): (Vec<&DigestDeal<'_>>, Vec<&DigestDeal<'_>>) = deals
        .iter()
        .partition(|deal| deal.won || config.is_after_sale(deal.pipeline));
    let totals = totals(selling.iter().copied(), config);
    let line = Line::new()
        .strong(plural(selling.len() as i64, "open deal"))
        .text(format!(
            " · {} open · {} weighted forecast",
            totals.amount(),
            totals.weighted()
        ));
    match after_sale.len() {
        0 => line,
        count => line.text(format!(
            " · {} after the sale",
            plural(count as i64, "deal")
        )),
    }
}

fn stage_header(stage: &str, deals: &[&DigestDeal<'_>], config: &CoreSettings) -> Line {
    let totals = totals(deals.iter().copied(), config);
    Line::new().strong(stage.to_string()).text(format!(
        " — {} · {} · weighted {}",
        plural(deals.len() as i64, "deal"),
        totals.amount(),
        totals.weighted()
    ))
}

fn deal_line(
    deal: &DigestDeal<'_>,
    config: &CoreSettings,
    now: DateTime<Utc>,
    zones: &OwnerZones,
    due_dates: &mut DueDates,
    team: &Team,
) -> Line {
    // The due date is the same day in every digest zone; how it stands counts
    // from its owner's day.
    let owner_today = zones.today(deal.owner, now);
    // All after the owner is plain text: one span, written in one go. (Writing
    // to a `String` cannot fail.)
    let mut rest = String::with_capacity(128);
    if let Some(away) = away_note(team.person(deal.owner), now) {
        let _ = write!(rest, " ({away})");
    }
    if let (Some(minor), Some(code)) = (deal.amount_minor, deal.currency) {
        if let Ok(currency) = Currency::parse(code) {
            let _ = write!(rest, " · {}", Amount { minor, currency });
        }
    }
    if let (Some(step), Some(due_on)) = (deal.next_step, deal.next_step_due) {
        rest.push_str(" · next: ");
        rest.push_str(step);
        rest.push_str(", due ");
        rest.push_str(due_dates.text(due_on, owner_today));
    }
    let days = plural(days_between(deal.stage_entered_at, now), "day");
    let _ = write!(rest, " · {days} in stage");
    for concern in concerns(deal, config, now, owner_today) {
        let _ = write!(rest, " · ⚠ {}", concern.describe());
    }
    let mut line = Line(Vec::with_capacity(7)).text("• ");
    line.0.extend(label(deal.number, deal.name).0);
    line.text(" · ").user(deal.owner).text(rest)
}

/// What changed since the previous digest: a count line, then one line each.
fn change_lines(changes: &[DealChange], config: &CoreSettings) -> Vec<Line> {
    if changes.is_empty() {
        return vec![Line::new().text("No changes since the last digest.")];
    }
    let mut counts: BTreeMap<DigestKind, i64> = BTreeMap::new();
    let mut lines = Vec::new();
    for change in changes {
        let (kind, line) = digest_line(change, config);
        *counts.entry(kind).or_default() += 1;
        lines.push(line);
    }
    let counted: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    let mut result =
        vec![Line::new().text(format!("Since the last digest: {}.", counted.join(", ")))];
    result.extend(lines);
    result
}

/// Packs the items into parts within `limits`; a part that continues a stage
/// repeats its name; every part gets the title, numbered when there are several.
fn split(items: Vec<Item<'_>>, title: &str, limits: MessageLimits) -> Vec<Reply> {
    let mut parts: Vec<Vec<Line>> = vec![Vec::new()];
    let mut chars = 0;
    for item in items {
        let (line, stage, is_header) = match item {
            Item::Plain(line) => (line, None, false),
            Item::StageHeader { stage, line } => (line, Some(stage), true),
            Item::Deal { stage, line } => (line, Some(stage), false),
        };
        let length = limits.size_of(&line);
        let part_len = parts.last().map_or(0, Vec::len);
        // A header is only worth starting a part with if a deal fits after it.
        let needed = if is_header { 2 } else { 1 };
        if part_len > 0
            && (part_len + needed > limits.max_lines || chars + length > limits.max_chars)
        {
            parts.push(Vec::new());
            chars = 0;
            if let (false, Some(stage)) = (is_header, &stage) {
                let continued = Line::new().strong(*stage).text(" (continued)");
                chars += limits.size_of(&continued);
                if let Some(part) = parts.last_mut() {
                    part.push(continued);
                }
            }
        }
        chars += length;
        if let Some(part) = parts.last_mut() {
            part.push(line);
        }
    }
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, lines)| {
            let title = if count > 1 {
                format!("{title} (part {} of {count})", i + 1)
            } else {
                title.to_string()
            };
            Reply {
                lines,
                ..Reply::public().tone(Tone::Info).title(title)
            }
        })
        .collect()
}
