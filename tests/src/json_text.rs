//! The text a JSON body carries, for asserting on what a platform was sent
//! without caring where in the body it stands.

use serde_json::Value;

/// Every string in a JSON value, joined, each followed by a newline.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text}\n"),
        Value::Array(items) => items.iter().map(text_of).collect(),
        Value::Object(map) => map.values().map(text_of).collect(),
        _ => String::new(),
    }
}
