//! Discord's answer to a body that does not fit: HTTP 400 with
//! `{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`, where
//! `errors` nests by field path (array items by their index as a string) down to
//! `"_errors": [{"code", "message"}]` at each field that is wrong. The codes and
//! messages are Discord's own (`BASE_TYPE_MAX_LENGTH`, "Must be 2000 or fewer in
//! length.", and so on).

use std::fmt;

use serde_json::{json, Value};

/// Discord's error code for a body that does not fit the route's form.
pub const INVALID_FORM_BODY: u64 = 50035;

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field, from the top of the body: property names and array indexes.
    pub path: Vec<String>,
    /// Discord's code, such as `BASE_TYPE_MAX_LENGTH`.
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: &[&str], code: &str, message: impl Into<String>) -> Problem {
        Problem {
            path: path.iter().map(|segment| segment.to_string()).collect(),
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// The same problem under `prefix` (a message body inside an interaction answer, say).
    pub fn under(mut self, prefix: &[&str]) -> Problem {
        let mut path: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
        path.append(&mut self.path);
        self.path = path;
        self
    }

    pub fn required(path: &[&str]) -> Problem {
        Problem::new(path, "BASE_TYPE_REQUIRED", "This field is required")
    }

    /// Too long a string or too many items.
    pub fn max_length(path: &[&str], limit: u64) -> Problem {
        Problem::new(
            path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {limit} or fewer in length."),
        )
    }

    /// Too short a string or too few items.
    pub fn min_length(path: &[&str], limit: u64) -> Problem {
        Problem::new(
            path,
            "BASE_TYPE_MIN_LENGTH",
            format!("Must be {limit} or more in length."),
        )
    }

    /// A length outside `min..=max`.
    pub fn bad_length(path: &[&str], min: u64, max: u64) -> Problem {
        Problem::new(
            path,
            "BASE_TYPE_BAD_LENGTH",
            format!("Must be between {min} and {max} in length."),
        )
    }

    /// The field as Discord's answers name it in prose: `embeds.0.description`.
    pub fn field(&self) -> String {
        if self.path.is_empty() {
            "(the body)".to_string()
        } else {
            self.path.join(".")
        }
    }
}

/// Everything wrong with a body; empty when it fits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    problems: Vec<Problem>,
}

impl FormErrors {
    /// Adds `problem` unless the same one is already there (the spec and the
    /// limits may both find a field too long).
    pub fn push(&mut self, problem: Problem) {
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    pub fn extend(&mut self, other: FormErrors) {
        for problem in other.problems {
            self.push(problem);
        }
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The fields found wrong, as `embeds.0.description`.
    pub fn fields(&self) -> Vec<String> {
        self.problems.iter().map(Problem::field).collect()
    }

    /// `Ok` when nothing is wrong.
    pub fn into_result(self) -> Result<(), FormErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Discord's nested `errors` object.
    pub fn errors(&self) -> Value {
        let mut root = json!({});
        for problem in &self.problems {
            // Indexing a null with a key makes it an object.
            let mut node = &mut root;
            for segment in &problem.path {
                node = &mut node[segment.as_str()];
            }
            let list = &mut node["_errors"];
            if !list.is_array() {
                *list = json!([]);
            }
            if let Some(list) = list.as_array_mut() {
                list.push(json!({ "code": problem.code, "message": problem.message }));
            }
        }
        root
    }

    /// The whole JSON body of Discord's 400 answer.
    pub fn body(&self) -> Value {
        json!({
            "code": INVALID_FORM_BODY,
            "message": "Invalid Form Body",
            "errors": self.errors(),
        })
    }
}

impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| format!("{}: {} ({})", p.field(), p.message, p.code))
            .collect();
        write!(f, "Invalid Form Body: {}", lines.join("; "))
    }
}

impl std::error::Error for FormErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_nest_by_field_path_as_discord_does() {
        let mut errors = FormErrors::default();
        errors.push(Problem::max_length(&["content"], 2000));
        errors.push(Problem::max_length(&["embeds", "0", "description"], 4096));
        errors.push(Problem::required(&["embeds", "0", "fields", "3", "name"]));
        errors.push(Problem::max_length(&["content"], 2000));
        assert_eq!(
            errors.body(),
            json!({
                "code": 50035,
                "message": "Invalid Form Body",
                "errors": {
                    "content": { "_errors": [{ "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length." }] },
                    "embeds": { "0": {
                        "description": { "_errors": [{ "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 4096 or fewer in length." }] },
                        "fields": { "3": { "name": { "_errors": [{ "code": "BASE_TYPE_REQUIRED", "message": "This field is required" }] } } }
                    } }
                }
            })
        );
        assert_eq!(
            errors.fields(),
            ["content", "embeds.0.description", "embeds.0.fields.3.name"],
            "the same problem twice is listed once"
        );
    }

    #[test]
    fn a_problem_with_the_whole_body_sits_at_the_top() {
        let mut errors = FormErrors::default();
        errors.push(Problem::new(
            &[],
            "MODEL_TYPE_CONVERT",
            "Only dictionaries may be used in a ModelType",
        ));
        assert_eq!(
            errors.errors(),
            json!({ "_errors": [{ "code": "MODEL_TYPE_CONVERT", "message": "Only dictionaries may be used in a ModelType" }] })
        );
        assert!(errors.to_string().contains("(the body)"), "{errors}");
    }
}
