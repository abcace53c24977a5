//! `dealbot shell`: the whole bot on a console. Reads one `/deal` command per line
//! from a terminal (with line editing and history) or from piped standard input
//! (so sessions can be scripted), and prints each reply as text.
//!
//! Besides `/deal` subcommands (with or without the `/deal`), the shell knows
//! `:as NAME` (act as another user), `home` (what a home would show: the
//! person's open deals, the steps due this week, the team's pipeline),
//! `:quit`, blank lines and `#` comments.

mod files;
mod platform;
mod render;
mod sender;

pub use platform::{ShellPlatform, PLATFORM};
pub use render::{render, Colour};
pub use sender::ShellSender;

use std::io::{BufRead, IsTerminal, Write};

use std::sync::Arc;

use dealbot_storage::workspace_key;

use crate::app::App;
use crate::core::env::Invocation;
use crate::core::reply::Reply;

/// Who the shell acts as, and where: `workspace` is the shell workspace's
/// name, stored as `shell:<name>`.
#[derive(Debug, Clone)]
pub struct ShellOptions {
    pub user: String,
    pub workspace: String,
    pub channel: String,
}

/// One line of input, understood.
#[derive(Debug, PartialEq, Eq)]
enum Input<'a> {
    Nothing,
    Quit,
    SwitchUser(&'a str),
    BadSwitch,
    Home,
    Command(&'a str),
}

fn classify(line: &str) -> Input<'_> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Input::Nothing;
    }
    match line {
        ":quit" | ":q" | "quit" | "exit" => return Input::Quit,
        "home" | ":home" => return Input::Home,
        _ => {}
    }
    if let Some(rest) = line
        .strip_prefix(":as")
        .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        let name = rest.trim().trim_start_matches('@');
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        return if valid {
            Input::SwitchUser(name)
        } else {
            Input::BadSwitch
        };
    }
    Input::Command(line)
}

/// Runs the shell on standard input and output until end of input or `:quit`:
/// `app` is [`App::build_console`]'s, delivering to `mailbox`.
pub async fn run(app: App, mailbox: ShellSender, options: ShellOptions) -> anyhow::Result<()> {
    if std::io::stdin().is_terminal() {
        run_interactive(app, mailbox, options).await
    } else {
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        run_script(&app, &mailbox, options, stdin.lock(), stdout.lock()).await
    }
}

/// Runs commands read from `input`, echoing each after a prompt, as a transcript.
/// After each command, whatever the bot would post on its own is posted and
/// printed, so a scripted session is reproducible.
pub async fn run_script(
    app: &App,
    mailbox: &ShellSender,
    mut options: ShellOptions,
    input: impl BufRead,
    mut output: impl Write,
) -> anyhow::Result<()> {
    for line in input.lines() {
        let line = line?;
        let keep_going = step(app, &mut options, &line, &mut output, Colour::Off, true).await?;
        catch_up(app).await;
        for message in mailbox.take_printed(Colour::Off) {
            writeln!(output, "{message}")?;
        }
        if !keep_going {
            break;
        }
    }
    Ok(())
}

/// Fires what is due and delivers what is queued; a failure is logged and the
/// work is retried at the next call.
async fn catch_up(app: &App) {
    if let Err(error) = app.catch_up().await {
        tracing::error!(
            error = format!("{error:#}"),
            "scheduled work failed; it will be retried"
        );
    }
}

/// How often an interactive shell looks for due digests and reminders while
/// the person is at the prompt.
const BACKGROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

