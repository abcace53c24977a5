//! Pipelines and their stages, as configured in `[[pipelines]]`, and the lookups
//! the command parser uses to turn what someone typed into a stage.
//!
//! A pipeline lists only the open stages a deal moves through; every pipeline
//! ends in the terminal stages [`WON`] and [`LOST`], which are never configured.

use serde::Deserialize;

/// The terminal stage of a deal that was won. Implicit in every pipeline.
pub const WON: &str = "Won";
/// The terminal stage of a deal that was lost. Implicit in every pipeline.
pub const LOST: &str = "Lost";

/// A named sales process: the open stages a deal moves through, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// What deals and commands call this pipeline, e.g. `new-business`.
    pub name: String,
    /// A sentence for people choosing a pipeline; may be empty.
    #[serde(default)]
    pub description: String,
    /// The open stages, in the order a deal moves through them.
    pub stages: Vec<Stage>,
    /// Whether a move into a stage whose criteria are not met is refused (unless
    /// forced with `--force`); by default it happens and the reply says what is missing.
    #[serde(default)]
    pub enforce_criteria: bool,
    /// The pipeline a won deal continues in (for example `customer`), keeping its
    /// history; `None` leaves a won deal closed.
    #[serde(default)]
    pub won_rolls_into: Option<String>,
    /// Who sees a deal opened in a private channel: only that channel and its
    /// owner (the default), or everyone, as any other deal.
    #[serde(default)]
    pub private_channel_deals: PrivateChannelDeals,
    /// Stage names other tools export, and the stage (or Won, Lost) each
    /// means here, for `dealbot import`: `"Qualified To Buy" = "Qualifying"`.
    #[serde(default)]
    pub import_names: std::collections::BTreeMap<String, String>,
}

/// `private_channel_deals`: what becomes of a deal opened in a channel not
/// every member can see (a private Slack channel or DM, a Discord channel the
/// everyone role cannot see).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrivateChannelDeals {
    /// Shown only in the channel it was opened in, and to its owner anywhere;
    /// lists and digests elsewhere count it as one of "n private deals".
    #[default]
    Private,
    /// Shown like any other deal.
    Shared,
}

/// One open stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage name as shown to people, e.g. `Building Rapport`.
    pub name: String,
    /// The chance, in percent (0–100), that a deal in this stage is won; used
    /// for the weighted forecast.
    pub probability: f64,
    /// How many days a deal should stay in this stage before it counts as stalled.
    pub max_days: u32,
    /// The buyer's stage (from `[buyer] stages`) a deal in this stage should be
    /// in; a buyer behind it is flagged as a mismatch.
    #[serde(default)]
    pub expects_buyer: Option<String>,
    /// What a deal should have before it enters this stage: qualification items
    /// (`[qualification] items`) answered yes, or fields (see [`CRITERIA_FIELDS`]).
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// The deal fields a stage's `criteria` may name, besides qualification items.
pub const CRITERIA_FIELDS: [&str; 3] = ["amount", "close-date", "next-step"];

