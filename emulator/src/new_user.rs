//! Validating the body of a user creation (`NewUser`).

use serde_json::{Map, Value};

use crate::catalog::Catalog;
use crate::datetime::is_rfc3339;
use crate::errors::ApiError;
use crate::model::{AttributeKind, AttributeValue};

/// The locale of users created without one.
const DEFAULT_LOCALE: &str = "en_US";

/// A valid user to create: names trimmed, every role and attribute known.
#[derive(Debug)]
pub(crate) struct NewUser {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) locale: String,
    pub(crate) roles: Vec<String>,
    pub(crate) attributes: Vec<AttributeValue>,
}

/// What is wrong with a `NewUser` body.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum InvalidUser {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("{field} must be {expected}")]
    WrongType {
        field: String,
        expected: &'static str,
    },
    #[error("{0} must not be blank")]
    Blank(&'static str),
    #[error("email \"{0}\" is not a valid email address")]
    Email(String),
    #[error("roles must contain at least one role ID")]
    NoRoles,
    #[error("unknown role \"{0}\" in roles")]
    UnknownRole(String),
    #[error("unknown user attribute \"{0}\" in attributes")]
    UnknownAttribute(String),
    #[error("{field} {value} is not a valid {kind} value for user attribute \"{name}\"")]
    BadValue {
        field: String,
        value: String,
        kind: &'static str,
        name: String,
    },
    #[error("user attribute \"{0}\" does not allow multiple values")]
    NotMultiple(String),
}

impl From<InvalidUser> for ApiError {
    fn from(err: InvalidUser) -> ApiError {
        ApiError::bad_request(err.to_string())
    }
}

/// Validates `body` (a JSON object) against the roles and attributes of `catalog`.
pub(crate) fn parse(body: &Map<String, Value>, catalog: &Catalog) -> Result<NewUser, InvalidUser> {
    let first_name = required_text(body, "first_name")?;
    let last_name = required_text(body, "last_name")?;
    let email = required_text(body, "email")?;
    if !looks_like_email(&email) {
        return Err(InvalidUser::Email(email));
    }
    let locale = match body.get("locale") {
        None | Some(Value::Null) => DEFAULT_LOCALE.to_string(),
        Some(Value::String(text)) if text.trim().is_empty() => {
            return Err(InvalidUser::Blank("locale"))
        }
        Some(Value::String(text)) => text.trim().to_string(),
        Some(_) => return Err(wrong_type("locale", "a string")),
    };
    // The password is only checked: nothing in the emulator reads it, and
    // not keeping it guarantees no response can ever leak it.
    match body.get("password") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(_) => return Err(wrong_type("password", "a string")),
    }
    Ok(NewUser {
        first_name,
        last_name,
        email,
        locale,
        roles: roles(body, catalog)?,
        attributes: attributes(body, catalog)?,
    })
}

fn required_text(body: &Map<String, Value>, field: &'static str) -> Result<String, InvalidUser> {
    match body.get(field) {
        None | Some(Value::Null) => Err(InvalidUser::Missing(field)),
        Some(Value::String(text)) if text.trim().is_empty() => Err(InvalidUser::Blank(field)),
        Some(Value::String(text)) => Ok(text.trim().to_string()),
        Some(_) => Err(wrong_type(field, "a string")),
    }
}

fn wrong_type(field: impl Into<String>, expected: &'static str) -> InvalidUser {
    InvalidUser::WrongType {
        field: field.into(),
        expected,
    }
}

/// One `@`, a non-empty local part, a dotted domain, no whitespace.
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
}

fn roles(body: &Map<String, Value>, catalog: &Catalog) -> Result<Vec<String>, InvalidUser> {
    let items = match body.get("roles") {
        None | Some(Value::Null) => return Err(InvalidUser::Missing("roles")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(wrong_type("roles", "an array of role IDs")),
    };
    if items.is_empty() {
        return Err(InvalidUser::NoRoles);
    }
    let mut roles: Vec<String> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Value::String(id) = item else {
            return Err(wrong_type(
                format!("roles[{index}]"),
                "a string (a role ID)",
            ));
        };
        if catalog.role(id).is_none() {
            return Err(InvalidUser::UnknownRole(id.clone()));
        }
        if !roles.contains(id) {
            roles.push(id.clone());
        }
    }
    Ok(roles)
}

