//! `report`: how a pipeline is doing, from the stored history: funnel, conversion,
//! median days in stage, win rate, cycle length, weighted forecast, where deals
//! stall, and breakdowns by lost reason and owner, as a table, with the funnel as
//! a chart (PNG attachment).

use chrono::{Months, NaiveDate, TimeZone};

use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::chart::funnel::{self, Funnel, FunnelStage};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::report::compute::{process_report, ProcessReport};
use crate::core::values::{Amount, Currency};

pub static SPEC: Spec = Spec {
    name: "report",
    aliases: &["pipeline", "funnel", "stats"],
    usage: "report [pipeline] [since <date | 30d | 12w | 6m>]",
    summary: "Funnel, conversion, time in stage, win rate, cycle, forecast and stalls of a pipeline.",
    details: &[
        "Without a pipeline: the default one. `since` keeps the deals with any history in the pipeline on or after that day.",
        "A deal reached a stage if its history shows it entering it; it skipped a stage it moved or won past without entering.",
        "Conversion: the share of those that reached a stage and later went further or won.",
        "Median days count every stay in the stage, ongoing ones up to now. Win rate: won ÷ (won + lost); cycle: joining to won.",
        "Forecast: open, not yet won deals' amount × stage probability, by expected close month. Stalls: lost from a stage, or over its limit.",
        "A pipeline won deals roll into reports its own won and lost, without win rate, cycle or forecast.",
        "Then the lost deals by reason, and every deal by owner: count, amount, win rate.",
    ],
    examples: &["report", "report pilot", "report new-business since 2026-01-01", "report since 90d"],
    args: &[
        Arg::optional(
            "pipeline",
            ArgKind::Pipeline,
            "The pipeline to report on (the default, if not given)",
        ),
        Arg::optional(
            "since",
            ArgKind::Date,
            "Only deals with history since: 2026-01-01, 30d, 12w or 6m",
        )
        .keyword("since"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The pipeline's configured name; `None` for the default.
    pub pipeline: Option<String>,
    /// The first local day counted.
    pub since: Option<NaiveDate>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let mut report = Report {
        pipeline: None,
        since: None,
    };
    while let Some(word) = args.next_word() {
        let lower = word.text.to_lowercase();
        if lower == "since" {
            let Some(when) = args.next_word() else {
                return Err(CommandError::usage(
                    SPEC.name,
                    "Since when? report since 2026-01-01 (or 30d, 12w, 6m)",
                ));
            };
            report.since = Some(parse_since(&when.text, cx.today)?);
        } else if let Some(pipeline) = cx.config.pipeline(&word.text) {
            report.pipeline = Some(pipeline.name.clone());
        } else if let Ok(since) = parse_since(&word.text, cx.today) {
            report.since = Some(since);
        } else {
            return Err(CommandError::usage(
                SPEC.name,
                format!(
                    "\"{}\" is neither a pipeline nor a date. Pipelines: {}.",
                    word.text,
                    cx.config.pipeline_names()
                ),
            ));
        }
    }
    Ok(Command::Report(report))
}

/// `2026-01-01`, or a time ago: `30d`, `12w`, `6m`.
fn parse_since(word: &str, today: NaiveDate) -> Result<NaiveDate, CommandError> {
    let bad = || {
        CommandError::usage(
            SPEC.name,
            format!("\"{word}\" is not a day to count from: write 2026-01-01, 30d, 12w or 6m."),
        )
    };
    if let Ok(date) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Ok(date);
    }
    let lower = word.to_lowercase();
    // The unit is the last character, whatever its width in bytes.
    let split = lower.char_indices().last().map_or(0, |(at, _)| at);
    let (number, unit) = lower.split_at(split);
    let count: u32 = number.parse().map_err(|_| bad())?;
    match unit {
        "d" => today.checked_sub_days(chrono::Days::new(u64::from(count))),
        "w" => today.checked_sub_days(chrono::Days::new(u64::from(count) * 7)),
        "m" => today.checked_sub_months(Months::new(count)),
        _ => None,
    }
    .ok_or_else(bad)
}

impl Report {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let pipeline = match &self.pipeline {
            Some(name) => env.config.pipeline(name),
            None => env.config.default_pipeline().ok(),
        }
        .ok_or_else(|| anyhow::anyhow!("the report's pipeline is not configured"))?;
        let since = match self.since {
            Some(day) => Some(
                env.timezone
                    .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
                    .earliest()
                    .ok_or_else(|| {
                        CommandError::user("That day does not exist in your time zone.")
                    })?
                    .with_timezone(&chrono::Utc),
            ),
            None => None,
        };
        let movements = env.store.movements(env.workspace()).await?;
        let after_sale = env.config.is_after_sale(&pipeline.name);
        let report = process_report(&movements, pipeline, after_sale, since, env.now());
        let scope = match self.since {
            Some(day) => format!(" since {}", day.format("%-d %b %Y")),
            None => String::new(),
        };
        if report.deals == 0 {
            return Ok(Reply::private().line(format!(
                "No deals have followed the {} pipeline{scope}: there is nothing to report yet.",
                pipeline.name
            )));
        }
        let reply = table(&report, &scope);
        Ok(with_chart(reply, &report, &scope))
    }
}

