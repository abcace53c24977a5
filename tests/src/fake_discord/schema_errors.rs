//! JSON Schema errors as Discord reports them: each becomes a [`Problem`] at
//! the field it is about, with Discord's code and wording.
//!
//! The spec models most fields as unions (`oneOf: [{"type": "null"}, {"$ref":
//! ...}]`, or one schema per component `type`), and a failed union is reported
//! by the schema validator as "no branch matched" at the union. Discord instead
//! names the field inside the branch the body meant: the one whose type and
//! `type` discriminator fit. So the branch that fits best is chosen and its own
//! errors are reported, all the way down.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::{Location, LocationSegment};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use super::form_errors::{FormErrors, Problem};

/// The problems `errors` describe.
pub fn form_errors<'a>(errors: impl IntoIterator<Item = ValidationError<'a>>) -> FormErrors {
    let mut found = FormErrors::default();
    for error in errors {
        collect(&error, &mut found);
    }
    found
}

fn collect(error: &ValidationError<'_>, found: &mut FormErrors) {
    let at = path_of(error.instance_path());
    let at: Vec<&str> = at.iter().map(String::as_str).collect();
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            union_problems(error, context, &at, found);
        }
        kind => found.push(problem(kind, error.instance(), &at)),
    }
}

/// How badly a union's branch misses the value: the branch that misses least
/// is the one the body meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Miss {
    /// Only some field inside is wrong.
    Inside,
    /// It is for another `type` of thing (another component, say).
    OtherKind,
    /// It wants another JSON type; worse still when it wants only null.
    OtherType { only_null: bool },
}

fn miss(branch: &[ValidationError<'static>], at: &Location) -> Miss {
    let discriminator = at.join("type");
    let mut found = Miss::Inside;
    for error in branch {
        let here = error.instance_path() == at;
        let this = match error.kind() {
            ValidationErrorKind::Type { kind } if here => Miss::OtherType {
                only_null: matches!(kind, TypeKind::Single(JsonType::Null)),
            },
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. }
                if error.instance_path() == &discriminator =>
            {
                Miss::OtherKind
            }
            ValidationErrorKind::Required { property } if here && property == "type" => {
                Miss::OtherKind
            }
            _ => Miss::Inside,
        };
        found = found.max(this);
    }
    found
}

