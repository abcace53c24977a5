//! Suggestions while someone types: deals and stages ranked against a partial
//! word, best match first. Platforms with autocomplete (Discord) show them as the
//! person types; the values are what the command parser understands.

use dealbot_storage::DealStatus;

use super::deal_ref::{short_id, DealRef, MAX_REF_CHARS};
use super::visibility::{keep_visible, of_deal, Viewer};
use super::Core;
use crate::config::{Pipeline, WON};

/// The most suggestions any platform shows at once (Discord's limit).
pub const MAX_SUGGESTIONS: usize = 25;

/// One suggestion: the value to put in the command, and what the person sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
}

/// How well `candidate` matches what was typed; lower is better, `None` is no match.
fn rank(candidate: &str, typed: &str) -> Option<u8> {
    let candidate = candidate.to_lowercase();
    if typed.is_empty() || candidate == typed {
        Some(0)
    } else if candidate.starts_with(typed) {
        Some(1)
    } else if candidate
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(typed))
    {
        Some(2)
    } else if candidate.contains(typed) {
        Some(3)
    } else {
        None
    }
}

impl Core {
    /// Deals of `workspace` matching `typed` (part of a name, or an id such as
    /// `D-4` or `4`), best first: exact, prefix, word prefix, anywhere; open deals
    /// before closed ones, deleted ones last, then by number. At most
    /// [`MAX_SUGGESTIONS`].
    pub async fn suggest_deals(
        &self,
        workspace: &str,
        viewer: Viewer<'_>,
        typed: &str,
    ) -> anyhow::Result<Vec<Suggestion>> {
        let typed = typed.trim().to_lowercase();
        if typed.chars().count() > MAX_REF_CHARS {
            return Ok(Vec::new());
        }
        let id_typed = typed
            .trim_start_matches("d-")
            .trim_start_matches(['d', '#'])
            .to_string();
        let mut deals = self.store().deals_named_like(workspace, &typed).await?;
        if let Ok(number) = id_typed.parse::<i64>() {
            if let Some(deal) = self.store().deal_by_number(workspace, number).await? {
                if !deals.iter().any(|d| d.number == number) {
                    deals.push(deal);
                }
            }
        }
        keep_visible(&mut deals, self.config(), viewer, of_deal);
        let mut ranked: Vec<(u8, u8, i64, Suggestion)> = deals
            .into_iter()
            .filter_map(|deal| {
                let id = short_id(deal.number);
                let by_id =
                    (!id_typed.is_empty() && deal.number.to_string() == id_typed).then_some(0);
                let score = by_id.or_else(|| rank(&deal.name, &typed))?;
                // Open deals first, then closed ones, deleted ones last (for `restore`).
                let (standing, shown) = if deal.deleted_at.is_some() {
                    (2, "deleted")
                } else if deal.status != DealStatus::Open {
                    (1, deal.status.as_str())
                } else {
                    (0, deal.stage.as_str())
                };
                let label = format!("{id} · {} ({shown})", deal.name);
                Some((
                    score,
                    standing,
                    deal.number,
                    Suggestion { value: id, label },
                ))
            })
            .collect();
        ranked.sort_by_key(|(score, standing, number, _)| (*score, *standing, *number));
        Ok(ranked
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, _, _, suggestion)| suggestion)
            .collect())
    }

    /// Stage names of every configured pipeline (and `Won`) matching `typed`, best
    /// first, in pipeline order among equals. At most [`MAX_SUGGESTIONS`].
    pub fn suggest_stages(&self, typed: &str) -> Vec<Suggestion> {
        let pipelines: Vec<&Pipeline> = self.config().settings.pipelines.iter().collect();
        rank_stages(&pipelines, typed)
    }

    /// Like [`Core::suggest_stages`], but only the stages of the pipeline `deal`
    /// follows when `deal` (as typed: `D-4`, or a name) names one deal of
    /// `workspace`.
    pub async fn suggest_stages_for(
        &self,
        workspace: &str,
        deal: &str,
        typed: &str,
    ) -> anyhow::Result<Vec<Suggestion>> {
        let found = match DealRef::parse(deal.trim(), false) {
            DealRef::Number(number) => self.store().deal_by_number(workspace, number).await?,
            DealRef::Name(name) if name.chars().count() > MAX_REF_CHARS => None,
            DealRef::Name(name) => {
                let mut deals = self.store().deals_named_like(workspace, &name).await?;
                if deals.len() == 1 {
                    deals.pop()
                } else {
                    None
                }
            }
        };
        let pipeline = found.and_then(|deal| self.config().pipeline(&deal.pipeline).cloned());
        Ok(match pipeline {
            Some(pipeline) => rank_stages(&[&pipeline], typed),
            None => self.suggest_stages(typed),
        })
    }
}

/// The stages of `pipelines` (and `Won`) matching `typed`, best first.
fn rank_stages(pipelines: &[&Pipeline], typed: &str) -> Vec<Suggestion> {
    let names = pipelines
        .iter()
        .flat_map(|pipeline| pipeline.stages.iter().map(|stage| stage.name.as_str()))
        .chain([WON])
        .map(|name| (name, name.to_string()));
    rank_names(names, typed)
}

/// The `(value, label)` pairs whose value matches `typed` (case, `-` and `_`
/// aside), best first and in their given order among equals, each value once.
/// At most [`MAX_SUGGESTIONS`].
pub(crate) fn rank_names<'a>(
    names: impl IntoIterator<Item = (&'a str, String)>,
    typed: &str,
) -> Vec<Suggestion> {
    let loose = |text: &str| text.trim().to_lowercase().replace(['-', '_'], " ");
    let typed = loose(typed);
    let mut seen: Vec<&str> = Vec::new();
    let mut ranked: Vec<(u8, usize, Suggestion)> = Vec::new();
    for (order, (value, label)) in names.into_iter().enumerate() {
        if seen.contains(&value) {
            continue;
        }
        seen.push(value);
        if let Some(score) = rank(&loose(value), &typed) {
            let value = value.to_string();
            ranked.push((score, order, Suggestion { value, label }));
        }
    }
    ranked.sort_by_key(|(score, order, _)| (*score, *order));
    ranked
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, suggestion)| suggestion)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn exact_beats_prefix_beats_word_beats_anywhere() {
        assert_eq!(rank("Acme", "acme"), Some(0));
        assert_eq!(rank("Acme Corp", "acme"), Some(1));
        assert_eq!(rank("Big Acme", "acme"), Some(2));
        assert_eq!(rank("Megacme", "acme"), Some(3));
        assert_eq!(rank("Globex", "acme"), None);
    }
}
