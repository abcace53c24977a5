//! The limits of a message body that Discord enforces beyond what its spec's
//! schemas say (see `platform-limits.md`): content of at most 2,000 characters
//! from a bot (the schema allows 4,000), all embeds of a message together at
//! most 6,000 characters, buttons and menus within their rows. Plus the
//! project's own rule that every message says whom it may ping
//! (`allowed_mentions` with an empty `parse`).
//!
//! Each problem is named by its field, as Discord names it.

use serde_json::Value;

use super::form_errors::{FormErrors, Problem};

/// Discord's limits (platform-limits.md).
const CONTENT: u64 = 2000;
const EMBEDS: u64 = 10;
const TITLE: u64 = 256;
const DESCRIPTION: u64 = 4096;
const FOOTER: u64 = 2048;
const AUTHOR: u64 = 256;
const FIELDS: u64 = 25;
const FIELD_NAME: u64 = 256;
const FIELD_VALUE: u64 = 1024;
const EMBEDS_TOTAL: u64 = 6000;
const ROWS: u64 = 5;
const ROW_ITEMS: u64 = 5;
const CUSTOM_ID: u64 = 100;
const LABEL: u64 = 80;
const MENU_OPTIONS: u64 = 25;

/// A check of a body beyond its schema.
pub type Check = fn(&Value) -> Result<(), FormErrors>;

fn chars(value: &Value) -> u64 {
    value.as_str().map_or(0, |s| s.chars().count() as u64)
}

