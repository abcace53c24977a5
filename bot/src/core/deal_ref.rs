//! Naming a deal: by its short id (`D-42`, or just `42`) or by an unambiguous
//! part of its name (at most [`MAX_REF_CHARS`] characters, the longest a name
//! can be); and finding it, with "did you mean" help when that fails.

use dealbot_storage::{Deal, DealStatus};

use super::args::Args;
use super::env::Env;
use super::error::CommandError;
use super::reply::Line;
use super::visibility::{self, Viewer};

/// The longest deal reference, in characters: no part of a name is longer
/// than a name may be.
pub const MAX_REF_CHARS: usize = 200;

/// How the person named a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DealRef {
    Number(i64),
    Name(String),
}

impl DealRef {
    /// `D-42`, `d42`, `#42` and a bare `42` are ids; anything else, and a
    /// quoted number (`"42"`), is part of a name.
    pub fn parse(word: &str, quoted: bool) -> DealRef {
        if !quoted {
            let digits = word
                .strip_prefix("D-")
                .or_else(|| word.strip_prefix("d-"))
                .or_else(|| word.strip_prefix('D'))
                .or_else(|| word.strip_prefix('d'))
                .or_else(|| word.strip_prefix('#'))
                .or(Some(word));
            if let Some(number) = digits
                .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                .and_then(|d| d.parse::<i64>().ok())
            {
                return DealRef::Number(number);
            }
        }
        DealRef::Name(word.to_string())
    }

    /// Takes the deal word every per-deal subcommand starts with.
    pub fn take(args: &mut Args, subcommand: &'static str) -> Result<DealRef, CommandError> {
        match args.next_word() {
            Some(word) if word.text.trim().is_empty() => Err(CommandError::usage(
                subcommand,
                "That deal name is empty. Give its id (D-4) or part of its name.",
            )),
            Some(word) if word.text.trim().chars().count() > MAX_REF_CHARS => {
                Err(CommandError::usage(
                    subcommand,
                    format!(
                        "That deal reference is {} characters long; no deal name is longer \
                         than {MAX_REF_CHARS}. Give the deal's id (D-4) or a shorter part \
                         of its name.",
                        word.text.trim().chars().count()
                    ),
                ))
            }
            Some(word) => Ok(DealRef::parse(word.text.trim(), word.quoted)),
            None => Err(CommandError::usage(
                subcommand,
                "Which deal? Give its id (D-4) or part of its name.",
            )),
        }
    }
}

/// `D-42`, as people see a deal's id.
pub fn short_id(number: i64) -> String {
    format!("D-{number}")
}

/// Finds the deal the person meant, or says precisely why not.
pub async fn resolve(env: &Env<'_>, deal: &DealRef) -> Result<Deal, CommandError> {
    match deal {
        DealRef::Number(number) => {
            let deal = match env.take_named_deal(*number) {
                Some(deal) => deal,
                None => env.store.deal_by_number(env.workspace(), *number).await?,
            };
            match deal {
                Some(deal) if visible(env, &deal) => Ok(deal),
                _ => Err(not_found(env, &short_id(*number), Some(*number)).await?),
            }
        }
        DealRef::Name(fragment) => {
            let mut matches = env
                .store
                .deals_named_like(env.workspace(), fragment)
                .await?;
            matches.retain(|deal| visible(env, deal));
            match pick(fragment, matches) {
                Picked::One(deal) => Ok(*deal),
                Picked::Ambiguous(candidates) => Err(ambiguous(fragment, &candidates)),
                Picked::None => Err(not_found(env, fragment, None).await?),
            }
        }
    }
}

/// Whether the asker may see `deal` where they asked (see [`visibility`]).
fn visible(env: &Env<'_>, deal: &Deal) -> bool {
    visibility::may_see(env.config, visibility::of_deal(deal), Viewer::of(env))
}

enum Picked {
    One(Box<Deal>),
    Ambiguous(Vec<Deal>),
    None,
}

/// An exact name wins; then the only open match; then the only closed one.
/// Deleted deals are hidden: one is picked only when nothing else matches
/// (so `restore` can name it).
fn pick(fragment: &str, matches: Vec<Deal>) -> Picked {
    let (live, deleted): (Vec<Deal>, Vec<Deal>) = matches
        .into_iter()
        .partition(|deal| deal.deleted_at.is_none());
    match pick_among(fragment, live) {
        Picked::None => pick_among(fragment, deleted),
        picked => picked,
    }
}