/// The result of looking up a stage from what someone typed.
#[derive(Debug, Clone, PartialEq)]
pub enum StageMatch<'a> {
    /// Exactly one stage matches.
    Found(&'a Stage),
    /// Several stages start with the input; the person must say which.
    Ambiguous(Vec<&'a Stage>),
    /// No stage matches (or the input was blank).
    NotFound,
}

impl Stage {
    pub fn new(name: impl Into<String>, probability: f64, max_days: u32) -> Self {
        Stage {
            name: name.into(),
            probability,
            max_days,
            expects_buyer: None,
            criteria: Vec::new(),
        }
    }

    /// The stage, expecting the buyer to be in `buyer_stage`.
    pub fn expecting_buyer(mut self, buyer_stage: &str) -> Self {
        self.expects_buyer = Some(buyer_stage.to_owned());
        self
    }

    /// The stage, expecting `criteria` before a deal enters it.
    pub fn with_criteria(mut self, criteria: &[&str]) -> Self {
        self.criteria = criteria.iter().map(|c| (*c).to_owned()).collect();
        self
    }
}

impl Pipeline {
    /// The name of the pipeline [`Pipeline::new_business`] returns.
    pub const NEW_BUSINESS: &'static str = "new-business";

    /// The name of the pipeline [`Pipeline::pilot`] returns.
    pub const PILOT: &'static str = "pilot";
    /// The name of the pipeline [`Pipeline::customer`] returns.
    pub const CUSTOMER: &'static str = "customer";

    /// The shipped default: the seller's journey for winning a new customer.
    pub fn new_business() -> Self {
        Pipeline {
            name: Self::NEW_BUSINESS.to_owned(),
            description: "Winning a new customer: the seller's journey.".to_owned(),
            stages: vec![
                Stage::new("Prospecting", 10.0, 14),
                Stage::new("Building Rapport", 20.0, 14).expecting_buyer("Identify Need"),
                Stage::new("Qualifying", 35.0, 21)
                    .expecting_buyer("Determine Requirements")
                    .with_criteria(&["need"]),
                Stage::new("Presenting", 60.0, 21)
                    .expecting_buyer("Evaluation")
                    .with_criteria(&["budget", "authority", "need"]),
                Stage::new("Closing", 80.0, 30)
                    .expecting_buyer("Negotiation")
                    .with_criteria(&["budget", "authority", "need", "timeframe", "amount"]),
            ],
            enforce_criteria: false,
            won_rolls_into: None,
            private_channel_deals: PrivateChannelDeals::Private,
            import_names: import_names(&[
                ("Appointment Scheduled", "Prospecting"),
                ("Qualified To Buy", "Qualifying"),
                ("Presentation Scheduled", "Presenting"),
                ("Decision Maker Bought-In", "Presenting"),
                ("Contract Sent", "Closing"),
            ]),
        }
    }

    /// For early adopters who want a trial, a pilot or a proof of concept before
    /// they buy.
    pub fn pilot() -> Self {
        Pipeline {
            name: Self::PILOT.to_owned(),
            description: "A trial, pilot or proof of concept before the purchase.".to_owned(),
            stages: vec![
                Stage::new("Discovery", 10.0, 14).expecting_buyer("Identify Need"),
                Stage::new("Pilot Scoping", 25.0, 14)
                    .expecting_buyer("Determine Requirements")
                    .with_criteria(&["vision", "need"]),
                Stage::new("Pilot Running", 50.0, 45)
                    .expecting_buyer("Evaluation")
                    .with_criteria(&["vision", "need", "timeframe"]),
                Stage::new("Pilot Review", 70.0, 14).expecting_buyer("Evaluation"),
                Stage::new("Commercial Terms", 85.0, 21)
                    .expecting_buyer("Negotiation")
                    .with_criteria(&["budget", "authority", "amount"]),
            ],
            enforce_criteria: false,
            won_rolls_into: None,
            private_channel_deals: PrivateChannelDeals::Private,
            import_names: import_names(&[
                ("Appointment Scheduled", "Discovery"),
                ("Qualified To Buy", "Pilot Scoping"),
                ("Presentation Scheduled", "Pilot Review"),
                ("Decision Maker Bought-In", "Pilot Review"),
                ("Contract Sent", "Commercial Terms"),
            ]),
        }
    }

    /// Life after the sale: the goal is advocacy, not adoption.
    pub fn customer() -> Self {
        Pipeline {
            name: Self::CUSTOMER.to_owned(),
            description: "After the sale: onboarding, maintaining, developing, advocacy."
                .to_owned(),
            stages: vec![
                Stage::new("Onboarding", 90.0, 30),
                Stage::new("Maintaining", 90.0, 90),
                Stage::new("Developing", 50.0, 60),
                Stage::new("Advocacy", 95.0, 180),
            ],
            enforce_criteria: false,
            won_rolls_into: None,
            private_channel_deals: PrivateChannelDeals::Private,
            import_names: std::collections::BTreeMap::new(),
        }
    }

    /// The stage a name from another tool's export means (`import_names`,
    /// compared on letters and digits only, ignoring case, so HubSpot's
    /// `Qualified To Buy` and its id `qualifiedtobuy` are the same): an open
    /// stage's name, or Won or Lost.
    pub fn import_name(&self, name: &str) -> Option<&str> {
        let letters = |text: &str| -> String {
            text.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = letters(name);
        self.import_names
            .iter()
            .find(|(from, _)| letters(from) == wanted)
            .map(|(_, to)| to.as_str())
    }

    /// The stage called exactly `name` (as stored on a deal).
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }

    /// Finds the stage someone meant by `input`: case does not matter, `-` and
    /// `_` count as spaces (`building-rapport` is `Building Rapport`), and any
    /// unambiguous part of the name is enough: a prefix (`qual` is
    /// `Qualifying`), the start of a later word (`rapport` is `Building
    /// Rapport`), or any run of letters (`scop` is `Pilot Scoping`). Each of
    /// those is tried only when the one before matched nothing, so an exact name
    /// wins over longer names it is a prefix of. Only open stages are searched:
    /// the terminal [`WON`] and [`LOST`] are not stages of the list.
    pub fn find_stage(&self, input: &str) -> StageMatch<'_> {
        let wanted = normalize(input);
        if wanted.is_empty() {
            return StageMatch::NotFound;
        }
        let names: Vec<(String, &Stage)> = self
            .stages
            .iter()
            .map(|stage| (normalize(&stage.name), stage))
            .collect();
        let word_start = format!(" {wanted}");
        let tests: [&dyn Fn(&str) -> bool; 4] = [
            &|name| name == wanted,
            &|name| name.starts_with(&wanted),
            &|name| name.contains(&word_start),
            &|name| name.contains(&wanted),
        ];
        for test in tests {
            let mut matches: Vec<&Stage> = names
                .iter()
                .filter(|(name, _)| test(name))
                .map(|(_, stage)| *stage)
                .collect();
            match matches.len() {
                0 => continue,
                1 => return StageMatch::Found(matches.remove(0)),
                _ => return StageMatch::Ambiguous(matches),
            }
        }
        StageMatch::NotFound
    }

    /// The position of the stage called `name` (compared like [`Pipeline::find_stage`]
    /// compares, but without prefixes), or `None`.
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| same_name(&s.name, name))
    }

    /// The names of the open stages, in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name.as_str()).collect()
    }
}

