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
    /// What the bot itself has posted to the channel so far (delivered from
    /// its outbox), as the channel sees it now, oldest first.
    fn channel_posts(&self) -> impl Future<Output = Vec<Seen>> + Send;
    /// How a mention of `user` is written in the platform's text.
    fn mention(&self, user: &str) -> String;
}

/// A deal from `/deal new` through a stage move and a next step, each answered
/// privately to the rep, the team hearing of the new deal and the move in one
/// post of the bot's own (the rep's quick changes to one deal update it in
/// place); the next step is answered in one line whose "Show card" shows the
/// card; a teammate's click on Done on the channel's post replaces it there; a
/// second click on the same card changes nothing and is answered privately.
/// Returns what the channel saw after the click.
pub async fn new_stage_next_done(driver: &impl ChatDriver, rep1: &str, rep2: &str) -> Seen {
    let opened = driver.command(rep1, "new \"Acme Corp\" 50k").await;
    assert!(!opened.public, "the rep's own answer: {}", opened.text);
    assert!(
        opened.text.contains(&driver.mention(rep1)),
        "{}",
        opened.text
    );
    assert!(opened.text.contains("Acme Corp"), "{}", opened.text);

    let moved = driver
        .command(rep1, "stage acme qualifying \"budget confirmed\"")
        .await;
    assert!(!moved.public, "the rep's own answer: {}", moved.text);
    assert!(
        moved.text.contains("Qualifying"),
        "the card follows a move: {}",
        moved.text
    );

    let next = driver
        .command(rep1, "next D-1 \"send the proposal\" fri")
        .await;
    assert!(
        !next.public,
        "a next step is the rep's own business: {}",
        next.text
    );
    assert_eq!(
        next.actions,
        vec!["Show card".to_string()],
        "a one-line answer"
    );
    let card = driver.click(rep1, &next, "Show card").await;
    assert!(!card.public, "the card is shown to the rep alone");
    assert!(
        card.actions.iter().any(|label| label == "Done"),
        "{:?}",
        card.actions
    );

    driver.command(rep1, "stage D-1 presenting").await;
    let posts = driver.channel_posts().await;
    assert_eq!(
        posts.len(),
        1,
        "one post for the rep's quick changes: {posts:?}"
    );
    let presenting = &posts[0];
    assert!(presenting.public);
    for said in ["Acme Corp", "Qualifying", "Presenting"] {
        assert!(
            presenting.text.contains(said),
            "the post shows {said}: {}",
            presenting.text
        );
    }
    for label in ["Done", "Snooze 1 day", "Snooze 1 week", "Closing"] {
        assert!(
            presenting.actions.iter().any(|action| action == label),
            "the card offers {label}: {:?}",
            presenting.actions
        );
    }

    let done = driver.click(rep2, presenting, "Done").await;
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

    let again = driver.click(rep2, presenting, "Done").await;
    assert!(!again.replaced, "a refusal leaves the card alone");
    assert!(!again.public, "a refusal is private");
    assert!(
        again.text.contains("has no open next step"),
        "{}",
        again.text
    );
    done
}