fn pick_among(fragment: &str, matches: Vec<Deal>) -> Picked {
    let folded = fragment.to_lowercase();
    let (exact, partial): (Vec<Deal>, Vec<Deal>) = matches
        .into_iter()
        .partition(|deal| deal.name.to_lowercase() == folded);
    for group in [exact, partial] {
        let (open, closed): (Vec<Deal>, Vec<Deal>) = group
            .into_iter()
            .partition(|deal| deal.status == DealStatus::Open);
        for mut candidates in [open, closed] {
            match candidates.len() {
                0 => continue,
                1 => return Picked::One(Box::new(candidates.remove(0))),
                _ => return Picked::Ambiguous(candidates),
            }
        }
    }
    Picked::None
}

fn ambiguous(fragment: &str, candidates: &[Deal]) -> CommandError {
    let mut error = CommandError::user(format!(
        "\"{fragment}\" matches {} deals. Which one? Use its id:",
        candidates.len()
    ));
    for deal in candidates.iter().take(10) {
        error = error.with_line(
            Line::new()
                .text("• ")
                .code(short_id(deal.number))
                .text(" ")
                .strong(deal.name.clone()),
        );
    }
    if candidates.len() > 10 {
        error = error.with_line(format!("…and {} more.", candidates.len() - 10));
    }
    error
}

/// "No such deal", with the closest ids or names the workspace does have.
async fn not_found(
    env: &Env<'_>,
    asked: &str,
    number: Option<i64>,
) -> Result<CommandError, CommandError> {
    let mut names = env.store.deal_names(env.workspace()).await?;
    let hidden: Vec<i64> = env
        .store
        .private_channel_deals(env.workspace())
        .await?
        .iter()
        .filter(|deal| !visible(env, deal))
        .map(|deal| deal.number)
        .collect();
    names.retain(|(number, _)| !hidden.contains(number));
    let mut error = CommandError::user(format!("There is no deal \"{asked}\" in this workspace."));
    let suggestions = closest(asked, number, &names);
    if suggestions.is_empty() {
        error = error.with_line(if names.is_empty() {
            Line::new()
                .text("No deals yet. Open one with ")
                .code("new \"Acme Corp\" 50k")
        } else {
            Line::new()
                .text("Type ")
                .code("list")
                .text(" to see the open deals.")
        });
    } else {
        let mut line = Line::new().text("Did you mean ");
        for (i, (number, name)) in suggestions.iter().enumerate() {
            if i > 0 {
                line = line.text(", ");
            }
            line = line.code(short_id(*number)).text(" ").strong(name.clone());
        }
        error = error.with_line(line.text("?"));
    }
    Ok(error)
}

/// Up to three deals whose id is nearest the asked number, or whose name is
/// most like the asked text.
fn closest(asked: &str, number: Option<i64>, names: &[(i64, String)]) -> Vec<(i64, String)> {
    let mut scored: Vec<(f64, &(i64, String))> = match number {
        Some(number) => names
            .iter()
            .map(|entry| (-((entry.0 - number).abs() as f64), entry))
            .collect(),
        None => {
            let asked = asked.to_lowercase();
            names
                .iter()
                .map(|entry| (similarity(&asked, &entry.1.to_lowercase()), entry))
                .filter(|(score, _)| *score >= 0.75)
                .collect()
        }
    };
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1 .0.cmp(&b.1 .0)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, entry)| entry.clone())
        .collect()
}

/// How alike the asked text is to a name or to any word of it.
fn similarity(asked: &str, name: &str) -> f64 {
    name.split_whitespace()
        .map(|word| strsim::jaro_winkler(asked, word))
        .fold(strsim::jaro_winkler(asked, name), f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_recognised_in_their_usual_forms() {
        for word in ["D-42", "d-42", "D42", "#42", "42"] {
            assert_eq!(DealRef::parse(word, false), DealRef::Number(42), "{word}");
        }
        assert_eq!(DealRef::parse("D-42", true), DealRef::Name("D-42".into()));
        assert_eq!(DealRef::parse("42", true), DealRef::Name("42".into()));
        assert_eq!(DealRef::parse("42k", false), DealRef::Name("42k".into()));
        assert_eq!(DealRef::parse("Dell", false), DealRef::Name("Dell".into()));
        assert_eq!(DealRef::parse("D-", false), DealRef::Name("D-".into()));
    }

    #[test]
    fn suggestions_are_the_nearest_ids_or_likest_names() {
        let names = vec![
            (1, "Acme Corp".to_string()),
            (2, "Globex".to_string()),
            (9, "Initech".to_string()),
        ];
        assert_eq!(
            closest("D-3", Some(3), &names),
            vec![names[1].clone(), names[0].clone(), names[2].clone()]
        );
        assert_eq!(closest("D-99", Some(99), &names)[0], names[2]);
        assert_eq!(closest("acne", None, &names), vec![names[0].clone()]);
        assert!(closest("zzz", None, &names).is_empty());
    }
}
