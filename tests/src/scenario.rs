//! Chat scenarios written once for every platform: a scenario drives a
//! [`ChatDriver`] (type a `/deal` command as someone, click something on a
//! message) and asserts what people would see. The Slack suite implements the
//! driver over signed HTTP requests; another platform's suite can implement it
//! for its own fake and reuse the same scenarios.

use std::future::Future;

use serde_json::Value;

/// A message as a person sees it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Shown to the whole channel (else only to the person).
    pub public: bool,
    /// Shown in place of the message that was clicked.
    pub replaced: bool,
    /// Every text it shows, flattened.
    pub text: String,
    /// The labels of its buttons and menu choices.
    pub actions: Vec<String>,
    /// The platform's own payload, for the driver's use.
    pub raw: Value,
}

/// One chat platform, as the scenarios use it.
pub trait ChatDriver {
    /// `/deal <text>` typed by `user`; what the reply looks like.
    fn command(&self, user: &str, text: &str) -> impl Future<Output = Seen> + Send;
    /// `user` clicks the button or menu choice labelled `label` on `message`;
    /// what the clicker sees afterwards.
    fn click(&self, user: &str, message: &Seen, label: &str) -> impl Future<Output = Seen> + Send;
    /// How a mention of `user` is written in the platform's text.
    fn mention(&self, user: &str) -> String;
}

/// A deal from `/deal new` through a stage move, a next step, and a teammate's
/// click on Done, which replaces the card in the channel; a second click on the
/// same card changes nothing and is answered privately. Returns what the
/// channel saw after the click.
pub async fn new_stage_next_done(driver: &impl ChatDriver, rep1: &str, rep2: &str) -> Seen {
    let opened = driver.command(rep1, "new \"Acme Corp\" 50k").await;
    assert!(opened.public, "a new deal is announced: {}", opened.text);
    assert!(
        opened.text.contains(&driver.mention(rep1)),
        "{}",
        opened.text
    );
    assert!(opened.text.contains("Acme Corp"), "{}", opened.text);

    let moved = driver
        .command(rep1, "stage acme qualifying \"budget confirmed\"")
        .await;
    assert!(moved.public, "a stage move is announced: {}", moved.text);
    assert!(moved.text.contains("Qualifying"), "{}", moved.text);

    let next = driver
        .command(rep1, "next D-1 \"send the proposal\" fri")
        .await;
    assert!(
        !next.public,
        "a next step is the rep's own business: {}",
        next.text
    );
    assert!(
        next.actions.iter().any(|label| label == "Done"),
        "{:?}",
        next.actions
    );

    let presenting = driver.command(rep1, "stage D-1 presenting").await;
    assert!(presenting.public);
    for label in ["Done", "Snooze 1 day", "Snooze 1 week", "Closing"] {
        assert!(
            presenting.actions.iter().any(|action| action == label),
            "the card offers {label}: {:?}",
            presenting.actions
        );
    }

    let done = driver.click(rep2, &presenting, "Done").await;
    assert!(done.replaced, "the card is updated in place");
    assert!(done.public, "in the channel, where the card was");
    assert!(
        done.text.contains("Done: send the proposal"),
        "{}",
        done.text
    );
    assert!(
        !done.actions.iter().any(|label| label == "Done"),
        "no next step left to finish: {:?}",
        done.actions
    );

    let again = driver.click(rep2, &presenting, "Done").await;
    assert!(!again.replaced, "a refusal leaves the card alone");
    assert!(!again.public, "a refusal is private");
    assert!(
        again.text.contains("has no open next step"),
        "{}",
        again.text
    );
    done
}