fn items(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

/// Checks a message body (a channel post, or an interaction answer's `data`)
/// against Discord's limits and the project's mention rule: every problem.
pub fn check_message(body: &Value) -> Result<(), FormErrors> {
    let mut found = FormErrors::default();
    mentions(body, &mut found);
    if chars(&body["content"]) > CONTENT {
        found.push(Problem::max_length(&["content"], CONTENT));
    }
    embeds(body, &mut found);
    components(body, &mut found);
    found.into_result()
}

/// The limits of an interaction answer: those of its message, for the answer
/// types that carry one (4, a new message; 7, the clicked message updated).
pub fn check_answer_message(answer: &Value) -> Result<(), FormErrors> {
    let carries_message = matches!(answer["type"].as_u64(), Some(4 | 7));
    if !carries_message || answer["data"].is_null() {
        return Ok(());
    }
    check_message(&answer["data"]).map_err(|problems| {
        let mut under_data = FormErrors::default();
        for problem in problems.problems() {
            under_data.push(problem.clone().under(&["data"]));
        }
        under_data
    })
}

fn mentions(body: &Value, found: &mut FormErrors) {
    let parse = &body["allowed_mentions"]["parse"];
    if !parse.is_array() {
        found.push(Problem::new(
            &["allowed_mentions", "parse"],
            "BASE_TYPE_REQUIRED",
            "This field is required by the project: a message says whom it may ping",
        ));
    } else if !items(parse).is_empty() {
        found.push(Problem::new(
            &["allowed_mentions", "parse"],
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be empty (the project pings only the users it names), got {parse}"),
        ));
    }
}

fn embeds(body: &Value, found: &mut FormErrors) {
    let embeds = items(&body["embeds"]);
    if embeds.len() as u64 > EMBEDS {
        found.push(Problem::max_length(&["embeds"], EMBEDS));
    }
    let mut total = 0;
    for (i, embed) in embeds.iter().enumerate() {
        let i = i.to_string();
        let parts = [
            (&embed["title"], vec!["title"], TITLE),
            (&embed["description"], vec!["description"], DESCRIPTION),
            (&embed["footer"]["text"], vec!["footer", "text"], FOOTER),
            (&embed["author"]["name"], vec!["author", "name"], AUTHOR),
        ];
        for (text, field, limit) in parts {
            if chars(text) > limit {
                let mut path = vec!["embeds", i.as_str()];
                path.extend(field);
                found.push(Problem::max_length(&path, limit));
            }
            total += chars(text);
        }
        let fields = items(&embed["fields"]);
        if fields.len() as u64 > FIELDS {
            found.push(Problem::max_length(&["embeds", &i, "fields"], FIELDS));
        }
        for (j, field) in fields.iter().enumerate() {
            let j = j.to_string();
            for (key, limit) in [("name", FIELD_NAME), ("value", FIELD_VALUE)] {
                let path = ["embeds", &i, "fields", &j, key];
                let size = chars(&field[key]);
                if size == 0 {
                    found.push(Problem::required(&path));
                } else if size > limit {
                    found.push(Problem::max_length(&path, limit));
                }
                total += size;
            }
        }
    }
    if total > EMBEDS_TOTAL {
        found.push(Problem::new(
            &["embeds"],
            "MAX_EMBED_SIZE_EXCEEDED",
            format!("Embed size exceeds maximum size of {EMBEDS_TOTAL} (these have {total})"),
        ));
    }
}

fn components(body: &Value, found: &mut FormErrors) {
    let rows = items(&body["components"]);
    if rows.len() as u64 > ROWS {
        found.push(Problem::max_length(&["components"], ROWS));
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r.to_string();
        let row_items = items(&row["components"]);
        if row_items.is_empty() || row_items.len() as u64 > ROW_ITEMS {
            found.push(Problem::bad_length(
                &["components", &r, "components"],
                1,
                ROW_ITEMS,
            ));
        }
        for (i, item) in row_items.iter().enumerate() {
            let i = i.to_string();
            let at = |key: &'static str| ["components", r.as_str(), "components", i.as_str(), key];
            let id = chars(&item["custom_id"]);
            if !(1..=CUSTOM_ID).contains(&id) {
                found.push(Problem::bad_length(&at("custom_id"), 1, CUSTOM_ID));
            }
            if chars(&item["label"]) > LABEL {
                found.push(Problem::max_length(&at("label"), LABEL));
            }
            if items(&item["options"]).len() as u64 > MENU_OPTIONS {
                found.push(Problem::max_length(&at("options"), MENU_OPTIONS));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(result: Result<(), FormErrors>) -> Vec<String> {
        result
            .err()
            .map(|errors| errors.fields())
            .unwrap_or_default()
    }

    #[test]
    fn a_message_within_the_limits_passes() {
        let embed = json!({
            "title": "t".repeat(256), "description": "d".repeat(4096),
            "fields": vec![json!({"name": "n".repeat(20), "value": "v".repeat(42)}); 25],
        });
        let body = json!({
            "content": "c".repeat(2000), "embeds": [embed], "allowed_mentions": {"parse": []},
            "components": vec![json!({"type": 1, "components": vec![json!({"type": 2, "style": 2, "custom_id": "i".repeat(100), "label": "l".repeat(80)}); 5]}); 5],
        });
        assert_eq!(fields(check_message(&body)), Vec::<String>::new());
    }

    #[test]
    fn each_limit_is_named_by_its_field() {
        let body = json!({
            "allowed_mentions": {"parse": ["everyone"]},
            "embeds": [{
                "footer": {"text": "f".repeat(2049)}, "author": {"name": "a".repeat(257)},
                "fields": [{"name": "", "value": "v".repeat(1025)}]
            }],
            "components": [
                {"type": 1, "components": []},
                {"type": 1, "components": [{"type": 3, "custom_id": "", "options": vec![json!({"label": "o", "value": "o"}); 26]}]}
            ],
        });
        assert_eq!(
            fields(check_message(&body)),
            [
                "allowed_mentions.parse",
                "embeds.0.footer.text",
                "embeds.0.author.name",
                "embeds.0.fields.0.name",
                "embeds.0.fields.0.value",
                "components.0.components",
                "components.1.components.0.custom_id",
                "components.1.components.0.options",
            ]
        );
    }

    #[test]
    fn an_answer_is_held_to_the_limits_of_the_message_it_carries() {
        let long = json!({"content": "x".repeat(2001), "allowed_mentions": {"parse": []}});
        for kind in [4, 7] {
            let answer = json!({"type": kind, "data": long});
            assert_eq!(fields(check_answer_message(&answer)), ["data.content"]);
        }
        let choices = json!({"type": 8, "data": {"choices": []}});
        assert_eq!(check_answer_message(&choices), Ok(()), "no message in it");
        assert_eq!(check_answer_message(&json!({"type": 1})), Ok(()));
    }
}
