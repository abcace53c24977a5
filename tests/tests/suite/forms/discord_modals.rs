//! Discord's modals: `/deal new` without options and a card's Next step and
//! Lost buttons answer with a type-9 modal (held to Discord's OpenAPI spec);
//! the submission (type 5) goes through the core's forms like the typed
//! command: stored, and the card as the answer; a wrong one is answered
//! privately, field by field, and stores nothing.

use dealbot_tests::discord_app::{click, command, modal_submit, Answer, DiscordApp};
use dealbot_tests::fake_discord::check_interaction_answer;
use dealbot_tests::{discord_workspace, on_both_backends, stored_deal, TestDb};
use serde_json::{json, Value};

const GUILD: &str = "100000000000000001";
const REP1: &str = "200000000000000001";

fn checked(answer: &Answer) -> &Value {
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    check_interaction_answer(&answer.json)
        .unwrap_or_else(|problems| panic!("{problems}: {:#}", answer.json));
    &answer.json
}

/// The modal an answer opens: its custom id and its inputs' ids.
fn modal_of(answer: &Answer) -> (String, Vec<String>) {
    let json = checked(answer);
    assert_eq!(json["type"], 9, "a modal: {json:#}");
    let inputs = json["data"]["components"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            row["components"][0]["custom_id"]
                .as_str()
                .expect("id")
                .to_string()
        })
        .collect();
    (
        json["data"]["custom_id"]
            .as_str()
            .expect("custom id")
            .to_string(),
        inputs,
    )
}

fn embed_text(answer: &Answer) -> String {
    checked(answer)["data"]["embeds"].to_string()
}

async fn new_deal_form_on_discord(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let answer = app.send(&command(GUILD, REP1, "new", &[])).await;
    let (custom_id, inputs) = modal_of(&answer);
    assert_eq!(inputs, ["name", "amount", "close", "step", "due"]);

    let wrong = app
        .send(&modal_submit(
            GUILD,
            REP1,
            &custom_id,
            &[("name", "Acme"), ("amount", "-5000"), ("step", "call")],
        ))
        .await;
    let json = checked(&wrong);
    assert_eq!(json["data"]["flags"], json!(64), "privately");
    let said = embed_text(&wrong);
    assert!(
        said.contains("Nothing was stored") && said.contains("Amount"),
        "{said}"
    );
    assert!(said.contains("Next step due"), "{said}");
    let workspace = discord_workspace(GUILD);
    assert!(db
        .store
        .deal_by_number(&workspace, 1)
        .await
        .expect("read")
        .is_none());

    let right = app
        .send(&modal_submit(
            GUILD,
            REP1,
            &custom_id,
            &[
                ("name", "Acme Corp"),
                ("amount", "50k"),
                ("close", ""),
                ("step", "send the proposal"),
                ("due", "in 3 days"),
            ],
        ))
        .await;
    let json = checked(&right);
    assert_eq!(json["type"], 4);
    assert!(embed_text(&right).contains("Acme Corp"));
    let deal = stored_deal(&db.store, &workspace, 1).await;
    assert_eq!(deal.amount_minor, Some(5_000_000));
    assert_eq!(deal.owner, REP1);
    assert_eq!(deal.next_step.as_deref(), Some("send the proposal"));
}
on_both_backends!(new_deal_form_on_discord);

async fn card_buttons_open_forms_on_discord(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let card = app
        .send(&command(GUILD, REP1, "new", &[("name", json!("Acme"))]))
        .await;
    assert!(
        checked(&card)["data"].to_string().contains("\"next D-1\""),
        "a Next step button"
    );

    let (custom_id, inputs) = modal_of(&app.send(&click(GUILD, REP1, "next D-1")).await);
    assert_eq!(inputs, ["step", "due"]);
    let done = app
        .send(&modal_submit(
            GUILD,
            REP1,
            &custom_id,
            &[("step", "call the CFO"), ("due", "tomorrow")],
        ))
        .await;
    assert!(embed_text(&done).contains("call the CFO"));
    let workspace = discord_workspace(GUILD);
    let deal = stored_deal(&db.store, &workspace, 1).await;
    assert_eq!(deal.next_step.as_deref(), Some("call the CFO"));

    let (custom_id, inputs) = modal_of(&app.send(&click(GUILD, REP1, "lost D-1")).await);
    assert_eq!(inputs, ["reason", "other_reason"]);
    let lost = app
        .send(&modal_submit(
            GUILD,
            REP1,
            &custom_id,
            &[("reason", "went with a competitor")],
        ))
        .await;
    assert_eq!(checked(&lost)["type"], 4);
    let deal = stored_deal(&db.store, &workspace, 1).await;
    assert_eq!(deal.lost_reason.as_deref(), Some("went with a competitor"));

    // The deal is closed now: a next-step form opened before is refused.
    let stale = app
        .send(&modal_submit(
            GUILD,
            REP1,
            "dealbot-form next 1",
            &[("step", "x"), ("due", "tomorrow")],
        ))
        .await;
    assert!(
        embed_text(&stale).contains("closed"),
        "{}",
        embed_text(&stale)
    );
}
on_both_backends!(card_buttons_open_forms_on_discord);
