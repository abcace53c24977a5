//! Every transition from every standing a deal can be in: open (in a pipeline
//! that rolls into another on a win, or not), won, won and carrying on in the
//! customer pipeline, lost, deleted. Each case runs in a workspace of its own
//! and checks the reply (posted to the channel, private, or a refusal), the
//! outbox, the subject's and the other deal's history, and where the deal
//! stands after. A refusal must leave the whole database as it was.

use dealbot::core::reply::Visibility;
use dealbot_storage::{Deal, DealStatus};
use dealbot_tests::{on_both_backends, shipped_settings, Contents, Session, TestDb};

use super::{actions, deal, nothing_queued, rolling_settings, session};

/// Where the subject deal (`D-2` Acme) stands when the transition is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Open in Qualifying.
    Open,
    /// Open in Qualifying, in a pipeline that rolls into `customer` when won.
    OpenRolling,
    Won,
    /// Won, carrying on in the customer pipeline in Onboarding.
    CarriedOn,
    Lost,
    Deleted,
}

const STANDINGS: [Standing; 6] = [
    Standing::Open,
    Standing::OpenRolling,
    Standing::Won,
    Standing::CarriedOn,
    Standing::Lost,
    Standing::Deleted,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transition {
    Move,
    Win,
    Lose,
    Rename,
    /// `merge D-2 into D-1`: the subject merged away.
    MergeAway,
    /// `merge D-1 into D-2`: the subject survives.
    MergeInto,
    Delete,
    Restore,
    Undo,
    /// A field edit (`next`), for the deleted and closed standings.
    Next,
}

const TRANSITIONS: [Transition; 10] = [
    Transition::Move,
    Transition::Win,
    Transition::Lose,
    Transition::Rename,
    Transition::MergeAway,
    Transition::MergeInto,
    Transition::Delete,
    Transition::Restore,
    Transition::Undo,
    Transition::Next,
];

/// Where a deal stands, as the checks compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    status: DealStatus,
    pipeline: &'static str,
    stage: &'static str,
    hidden: bool,
    won: bool,
}

fn state_of(deal: &Deal) -> (DealStatus, String, String, bool, bool) {
    (
        deal.status,
        deal.pipeline.clone(),
        deal.stage.clone(),
        deal.deleted_at.is_some(),
        deal.won_at.is_some(),
    )
}

const fn at(
    status: DealStatus,
    pipeline: &'static str,
    stage: &'static str,
    hidden: bool,
    won: bool,
) -> State {
    State {
        status,
        pipeline,
        stage,
        hidden,
        won,
    }
}

const NB: &str = "new-business";

/// What the transition must do.
#[derive(Debug)]
enum Expect {
    /// Done: the reply says `says`, publicly or not; the subject's history
    /// gains `lines`, the other deal's `other`; the subject ends in `after`.
    Done {
        says: &'static str,
        public: bool,
        lines: &'static [&'static str],
        other: &'static [&'static str],
        after: State,
    },
    /// Refused, privately, saying `says`; nothing changes anywhere.
    Refused { says: &'static str },
}

fn done(
    says: &'static str,
    lines: &'static [&'static str],
    other: &'static [&'static str],
    after: State,
) -> Expect {
    Expect::Done {
        says,
        public: true,
        lines,
        other,
        after,
    }
}

fn refused(says: &'static str) -> Expect {
    Expect::Refused { says }
}

/// The subject's standing before the transition, to compare with after.
fn before(standing: Standing) -> State {
    use DealStatus::*;
    match standing {
        Standing::Open | Standing::OpenRolling => at(Open, NB, "Qualifying", false, false),
        Standing::Won => at(Won, NB, "Won", false, true),
        Standing::CarriedOn => at(Open, "customer", "Onboarding", false, true),
        Standing::Lost => at(Lost, NB, "Lost", false, false),
        Standing::Deleted => at(Open, NB, "Qualifying", true, false),
    }
}

