//! The digest's content and its splitting: grouped by stage in pipeline order
//! with totals and flags, what changed since the last one, only the pipeline or
//! owner it is for, and a 500-deal pipeline split into parts within the
//! platform's limits, every deal once.

use std::collections::HashMap;

use dealbot::core::digest::{digest_parts, DigestScope};
use dealbot::core::env::CoreSettings;
use dealbot::core::outgoing::MessageLimits;
use dealbot_storage::{NewDeal, Store};
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};

async fn digest_groups_by_stage_with_totals_flags_and_changes(db: &TestDb) {
    let earlier = Session {
        now: monday_9am() - chrono::Duration::days(30),
        ..Session::new(&db.store, "T1", "rep1").await
    };
    earlier.ok("new \"Acme Corp\" 50k").await;
    earlier.ok("stage acme presenting").await;
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new Globex 20k @rep2").await;
    rep1.ok("new Initech 10,000 EUR").await;
    rep1.ok("next initech demo tomorrow").await;
    rep1.ok("stage initech qualifying").await;
    rep1.ok("new Umbrella 5k").await;
    rep1.ok("lost umbrella no budget").await;

    let parts = rep1
        .workspace_digest(
            Some(monday_9am() - chrono::Duration::days(1)),
            monday_9am() + chrono::Duration::hours(1),
        )
        .await;
    assert_eq!(parts.len(), 1);
    let lines: Vec<String> = parts[0].lines.iter().map(|l| l.plain()).collect();
    assert_eq!(
        lines,
        [
            "3 open deals · €10,000 + $70,000 open · €3,500 + $32,000 weighted forecast",
            "Since the last digest: 3 new, 1 advanced, 1 lost, 1 updated.",
            "🆕 D-2 Globex opened in Prospecting",
            "🆕 D-3 Initech opened in Prospecting",
            "📌 D-3 Initech next step: demo (due 2026-11-24)",
            "⬆ D-3 Initech Prospecting → Qualifying",
            "🆕 D-4 Umbrella opened in Prospecting",
            "✗ D-4 Umbrella lost",
            "Prospecting — 1 deal · $20,000 · weighted $2,000",
            "• D-2 Globex · @rep2 · $20,000 · 0 days in stage · ⚠ no next step",
            "Qualifying — 1 deal · €10,000 · weighted €3,500",
            "• D-3 Initech · @rep1 · €10,000 · next: demo, due Tue 24 Nov (tomorrow) · 0 days in stage",
            "Presenting — 1 deal · $50,000 · weighted $30,000",
            "• D-1 Acme Corp · @rep1 · $50,000 · 30 days in stage · ⚠ no next step · ⚠ stalled: 30 days in stage (limit 21)",
        ]
    );
    assert_eq!(
        parts[0].title.as_deref(),
        Some("Pipeline digest · Mon 23 Nov 2026")
    );
}

on_both_backends!(digest_groups_by_stage_with_totals_flags_and_changes);

async fn a_digest_for_one_pipeline_or_owner_lists_only_their_open_deals(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    rep1.ok("new Initech 20k pipeline:pilot").await;
    rep1.ok("new Globex 10k pipeline:pilot @rep2").await;
    rep1.ok("new Umbrella 5k pipeline:pilot @rep2").await;
    rep1.ok("lost umbrella no budget").await;
    rep1.ok("new Hooli 8k @rep2").await;
    rep1.ok("stage hooli presenting").await;
    rep1.ok("buyer hooli identify-need").await;
    // Another workspace's deal in the same pipeline, by the same owner name.
    Session::new(&db.store, "T2", "rep2")
        .await
        .ok("new Vandelay 1k pipeline:pilot")
        .await;
    let digest = |pipeline: Option<&str>, owner: Option<&str>| {
        let scope = DigestScope {
            workspace: "T1".to_string(),
            pipeline: pipeline.map(str::to_string),
            owner: owner.map(str::to_string),
            channel: None,
        };
        let config = rep1.core.config();
        async move { digest_lines(&db.store, config, &scope).await }
    };
    let deals = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter_map(|line| line.strip_prefix("• "))
            .filter_map(|rest| rest.split(" · ").next())
            .map(str::to_string)
            .collect()
    };

    let pilot = digest(Some("pilot"), None).await;
    assert_eq!(deals(&pilot), ["D-2 Initech", "D-3 Globex"], "{pilot:#?}");
    assert!(
        pilot[0].starts_with("2 open deals · $30,000 open"),
        "{pilot:#?}"
    );

    let rep2 = digest(None, Some("rep2")).await;
    assert_eq!(deals(&rep2), ["D-5 Hooli", "D-3 Globex"], "{rep2:#?}");
    assert!(
        rep2.contains(
            &"• D-5 Hooli · @rep2 · $8,000 · 0 days in stage · ⚠ no next step · \
              ⚠ buyer behind: in Identify Need, expected Evaluation"
                .to_string()
        ),
        "{rep2:#?}"
    );

    let both = digest(Some("pilot"), Some("rep2")).await;
    assert_eq!(deals(&both), ["D-3 Globex"], "{both:#?}");
}