fn union_problems(
    error: &ValidationError<'_>,
    branches: &[Vec<ValidationError<'static>>],
    at: &[&str],
    found: &mut FormErrors,
) {
    let location = error.instance_path();
    if let Some(values) = only_choices(branches, location) {
        // A union of constants is Discord's enum: one list of what it may be.
        found.push(Problem::new(
            at,
            "BASE_TYPE_CHOICES",
            format!("Value must be one of ({}).", listed(values)),
        ));
        return;
    }
    // The branch that misses least, and of those the one with fewest errors.
    let Some(closest) = branches
        .iter()
        .min_by_key(|branch| (miss(branch, location), branch.len()))
    else {
        found.push(problem(error.kind(), error.instance(), at));
        return;
    };
    if miss(closest, location) != Miss::OtherKind {
        for inner in closest {
            collect(inner, found);
        }
        return;
    }
    // Every branch is for another `type` of thing: say which ones there are.
    let discriminator = location.join("type");
    let mut kinds = Vec::new();
    for inner in branches.iter().flatten() {
        if let ValidationErrorKind::Enum { options } = inner.kind() {
            if inner.instance_path() == &discriminator {
                kinds.extend(options.as_array().cloned().unwrap_or_default());
            }
        }
    }
    let mut path = at.to_vec();
    path.push("type");
    if error.instance()["type"].is_null() {
        found.push(Problem::required(&path));
    } else {
        found.push(Problem::new(
            &path,
            "UNION_TYPE_CHOICES",
            format!(
                "Value of field \"type\" must be one of ({}).",
                listed(kinds)
            ),
        ));
    }
}

fn path_of(location: &Location) -> Vec<String> {
    location
        .iter()
        .map(|segment| match segment {
            LocationSegment::Property(name) => name.to_string(),
            LocationSegment::Index(index) => index.to_string(),
        })
        .collect()
}

/// The allowed values when every branch is only a constant (or enum) the
/// value is not.
fn only_choices(branches: &[Vec<ValidationError<'static>>], at: &Location) -> Option<Vec<Value>> {
    let mut values = Vec::new();
    for branch in branches {
        if branch.is_empty() {
            return None;
        }
        for error in branch {
            match error.kind() {
                ValidationErrorKind::Constant { expected_value } if error.instance_path() == at => {
                    values.push(Value::clone(expected_value));
                }
                ValidationErrorKind::Enum { options } if error.instance_path() == at => {
                    values.extend(options.as_array().cloned().unwrap_or_default());
                }
                _ => return None,
            }
        }
    }
    Some(values)
}

/// Values as Discord lists them: in order, each once.
fn listed(mut values: Vec<Value>) -> String {
    values.sort_by(|a, b| match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        _ => a.to_string().cmp(&b.to_string()),
    });
    values.dedup();
    values
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Discord's code and message for one failed keyword at `at`.
fn problem(kind: &ValidationErrorKind, instance: &Value, at: &[&str]) -> Problem {
    match kind {
        ValidationErrorKind::Required { property } => {
            let mut path = at.to_vec();
            let name = shown(property);
            path.push(&name);
            Problem::required(&path)
        }
        ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MaxItems { limit } => {
            Problem::max_length(at, *limit)
        }
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MinItems { limit } => {
            Problem::min_length(at, *limit)
        }
        ValidationErrorKind::MaxProperties { limit } => Problem::max_length(at, *limit),
        ValidationErrorKind::MinProperties { limit } => Problem::min_length(at, *limit),
        ValidationErrorKind::Type { kind } => type_problem(kind, instance, at),
        ValidationErrorKind::Enum { options } => Problem::new(
            at,
            "BASE_TYPE_CHOICES",
            format!(
                "Value must be one of ({}).",
                listed(options.as_array().cloned().unwrap_or_default())
            ),
        ),
        ValidationErrorKind::Constant { expected_value } => Problem::new(
            at,
            "BASE_TYPE_CHOICES",
            format!("Value must be one of ({expected_value})."),
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => Problem::new(
            at,
            "NUMBER_TYPE_MAX",
            format!("int value should be less than or equal to {limit}."),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => Problem::new(
            at,
            "NUMBER_TYPE_MIN",
            format!("int value should be greater than or equal to {limit}."),
        ),
        ValidationErrorKind::Pattern { .. } => Problem::new(
            at,
            "STRING_TYPE_REGEX",
            format!(
                "String value did not match validation regex: {}",
                shown(instance)
            ),
        ),
        ValidationErrorKind::Format { format } if format == "uri" => {
            Problem::new(at, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
        }
        ValidationErrorKind::Format { format } if format == "date-time" => Problem::new(
            at,
            "DATE_TYPE_PARSE",
            format!("Could not parse {}. Should be ISO8601.", shown(instance)),
        ),
        ValidationErrorKind::UniqueItems => Problem::new(
            at,
            "SET_TYPE_ALREADY_CONTAINS_VALUE",
            "The set already contains this value",
        ),
        ValidationErrorKind::OneOfMultipleValid { .. } => Problem::new(
            at,
            "UNION_TYPE_CHOICES",
            "The value fits more than one kind of this field.",
        ),
        other => Problem::new(
            at,
            "BASE_TYPE_INVALID",
            format!("Invalid value ({} failed).", other.keyword()),
        ),
    }
}

/// A value of the wrong JSON type, worded by the type Discord wanted.
fn type_problem(kind: &TypeKind, instance: &Value, at: &[&str]) -> Problem {
    let wanted = match kind {
        TypeKind::Single(wanted) => *wanted,
        TypeKind::Multiple(set) => set
            .iter()
            .find(|wanted| *wanted != JsonType::Null)
            .unwrap_or(JsonType::Null),
    };
    let value = shown(instance);
    match wanted {
        JsonType::String => Problem::new(
            at,
            "STRING_TYPE_CONVERT",
            format!("Could not interpret \"{value}\" as string."),
        ),
        JsonType::Integer | JsonType::Number => Problem::new(
            at,
            "NUMBER_TYPE_COERCE",
            format!("Value \"{value}\" is not int."),
        ),
        JsonType::Boolean => {
            Problem::new(at, "BOOLEAN_TYPE_CONVERT", "Must be either true or false.")
        }
        JsonType::Array => Problem::new(
            at,
            "LIST_TYPE_CONVERT",
            "Only iterables may be used in a ListType",
        ),
        JsonType::Object => Problem::new(
            at,
            "MODEL_TYPE_CONVERT",
            "Only dictionaries may be used in a ModelType",
        ),
        JsonType::Null => Problem::new(at, "BASE_TYPE_INVALID", "Must be null."),
    }
}
