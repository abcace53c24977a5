//! The Prometheus recorder behind the `metrics` facade, installed once per process.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Histogram buckets for everything measured in seconds: from a fast command
/// (5 ms) to a slot that fired ten minutes late.
const SECONDS_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder as the global `metrics` recorder if it is not
/// yet, and returns the handle that renders it. Safe to call many times.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        // The buckets are constant and not empty, so this cannot fail; fall back
        // to summaries if it ever did.
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder was installed first: /metrics stays empty");
        }
        handle
    })
}

/// Everything recorded so far, in the Prometheus text exposition format.
pub fn render() -> String {
    let handle = install();
    handle.run_upkeep();
    handle.render()
}
