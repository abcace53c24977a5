//! Discord's own OpenAPI spec (`tests/specs/discord-openapi.json`, from
//! discord/discord-api-spec) as a validator of request bodies: the body of a
//! call is checked against the JSON Schema (draft 2020-12) of its route's
//! `requestBody`, found by path template (`/channels/{channel_id}/messages`) and
//! method.
//!
//! The spec is read and indexed once per test process; each route's schema is
//! compiled the first time a body for it is checked and kept. Its references are
//! all local (`#/components/schemas/...`), resolved inside the same document:
//! nothing is fetched.

use std::sync::{LazyLock, OnceLock};

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::form_errors::FormErrors;
use super::schema_errors::form_errors;

/// The vendored spec.
pub const SPEC_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/discord-openapi.json");

/// The name the spec document goes by among the schemas: references into it
/// resolve against this.
const SPEC_URI: &str = "https://discord.test/openapi.json";

/// The API prefix the fake serves under; the spec's paths start after it.
const API_PREFIX: &str = "/api/v10";

/// One route that takes a JSON body.
struct Route {
    method: String,
    /// The path template's segments: literals, or `{name}` for any one segment.
    segments: Vec<String>,
    /// The `requestBody` schema, its local references pointed at the spec.
    schema: Value,
    validator: OnceLock<Validator>,
}

impl Route {
    /// How well `segments` fit: `None` if not at all, else the number of
    /// literal segments (so `/users/@me/channels` wins over `/users/{user_id}/...`).
    fn fit(&self, method: &str, segments: &[&str]) -> Option<usize> {
        if !self.method.eq_ignore_ascii_case(method) || self.segments.len() != segments.len() {
            return None;
        }
        let mut literal = 0;
        for (template, actual) in self.segments.iter().zip(segments) {
            if template.starts_with('{') && template.ends_with('}') {
                if actual.is_empty() {
                    return None;
                }
            } else if template == actual {
                literal += 1;
            } else {
                return None;
            }
        }
        Some(literal)
    }
}

struct Spec {
    registry: Registry<'static>,
    /// Routes with a JSON request body.
    routes: Vec<Route>,
    /// Routes with a JSON body in their 200 response.
    responses: Vec<Route>,
}

static SPEC: LazyLock<Spec> = LazyLock::new(load);

fn load() -> Spec {
    let text = std::fs::read_to_string(SPEC_FILE).expect("the vendored Discord spec is readable");
    let document: Value = serde_json::from_str(&text).expect("the Discord spec is JSON");
    let requests = routes(&document, |operation| {
        &operation["requestBody"]["content"]["application/json"]["schema"]
    });
    let responses = routes(&document, |operation| {
        &operation["responses"]["200"]["content"]["application/json"]["schema"]
    });
    let registry = Registry::new()
        .draft(Draft::Draft202012)
        .add(SPEC_URI, document)
        .and_then(|builder| builder.prepare())
        .expect("the Discord spec indexes as JSON Schema 2020-12");
    Spec {
        registry,
        routes: requests,
        responses,
    }
}

/// Every path and method with a schema where `schema_of` looks in the
/// operation (its JSON `requestBody`, or its 200 response).
fn routes(document: &Value, schema_of: fn(&Value) -> &Value) -> Vec<Route> {
    let mut routes = Vec::new();
    let Some(paths) = document["paths"].as_object() else {
        return routes;
    };
    for (template, operations) in paths {
        let Some(operations) = operations.as_object() else {
            continue;
        };
        for (method, operation) in operations {
            let schema = schema_of(operation);
            if schema.is_null() {
                continue;
            }
            let mut schema = schema.clone();
            point_local_refs_at_spec(&mut schema);
            routes.push(Route {
                method: method.to_uppercase(),
                segments: template
                    .trim_start_matches('/')
                    .split('/')
                    .map(str::to_string)
                    .collect(),
                schema,
                validator: OnceLock::new(),
            });
        }
    }
    routes
}

/// A route's schema is compiled on its own, so its `#/...` references would
/// point into itself: make them point into the spec document.
fn point_local_refs_at_spec(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" && target.starts_with('#') => {
                        *target = format!("{SPEC_URI}{target}");
                    }
                    _ => point_local_refs_at_spec(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(point_local_refs_at_spec),
        _ => {}
    }
}

fn validator(route: &Route) -> &Validator {
    route.validator.get_or_init(|| {
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(&SPEC.registry)
            .should_validate_formats(true)
            .build(&route.schema)
            .expect("the spec's schema compiles")
    })
}

