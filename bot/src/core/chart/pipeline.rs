//! The digest's picture of the open pipeline: one row per stage, its bar as
//! long as the stage's open amount with the weighted forecast (amount × stage
//! probability) marked as the darker part from the left, labelled with the
//! count, the amount and the weighted amount; the totals in the subtitle and a
//! legend below. Amounts are drawn in one currency; deals in others are
//! counted, and a note says their amounts are left out of the bars. With
//! nothing open, it says so.
//!
//! Geometry: like the funnel's ([`super::funnel`]): rows of [`ROW_HEIGHT`]
//! from [`TOP`], bars from [`BAR_LEFT`], the largest amount [`BAR_SPAN`] long.

use super::canvas::{Anchor, Canvas, AMOUNT_BAR, INK, MUTED, WEIGHTED_BAR};
pub use super::canvas::{BAR_HEIGHT, BAR_LEFT, MARGIN, TOP, WIDTH};
use super::{Chart, ChartError};

pub const ROW_HEIGHT: i32 = 64;
pub const BAR_SPAN: i32 = 560;
const FOOT: i32 = 96;

/// One stage's open deals.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineStage {
    pub name: String,
    pub deals: usize,
    /// The open amount in the chart's currency, in major units.
    pub amount: f64,
    pub amount_label: String,
    /// The weighted amount, in the same units.
    pub weighted: f64,
    pub weighted_label: String,
}

/// What the pipeline chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineChart {
    /// `Open pipeline · Mon 30 Nov 2026` (with the pipeline when only one).
    pub title: String,
    pub stages: Vec<PipelineStage>,
    /// The totals, written: `$450,000 open`, `$96,000 weighted forecast`.
    pub total_label: String,
    pub weighted_label: String,
    /// Said below the bars when some amounts are in other currencies.
    pub note: Option<String>,
}

impl PipelineChart {
    fn deals(&self) -> usize {
        self.stages.iter().map(|stage| stage.deals).sum()
    }

    fn check(&self) -> Result<(), ChartError> {
        for stage in &self.stages {
            let sane = |value: f64| value.is_finite() && value >= 0.0;
            if !sane(stage.amount) || !sane(stage.weighted) {
                return Err(ChartError::Impossible(format!(
                    "{} open, {} weighted in {}",
                    stage.amount, stage.weighted, stage.name
                )));
            }
            // Weighting never adds: a probability is at most 100%.
            if stage.weighted > stage.amount * (1.0 + 1e-9) + 0.01 {
                return Err(ChartError::Impossible(format!(
                    "{} weighted is more than {} open in {}",
                    stage.weighted, stage.amount, stage.name
                )));
            }
        }
        Ok(())
    }

    /// The chart's numbers as one sentence.
    pub fn alt_text(&self) -> String {
        if self.deals() == 0 {
            return format!("{}: nothing open.", self.title);
        }
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|stage| {
                format!(
                    "{} {} ({}, weighted {})",
                    stage.name,
                    plural(stage.deals),
                    stage.amount_label,
                    stage.weighted_label
                )
            })
            .collect();
        format!(
            "{}: {} · {}; {}.",
            self.title,
            self.total_label,
            self.weighted_label,
            stages.join("; ")
        )
    }
}

fn plural(count: usize) -> String {
    if count == 1 {
        "1 deal".to_string()
    } else {
        format!("{count} deals")
    }
}

/// The pixel length of `value` when `most` is the longest bar.
pub fn bar_length(value: f64, most: f64) -> i32 {
    if most <= 0.0 {
        return 0;
    }
    (value * f64::from(BAR_SPAN) / most).round() as i32
}

