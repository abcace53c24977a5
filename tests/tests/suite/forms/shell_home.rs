//! The shell's `home`: what the Home tab would show, printed, so the console
//! stays a faithful try-out.

use crate::shell_transcript::run_shell;

#[test]
fn the_shell_prints_the_home() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let script = "new Acme 10k\n\
                  next D-1 \"call back\" tomorrow\n\
                  new Globex 5k\n\
                  :as rep2\n\
                  new Initech 1k\n\
                  :as rep1\n\
                  home\n";
    let output = run_shell(script, &dir.path().join("dealbot.db"));
    let home = &output[output.rfind("rep1> home").expect("the home was asked for")..];
    assert!(home.contains("Your home"), "{home}");
    let deals = &home
        [home.find("Your open deals").expect("deals")..home.find("Due this week").expect("due")];
    assert!(
        deals.contains("Acme") && deals.contains("Globex"),
        "{deals}"
    );
    assert!(!deals.contains("Initech"), "only rep1's deals: {deals}");
    assert!(deals.contains("done D-1"), "the commands to type: {deals}");
    let due = &home[home.find("Due this week").expect("due")..];
    assert!(due.contains("call back"), "{due}");
    assert!(home.contains("Prospecting: 3 deals"), "{home}");
}
