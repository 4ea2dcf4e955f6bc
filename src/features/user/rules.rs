//! A user's roles and attribute values as the user page names them: by
//! the roles' names and the attributes' labels from the catalogs, values
//! by their attribute's type. An ID a catalog does not know is shown as
//! itself, never dropped.

use crate::api::model::{AttributeType, AttributeValue, Role, UserAttribute};
use crate::text::time::parse_iso8601_ms;

/// One of a user's roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleName {
    /// The role's name, or its ID when the catalog does not know it.
    pub name: String,
    /// Whether it is a built-in role.
    pub is_system: bool,
}

/// The user's roles `ids`, named from `roles`, in the user's order.
pub fn role_names(ids: &[String], roles: &[Role]) -> Vec<RoleName> {
    ids.iter()
        .map(|id| match roles.iter().find(|role| &role.id == id) {
            Some(role) => RoleName {
                name: role.name.clone(),
                is_system: role.is_system,
            },
            None => RoleName {
                name: id.clone(),
                is_system: false,
            },
        })
        .collect()
}

/// An attribute value as shown.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueText {
    /// Text to show as it is: a string, a number as typed, Yes or No.
    Text(String),
    /// A time, in epoch milliseconds, to show as a local date and time.
    Time(f64),
}

/// One attribute of a user with its values.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedAttribute {
    /// The attribute's label, or its ID when the catalog does not know it.
    pub label: String,
    /// Its values, in the user's order.
    pub values: Vec<ValueText>,
}

/// The user's attribute `values` grouped by attribute, in the order they
/// first appear, labelled and formatted from `attributes`.
pub fn named_attributes(
    values: &[AttributeValue],
    attributes: &[UserAttribute],
) -> Vec<NamedAttribute> {
    let mut named: Vec<(&str, NamedAttribute)> = Vec::new();
    for value in values {
        let definition = attributes.iter().find(|a| a.id == value.id);
        let kind = definition.map_or(AttributeType::Unknown, |a| a.kind);
        let text = value_text(kind, &value.value);
        match named.iter_mut().find(|(id, _)| *id == value.id) {
            Some((_, attribute)) => attribute.values.push(text),
            None => named.push((
                &value.id,
                NamedAttribute {
                    label: definition.map_or_else(|| value.id.clone(), |a| a.label.clone()),
                    values: vec![text],
                },
            )),
        }
    }
    named.into_iter().map(|(_, attribute)| attribute).collect()
}

/// `value` formatted by its attribute's type: a BOOLEAN as Yes or No, a
/// TIME as a time (when it is ISO 8601), anything else as it is.
pub fn value_text(kind: AttributeType, value: &str) -> ValueText {
    match (kind, value.trim()) {
        (AttributeType::Boolean, "true" | "TRUE" | "True" | "1") => {
            ValueText::Text("Yes".to_owned())
        }
        (AttributeType::Boolean, "false" | "FALSE" | "False" | "0") => {
            ValueText::Text("No".to_owned())
        }
        (AttributeType::Time, text) => match parse_iso8601_ms(text) {
            Some(ms) => ValueText::Time(ms),
            None => ValueText::Text(value.to_owned()),
        },
        _ => ValueText::Text(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(id: &str, label: &str, kind: AttributeType) -> UserAttribute {
        UserAttribute {
            id: id.into(),
            name: label.to_lowercase(),
            label: label.into(),
            kind,
            allow_multiple_values: true,
        }
    }

    fn value(id: &str, value: &str) -> AttributeValue {
        AttributeValue {
            id: id.into(),
            value: value.into(),
        }
    }

    fn text(text: &str) -> ValueText {
        ValueText::Text(text.into())
    }

    #[test]
    fn roles_by_name_and_unknown_ids_kept() {
        let roles = [
            Role {
                id: "ro_1".into(),
                name: "Admin".into(),
                is_system: true,
            },
            Role {
                id: "ro_2".into(),
                name: "Viewer".into(),
                is_system: false,
            },
        ];
        assert_eq!(
            role_names(&["ro_2".into(), "ro_gone".into(), "ro_1".into()], &roles),
            [
                RoleName {
                    name: "Viewer".into(),
                    is_system: false
                },
                RoleName {
                    name: "ro_gone".into(),
                    is_system: false
                },
                RoleName {
                    name: "Admin".into(),
                    is_system: true
                },
            ]
        );
    }

    #[test]
    fn attributes_by_label_grouped_and_typed() {
        let catalog = [
            attribute("ua_t", "Team", AttributeType::String),
            attribute("ua_b", "Partner", AttributeType::Boolean),
            attribute("ua_n", "Seats", AttributeType::Number),
            attribute("ua_d", "Renewal", AttributeType::Time),
        ];
        let values = [
            value("ua_t", "blue"),
            value("ua_b", "true"),
            value("ua_x", "kept"),
            value("ua_n", "1.50"),
            value("ua_t", "red"),
            value("ua_d", "2026-05-01T09:30:00Z"),
        ];
        assert_eq!(
            named_attributes(&values, &catalog),
            [
                NamedAttribute {
                    label: "Team".into(),
                    values: vec![text("blue"), text("red")]
                },
                NamedAttribute {
                    label: "Partner".into(),
                    values: vec![text("Yes")]
                },
                NamedAttribute {
                    label: "ua_x".into(),
                    values: vec![text("kept")]
                },
                NamedAttribute {
                    label: "Seats".into(),
                    values: vec![text("1.50")]
                },
                NamedAttribute {
                    label: "Renewal".into(),
                    values: vec![ValueText::Time(1_777_627_800_000.0)]
                },
            ]
        );
    }

    #[test]
    fn values_by_type() {
        assert_eq!(value_text(AttributeType::Boolean, "false"), text("No"));
        assert_eq!(value_text(AttributeType::Boolean, "0"), text("No"));
        assert_eq!(value_text(AttributeType::Boolean, "maybe"), text("maybe"));
        assert_eq!(value_text(AttributeType::Time, "soon"), text("soon"));
        assert_eq!(value_text(AttributeType::Number, "1e3"), text("1e3"));
        assert_eq!(value_text(AttributeType::String, "true"), text("true"));
    }
}