/// What each transition from each standing does.
fn expect(standing: Standing, transition: Transition) -> Expect {
    use DealStatus::{Lost, Open, Won};
    use Standing as S;
    use Transition as T;
    let was = before(standing);
    let deleted = "`D-2` Acme is deleted. Bring it back first with `restore D-2`.";
    match (standing, transition) {
        (S::Deleted, T::Restore) => done(
            "@rep1 restored `D-2` Acme.",
            &["restored"],
            &[],
            State {
                hidden: false,
                ..was
            },
        ),
        (S::Deleted, T::Delete) => refused("`D-2` Acme is already deleted."),
        (S::Deleted, T::Undo) => done(
            "↶ @rep1 undid the delete of `D-2` Acme.",
            &["undone"],
            &[],
            State {
                hidden: false,
                ..was
            },
        ),
        (S::Deleted, _) => refused(deleted),
        (_, T::Restore) => refused("`D-2` Acme is not deleted: there is nothing to restore."),

        (S::Open | S::OpenRolling, T::Move) => done(
            "@rep1 moved Acme Qualifying → Presenting",
            &["stage"],
            &[],
            at(Open, NB, "Presenting", false, false),
        ),
        (S::CarriedOn, T::Move) => done(
            "@rep1 moved Acme Onboarding → Maintaining",
            &["stage"],
            &[],
            at(Open, "customer", "Maintaining", false, true),
        ),
        (S::Won, T::Move) => done(
            "@rep1 reopened Acme Won → Presenting",
            &["reopened", "stage"],
            &[],
            at(Open, NB, "Presenting", false, false),
        ),
        (S::Lost, T::Move) => done(
            "@rep1 reopened Acme Lost → Presenting",
            &["reopened", "stage"],
            &[],
            at(Open, NB, "Presenting", false, false),
        ),

        (S::Open, T::Win) => done(
            "🎉 @rep1 won Acme ($50,000): signed",
            &["won"],
            &[],
            at(Won, NB, "Won", false, true),
        ),
        (S::OpenRolling, T::Win) => done(
            "It carries on in the customer pipeline, in Onboarding, with its history.",
            &["won", "pipeline", "stage"],
            &[],
            at(Open, "customer", "Onboarding", false, true),
        ),
        (S::Won, T::Win) => refused("`D-2` Acme is already won."),
        (S::CarriedOn, T::Win) => refused(
            "`D-2` Acme is already won: it carries on in the customer pipeline, in Onboarding.",
        ),
        (S::Lost, T::Win) => done(
            "It was lost: this reopened it first, and its history records both.",
            &["reopened", "won"],
            &[],
            at(Won, NB, "Won", false, true),
        ),

        (S::Open | S::OpenRolling, T::Lose) => done(
            "@rep1 lost Acme: went quiet",
            &["lost"],
            &[],
            at(Lost, NB, "Lost", false, false),
        ),
        (S::CarriedOn, T::Lose) => done(
            "@rep1 lost Acme: went quiet",
            &["lost"],
            &[],
            at(Lost, "customer", "Lost", false, true),
        ),
        (S::Won, T::Lose) => done(
            "It was won: this reopened it first, and its history records both.",
            &["reopened", "lost"],
            &[],
            at(Lost, NB, "Lost", false, false),
        ),
        (S::Lost, T::Lose) => refused("`D-2` Acme is already lost: no budget."),

        (_, T::Rename) => done(
            "@rep1 renamed `D-2` Acme → Acme Holdings",
            &["renamed"],
            &[],
            was,
        ),
        (_, T::MergeAway) => done(
            "@rep1 merged `D-2` Acme into `D-1` Globex.",
            &["merged-into"],
            &["merged-in"],
            State {
                hidden: true,
                ..was
            },
        ),
        (_, T::MergeInto) => done(
            "@rep1 merged `D-1` Globex into `D-2` Acme.",
            &["merged-in"],
            &["merged-into"],
            was,
        ),
        (_, T::Delete) => done(
            "@rep1 deleted `D-2` Acme.",
            &["deleted"],
            &[],
            State {
                hidden: true,
                ..was
            },
        ),

        (S::Open | S::OpenRolling, T::Undo) => done(
            "↶ @rep1 undid the stage move of `D-2` Acme.",
            &["undone"],
            &[],
            at(Open, NB, "Prospecting", false, false),
        ),
        (S::Won | S::CarriedOn, T::Undo) => done(
            "↶ @rep1 undid the win of `D-2` Acme.",
            &["undone"],
            &[],
            at(Open, NB, "Qualifying", false, false),
        ),
        (S::Lost, T::Undo) => done(
            "↶ @rep1 undid the loss of `D-2` Acme.",
            &["undone"],
            &[],
            at(Open, NB, "Qualifying", false, false),
        ),

        (S::Open | S::OpenRolling | S::CarriedOn, T::Next) => Expect::Done {
            says: "Next step for Acme: call back",
            public: false,
            lines: &["next"],
            other: &[],
            after: was,
        },
        (S::Won, T::Next) => refused("D-2 is closed (Won): it needs no next step."),
        (S::Lost, T::Next) => refused("D-2 is closed (Lost): it needs no next step."),
    }
}

/// The command that tries `transition` on the subject `D-2`.
fn command(standing: Standing, transition: Transition) -> &'static str {
    match transition {
        Transition::Move if standing == Standing::CarriedOn => "stage D-2 maintaining",
        Transition::Move => "stage D-2 presenting",
        Transition::Win => "won D-2 \"signed\"",
        Transition::Lose => "lost D-2 went quiet",
        Transition::Rename => "rename D-2 \"Acme Holdings\"",
        Transition::MergeAway => "merge D-2 into D-1",
        Transition::MergeInto => "merge D-1 into D-2",
        Transition::Delete => "delete D-2",
        Transition::Restore => "restore D-2",
        Transition::Undo => "undo",
        Transition::Next => "next D-2 \"call back\" fri",
    }
}

