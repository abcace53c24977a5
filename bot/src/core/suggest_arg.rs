//! Suggestions for any typed argument, by its [`ArgKind`]: deals and stages (see
//! [`super::suggest`]), and the names the configuration and the bot define:
//! pipelines, buyer stages, checklist items, subcommands and time zones.

use super::command::{ArgKind, SPECS};
use super::suggest::{rank_names, Suggestion};
use super::visibility::Viewer;
use super::Core;

impl Core {
    /// Suggestions for an argument of `kind` from what was `typed` so far, in
    /// `workspace`, by `viewer` (deals they may not see are not suggested);
    /// `deal` is the deal already chosen in the same command, if any (stages
    /// then come from its pipeline). Kinds that are not suggested
    /// ([`ArgKind::suggests`]) get none.
    pub async fn suggest_arg(
        &self,
        workspace: &str,
        viewer: Viewer<'_>,
        kind: ArgKind,
        typed: &str,
        deal: Option<&str>,
    ) -> anyhow::Result<Vec<Suggestion>> {
        Ok(match kind {
            ArgKind::Deal => self.suggest_deals(workspace, viewer, typed).await?,
            ArgKind::Stage => match deal {
                Some(deal) => self
                    .suggest_stages_for(workspace, deal, typed)
                    .await
                    .unwrap_or_else(|error| {
                        // Every pipeline's stages are still a fair answer.
                        tracing::warn!(error = format!("{error:#}"), "the deal's stages failed");
                        self.suggest_stages(typed)
                    }),
                None => self.suggest_stages(typed),
            },
            ArgKind::BuyerStage => self.suggest_buyer_stages(typed),
            ArgKind::Pipeline => self.suggest_pipelines(typed),
            ArgKind::ChecklistItem => self.suggest_checklist_items(typed),
            ArgKind::Subcommand => suggest_subcommands(typed),
            ArgKind::Zone => suggest_zones(typed),
            ArgKind::User
            | ArgKind::Amount
            | ArgKind::Date
            | ArgKind::Schedule
            | ArgKind::Hours
            | ArgKind::Text
            | ArgKind::Choice(_)
            | ArgKind::Flag => Vec::new(),
        })
    }

    /// The configured pipelines matching `typed`, in configured order among
    /// equals, each shown with its description.
    pub fn suggest_pipelines(&self, typed: &str) -> Vec<Suggestion> {
        let pipelines = self.config().settings.pipelines.iter().map(|pipeline| {
            let label = if pipeline.description.is_empty() {
                pipeline.name.clone()
            } else {
                format!("{} · {}", pipeline.name, pipeline.description)
            };
            (pipeline.name.as_str(), label)
        });
        rank_names(pipelines, typed)
    }

    /// The configured buyer stages matching `typed`, in order among equals.
    pub fn suggest_buyer_stages(&self, typed: &str) -> Vec<Suggestion> {
        let stages = &self.config().settings.buyer.stages;
        rank_names(stages.iter().map(|s| (s.as_str(), s.clone())), typed)
    }

    /// The qualification checklist items matching `typed`, in order among equals.
    pub fn suggest_checklist_items(&self, typed: &str) -> Vec<Suggestion> {
        let items = &self.config().settings.qualification.items;
        rank_names(items.iter().map(|i| (i.as_str(), i.clone())), typed)
    }
}

/// The subcommands whose name matches `typed`, in `help` order among equals,
/// each shown with its summary.
pub fn suggest_subcommands(typed: &str) -> Vec<Suggestion> {
    let names = SPECS
        .iter()
        .map(|spec| (spec.name, format!("{} · {}", spec.name, spec.summary)));
    rank_names(names, typed)
}

/// The IANA time zones matching `typed` (`berlin`, `america/new`), best first.
pub fn suggest_zones(typed: &str) -> Vec<Suggestion> {
    let zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| (zone.name(), zone.name().to_string()));
    rank_names(zones, typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(found: Vec<Suggestion>) -> Vec<String> {
        found.into_iter().map(|s| s.value).collect()
    }

    #[test]
    fn zones_are_found_by_any_part_of_their_name() {
        assert_eq!(values(suggest_zones("europe/berl")), ["Europe/Berlin"]);
        assert!(values(suggest_zones("berlin")).contains(&"Europe/Berlin".to_string()));
        assert!(values(suggest_zones("new york")).contains(&"America/New_York".to_string()));
        assert_eq!(suggest_zones("").len(), 25, "at most 25 at once");
    }

    #[test]
    fn subcommands_are_suggested_by_name() {
        let found = suggest_subcommands("st");
        assert_eq!(values(found.clone())[..3], ["stage", "status", "list"]);
        assert!(
            found[0].label.starts_with("stage · Move a deal"),
            "{found:?}"
        );
    }
}