/// The reply with the funnel attached; a funnel that cannot be drawn is left
/// out with a short note, and the cause is logged.
fn with_chart(reply: Reply, report: &ProcessReport, scope: &str) -> Reply {
    let chart = Funnel {
        pipeline: report.pipeline.clone(),
        period: scope.trim().to_string(),
        deals: report.deals,
        stages: report
            .stages
            .iter()
            .map(|row| FunnelStage {
                name: row.stage.clone(),
                entered: row.reached,
                moved_on: row.conversion,
            })
            .collect(),
        won: report.won,
        lost: report.lost,
    };
    match funnel::draw(&chart) {
        Ok(drawn) => reply
            .footer(Line::new().text("Chart: the funnel, one bar per stage, then won and lost."))
            .attachment(drawn.attachment(format!("report-{}.png", report.pipeline))),
        Err(error) => {
            tracing::warn!(pipeline = %report.pipeline, %error, "report chart left out");
            reply.footer(Line::new().text(
                "(No chart this time: it could not be drawn. The numbers above are complete.)",
            ))
        }
    }
}

/// The report as a reply: one field per stage, then the summary lines.
fn table(report: &ProcessReport, scope: &str) -> Reply {
    let mut reply = Reply::public()
        .tone(Tone::Info)
        .title(format!("Process report · {}{scope}", report.pipeline))
        .field(
            "Deals",
            format!(
                "{} · {} won, {} lost, {} open",
                report.deals, report.won, report.lost, report.open
            ),
        );
    for row in &report.stages {
        let skipped = match row.skipped {
            0 => String::new(),
            count => format!(" · {count} skipped"),
        };
        let conversion = match row.conversion {
            Some(share) => format!("{} went on", percent(share)),
            None => "—".to_string(),
        };
        let median = match row.median_days {
            Some(days) => format!("median {days:.1} days"),
            None => "no stays".to_string(),
        };
        reply = reply.field(
            row.stage.clone(),
            format!(
                "{} reached{skipped} · {conversion} · {median} · {} stalled",
                row.reached, row.stalls
            ),
        );
    }
    reply = reply.field("Won", format!("{}", report.won));
    reply = reply.footer(
        "Per stage: deals that entered it (and that moved past it without entering) · share of those that went further or won · median days in it · stalls.",
    );
    reply = outcomes(reply, report);
    reply = forecast(reply, report);
    reply = reply.footer(match &report.most_stalled {
        Some((stage, count)) => format!(
            "Most stalls: {stage} ({} lost there or over its limit)",
            plural(*count, "deal")
        ),
        None => "Most stalls: none, every deal is moving".to_string(),
    });
    breakdowns(reply, report)
}

/// Win rate and cycle of a sales pipeline, or the outcomes after the sale.
fn outcomes(reply: Reply, report: &ProcessReport) -> Reply {
    if report.after_sale {
        return reply.footer(format!(
            "After the sale: {} won, {} lost here. Win rate and cycle are the sales pipelines' (each won deal counts once, there).",
            report.won, report.lost
        ));
    }
    let win_rate = report
        .win_rate
        .map(percent)
        .unwrap_or_else(|| "— (none closed yet)".to_string());
    reply
        .footer(format!(
            "Win rate {win_rate} ({} won of {} closed)",
            report.won,
            report.won + report.lost
        ))
        .footer(match report.average_cycle_days {
            Some(days) => format!("Average cycle {days:.1} days from joining the pipeline to won"),
            None => "Average cycle — (nothing won yet)".to_string(),
        })
}