/// The shipped `import_names`: HubSpot's default deal stages.
fn import_names(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(from, to)| ((*from).to_owned(), (*to).to_owned()))
        .collect()
}

/// The form names are compared in: lower case, `-` and `_` as spaces, runs of
/// white space as one space, no leading or trailing space.
pub fn normalize(name: &str) -> String {
    name.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a name as [`normalize`] separates them.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|word| !word.is_empty())
}

/// Whether two names are the same once [`normalize`]d. Lookups that run for
/// every deal of a digest or a nag sweep use it: for ASCII names, which
/// configured and stored names almost always are, it compares word by word
/// without building either string.
pub fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if !a.is_ascii() || !b.is_ascii() {
        // Unicode lower-casing can depend on context (a final sigma): leave
        // it to `normalize`.
        return normalize(a) == normalize(b);
    }
    let (mut left, mut right) = (words(a), words(b));
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: StageMatch<'_>) -> Vec<String> {
        match found {
            StageMatch::Found(stage) => vec![stage.name.clone()],
            StageMatch::Ambiguous(stages) => stages.iter().map(|s| s.name.clone()).collect(),
            StageMatch::NotFound => vec![],
        }
    }

    #[test]
    fn finds_stage_by_name_ignoring_case_and_separators() {
        let pipeline = Pipeline::new_business();
        for input in [
            "Building Rapport",
            "building-rapport",
            "BUILDING_RAPPORT",
            "  building   rapport ",
        ] {
            assert_eq!(
                names(pipeline.find_stage(input)),
                ["Building Rapport"],
                "{input:?}"
            );
        }
    }

    #[test]
    fn finds_stage_by_unambiguous_prefix() {
        let pipeline = Pipeline::new_business();
        assert_eq!(names(pipeline.find_stage("qual")), ["Qualifying"]);
        assert_eq!(names(pipeline.find_stage("b")), ["Building Rapport"]);
    }

    #[test]
    fn ambiguous_prefix_lists_every_candidate() {
        let pipeline = Pipeline::new_business();
        let found = pipeline.find_stage("p");
        assert!(matches!(found, StageMatch::Ambiguous(_)));
        assert_eq!(names(found), ["Prospecting", "Presenting"]);
    }

    #[test]
    fn finds_stage_by_any_part_of_its_name() {
        let pipeline = Pipeline::new_business();
        assert_eq!(names(pipeline.find_stage("rapport")), ["Building Rapport"]);
        assert_eq!(names(pipeline.find_stage("RAPP")), ["Building Rapport"]);
        assert_eq!(names(pipeline.find_stage("sent")), ["Presenting"]);
        let pilot = Pipeline::pilot();
        assert_eq!(names(pilot.find_stage("scoping")), ["Pilot Scoping"]);
        assert_eq!(names(pilot.find_stage("terms")), ["Commercial Terms"]);
        // A word start wins over letters inside a word.
        assert_eq!(
            names(pilot.find_stage("r")),
            ["Pilot Running", "Pilot Review"]
        );
        assert_eq!(
            names(pipeline.find_stage("ing")),
            [
                "Prospecting",
                "Building Rapport",
                "Qualifying",
                "Presenting",
                "Closing"
            ]
        );
    }

    #[test]
    fn exact_name_wins_over_longer_names() {
        let mut pipeline = Pipeline::new_business();
        pipeline.stages.push(Stage::new("Close", 90.0, 7));
        assert_eq!(names(pipeline.find_stage("close")), ["Close"]);
        assert!(matches!(
            pipeline.find_stage("clos"),
            StageMatch::Ambiguous(_)
        ));
    }

    #[test]
    fn unknown_blank_and_terminal_inputs_are_not_found() {
        let pipeline = Pipeline::new_business();
        for input in ["negotiation", "", "  ", "-", WON, LOST] {
            assert_eq!(
                pipeline.find_stage(input),
                StageMatch::NotFound,
                "{input:?}"
            );
        }
    }

    #[test]
    fn same_name_agrees_with_comparing_normalized_names() {
        let names = [
            "Building Rapport",
            "building-rapport",
            "BUILDING_RAPPORT",
            "  building \t rapport ",
            "building\u{b}rapport",
            "building--rapport",
            "buildingrapport",
            "Building Rapport s",
            "-",
            "",
            " ",
            "new-business",
            "New Business",
            "Ünïcode Stage",
            "ünïcode-stage",
            "ΟΔΟΣ",
            "οδος",
            "οδοσ",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    same_name(a, b),
                    normalize(a) == normalize(b),
                    "{a:?} and {b:?}"
                );
            }
        }
    }

    #[test]
    fn stage_index_and_names_follow_the_configured_order() {
        let pipeline = Pipeline::new_business();
        assert_eq!(
            pipeline.stage_names(),
            [
                "Prospecting",
                "Building Rapport",
                "Qualifying",
                "Presenting",
                "Closing"
            ]
        );
        assert_eq!(pipeline.stage_index("qualifying"), Some(2));
        assert_eq!(pipeline.stage_index("building-rapport"), Some(1));
        assert_eq!(pipeline.stage_index("qual"), None);
    }
}