/// The pipeline chart drawn, or why it cannot be.
pub fn draw(chart: &PipelineChart) -> Result<Chart, ChartError> {
    chart.check()?;
    let rows = chart.stages.len().max(1) as i32;
    let height = TOP + rows * ROW_HEIGHT + FOOT;
    let mut canvas = Canvas::titled(height, &chart.title)?;
    if chart.deals() == 0 {
        canvas.nothing_to_draw(
            "Nothing open in the pipeline: no bars to draw.",
            (TOP + height) / 2 - FOOT / 2,
        )?;
        return canvas.into_chart(chart.alt_text());
    }
    canvas.subtitle(&format!(
        "{} open · {} · {}",
        plural(chart.deals()),
        chart.total_label,
        chart.weighted_label
    ))?;
    let most = chart
        .stages
        .iter()
        .map(|stage| stage.amount)
        .fold(0.0, f64::max);
    for (row, stage) in chart.stages.iter().enumerate() {
        let top = TOP + row as i32 * ROW_HEIGHT;
        let middle = top + ROW_HEIGHT / 2;
        canvas.text(
            &stage.name,
            BAR_LEFT - 16,
            middle - 10,
            20,
            true,
            INK,
            Anchor::Right,
        )?;
        canvas.text(
            &plural(stage.deals),
            BAR_LEFT - 16,
            middle + 14,
            16,
            false,
            MUTED,
            Anchor::Right,
        )?;
        let amount = bar_length(stage.amount, most);
        let weighted = bar_length(stage.weighted, most).min(amount);
        let bar_top = middle - BAR_HEIGHT / 2;
        canvas.rect(BAR_LEFT, bar_top, amount, BAR_HEIGHT, AMOUNT_BAR)?;
        canvas.rect(BAR_LEFT, bar_top, weighted, BAR_HEIGHT, WEIGHTED_BAR)?;
        canvas.text(
            &format!("{} · weighted {}", stage.amount_label, stage.weighted_label),
            BAR_LEFT + amount + 12,
            middle,
            18,
            false,
            INK,
            Anchor::Left,
        )?;
    }
    let legend = TOP + rows * ROW_HEIGHT + 28;
    canvas.legend_entry(MARGIN, legend, AMOUNT_BAR, "open amount")?;
    canvas.legend_entry(
        MARGIN + 180,
        legend,
        WEIGHTED_BAR,
        "weighted forecast (amount × stage probability)",
    )?;
    if let Some(note) = &chart.note {
        canvas.text(note, MARGIN, legend + 32, 16, false, MUTED, Anchor::Left)?;
    }
    canvas.into_chart(chart.alt_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::chart::canvas::Decoded;

    fn stage(name: &str, deals: usize, amount: f64, weighted: f64) -> PipelineStage {
        PipelineStage {
            name: name.to_string(),
            deals,
            amount,
            amount_label: format!("${amount}"),
            weighted,
            weighted_label: format!("${weighted}"),
        }
    }

    fn fixture() -> PipelineChart {
        PipelineChart {
            title: "Open pipeline · Mon 30 Nov 2026".to_string(),
            stages: vec![
                stage("Prospecting", 4, 80_000.0, 8_000.0),
                stage("Qualifying", 2, 140_000.0, 42_000.0),
                stage("Closing", 1, 35_000.0, 28_000.0),
            ],
            total_label: "$255,000 open".to_string(),
            weighted_label: "$78,000 weighted forecast".to_string(),
            note: None,
        }
    }

    fn middle(row: i32) -> u32 {
        (TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2) as u32
    }

    #[test]
    fn amounts_and_weighted_forecasts_are_proportional() {
        // The largest amount, 140,000, is 560 px: 250 a pixel.
        let picture = Decoded::of(&draw(&fixture()).expect("draws").png);
        assert_eq!(picture.width, 1200);
        let bars: Vec<(usize, usize)> = (0..3)
            .map(|row| {
                let y = middle(row);
                let weighted = picture.run_of(y, WEIGHTED_BAR);
                (weighted + picture.run_of(y, AMOUNT_BAR), weighted)
            })
            .collect();
        assert_eq!(bars, [(320, 32), (560, 168), (140, 112)]);
    }

    #[test]
    fn stage_names_and_numbers_are_written() {
        let picture = Decoded::of(&draw(&fixture()).expect("draws").png);
        assert!(picture.dark_in(32..700, 20..60) > 500, "no title");
        for (row, end) in [(0, 320), (1, 560), (2, 140)] {
            let y = middle(row);
            assert!(
                picture.dark_in(32..284, y - 22..y + 4) > 80,
                "no name on row {row}"
            );
            let x = BAR_LEFT as u32 + end;
            assert!(
                picture.dark_in(x + 8..x + 250, y - 10..y + 10) > 80,
                "no numbers on row {row}"
            );
        }
    }

    #[test]
    fn nothing_open_says_so() {
        let mut empty = fixture();
        empty.stages.clear();
        let chart = draw(&empty).expect("draws");
        let picture = Decoded::of(&chart.png);
        assert_eq!(picture.run_of(middle(0), AMOUNT_BAR), 0);
        assert!(picture.dark_in(200..1000, 100..picture.height - 40) > 500);
        assert_eq!(
            chart.alt_text,
            "Open pipeline · Mon 30 Nov 2026: nothing open."
        );
    }

    #[test]
    fn a_weighted_amount_over_the_amount_is_impossible() {
        let mut wrong = fixture();
        wrong.stages[0].weighted = 90_000.0;
        assert!(matches!(draw(&wrong), Err(ChartError::Impossible(_))));
    }

    #[test]
    fn the_alt_text_carries_the_numbers() {
        assert_eq!(
            fixture().alt_text(),
            "Open pipeline · Mon 30 Nov 2026: $255,000 open · $78,000 weighted forecast; \
             Prospecting 4 deals ($80000, weighted $8000); Qualifying 2 deals ($140000, weighted $42000); \
             Closing 1 deal ($35000, weighted $28000)."
        );
    }
}
