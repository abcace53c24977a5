//! The report's funnel: a title with the pipeline and the period, one bar per
//! stage as long as the deals that entered it, labelled with the stage, that
//! count and the share that moved on, then the won and the lost apart, on the
//! same scale. Without any deal it says so instead of drawing empty bars.
//!
//! Geometry (the tests measure it): [`WIDTH`] pixels wide; rows of
//! [`ROW_HEIGHT`] from [`TOP`], each bar [`BAR_HEIGHT`] tall and centred in
//! its row, starting at [`BAR_LEFT`]; the longest count is [`BAR_SPAN`]
//! pixels long and the others are proportional (rounded). The won and lost
//! rows follow the stages after a gap of [`GAP`].

use super::canvas::{Anchor, Canvas, INK, LOST_BAR, MUTED, RULE, STAGE_BAR, WON_BAR};
pub use super::canvas::{BAR_HEIGHT, BAR_LEFT, MARGIN, TOP, WIDTH};
use super::{Chart, ChartError};

pub const ROW_HEIGHT: i32 = 56;
pub const BAR_SPAN: i32 = 600;
pub const GAP: i32 = 24;
const FOOT: i32 = 64;

/// One stage of the funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStage {
    pub name: String,
    /// Deals that entered the stage.
    pub entered: usize,
    /// Share (0–1) of those that moved on to a later stage or won.
    pub moved_on: Option<f64>,
}

/// What the funnel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub pipeline: String,
    /// The period, as the report's title writes it (`since 1 Oct 2026`), or empty.
    pub period: String,
    pub deals: usize,
    pub stages: Vec<FunnelStage>,
    pub won: usize,
    pub lost: usize,
}

impl Funnel {
    /// The title drawn at the top.
    pub fn title(&self) -> String {
        let period = if self.period.is_empty() {
            "all time".to_string()
        } else {
            self.period.clone()
        };
        format!("Funnel · {} · {period}", self.pipeline)
    }

    fn check(&self) -> Result<(), ChartError> {
        for stage in &self.stages {
            if let Some(share) = stage.moved_on {
                if !share.is_finite() || !(0.0..=1.0).contains(&share) {
                    return Err(ChartError::Impossible(format!(
                        "{} moved on from {}",
                        share, stage.name
                    )));
                }
            }
            if stage.entered > self.deals {
                return Err(ChartError::Impossible(format!(
                    "{} entered {} of only {} deals",
                    stage.entered, stage.name, self.deals
                )));
            }
        }
        if self.won + self.lost > self.deals {
            return Err(ChartError::Impossible(format!(
                "{} won and {} lost of only {} deals",
                self.won, self.lost, self.deals
            )));
        }
        Ok(())
    }

    /// The chart's numbers as one sentence.
    pub fn alt_text(&self) -> String {
        if self.deals == 0 {
            return format!("{}: no deals yet.", self.title());
        }
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|stage| match stage.moved_on {
                Some(share) => format!(
                    "{} {} entered, {} moved on",
                    stage.name,
                    stage.entered,
                    percent(share)
                ),
                None => format!("{} {} entered", stage.name, stage.entered),
            })
            .collect();
        format!(
            "{} of {} deals: {}; {} won, {} lost.",
            self.title(),
            self.deals,
            stages.join("; "),
            self.won,
            self.lost
        )
    }
}

/// The pixel length of `count` deals when `most` is the longest bar.
pub fn bar_length(count: usize, most: usize) -> i32 {
    if most == 0 {
        return 0;
    }
    ((count as f64 * f64::from(BAR_SPAN)) / most as f64).round() as i32
}

/// The top of row `row` (stages first, then won and lost after [`GAP`]).
pub fn row_top(row: usize, stages: usize) -> i32 {
    let gap = if row >= stages { GAP } else { 0 };
    TOP + row as i32 * ROW_HEIGHT + gap
}

