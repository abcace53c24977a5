//! The `/deal` subcommands: one file each, with its parser and its handler. The
//! table [`SPECS`] is the single source of the parser's dispatch, of `help`, and
//! of the typed options platforms offer (each spec's [`Arg`]s).

mod amount;
pub mod arg;
pub mod arg_text;
mod away;
mod back;
mod buyer;
mod close_date;
mod delete;
mod digest;
mod done;
mod help;
mod history;
mod hours;
mod list;
pub(crate) mod lost;
mod merge;
mod new;
pub(crate) mod next;
pub(crate) mod note;
mod notify;
mod owner;
mod pipeline_option;
mod qualify;
mod rename;
mod report;
mod restore;
mod schedules;
mod show;
mod snooze;
mod stage;
mod status;
mod subscribe;
mod tz;
mod undo;
mod unsubscribe;
mod won;

use chrono::NaiveDate;

pub use arg::{Arg, ArgKind, DEAL, WHO};
pub use arg_text::{command_text, ArgValue, Unwritable};

use super::args::{split_words, Args};
use super::deal_ref::DealRef;
use super::env::{CoreSettings, Env};
use super::error::CommandError;
use super::reply::Reply;

/// What the parser may consult: the configured pipelines and the asker's date.
pub struct ParseContext<'a> {
    pub config: &'a CoreSettings,
    pub today: NaiveDate,
}

/// How one subcommand is written, what it does, and how to parse it.
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub usage: &'static str,
    pub summary: &'static str,
    pub details: &'static [&'static str],
    pub examples: &'static [&'static str],
    /// Its arguments, typed, in the order the parser reads them.
    pub args: &'static [Arg],
    pub parse: fn(&mut Args, &ParseContext) -> Result<Command, CommandError>,
}

/// Every subcommand, in the order `help` lists them.
pub static SPECS: &[&Spec] = &[
    &new::SPEC,
    &show::SPEC,
    &list::SPEC,
    &stage::SPEC,
    &next::SPEC,
    &done::SPEC,
    &snooze::SPEC,
    &owner::SPEC,
    &amount::SPEC,
    &close_date::SPEC,
    &buyer::SPEC,
    &qualify::SPEC,
    &won::SPEC,
    &lost::SPEC,
    &note::SPEC,
    &history::SPEC,
    &rename::SPEC,
    &merge::SPEC,
    &delete::SPEC,
    &restore::SPEC,
    &undo::SPEC,
    &digest::SPEC,
    &notify::SPEC,
    &subscribe::SPEC,
    &unsubscribe::SPEC,
    &schedules::SPEC,
    &status::SPEC,
    &report::SPEC,
    &tz::SPEC,
    &hours::SPEC,
    &away::SPEC,
    &back::SPEC,
    &help::SPEC,
];

/// A parsed `/deal` command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    New(new::New),
    Show(show::Show),
    List(list::List),
    Stage(stage::Stage),
    Next(next::Next),
    Done(done::Done),
    Snooze(snooze::Snooze),
    Owner(owner::Owner),
    Amount(amount::SetAmount),
    CloseDate(close_date::CloseDate),
    Buyer(buyer::Buyer),
    Qualify(qualify::Qualify),
    Report(report::Report),
    Won(won::Won),
    Lost(lost::Lost),
    Note(note::Note),
    History(history::History),
    Rename(rename::Rename),
    Merge(merge::Merge),
    Delete(delete::Delete),
    Restore(restore::Restore),
    Undo(undo::Undo),
    Digest(digest::Digest),
    Notify(notify::Notify),
    Subscribe(subscribe::Subscribe),
    Unsubscribe(unsubscribe::Unsubscribe),
    Schedules(schedules::Schedules),
    Status(status::Status),
    Tz(tz::Tz),
    Hours(hours::Hours),
    Away(away::Away),
    Back(back::Back),
    Help(help::Help),
}

pub use help::usage_lines as help_usage_lines;
pub use next::NEXT_STEP_LIMIT;

