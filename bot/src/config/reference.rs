//! Keeps `docs/configuration.md` true: every key the settings accept has a row
//! there with its default (as the shipped `config/dealbot.toml` sets it) and its
//! environment variable, and the page names no key that does not exist.
//!
//! The keys are asked of the settings themselves: deserialising an unknown key
//! makes serde list every key of that table.

use figment::providers::{Format, Toml};
use figment::Figment;

use super::{Settings, ENV_PREFIX};

const REFERENCE: &str = include_str!("../../../docs/configuration.md");
const SHIPPED: &str = include_str!("../../../config/dealbot.toml");

/// The keys of the table that `toml` puts an unknown key `zz_probe` into.
fn keys_around(toml: &str) -> Vec<String> {
    try_keys_around(toml).unwrap_or_else(|| panic!("serde lists the known keys around {toml:?}"))
}

fn try_keys_around(toml: &str) -> Option<Vec<String>> {
    let error = Figment::from(Toml::string(toml))
        .extract::<Settings>()
        .expect_err("the probe key is unknown");
    error.into_iter().find_map(|error| match error.kind {
        figment::error::Kind::UnknownField(_, expected) => {
            Some(expected.iter().map(|key| (*key).to_string()).collect())
        }
        _ => None,
    })
}

/// `(key, default, environment variable)` of each row of the reference's tables.
fn documented() -> Vec<(String, String, String)> {
    REFERENCE
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let unquote = |cell: &str| cell.trim_start_matches("| ").trim_matches('`').to_string();
            (
                unquote(cells[0]),
                cells[1].to_string(),
                cells[2].to_string(),
            )
        })
        .collect()
}

/// Every key, as the reference names them (`log.level`, `pipelines[].stages[].name`).
fn every_key() -> Vec<String> {
    let mut keys = Vec::new();
    for section in keys_around("zz_probe = 1") {
        if section == "users" {
            // A table of names the operator chooses, each a key of its own.
            keys.push("users.NAME".to_string());
        } else if section == "pipelines" {
            let pipeline = "[[pipelines]]\nname = \"x\"\nstages = []\nzz_probe = 1\n";
            for key in keys_around(pipeline) {
                if key == "stages" {
                    let stage = "[[pipelines]]\nname = \"x\"\n[[pipelines.stages]]\n\
                                 name = \"A\"\nprobability = 1\nmax_days = 1\nzz_probe = 1\n";
                    for stage_key in keys_around(stage) {
                        keys.push(format!("pipelines[].stages[].{stage_key}"));
                    }
                } else {
                    keys.push(format!("pipelines[].{key}"));
                }
            }
        } else if let Some(table) = try_keys_around(&format!("[{section}]\nzz_probe = 1\n")) {
            for key in table {
                keys.push(format!("{section}.{key}"));
            }
        } else {
            // An array of tables, such as `[[digests]]`.
            for key in keys_around(&format!("[[{section}]]\nzz_probe = 1\n")) {
                keys.push(format!("{section}[].{key}"));
            }
        }
    }
    keys
}

/// A value as TOML writes it: `"text"`, `60`, `true`, `["Mon", "Tue"]`.
fn as_toml(value: &figment::value::Value) -> String {
    use figment::value::Value;
    match value {
        Value::String(_, text) => format!("\"{text}\""),
        Value::Bool(_, flag) => flag.to_string(),
        Value::Array(_, items) => format!(
            "[{}]",
            items.iter().map(as_toml).collect::<Vec<_>>().join(", ")
        ),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

#[test]
fn every_key_is_documented_with_its_default_and_variable() {
    let rows = documented();
    let shipped = Figment::from(Toml::string(SHIPPED));
    let keys = every_key();
    assert!(keys.len() >= 14, "{keys:?}");
    for key in &keys {
        let Some((_, default, variable)) = rows.iter().find(|(name, _, _)| name == key) else {
            panic!("docs/configuration.md has no row for `{key}`");
        };
        if key.starts_with("pipelines") {
            assert!(variable.contains("DEALBOT_PIPELINES"), "{key}: {variable}");
            continue;
        }
        if key.contains("[]") || key == "users.NAME" {
            // Other arrays of tables ship empty and are set in the file only.
            assert!(variable.contains("file only"), "{key}: {variable}");
            continue;
        }
        let expected_variable = format!("{ENV_PREFIX}{}", key.replacen('.', "_", 1)).to_uppercase();
        assert!(
            variable.starts_with(&format!("`{expected_variable}`")),
            "{key}: the variable is {expected_variable}, the page says {variable}"
        );
        let value = shipped
            .find_value(key)
            .unwrap_or_else(|_| panic!("config/dealbot.toml does not set `{key}`"));
        let shown = format!("`{}`", as_toml(&value));
        assert_eq!(*default, shown, "the default of `{key}`");
    }
    for (name, _, _) in &rows {
        assert!(
            keys.contains(name),
            "docs/configuration.md documents `{name}`, which is no key"
        );
    }
}