/// `D-1` Globex (open, the other deal of merges) and `D-2` Acme brought to
/// `standing` by rep1, whose last change is the one that put it there.
async fn set_up(db: &TestDb, workspace: &str, standing: Standing) -> Session {
    let settings = match standing {
        Standing::OpenRolling | Standing::CarriedOn => rolling_settings(),
        _ => shipped_settings(),
    };
    let rep1 = session(db, workspace, "rep1", settings).await;
    rep1.ok("new Globex 20k").await;
    rep1.ok("new Acme 50k").await;
    rep1.ok("stage D-2 qualifying").await;
    match standing {
        Standing::Open | Standing::OpenRolling => {}
        Standing::Won | Standing::CarriedOn => {
            rep1.ok("won D-2").await;
        }
        Standing::Lost => {
            rep1.ok("lost D-2 no budget").await;
        }
        Standing::Deleted => {
            rep1.ok("delete D-2").await;
        }
    }
    let subject = deal(db, workspace, 2).await;
    let want = before(standing);
    assert_eq!(
        state_of(&subject),
        (
            want.status,
            want.pipeline.to_string(),
            want.stage.to_string(),
            want.hidden,
            want.won
        ),
        "{standing:?} set up"
    );
    rep1
}

async fn every_transition_from_every_standing(db: &TestDb) {
    let contents = Contents::of(db).await;
    for standing in STANDINGS {
        for transition in TRANSITIONS {
            let case = format!("{standing:?} × {transition:?}");
            let workspace = format!("T-{standing:?}-{transition:?}");
            let rep1 = set_up(db, &workspace, standing).await;
            let subject_before = actions(db, &workspace, 2).await;
            let other_before = actions(db, &workspace, 1).await;
            let text = command(standing, transition);
            match expect(standing, transition) {
                Expect::Refused { says } => {
                    let everything = contents.now().await;
                    let refusal = rep1.refused(text).await;
                    assert!(refusal.contains(says), "{case}: `{text}` said\n{refusal}");
                    assert_eq!(
                        contents.now().await,
                        everything,
                        "{case}: changed something"
                    );
                }
                Expect::Done {
                    says,
                    public,
                    lines,
                    other,
                    after,
                } => {
                    rep1.channel_posts().await;
                    let (reply, visibility) = rep1.ok(text).await;
                    assert!(reply.contains(says), "{case}: `{text}` said\n{reply}");
                    assert_eq!(
                        visibility,
                        Visibility::Private,
                        "{case}: the person's own answer"
                    );
                    let announced = !rep1.channel_posts().await.is_empty();
                    assert_eq!(announced, public, "{case}: posted to the channel? {reply}");
                    let mut want = subject_before.clone();
                    want.extend_from_slice(lines);
                    assert_eq!(actions(db, &workspace, 2).await, want, "{case}: history");
                    let mut want = other_before.clone();
                    want.extend_from_slice(other);
                    assert_eq!(actions(db, &workspace, 1).await, want, "{case}: other");
                    let subject = deal(db, &workspace, 2).await;
                    assert_eq!(
                        state_of(&subject),
                        (
                            after.status,
                            after.pipeline.to_string(),
                            after.stage.to_string(),
                            after.hidden,
                            after.won
                        ),
                        "{case}: where it stands after"
                    );
                }
            }
            rep1.channel_posts().await;
            nothing_queued(db, &workspace).await;
        }
    }
    contents.close().await;
}

on_both_backends!(every_transition_from_every_standing);

/// The double win: a deal won into the customer pipeline is open there, and
/// `won` again is refused, so the channel hears of one win and the report
/// counts one.
async fn a_deal_won_into_the_customer_pipeline_is_won_once(db: &TestDb) {
    let rep1 = session(db, "T1", "rep1", rolling_settings()).await;
    rep1.ok("new Acme 50k").await;
    rep1.ok("stage D-1 closing").await;
    let (text, visibility) = rep1.ok("won D-1").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert_eq!(text.matches("🎉").count(), 1, "{text}");
    let refusal = rep1.refused("won D-1").await;
    assert!(refusal.contains("is already won: it carries on in the customer pipeline"));
    assert!(
        refusal.contains("Move it on there with `stage D-1 <stage>`."),
        "{refusal}"
    );
    let refusal = rep1.refused("stage D-1 won").await;
    assert!(refusal.contains("is already won"), "{refusal}");
    rep1.ok("stage D-1 maintaining").await;
    rep1.refused("won D-1").await;
    assert_eq!(
        actions(db, "T1", 1).await,
        ["created", "stage", "won", "pipeline", "stage", "stage"]
    );
    let sale = rep1.say("report new-business").await;
    assert!(sale.contains("· 1 won, 0 lost, 0 open"), "{sale}");
    let after = rep1.say("report customer").await;
    assert!(after.contains("· 0 won, 0 lost, 1 open"), "{after}");
    rep1.channel_posts().await;
    nothing_queued(db, "T1").await;
}

on_both_backends!(a_deal_won_into_the_customer_pipeline_is_won_once);