/// The spec of a subcommand by name or alias, ignoring case.
pub fn spec(name: &str) -> Option<&'static Spec> {
    let name = name.to_lowercase();
    SPECS
        .iter()
        .copied()
        .find(|spec| spec.name == name || spec.aliases.contains(&name.as_str()))
}

/// Parses the text after `/deal`. Empty text asks for help.
/// The deal a per-deal subcommand's text names by its id (`stage D-42 …`),
/// found before the command is parsed, so the deal can be read with the
/// command's settings ([`super::Core`]'s `env`). `None` for anything else,
/// and for text the parser would refuse.
pub fn deal_number_named(text: &str) -> Option<i64> {
    let words = split_words(text).ok()?;
    let mut words = words.iter();
    let spec = spec(&words.next()?.text)?;
    if spec.args.first().map(|arg| arg.kind) != Some(ArgKind::Deal) {
        return None;
    }
    let word = words.next()?;
    match DealRef::parse(word.text.trim(), word.quoted) {
        DealRef::Number(number) => Some(number),
        DealRef::Name(_) => None,
    }
}

pub fn parse(text: &str, cx: &ParseContext) -> Result<Command, CommandError> {
    let words = split_words(text).map_err(|_| {
        let message = "A quote is not closed: put a name with spaces between two quotes, \
                       straight or curly.";
        match text.split_whitespace().next().and_then(spec) {
            Some(spec) => CommandError::usage(spec.name, message),
            None => CommandError::user(message),
        }
    })?;
    let mut args = Args::new(words);
    let Some(first) = args.next_word() else {
        return Ok(Command::Help(help::Help { topic: None }));
    };
    let Some(spec) = spec(&first.text) else {
        return Err(unknown_subcommand(&first.text));
    };
    let command = (spec.parse)(&mut args, cx)?;
    args.finish().map_err(|extra| {
        CommandError::usage(
            spec.name,
            format!("I don't know what to do with \"{extra}\" at the end."),
        )
    })?;
    Ok(command)
}

fn unknown_subcommand(word: &str) -> CommandError {
    let closest = SPECS
        .iter()
        .map(|spec| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), spec.name),
                spec.name,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name);
    let error = CommandError::user(format!("There is no subcommand \"{word}\"."));
    match closest {
        Some(name) => error.with_line(format!(
            "Did you mean `{name}`? Type `help {name}` to see how."
        )),
        None => error.with_line("Type `help` to see every subcommand."),
    }
}