/// The funnel drawn, or why it cannot be.
pub fn draw(funnel: &Funnel) -> Result<Chart, ChartError> {
    funnel.check()?;
    let rows = funnel.stages.len() + 2;
    let height = row_top(rows, funnel.stages.len()) + FOOT;
    let mut canvas = Canvas::titled(height, &funnel.title())?;
    if funnel.deals == 0 {
        canvas.nothing_to_draw(
            "No deals have followed this pipeline yet: nothing to draw.",
            height / 2,
        )?;
        return canvas.into_chart(funnel.alt_text());
    }
    canvas.subtitle(&format!(
        "{} deals · bar: deals that entered the stage · %: share of them that moved on",
        funnel.deals
    ))?;
    let most = funnel
        .stages
        .iter()
        .map(|stage| stage.entered)
        .chain([funnel.won, funnel.lost])
        .max()
        .unwrap_or(0);
    let count = funnel.stages.len();
    for (row, stage) in funnel.stages.iter().enumerate() {
        let label = match stage.moved_on {
            Some(share) => format!("{} entered · {} moved on", stage.entered, percent(share)),
            None => format!("{} entered", stage.entered),
        };
        bar_row(
            &mut canvas,
            row_top(row, count),
            &stage.name,
            stage.entered,
            most,
            STAGE_BAR,
            &label,
        )?;
    }
    // The outcomes apart from the stages, each on its own.
    let rule_y = row_top(count, count) - GAP / 2;
    canvas.rect(MARGIN, rule_y, WIDTH as i32 - 2 * MARGIN, 2, RULE)?;
    let won = format!("{} won", funnel.won);
    bar_row(
        &mut canvas,
        row_top(count, count),
        "Won",
        funnel.won,
        most,
        WON_BAR,
        &won,
    )?;
    let lost = format!("{} lost", funnel.lost);
    bar_row(
        &mut canvas,
        row_top(count + 1, count),
        "Lost",
        funnel.lost,
        most,
        LOST_BAR,
        &lost,
    )?;
    canvas.text(
        &format!("Scale: the longest bar is {most} deals."),
        MARGIN,
        height - FOOT / 2,
        16,
        false,
        MUTED,
        Anchor::Left,
    )?;
    canvas.into_chart(funnel.alt_text())
}

