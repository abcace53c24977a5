//! A large import does not stop the bot: while it writes its batches, a chat
//! command is answered within a few seconds (SQLite, whose one writer an
//! import once held for the whole file).

use std::time::{Duration, Instant};

use dealbot_tests::bench::import::{crm_file, import};
use dealbot_tests::{sqlite, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_command_is_answered_while_a_large_import_runs() {
    let db = sqlite().await;
    let csv = crm_file(30_000);
    let store = db.store.clone();
    let running = tokio::spawn(async move { import(&store, "shell:big", &csv).await });
    let rep1 = Session::new(&db.store, "shell:team", "rep1").await;

    // Wait until the import is writing (its first hidden batch is in).
    let deadline = Instant::now() + Duration::from_secs(120);
    while db
        .store
        .deal_numbers("shell:big")
        .await
        .expect("read")
        .is_empty()
    {
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        assert!(!running.is_finished(), "the import ended before writing");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !running.is_finished(),
        "the command must meet a running import"
    );
    let sent = Instant::now();
    rep1.ok("new Acme 5k").await;
    let took = sent.elapsed();
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
    let shown = db.store.all_deals("shell:big").await.expect("read").len();
    if !running.is_finished() {
        assert_eq!(shown, 0, "the import's deals stay hidden until it is done");
    }

    running.await.expect("import task").expect("import");
    assert_eq!(
        db.store.all_deals("shell:big").await.expect("read").len(),
        30_000
    );
    db.finish().await;
}
