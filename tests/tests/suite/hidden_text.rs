//! Text that hides itself, over real HTTP: a zero-width character or a bidi
//! override in a deal name, a note, a next step, a reason or a checklist note
//! is refused privately, naming the character and where it is, and nothing is
//! stored; a deal reference longer than any name (60,000 characters pasted
//! into `show`) is refused with a clear answer, not a fault.

use dealbot_tests::discord_app::{command, DiscordApp};
use dealbot_tests::fake_slack::check_message;
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{on_both_backends, Contents, TestDb};
use serde_json::{json, Value};

const TEAM: &str = "T0HIDDEN";
const REP: &str = "U0HIDDEN";
const GUILD: &str = "100000000000000001";
const MEMBER: &str = "200000000000000001";

/// Every command, with what its refusal must say.
fn refused_commands() -> Vec<(String, String)> {
    let long = "x".repeat(60_000);
    [
        (
            "new \"Acme \u{202E}lanoitan\" 5k",
            "Character 6 of the deal name is U+202E, an invisible character",
        ),
        ("new Ac\u{200B}me", "Character 3 of the deal name is U+200B"),
        (
            "note D-1 call \u{200D}back",
            "Character 6 of the note is U+200D",
        ),
        (
            "next D-1 send the \u{2066}proposal\u{2069} fri",
            "Character 10 of the next step is U+2066",
        ),
        (
            "lost D-1 price \u{FEFF}",
            "Character 7 of the reason is U+FEFF",
        ),
        (
            "stage D-1 qualifying met the \u{200F}CFO",
            "Character 9 of the note is U+200F",
        ),
        (
            "qualify D-1 budget yes \u{202A}signed",
            "Character 1 of the note is U+202A",
        ),
        (
            &format!("show {long}"),
            "That deal reference is 60000 characters long; no deal name is longer than 200",
        ),
        (
            &format!("note \"{}\" hello", "y".repeat(201)),
            "That deal reference is 201 characters long",
        ),
    ]
    .into_iter()
    .map(|(command, says)| (command.to_string(), says.to_string()))
    .collect()
}

/// Must show: each is answered only to the person who typed it, says what was
/// wrong, and changes nothing.
async fn slack_refuses_hidden_characters_and_overlong_references(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM, REP, "new Acme 5k").await;
    let contents = Contents::of(db).await;
    let before = contents.now().await;
    for (command, says) in refused_commands() {
        let shown: String = command.chars().take(40).collect();
        let answer = bot.command(TEAM, REP, &command).await;
        assert_eq!(answer.status, 200, "{shown}: {}", answer.body);
        let message = answer.json();
        check_message(&message).unwrap_or_else(|code| panic!("{shown}: {code}"));
        assert_eq!(message["response_type"], "ephemeral", "{shown}");
        let text = text_of(&message);
        assert!(text.contains(":warning:"), "{shown}: {text}");
        assert!(text.contains(&says), "{shown}: {text}");
        assert!(!text.contains("went wrong"), "{shown}: {text}");
    }
    assert_eq!(contents.now().await, before, "nothing was stored");
    contents.close().await;
}

on_both_backends!(slack_refuses_hidden_characters_and_overlong_references);

/// The refusal Discord shows for `interaction`: private, red, its text.
async fn discord_refusal(app: &DiscordApp, interaction: &Value) -> String {
    let answer = app.send(interaction).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let data = &answer.json["data"];
    assert_eq!(data["flags"], json!(64), "private: {data}");
    data["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn discord_refuses_hidden_characters_and_overlong_references(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let opened = app
        .send(&command(GUILD, MEMBER, "new", &[("name", json!("Acme"))]))
        .await;
    assert_eq!(opened.status, 200);
    let contents = Contents::of(db).await;
    let before = contents.now().await;

    let name = command(
        GUILD,
        MEMBER,
        "new",
        &[("name", json!("Acme \u{202E}lanoitan"))],
    );
    let text = discord_refusal(&app, &name).await;
    assert!(
        text.contains("Character 6 of the deal name is U+202E"),
        "{text}"
    );
    let note = command(
        GUILD,
        MEMBER,
        "note",
        &[("deal", json!("D-1")), ("text", json!("ok\u{2068}"))],
    );
    let text = discord_refusal(&app, &note).await;
    assert!(text.contains("Character 3 of the note is U+2068"), "{text}");
    let show = command(GUILD, MEMBER, "show", &[("deal", json!("z".repeat(201)))]);
    let text = discord_refusal(&app, &show).await;
    assert!(
        text.contains("That deal reference is 201 characters long"),
        "{text}"
    );
    assert_eq!(contents.now().await, before, "nothing was stored");
    contents.close().await;
}

on_both_backends!(discord_refuses_hidden_characters_and_overlong_references);
