//! The committed seed corpora in `tests/fuzz-corpus/`, replayed before the
//! generated cases of every run: inputs that once broke something, and inputs
//! shaped to reach each refusal. Add a failing run's minimal input here.
//!
//! - `commands.txt`: one command line per line; `#` starts a comment; a line
//!   starting with `"` is a JSON string (for control characters).
//! - `slack.jsonl`, `discord.jsonl`: one request per line, as JSON:
//!   `{"path", "content_type" (or null), "signing", "body" or "body_hex"}`.
//!   `signing` is `valid`, `valid:<seconds from now>`, `missing`,
//!   `no-timestamp`, `wrong-key` or `garbage:<text>`; the signature is made
//!   when the seed is sent.

use serde::Deserialize;

const COMMANDS: &str = include_str!("../../../fuzz-corpus/commands.txt");
pub const SLACK: (&str, &str) = (
    "slack.jsonl",
    include_str!("../../../fuzz-corpus/slack.jsonl"),
);
pub const DISCORD: (&str, &str) = (
    "discord.jsonl",
    include_str!("../../../fuzz-corpus/discord.jsonl"),
);

/// The command-line seeds, each named by its line.
pub fn command_lines() -> Vec<(String, String)> {
    lines(("commands.txt", COMMANDS))
        .map(|(from, line)| {
            let command = if line.starts_with('"') {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("{from}: not a JSON string: {error}"))
            } else {
                line.to_string()
            };
            (from, command)
        })
        .collect()
}

/// A request seed as written in the corpus.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSeed {
    pub path: String,
    pub content_type: Option<String>,
    pub signing: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_hex: Option<String>,
    /// Why the seed is there.
    #[serde(default)]
    pub note: String,
}

impl RequestSeed {
    pub fn body(&self) -> Vec<u8> {
        match (&self.body, &self.body_hex) {
            (Some(text), None) => text.clone().into_bytes(),
            (None, Some(hex)) => hex::decode(hex).expect("body_hex is hexadecimal"),
            _ => panic!("a request seed has either body or body_hex: {self:?}"),
        }
    }
}

/// The request seeds of `file`, each named by its line.
pub fn requests(file: (&str, &str)) -> Vec<(String, RequestSeed)> {
    lines(file)
        .map(|(from, line)| {
            let seed: RequestSeed = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{from}: not a request seed: {error}"));
            (format!("{from} ({})", seed.note), seed)
        })
        .collect()
}

/// The non-empty, non-comment lines of `(name, text)`, as `name:line`.
fn lines<'a>((name, text): (&'a str, &'a str)) -> impl Iterator<Item = (String, &'a str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(move |(number, line)| (format!("{name}:{}", number + 1), line))
}