/// The route template `method path` falls under, such as
/// `POST /channels/{channel_id}/messages`, if the spec has a body schema for it.
pub fn route_of(method: &str, path: &str) -> Option<String> {
    find(method, path).map(|route| format!("{} /{}", route.method, route.segments.join("/")))
}

fn find(method: &str, path: &str) -> Option<&'static Route> {
    find_in(&SPEC.routes, method, path)
}

fn find_in(routes: &'static [Route], method: &str, path: &str) -> Option<&'static Route> {
    let path = path.strip_prefix(API_PREFIX).unwrap_or(path);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    routes
        .iter()
        .filter_map(|route| route.fit(method, &segments).map(|fit| (fit, route)))
        .max_by_key(|(fit, _)| *fit)
        .map(|(_, route)| route)
}

/// Checks `body` of `method path` (with or without the `/api/v10` prefix)
/// against the route's request schema. A route the spec gives no JSON body
/// has nothing to check.
pub fn check_request(method: &str, path: &str, body: &Value) -> Result<(), FormErrors> {
    let Some(route) = find(method, path) else {
        return Ok(());
    };
    form_errors(validator(route).iter_errors(body)).into_result()
}

/// Checks what the fake answers to `method path` (200) against the route's
/// response schema, so the bot is tested against bodies Discord could send.
pub fn check_response(method: &str, path: &str, body: &Value) -> Result<(), FormErrors> {
    let Some(route) = find_in(&SPEC.responses, method, path) else {
        return Ok(());
    };
    form_errors(validator(route).iter_errors(body)).into_result()
}

/// Checks an answer the bot gives to an interaction (over HTTP, or what it
/// would send to the callback in gateway mode) against the schema of
/// `POST /interactions/{interaction_id}/{interaction_token}/callback`.
pub fn check_interaction_callback(answer: &Value) -> Result<(), FormErrors> {
    check_request("POST", "/interactions/0/token/callback", answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The codes found, by field.
    fn problems(method: &str, path: &str, body: Value) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = match check_request(method, path, &body) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .problems()
                .iter()
                .map(|p| (p.field(), p.code.clone()))
                .collect(),
        };
        found.sort();
        found
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(field, code)| (field.to_string(), code.to_string()))
            .collect()
    }

    const MESSAGES: &str = "/api/v10/channels/555000000000000001/messages";

    #[test]
    fn routes_are_found_by_template_and_method() {
        assert_eq!(
            route_of("POST", MESSAGES).as_deref(),
            Some("POST /channels/{channel_id}/messages")
        );
        assert_eq!(
            route_of("POST", "/api/v10/users/@me/channels").as_deref(),
            Some("POST /users/@me/channels")
        );
        assert_eq!(
            route_of("put", "/applications/1/guilds/2/commands").as_deref(),
            Some("PUT /applications/{application_id}/guilds/{guild_id}/commands")
        );
        assert_eq!(route_of("GET", MESSAGES), None, "a GET has no body");
        assert_eq!(route_of("POST", "/api/v10/nowhere/1"), None);
    }

    /// A message like the bot's: an embed with fields, buttons and a menu,
    /// nonce, explicit mentions; fields the spec marks nullable may be null.
    #[test]
    fn a_message_that_fits_passes() {
        let body = json!({
            "content": "<@200000000000000001>",
            "tts": null,
            "embeds": [{
                "title": "D-1 Acme Corp", "description": "**Stage** Discovery", "color": 3447003,
                "timestamp": "2026-11-23T09:00:00Z", "footer": { "text": "part 1 of 2" },
                "fields": [{ "name": "Owner", "value": "<@200000000000000001>", "inline": true }],
                "image": { "url": "attachment://chart.png" }
            }],
            "components": [
                { "type": 1, "components": [
                    { "type": 2, "style": 3, "custom_id": "done D-1", "label": "Done" },
                    { "type": 2, "style": 2, "custom_id": "snooze D-1", "label": "Snooze" }
                ] },
                { "type": 1, "components": [{
                    "type": 3, "custom_id": "deal-menu", "placeholder": "Move to",
                    "options": [{ "label": "Closing", "value": "stage D-1 \"Closing\"" }]
                }] }
            ],
            "allowed_mentions": { "parse": [], "users": ["200000000000000001"] },
            "nonce": "nag-1", "enforce_nonce": true
        });
        assert_eq!(problems("POST", MESSAGES, body), pairs(&[]));
    }

    /// Must show: a body that breaks the spec is caught, each field named as
    /// Discord names it, inside unions (nullable objects, component types).
    #[test]
    fn a_message_that_breaks_the_spec_is_named_field_by_field() {
        let body = json!({
            "embeds": [{
                "title": "t", "color": "red", "timestamp": "next Tuesday",
                "fields": [{ "name": "Owner" }]
            }],
            "components": [{ "type": 1, "components": [
                { "type": 2, "style": 9, "custom_id": "a", "label": "x".repeat(81) },
                { "type": 99 }
            ] }],
            "allowed_mentions": { "parse": ["everybody"], "users": ["Bob"] },
            "nonce": "n".repeat(26)
        });
        assert_eq!(
            problems("POST", MESSAGES, body),
            pairs(&[
                ("allowed_mentions.parse.0", "BASE_TYPE_CHOICES"),
                ("allowed_mentions.users.0", "STRING_TYPE_REGEX"),
                ("components.0.components.0.label", "BASE_TYPE_MAX_LENGTH"),
                ("components.0.components.0.style", "BASE_TYPE_CHOICES"),
                ("components.0.components.1.type", "UNION_TYPE_CHOICES"),
                ("embeds.0.color", "NUMBER_TYPE_COERCE"),
                ("embeds.0.fields.0.value", "BASE_TYPE_REQUIRED"),
                ("embeds.0.timestamp", "DATE_TYPE_PARSE"),
                ("nonce", "BASE_TYPE_MAX_LENGTH"),
            ])
        );
        let errors = check_request("POST", MESSAGES, &json!({ "embeds": [{ "color": "red" }] }))
            .expect_err("a colour is a number");
        assert_eq!(
            errors.body(),
            json!({
                "code": 50035,
                "message": "Invalid Form Body",
                "errors": { "embeds": { "0": { "color": { "_errors": [
                    { "code": "NUMBER_TYPE_COERCE", "message": "Value \"red\" is not int." }
                ] } } } }
            })
        );
    }

    #[test]
    fn the_wrong_shape_of_body_is_named_at_the_top_or_at_the_item() {
        assert_eq!(
            problems("POST", MESSAGES, json!([1])),
            pairs(&[("(the body)", "MODEL_TYPE_CONVERT")])
        );
        assert_eq!(
            problems("POST", "/users/@me/channels", json!({ "recipient_id": 12 })),
            pairs(&[("recipient_id", "STRING_TYPE_CONVERT")])
        );
        let command = json!({ "name": "x".repeat(33), "description": "Deals", "type": 1 });
        assert_eq!(
            problems("PUT", "/applications/1/guilds/2/commands", json!([command])),
            pairs(&[("0.name", "BASE_TYPE_MAX_LENGTH")]),
            "a bulk overwrite is an array: its items are named by index"
        );
    }

    #[test]
    fn the_fakes_channels_fit_the_get_channel_response_schema() {
        let path = "/api/v10/channels/555000000000000001";
        for hidden_in in [None, Some("100000000000000002")] {
            let body = crate::fake_discord::channel_body("555000000000000001", hidden_in);
            assert_eq!(check_response("GET", path, &body), Ok(()), "{body}");
        }
        let broken = json!({ "id": "555000000000000001", "type": 0, "name": "pipeline" });
        assert!(
            check_response("GET", path, &broken).is_err(),
            "a channel without its server, flags and position is not one Discord sends"
        );
    }

    #[test]
    fn interaction_answers_are_held_to_the_callback_schema() {
        let fine = [
            json!({ "type": 1 }),
            json!({ "type": 4, "data": { "content": "hi", "flags": 64, "allowed_mentions": { "parse": [] } } }),
            json!({ "type": 7, "data": { "embeds": [{ "title": "D-1" }], "components": [] } }),
            json!({ "type": 8, "data": { "choices": [{ "name": "D-1 Acme", "value": "D-1" }] } }),
        ];
        for answer in fine {
            assert_eq!(check_interaction_callback(&answer), Ok(()), "{answer}");
        }
        let found = |answer: Value| {
            check_interaction_callback(&answer)
                .expect_err("refused")
                .fields()
        };
        assert_eq!(found(json!({ "type": 42 })), ["type"]);
        assert_eq!(
            found(json!({ "type": 4, "data": { "content": "x".repeat(2001) } })),
            ["data.content"]
        );
        let many: Vec<Value> = (0..26)
            .map(|i| json!({ "name": format!("D-{i}"), "value": format!("D-{i}") }))
            .collect();
        assert_eq!(
            found(json!({ "type": 8, "data": { "choices": many } })),
            ["data.choices"]
        );
    }
}