impl Command {
    /// The subcommand's name, for logs and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            Command::New(_) => new::SPEC.name,
            Command::Show(_) => show::SPEC.name,
            Command::List(_) => list::SPEC.name,
            Command::Stage(_) => stage::SPEC.name,
            Command::Next(_) => next::SPEC.name,
            Command::Done(_) => done::SPEC.name,
            Command::Snooze(_) => snooze::SPEC.name,
            Command::Owner(_) => owner::SPEC.name,
            Command::Amount(_) => amount::SPEC.name,
            Command::CloseDate(_) => close_date::SPEC.name,
            Command::Buyer(_) => buyer::SPEC.name,
            Command::Qualify(_) => qualify::SPEC.name,
            Command::Report(_) => report::SPEC.name,
            Command::Won(_) => won::SPEC.name,
            Command::Lost(_) => lost::SPEC.name,
            Command::Note(_) => note::SPEC.name,
            Command::History(_) => history::SPEC.name,
            Command::Rename(_) => rename::SPEC.name,
            Command::Merge(_) => merge::SPEC.name,
            Command::Delete(_) => delete::SPEC.name,
            Command::Restore(_) => restore::SPEC.name,
            Command::Undo(_) => undo::SPEC.name,
            Command::Digest(_) => digest::SPEC.name,
            Command::Notify(_) => notify::SPEC.name,
            Command::Subscribe(_) => subscribe::SPEC.name,
            Command::Unsubscribe(_) => unsubscribe::SPEC.name,
            Command::Schedules(_) => schedules::SPEC.name,
            Command::Status(_) => status::SPEC.name,
            Command::Tz(_) => tz::SPEC.name,
            Command::Hours(_) => hours::SPEC.name,
            Command::Away(_) => away::SPEC.name,
            Command::Back(_) => back::SPEC.name,
            Command::Help(_) => help::SPEC.name,
        }
    }

    /// Carries the command out.
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        match self {
            Command::New(command) => command.apply(env).await,
            Command::Show(command) => command.apply(env).await,
            Command::List(command) => command.apply(env).await,
            Command::Stage(command) => command.apply(env).await,
            Command::Next(command) => command.apply(env).await,
            Command::Done(command) => command.apply(env).await,
            Command::Snooze(command) => command.apply(env).await,
            Command::Owner(command) => command.apply(env).await,
            Command::Amount(command) => command.apply(env).await,
            Command::CloseDate(command) => command.apply(env).await,
            Command::Buyer(command) => command.apply(env).await,
            Command::Qualify(command) => command.apply(env).await,
            Command::Report(command) => command.apply(env).await,
            Command::Won(command) => command.apply(env).await,
            Command::Lost(command) => command.apply(env).await,
            Command::Note(command) => command.apply(env).await,
            Command::History(command) => command.apply(env).await,
            Command::Rename(command) => command.apply(env).await,
            Command::Merge(command) => command.apply(env).await,
            Command::Delete(command) => command.apply(env).await,
            Command::Restore(command) => command.apply(env).await,
            Command::Undo(command) => command.apply(env).await,
            Command::Digest(command) => command.apply(env).await,
            Command::Notify(command) => command.apply(env).await,
            Command::Subscribe(command) => command.apply(env).await,
            Command::Unsubscribe(command) => command.apply(env).await,
            Command::Schedules(command) => command.apply(env).await,
            Command::Status(command) => command.apply(env).await,
            Command::Tz(command) => command.apply(env).await,
            Command::Hours(command) => command.apply(env).await,
            Command::Away(command) => command.apply(env).await,
            Command::Back(command) => command.apply(env).await,
            Command::Help(command) => Ok(command.reply()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{deal_number_named, parse, Command, ParseContext};
    use crate::config::Settings;
    use crate::core::env::CoreSettings;
    use crate::core::error::CommandError;
    use crate::core::reply::Line;

    fn parsed(text: &str) -> Result<Command, CommandError> {
        let config = CoreSettings::new(Settings::default()).expect("default settings");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        parse(
            text,
            &ParseContext {
                config: &config,
                today,
            },
        )
    }

    /// The command `text` parses to, with the default settings.
    pub fn parse_ok(text: &str) -> Command {
        parsed(text).unwrap_or_else(|error| panic!("`{text}` should parse: {error}"))
    }

    /// The refusal's lines, joined, for text that must not parse.
    pub fn parse_err(text: &str) -> String {
        match parsed(text) {
            Ok(command) => panic!("`{text}` should not parse, got {command:?}"),
            Err(CommandError::User { lines, .. }) => {
                lines.iter().map(Line::plain).collect::<Vec<_>>().join("\n")
            }
            Err(error) => panic!("`{text}` failed unexpectedly: {error}"),
        }
    }

    #[test]
    fn the_deal_id_a_per_deal_subcommand_names_is_found_before_parsing() {
        assert_eq!(deal_number_named("stage D-42 proposal"), Some(42));
        assert_eq!(deal_number_named("next #7 \"call back\" fri"), Some(7));
        assert_eq!(deal_number_named("show 12"), Some(12));
        // A quoted number, a name, or no deal word: part of a name, or nothing.
        assert_eq!(deal_number_named("show \"42\""), None);
        assert_eq!(deal_number_named("show acme"), None);
        assert_eq!(deal_number_named("show"), None);
        // Subcommands whose first word is not a deal.
        assert_eq!(deal_number_named("new 42 5k"), None);
        assert_eq!(deal_number_named("report 30"), None);
        assert_eq!(deal_number_named("nonsense 4"), None);
        assert_eq!(deal_number_named("show \"4"), None, "an unclosed quote");
    }
}
