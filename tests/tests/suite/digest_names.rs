//! A digest shows every deal's name, owner and next step exactly as they were
//! written, whatever characters they hold: the digest reads its deals as one
//! text the database writes, and no character in a name may cut it anywhere
//! else. A deal opened in a private channel is shown there and counted
//! elsewhere, whatever that channel's id holds.

use dealbot::core::digest::DigestScope;
use dealbot_storage::{DealEdit, HistoryAction, NewDeal, NewHistory};
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};

use crate::digest::digest_lines;

/// Texts that would cut a record that looked for separators, or counted
/// characters where it should count bytes.
fn awkward_texts(backend: &str) -> Vec<String> {
    let mut texts: Vec<String> = [
        "Acme; 3:x, \"quoted\" 'single' \\ back\\slash",
        "two\nlines\r\nand a tab\t",
        "Zürich 東京 🚀 e\u{301}",
        "12:34,56;",
        ":",
        ";",
        ",,",
        "9:",
        "<@U1> *bold* `code` &amp; @everyone",
    ]
    .map(str::to_string)
    .to_vec();
    // PostgreSQL text cannot hold a NUL; SQLite's can.
    if backend == "sqlite" {
        texts.push("nul\0inside".to_string());
    }
    texts
}

async fn names_with_any_character_read_back_exactly(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T-odd", "rep1").await;
    let texts = awkward_texts(db.store.backend_name());
    let tomorrow = monday_9am().date_naive().succ_opt().expect("a day");
    for (i, text) in texts.iter().enumerate() {
        let deal = db
            .store
            .create_deal(NewDeal {
                platform: "shell".to_string(),
                workspace: "T-odd".to_string(),
                name: text.clone(),
                pipeline: "new-business".to_string(),
                stage: "Qualifying".to_string(),
                owner: format!("{text}{i}"),
                amount_minor: Some(100_000),
                currency: Some("USD".to_string()),
                close_date: None,
                channel: Some(text.clone()),
                private_channel: i == 0,
                created_by: "import".to_string(),
                at: monday_9am(),
            })
            .await
            .expect("deal created");
        db.store
            .modify_deal("T-odd", deal.number, "rep1", monday_9am(), |deal| {
                let mut after = deal.clone();
                after.next_step = Some(format!("step {text}"));
                after.next_step_due = Some(tomorrow);
                Ok::<_, ()>(DealEdit {
                    deal: after,
                    history: vec![NewHistory::new(HistoryAction::Next)],
                })
            })
            .await
            .expect("next step set");
    }
    let digest = |channel: Option<String>| {
        let scope = DigestScope {
            workspace: "T-odd".to_string(),
            channel,
            ..DigestScope::default()
        };
        let config = rep1.core.config();
        async move { digest_lines(&db.store, config, &scope).await }
    };
    let line = |i: usize, text: &str| {
        format!(
            "• D-{} {text} · @{text}{i} · $1,000 · next: step {text}, due Tue 24 Nov (tomorrow) \
             · 0 days in stage",
            i + 1
        )
    };

    // In the private deal's own channel every deal is listed, each as written.
    let there = digest(Some(texts[0].clone())).await;
    let listed: Vec<&String> = there.iter().filter(|l| l.starts_with("• ")).collect();
    let expected: Vec<String> = texts.iter().enumerate().map(|(i, t)| line(i, t)).collect();
    assert_eq!(listed, expected.iter().collect::<Vec<_>>(), "{there:#?}");
    assert!(there[0].starts_with(&format!("{} open deals", texts.len())));

    // Anywhere else the private one is counted, not shown.
    let elsewhere = digest(Some("C-elsewhere".to_string())).await;
    let listed: Vec<&String> = elsewhere.iter().filter(|l| l.starts_with("• ")).collect();
    assert_eq!(listed, expected[1..].iter().collect::<Vec<_>>());
    assert!(
        elsewhere
            .contains(&"1 private deal not shown here: opened in private channels.".to_string()),
        "{elsewhere:#?}"
    );
}

on_both_backends!(names_with_any_character_read_back_exactly);