fn forecast(mut reply: Reply, report: &ProcessReport) -> Reply {
    if report.after_sale {
        return reply.footer("Forecast — none after the sale: these deals are already won");
    }
    if report.forecast.is_empty() {
        return reply.footer("Forecast — (no open deal with an amount)");
    }
    reply = reply.footer("Forecast (amount × stage probability), by expected close:");
    for row in &report.forecast {
        let month = row
            .month
            .as_deref()
            .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
            .map(|d| d.format("%b %Y").to_string())
            .unwrap_or_else(|| "no close date".to_string());
        let amount = Currency::parse(&row.currency)
            .map(|currency| {
                Amount {
                    minor: row.weighted_minor,
                    currency,
                }
                .to_string()
            })
            .unwrap_or_else(|_| format!("{} {}", row.weighted_minor, row.currency));
        reply = reply.footer(format!(
            "  {month}: {amount} from {}",
            plural(row.deals, "deal")
        ));
    }
    reply
}

/// Lost deals by reason, then every deal by owner.
fn breakdowns(mut reply: Reply, report: &ProcessReport) -> Reply {
    let groups = &report.breakdowns;
    if !groups.lost_reasons.is_empty() {
        reply = reply.footer("Lost, by reason:");
        for (reason, group) in &groups.lost_reasons {
            let reason = reason.as_deref().unwrap_or("no reason given");
            reply = reply.footer(format!(
                "  {reason}: {} · {}",
                plural(group.totals.count(), "deal"),
                group.totals.amount()
            ));
        }
    }
    reply = reply.footer("By owner:");
    for (owner, group) in &groups.owners {
        let win_rate = match group.win_rate() {
            Some(share) => format!(
                "win rate {} ({} won of {} closed)",
                percent(share),
                group.won,
                group.won + group.lost
            ),
            None => "none closed".to_string(),
        };
        let win_rate = if report.after_sale {
            format!("{} won, {} lost", group.won, group.lost)
        } else {
            win_rate
        };
        reply = reply.footer(Line::new().text("  ").user(owner.clone()).text(format!(
            ": {} · {} · {win_rate}",
            plural(group.totals.count(), "deal"),
            group.totals.amount()
        )));
    }
    reply
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn plural(count: usize, noun: &str) -> String {
    crate::core::format::plural(count as i64, noun)
}

#[cfg(test)]
mod tests {
    use super::{parse_since, with_chart, ProcessReport};
    use crate::core::reply::Reply;
    use crate::core::report::compute::StageRow;
    use chrono::NaiveDate;

    fn report(conversion: f64) -> ProcessReport {
        ProcessReport {
            pipeline: "new-business".into(),
            after_sale: false,
            deals: 2,
            stages: vec![StageRow {
                stage: "Prospecting".into(),
                reached: 2,
                skipped: 0,
                conversion: Some(conversion),
                median_days: Some(1.0),
                stalls: 0,
            }],
            won: 1,
            lost: 1,
            open: 0,
            win_rate: Some(0.5),
            average_cycle_days: None,
            forecast: Vec::new(),
            most_stalled: None,
            breakdowns: Default::default(),
        }
    }

    #[test]
    fn a_chart_that_cannot_be_drawn_is_left_out_with_a_note() {
        let drawn = with_chart(Reply::public(), &report(0.5), "");
        assert_eq!(drawn.attachments.len(), 1);
        assert!(drawn.attachments[0]
            .alt_text
            .contains("Prospecting 2 entered, 50% moved on"));
        // A share over 100% is no picture: the text goes out alone, saying so.
        let refused = with_chart(Reply::public(), &report(1.5), "");
        assert!(refused.attachments.is_empty());
        let note = refused
            .footer
            .last()
            .map(|line| line.plain())
            .unwrap_or_default();
        assert!(note.contains("No chart this time"), "{note}");
    }

    #[test]
    fn since_reads_dates_and_times_ago() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        assert_eq!(parse_since("2026-01-01", today).ok(), Some(day(2026, 1, 1)));
        assert_eq!(parse_since("30d", today).ok(), Some(day(2026, 10, 24)));
        assert_eq!(parse_since("2w", today).ok(), Some(day(2026, 11, 9)));
        assert_eq!(parse_since("6m", today).ok(), Some(day(2026, 5, 23)));
        assert!(parse_since("yesterday", today).is_err());
        assert!(parse_since("d", today).is_err());
    }
}