async fn run_interactive(
    app: App,
    mailbox: ShellSender,
    mut options: ShellOptions,
) -> anyhow::Result<()> {
    let colour = if std::io::stdout().is_terminal() {
        Colour::On
    } else {
        Colour::Off
    };
    println!(
        "dealbot shell: workspace \"{}\", you are @{}. Type `help` for the commands, `:as NAME` to act as someone else, Ctrl-D to leave.",
        options.workspace, options.user
    );
    let mut editor = rustyline::DefaultEditor::new()?;
    let app = Arc::new(app);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let background = {
        let app = app.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let wake = app.core().outbox_bell();
            loop {
                catch_up(&app).await;
                tokio::select! {
                    _ = tokio::time::sleep(BACKGROUND_EVERY) => {}
                    _ = wake.notified() => {}
                    _ = stopped.changed() => break,
                }
            }
        })
    };
    let printer = spawn_printer(&mut editor, mailbox, colour, stopped);
    loop {
        let prompt = format!("{}> ", options.user);
        let line = match tokio::task::block_in_place(|| editor.readline(&prompt)) {
            Ok(line) => line,
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(error) => return Err(error.into()),
        };
        if !line.trim().is_empty() {
            let _ = editor.add_history_entry(line.as_str());
        }
        let mut stdout = std::io::stdout().lock();
        if !step(&app, &mut options, &line, &mut stdout, colour, false).await? {
            break;
        }
    }
    let _ = stop.send(true);
    let _ = tokio::join!(background, printer);
    Ok(())
}

/// Prints what the bot posts on its own while the person is typing, above the
/// prompt.
fn spawn_printer(
    editor: &mut rustyline::DefaultEditor,
    mailbox: ShellSender,
    colour: Colour,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    use rustyline::ExternalPrinter;
    let mut printer = editor.create_external_printer().ok();
    tokio::spawn(async move {
        loop {
            for message in mailbox.take_printed(colour) {
                match printer.as_mut() {
                    Some(printer) => {
                        let _ = printer.print(message);
                    }
                    None => println!("{message}"),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_millis(200)) => {}
                _ = stopped.changed() => break,
            }
        }
    })
}

/// Handles one line; false when the shell should stop.
async fn step(
    app: &App,
    options: &mut ShellOptions,
    line: &str,
    output: &mut impl Write,
    colour: Colour,
    echo: bool,
) -> anyhow::Result<bool> {
    let input = classify(line);
    if echo && input != Input::Nothing {
        writeln!(output, "{}> {}", options.user, line.trim())?;
    }
    match input {
        Input::Nothing => {}
        Input::Quit => return Ok(false),
        Input::SwitchUser(name) => {
            options.user = name.to_string();
            writeln!(output, "You are now @{name}.\n")?;
        }
        Input::BadSwitch => {
            writeln!(
                output,
                "✗ Say who to act as: :as rep2 (letters, digits, . _ -)\n"
            )?;
        }
        Input::Home => {
            let invocation = invocation_of(app, options);
            let reply = match app.core().home(&invocation, HOME_DEALS).await {
                Ok(home) => home.as_reply(),
                Err(error) => {
                    tracing::warn!(error = %error, "the home could not be read");
                    Reply::error(vec!["The home cannot be read right now; try again.".into()])
                }
            };
            writeln!(output, "{}", render(&reply, colour))?;
        }
        Input::Command(text) => {
            let invocation = invocation_of(app, options);
            let reply = app.core().handle(&invocation, text).await;
            write!(output, "{}", render(&reply, colour))?;
            write!(output, "{}", files::written(&reply.attachments))?;
            writeln!(output)?;
        }
    }
    output.flush()?;
    Ok(true)
}

/// How many deals the shell's `home` lists.
const HOME_DEALS: usize = 25;

/// The person the shell acts as, now, where the shell types.
fn invocation_of(app: &App, options: &ShellOptions) -> Invocation {
    Invocation {
        platform: PLATFORM.to_string(),
        workspace: workspace_key(PLATFORM, &options.workspace),
        user: options.user.clone(),
        channel: Some(options.channel.clone()),
        channel_private: false,
        timezone: None,
        now: app.core().now(),
        people: crate::core::people::Operator::shared(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_lines_are_commands_unless_they_are_shell_words() {
        assert_eq!(classify("  "), Input::Nothing);
        assert_eq!(classify("# a comment"), Input::Nothing);
        assert_eq!(classify(":quit"), Input::Quit);
        assert_eq!(classify(":as @rep2"), Input::SwitchUser("rep2"));
        assert_eq!(classify(":as"), Input::BadSwitch);
        assert_eq!(classify("home"), Input::Home);
        assert_eq!(classify("/deal list"), Input::Command("/deal list"));
    }
}
