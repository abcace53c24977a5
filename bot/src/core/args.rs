//! Splitting a command line into words, and reading them one at a time.
//!
//! Words are separated by white space; `"double"`, `'single'` and “curly” quotes
//! group words (chat apps turn straight quotes into curly ones). Parsing ends with
//! [`Args::finish`], which refuses words nobody asked for.

/// One word of the command line, remembering whether it was quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub quoted: bool,
}

/// Why a line could not be split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclosedQuote;

/// Splits `line` into words.
pub fn split_words(line: &str) -> Result<Vec<Word>, UnclosedQuote> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if let Some(close) = closing_quote(c) {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some(ch) if ch == close => break,
                    Some(ch) => text.push(ch),
                    None => return Err(UnclosedQuote),
                }
            }
            words.push(Word { text, quoted: true });
            continue;
        }
        let mut text = String::new();
        while let Some(&ch) = chars.peek() {
            if ch.is_whitespace() {
                break;
            }
            text.push(ch);
            chars.next();
        }
        words.push(Word {
            text,
            quoted: false,
        });
    }
    Ok(words)
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '\'' => Some('\''),
        '‘' => Some('’'),
        _ => None,
    }
}

/// A cursor over the words of one command.
#[derive(Debug, Clone)]
pub struct Args {
    words: Vec<Word>,
    position: usize,
}

impl Args {
    pub fn new(words: Vec<Word>) -> Self {
        Args { words, position: 0 }
    }

    /// The next word without taking it.
    pub fn peek(&self) -> Option<&Word> {
        self.words.get(self.position)
    }

    /// Takes the next word.
    pub fn next_word(&mut self) -> Option<Word> {
        let word = self.words.get(self.position).cloned();
        if word.is_some() {
            self.position += 1;
        }
        word
    }

    /// The words not yet taken.
    pub fn remaining(&self) -> &[Word] {
        &self.words[self.position..]
    }

    /// Takes every remaining word.
    pub fn take_rest(&mut self) -> Vec<Word> {
        let rest = self.words[self.position..].to_vec();
        self.position = self.words.len();
        rest
    }

    /// Takes the next `count` words.
    pub fn take(&mut self, count: usize) -> Vec<Word> {
        let end = (self.position + count).min(self.words.len());
        let taken = self.words[self.position..end].to_vec();
        self.position = end;
        taken
    }

    pub fn is_empty(&self) -> bool {
        self.position >= self.words.len()
    }

    /// Ok if every word was used; otherwise the words left over.
    pub fn finish(&self) -> Result<(), String> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(join(self.remaining()))
        }
    }
}

/// The words joined back with single spaces, quoted ones in quotes.
pub fn join(words: &[Word]) -> String {
    words
        .iter()
        .map(|word| {
            if word.quoted {
                format!("\"{}\"", word.text)
            } else {
                word.text.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words' texts joined with single spaces, as free text.
pub fn join_text(words: &[Word]) -> String {
    words
        .iter()
        .map(|word| word.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split_words(line)
            .expect("balanced quotes")
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn splits_on_white_space_and_keeps_quoted_groups() {
        assert_eq!(
            texts(r#"new "Acme Corp"  50k"#),
            vec!["new", "Acme Corp", "50k"]
        );
        assert_eq!(
            texts("note D-1 it's 'in progress'"),
            vec!["note", "D-1", "it's", "in progress"]
        );
    }

    #[test]
    fn curly_quotes_from_chat_apps_group_words() {
        assert_eq!(texts("new “Acme Corp” 5k"), vec!["new", "Acme Corp", "5k"]);
        assert_eq!(texts("new ‘Acme Corp’"), vec!["new", "Acme Corp"]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        assert_eq!(split_words(r#"new "Acme"#), Err(UnclosedQuote));
    }

    #[test]
    fn finish_reports_leftover_words() {
        let mut args = Args::new(split_words("show D-1 extra words").expect("ok"));
        args.take(2);
        assert_eq!(args.finish(), Err("extra words".to_string()));
    }
}