fn bar_row(
    canvas: &mut Canvas,
    top: i32,
    name: &str,
    count: usize,
    most: usize,
    colour: plotters::style::RGBColor,
    label: &str,
) -> Result<(), ChartError> {
    let middle = top + ROW_HEIGHT / 2;
    canvas.text(name, BAR_LEFT - 16, middle, 20, true, INK, Anchor::Right)?;
    let length = bar_length(count, most);
    canvas.rect(
        BAR_LEFT,
        middle - BAR_HEIGHT / 2,
        length,
        BAR_HEIGHT,
        colour,
    )?;
    canvas.text(
        label,
        BAR_LEFT + length + 12,
        middle,
        18,
        false,
        INK,
        Anchor::Left,
    )
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::chart::canvas::{Decoded, LOST_BAR, STAGE_BAR, WON_BAR};

    fn stage(name: &str, entered: usize, moved_on: f64) -> FunnelStage {
        FunnelStage {
            name: name.to_string(),
            entered,
            moved_on: Some(moved_on),
        }
    }

    pub(super) fn fixture() -> Funnel {
        Funnel {
            pipeline: "new-business".to_string(),
            period: "since 1 Oct 2026".to_string(),
            deals: 10,
            stages: vec![
                stage("Prospecting", 10, 0.8),
                stage("Qualifying", 8, 0.625),
                stage("Presenting", 5, 0.8),
                stage("Closing", 4, 0.75),
            ],
            won: 3,
            lost: 4,
        }
    }

    fn middle_of(row: usize, stages: usize) -> u32 {
        (row_top(row, stages) + ROW_HEIGHT / 2) as u32
    }

    #[test]
    fn the_picture_is_wide_enough_to_read_inline() {
        let chart = draw(&fixture()).expect("draws");
        let picture = Decoded::of(&chart.png);
        assert_eq!(picture.width, 1200);
        // Title, 4 stage rows, a gap, won and lost, the scale line.
        assert_eq!(picture.height as i32, 112 + 6 * 56 + 24 + 64);
    }

    #[test]
    fn bars_are_as_long_as_the_hand_count() {
        // The longest count is 10 deals = 600 px, so 60 px a deal.
        let chart = draw(&fixture()).expect("draws");
        let picture = Decoded::of(&chart.png);
        let stages: Vec<usize> = (0..4)
            .map(|row| picture.run_of(middle_of(row, 4), STAGE_BAR))
            .collect();
        assert_eq!(stages, [600, 480, 300, 240]);
        assert_eq!(picture.run_of(middle_of(4, 4), WON_BAR), 180);
        assert_eq!(picture.run_of(middle_of(5, 4), LOST_BAR), 240);
        // Won and lost are their own rows: no stage colour there.
        assert_eq!(picture.run_of(middle_of(4, 4), STAGE_BAR), 0);
    }

    #[test]
    fn words_are_drawn_where_the_title_and_labels_go() {
        let chart = draw(&fixture()).expect("draws");
        let picture = Decoded::of(&chart.png);
        // The title's line, then each row's label column and the label after its bar.
        assert!(picture.dark_in(32..700, 20..60) > 500, "no title");
        for row in 0..6 {
            let middle = middle_of(row, 4);
            let band = middle - 12..middle + 12;
            assert!(
                picture.dark_in(32..284, band.clone()) > 80,
                "no name on row {row}"
            );
            let end = BAR_LEFT as u32 + [600, 480, 300, 240, 180, 240][row];
            assert!(
                picture.dark_in(end + 8..end + 200, band) > 80,
                "no numbers on row {row}"
            );
        }
        // Nothing dark between the title and the first row but the subtitle's line.
        assert_eq!(picture.dark_in(32..1168, 96..110), 0);
    }

    #[test]
    fn other_names_give_another_picture() {
        let first = draw(&fixture()).expect("draws");
        let mut renamed = fixture();
        renamed.pipeline = "pilot".to_string();
        renamed.stages[1].name = "Discovery".to_string();
        let second = draw(&renamed).expect("draws");
        assert_ne!(first.png, second.png);
        // Same counts, same bars: only the words differ.
        let (a, b) = (Decoded::of(&first.png), Decoded::of(&second.png));
        let middle = middle_of(1, 4);
        assert_eq!(a.run_of(middle, STAGE_BAR), b.run_of(middle, STAGE_BAR));
        assert_ne!(
            a.dark_in(32..284, middle - 12..middle + 12),
            b.dark_in(32..284, middle - 12..middle + 12)
        );
    }

    #[test]
    fn the_alt_text_carries_the_numbers() {
        assert_eq!(
            fixture().alt_text(),
            "Funnel · new-business · since 1 Oct 2026 of 10 deals: Prospecting 10 entered, 80% moved on; \
             Qualifying 8 entered, 62% moved on; Presenting 5 entered, 80% moved on; \
             Closing 4 entered, 75% moved on; 3 won, 4 lost."
        );
    }

    #[test]
    fn no_deals_says_so_instead_of_empty_bars() {
        let mut empty = fixture();
        empty.deals = 0;
        empty.won = 0;
        empty.lost = 0;
        for stage in &mut empty.stages {
            stage.entered = 0;
            stage.moved_on = None;
        }
        let chart = draw(&empty).expect("draws");
        let picture = Decoded::of(&chart.png);
        for row in 0..6 {
            assert_eq!(picture.run_of(middle_of(row, 4), STAGE_BAR), 0);
        }
        let middle = picture.height / 2;
        assert!(picture.dark_in(200..1000, middle - 14..middle + 14) > 500);
        assert!(
            chart.alt_text.ends_with("no deals yet."),
            "{}",
            chart.alt_text
        );
    }

    #[test]
    fn impossible_numbers_are_refused_not_drawn() {
        let mut wrong = fixture();
        wrong.stages[0].moved_on = Some(f64::NAN);
        assert!(matches!(draw(&wrong), Err(ChartError::Impossible(_))));
        let mut wrong = fixture();
        wrong.won = 11;
        assert!(matches!(draw(&wrong), Err(ChartError::Impossible(_))));
    }
}
