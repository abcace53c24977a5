//! The `dealbot_open_deals` gauge, counted from the store when scraped.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use dealbot_storage::Store;

use crate::config::Settings;

/// The (pipeline, stage) pairs given a value so far: a stage that empties must
/// read 0, not keep its last count.
static SEEN: Mutex<BTreeSet<(String, String)>> = Mutex::new(BTreeSet::new());

/// Sets `dealbot_open_deals{pipeline, stage}` to the number of open deals in each
/// stage, over every workspace: every configured stage (0 when empty), and any
/// stage deals still carry that the configuration no longer lists.
pub async fn refresh_open_deals(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    let counts = store.open_deal_counts_by_stage().await?;
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    let mut values: BTreeMap<(String, String), i64> =
        seen.iter().cloned().map(|key| (key, 0)).collect();
    for pipeline in &settings.pipelines {
        for stage in &pipeline.stages {
            values.insert((pipeline.name.clone(), stage.name.clone()), 0);
        }
    }
    for count in counts {
        values.insert((count.pipeline, count.stage), count.open_deals);
    }
    for ((pipeline, stage), value) in values {
        #[allow(clippy::cast_precision_loss)]
        let value = value as f64;
        metrics::gauge!(
            "dealbot_open_deals",
            "pipeline" => pipeline.clone(),
            "stage" => stage.clone(),
        )
        .set(value);
        seen.insert((pipeline, stage));
    }
    Ok(())
}