fn attributes(
    body: &Map<String, Value>,
    catalog: &Catalog,
) -> Result<Vec<AttributeValue>, InvalidUser> {
    let items = match body.get("attributes") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(wrong_type(
                "attributes",
                "an array of {\"id\", \"value\"} objects",
            ))
        }
    };
    let mut values: Vec<AttributeValue> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let field = format!("attributes[{index}]");
        let Value::Object(entry) = item else {
            return Err(wrong_type(field, "an object with \"id\" and \"value\""));
        };
        let Some(Value::String(id)) = entry.get("id") else {
            return Err(wrong_type(
                format!("{field}.id"),
                "a string (a user attribute ID)",
            ));
        };
        let attribute = catalog
            .attribute(id)
            .ok_or_else(|| InvalidUser::UnknownAttribute(id.clone()))?;
        let raw = entry.get("value").unwrap_or(&Value::Null);
        let value = attribute_value(attribute.kind, raw).ok_or_else(|| InvalidUser::BadValue {
            field: format!("{field}.value"),
            value: raw.to_string(),
            kind: attribute.kind.as_str(),
            name: attribute.name.clone(),
        })?;
        if !attribute.allow_multiple_values && values.iter().any(|held| held.id == *id) {
            return Err(InvalidUser::NotMultiple(attribute.name.clone()));
        }
        values.push(AttributeValue {
            id: id.clone(),
            value,
        });
    }
    Ok(values)
}

/// The value as the API stores it (a string), if it is valid for `kind`.
/// Values are JSON strings per the contract; numbers and booleans are
/// accepted where they are the natural type.
fn attribute_value(kind: AttributeKind, value: &Value) -> Option<String> {
    match (kind, value) {
        (AttributeKind::Number, Value::Number(number)) => Some(number.to_string()),
        (AttributeKind::Number, Value::String(text)) => text
            .parse::<f64>()
            .is_ok_and(f64::is_finite)
            .then(|| text.clone()),
        (AttributeKind::Boolean, Value::Bool(flag)) => Some(flag.to_string()),
        (AttributeKind::Boolean, Value::String(text)) => {
            matches!(text.as_str(), "true" | "false").then(|| text.clone())
        }
        (AttributeKind::Time, Value::String(text)) => is_rfc3339(text).then(|| text.clone()),
        (AttributeKind::String | AttributeKind::Unknown, Value::String(text)) => Some(text.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails() {
        for good in [
            "a@b.co",
            "first.last+tag@example.co.uk",
            "o'brien@example.ie",
        ] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "", "a", "@b.co", "a@b", "a@@b.co", "a@b@c.co", "a b@c.co", "a@.co", "a@co.",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn attribute_values_by_kind() {
        let ok = |kind, value: Value| attribute_value(kind, &value);
        assert_eq!(ok(AttributeKind::Number, json!(4.5)), Some("4.5".into()));
        assert_eq!(ok(AttributeKind::Number, json!("12")), Some("12".into()));
        assert_eq!(ok(AttributeKind::Number, json!("twelve")), None);
        assert_eq!(ok(AttributeKind::Number, json!("NaN")), None);
        assert_eq!(ok(AttributeKind::Boolean, json!(true)), Some("true".into()));
        assert_eq!(ok(AttributeKind::Boolean, json!("yes")), None);
        assert_eq!(
            ok(AttributeKind::Time, json!("2026-01-02T03:04:05Z")),
            Some("2026-01-02T03:04:05Z".into())
        );
        assert_eq!(ok(AttributeKind::Time, json!("2026-01-02")), None);
        assert_eq!(
            ok(AttributeKind::Unknown, json!("anything")),
            Some("anything".into())
        );
        assert_eq!(ok(AttributeKind::String, json!(3)), None);
    }
}