on_both_backends!(a_digest_for_one_pipeline_or_owner_lists_only_their_open_deals);

async fn an_empty_pipeline_gets_a_short_line(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T-empty", "rep1").await;
    let parts = rep1.workspace_digest(None, monday_9am()).await;
    assert_eq!(parts.len(), 1);
    assert_eq!(
        parts[0].lines.iter().map(|l| l.plain()).collect::<Vec<_>>(),
        ["Nothing open in the pipeline. Open a deal with new \"Acme Corp\" 50k"]
    );
}

on_both_backends!(an_empty_pipeline_gets_a_short_line);

async fn five_hundred_deals_split_within_limits_every_deal_once(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T-big", "rep1").await;
    let stages = [
        "Prospecting",
        "Building Rapport",
        "Qualifying",
        "Presenting",
        "Closing",
    ];
    for n in 0..500 {
        db.store
            .create_deal(NewDeal {
                platform: "shell".to_string(),
                workspace: "T-big".to_string(),
                name: format!("Deal number {n} with a longish customer name"),
                pipeline: "new-business".to_string(),
                stage: stages[n % stages.len()].to_string(),
                owner: format!("rep{}", n % 7),
                amount_minor: Some(100_000 * (n as i64 + 1)),
                currency: Some("USD".to_string()),
                close_date: None,
                channel: Some("pipeline".to_string()),
                private_channel: false,
                created_by: "import".to_string(),
                at: monday_9am(),
            })
            .await
            .expect("deal created");
    }
    for limits in [
        MessageLimits {
            max_lines: 40,
            max_chars: 3900,
            ..MessageLimits::default()
        },
        MessageLimits {
            max_lines: 45,
            max_chars: 11_000,
            ..MessageLimits::default()
        },
    ] {
        let parts = digest_parts(
            &db.store,
            rep1.core.config(),
            &DigestScope {
                workspace: "T-big".to_string(),
                ..DigestScope::default()
            },
            None,
            monday_9am(),
            chrono_tz::UTC,
            limits,
        )
        .await
        .expect("digest");
        assert!(parts.len() > 1);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, part) in parts.iter().enumerate() {
            assert_eq!(
                part.title.as_deref(),
                Some(
                    format!(
                        "Pipeline digest · Mon 23 Nov 2026 (part {} of {})",
                        i + 1,
                        parts.len()
                    )
                    .as_str()
                )
            );
            let lines: Vec<String> = part.lines.iter().map(|l| l.plain()).collect();
            assert!(
                lines.len() <= limits.max_lines,
                "part {i} has {} lines",
                lines.len()
            );
            let chars: usize = lines.iter().map(|l| l.chars().count() + 1).sum();
            assert!(chars <= limits.max_chars, "part {i} has {chars} characters");
            let last = lines.last().map(String::as_str).unwrap_or_default();
            assert!(
                !last.contains(" weighted $"),
                "part {i} ends on a stage header: {last}"
            );
            for line in &lines {
                if let Some(id) = line
                    .strip_prefix("• ")
                    .and_then(|rest| rest.split(' ').next())
                {
                    *seen.entry(id.to_string()).or_default() += 1;
                    assert!(line.contains("Deal number"), "a deal line was cut: {line}");
                }
            }
            if i > 0 {
                assert!(
                    lines[0].contains("(continued)") || lines[0].contains(" — "),
                    "part {i} opens with its stage: {}",
                    lines[0]
                );
            }
        }
        assert_eq!(seen.len(), 500, "every deal is in the digest");
        assert!(seen.values().all(|count| *count == 1), "no deal twice");
    }
}

on_both_backends!(five_hundred_deals_split_within_limits_every_deal_once);

/// The plain text of every line of the digest of `scope`, as built on
/// Monday 9:00 UTC with the default message limits.
pub(crate) async fn digest_lines(
    store: &Store,
    config: &CoreSettings,
    scope: &DigestScope,
) -> Vec<String> {
    let parts = digest_parts(
        store,
        config,
        scope,
        None,
        monday_9am(),
        chrono_tz::UTC,
        MessageLimits::default(),
    )
    .await
    .expect("digest");
    parts
        .iter()
        .flat_map(|part| part.lines.iter().map(|line| line.plain()))
        .collect()
}
