//! The Partner Portal API's objects, as serde reads and writes them: pure
//! data, which the client (`crate::api`) sends and receives and the pure
//! modules (CSV, matching, the new-user form) read without the client.
//!
//! Decoding follows the contract where it is firm and tolerates what it
//! leaves open: the shape of `last_logged_at`, how the last page says it
//! is the last, and unknown extra keys (ignored). Optional keys may be
//! absent; only those the contract leaves open (`paging` and its parts,
//! `locale`, `id` of a delete reply) may also be `null`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::text::time::parse_iso8601_ms;

/// One page of a list endpoint:
/// `{"data": [...], "paging": {"next": {"after": "…"}}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Page<T> {
    /// The objects on this page, oldest first.
    #[serde(rename = "data")]
    pub items: Vec<T>,
    /// The cursor to pass as `after` for the next page; `None` on the last
    /// page. A missing or null `paging`, `paging.next` or
    /// `paging.next.after`, and an empty cursor, all mean "no more pages".
    #[serde(rename = "paging", default, deserialize_with = "next_cursor")]
    pub next: Option<String>,
}

/// `paging.next.after`, read from `paging`; `None` at the end of the list.
fn next_cursor<'de, D: Deserializer<'de>>(paging: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Paging {
        next: Option<Next>,
    }
    #[derive(Deserialize)]
    struct Next {
        after: Option<String>,
    }
    Ok(Option::<Paging>::deserialize(paging)?
        .and_then(|paging| paging.next)
        .and_then(|next| next.after)
        .filter(|after| !after.is_empty()))
}

/// A user of the partner portal.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct User {
    /// The user's unique ID.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// When the user last logged in (`last_logged_at`).
    #[serde(
        rename = "last_logged_at",
        default,
        deserialize_with = "LastLogin::lenient"
    )]
    pub last_login: LastLogin,
    /// The locale for time and number formatting, when the API sends it.
    pub locale: Option<String>,
    /// The IDs of the user's roles, when the API sends them.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The user's attribute values, when the API sends them.
    #[serde(default)]
    pub attributes: Vec<AttributeValue>,
}

impl User {
    /// First and last name joined by a space, leaving out an empty one.
    pub fn full_name(&self) -> String {
        [self.first_name.trim(), self.last_name.trim()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// When a user last logged in.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum LastLogin {
    /// Never, or the API does not say.
    #[default]
    Never,
    /// At this time, in milliseconds since the Unix epoch (what `js_sys::Date` takes).
    At(f64),
}

impl LastLogin {
    /// Numbers above this are milliseconds: as seconds they would lie after
    /// the year 5000, as milliseconds they lie after March 1973.
    const MILLIS_THRESHOLD: f64 = 1e11;

    /// Reads `last_logged_at` from the JSON text of its value, whatever it is.
    ///
    /// An ISO 8601 string is parsed (a date-time without an offset, or a bare
    /// date, is read as UTC); a number is epoch seconds, or milliseconds when
    /// above 10¹¹.
    /// `null`, zero or negative numbers, and anything unreadable (a string
    /// that is not ISO 8601, a number too large for an `f64`, a boolean, an
    /// object) are `Never`: one odd login time must not make a whole page of
    /// users fail to load, and "never" is what the screens show for
    /// "unknown" too.
    fn from_json(text: &[u8]) -> LastLogin {
        let ms = match serde_json::from_slice::<String>(text) {
            Ok(iso) => parse_iso8601_ms(&iso),
            Err(_) => serde_json::from_slice::<f64>(text).ok().map(|n| {
                if n > Self::MILLIS_THRESHOLD {
                    n
                } else {
                    n * 1000.0
                }
            }),
        };
        match ms {
            Some(ms) if ms.is_finite() && ms > 0.0 => LastLogin::At(ms),
            _ => LastLogin::Never,
        }
    }

    /// `deserialize_with` for `last_logged_at`: takes the value's text as it
    /// is (serde_json's `RawValue`), so that no value, not even `1e999`,
    /// which serde_json refuses as a number, fails the user.
    fn lenient<'de, D: Deserializer<'de>>(value: D) -> Result<LastLogin, D::Error> {
        <&RawValue>::deserialize(value).map(|raw| LastLogin::from_json(raw.get().as_bytes()))
    }
}

/// A user attribute's value on a user, or in a [`NewUser`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    /// The user attribute's ID (from `/v1/user-attributes`).
    pub id: String,
    /// The value, as text.
    pub value: String,
}

/// The body of a create-user request.
///
/// Optional fields left empty are not sent, so the API applies its own
/// defaults (for example `locale` = `en_US`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NewUser {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Email address (required).
    pub email: String,
    /// A password for the first connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The IDs of the roles to grant; always sent, as the API requires it.
    pub roles: Vec<String>,
    /// The locale for time and number formatting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// User attribute values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeValue>,
}

impl NewUser {
    /// The request body, keys in the contract's order, with `password`,
    /// `locale` and `attributes` left out when empty.
    pub fn to_json(&self) -> String {
        // Strings and lists of them: serde_json cannot fail to write these.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A role that can be granted to portal users.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Role {
    /// The role's unique ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether the role is built in rather than made by an administrator.
    #[serde(default)]
    pub is_system: bool,
}

/// A user attribute definition.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UserAttribute {
    /// The attribute's unique ID.
    pub id: String,
    /// Machine name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// The type of its values (`type`).
    #[serde(rename = "type", default)]
    pub kind: AttributeType,
    /// Whether a user may hold several values.
    #[serde(default)]
    pub allow_multiple_values: bool,
}

/// The type of a user attribute's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum AttributeType {
    /// `STRING`.
    String,
    /// `BOOLEAN`.
    Boolean,
    /// `NUMBER`.
    Number,
    /// `TIME`.
    Time,
    /// `UNKNOWN`, or a type this console does not know yet.
    #[default]
    Unknown,
}

impl From<String> for AttributeType {
    fn from(name: String) -> AttributeType {
        match name.to_ascii_uppercase().as_str() {
            "STRING" => AttributeType::String,
            "BOOLEAN" => AttributeType::Boolean,
            "NUMBER" => AttributeType::Number,
            "TIME" => AttributeType::Time,
            _ => AttributeType::Unknown,
        }
    }
}

/// A successful delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    /// The deleted user's ID.
    pub id: String,
    /// `true` when a retried delete found the user gone: an earlier attempt,
    /// whose answer was lost, had already deleted it.
    pub already: bool,
}

/// The API's answer to a delete: `{"id": "…", "isDeleted": true}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct DeleteReply {
    /// The deleted user's ID; may be absent or `null`.
    id: Option<String>,
    /// Whether the user was deleted.
    #[serde(rename = "isDeleted")]
    is_deleted: bool,
}

impl DeleteReply {
    /// The delete this reply reports; `None` when the API answered
    /// `isDeleted: false`. A missing `id` falls back to `requested_id`.
    pub(crate) fn deleted(self, requested_id: &str) -> Option<Deleted> {
        self.is_deleted.then(|| Deleted {
            id: self.id.unwrap_or_else(|| requested_id.to_owned()),
            already: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::{decode, DecodeError};

    fn user(text: &str) -> Result<User, DecodeError> {
        decode(text.as_bytes())
    }

    const USER: &str =
        r#"{"id":"us_1","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com""#;

    fn login(rest: &str) -> LastLogin {
        user(&format!("{USER}{rest}}}")).unwrap().last_login
    }

    #[test]
    fn last_login_every_shape() {
        let at = LastLogin::At(1_709_647_629_000.0);
        assert_eq!(login(r#","last_logged_at":"2024-03-05T14:07:09Z""#), at);
        assert_eq!(
            login(r#","last_logged_at":"2024-03-05T15:07:09+01:00""#),
            at
        );
        assert_eq!(login(r#","last_logged_at":"2024-03-05T14:07:09.000Z""#), at);
        assert_eq!(
            login(r#","last_logged_at":"2024-03-05""#),
            LastLogin::At(1_709_596_800_000.0)
        );
        assert_eq!(login(r#","last_logged_at":1709647629"#), at);
        assert_eq!(login(r#","last_logged_at":1709647629000"#), at);
        assert_eq!(
            login(r#","last_logged_at":1709647629.5"#),
            LastLogin::At(1_709_647_629_500.0)
        );
        // The vendor's own example: one second after the epoch.
        assert_eq!(login(r#","last_logged_at":1"#), LastLogin::At(1000.0));
        assert_eq!(login(r#","last_logged_at":null"#), LastLogin::Never);
        assert_eq!(login(""), LastLogin::Never);
    }

    #[test]
    fn unreadable_last_login_is_never() {
        for text in [
            r#""yesterday""#,
            r#""""#,
            "true",
            "{}",
            "[]",
            "0",
            "-5",
            "1e999",
        ] {
            assert_eq!(
                login(&format!(r#","last_logged_at":{text}"#)),
                LastLogin::Never,
                "{text}"
            );
        }
    }

    #[test]
    fn user_extras_and_unknown_keys() {
        let plain = user(&format!(
            r#"{USER},"shoe_size":44,"extra":{{"a":[null]}}}}"#
        ))
        .unwrap();
        assert_eq!(plain.locale, None);
        assert!(plain.roles.is_empty() && plain.attributes.is_empty());
        assert_eq!(plain.full_name(), "Ada Lovelace");

        let rich = user(&format!(
            r#"{USER},"locale":"fr_FR","roles":["ro_1"],"attributes":[{{"id":"ua_1","value":"x"}}]}}"#
        ))
        .unwrap();
        assert_eq!(rich.locale.as_deref(), Some("fr_FR"));
        assert_eq!(rich.roles, ["ro_1"]);
        assert_eq!(
            rich.attributes,
            [AttributeValue {
                id: "ua_1".into(),
                value: "x".into()
            }]
        );
    }

    #[test]
    fn user_without_required_key_fails() {
        assert_eq!(
            user(r#"{"id":"us_1"}"#).unwrap_err().to_string(),
            "missing field `first_name`"
        );
    }

    #[test]
    fn user_optionals_absent_or_null() {
        let null_locale = user(&format!(r#"{USER},"locale":null}}"#)).unwrap();
        assert_eq!(null_locale.locale, None);
        for rest in [
            r#","roles":null"#,
            r#","roles":[1]"#,
            r#","attributes":[{"id":"ua_1"}]"#,
            r#","attributes":[{"id":"ua_1","value":3}]"#,
            r#","locale":5"#,
            r#","email":"a@b""#,
        ] {
            assert!(user(&format!("{USER}{rest}}}")).is_err(), "{rest}");
        }
        assert_eq!(
            user(r#"{"id":"us_1","first_name":null}"#)
                .unwrap_err()
                .to_string(),
            "invalid type for `first_name`: null, expected a string"
        );
    }

    #[test]
    fn full_name_skips_empty_parts() {
        let cher = user(r#"{"id":"u","first_name":" ","last_name":"Cher","email":"c@x"}"#).unwrap();
        assert_eq!(cher.full_name(), "Cher");
    }

    fn roles(body: &str) -> Result<Page<Role>, DecodeError> {
        decode(body.as_bytes())
    }

    fn next(body: &str) -> Option<String> {
        roles(body).unwrap().next
    }

    #[test]
    fn paging_every_end_of_list() {
        assert_eq!(next(r#"{"data":[]}"#), None);
        assert_eq!(next(r#"{"data":[],"paging":null}"#), None);
        assert_eq!(next(r#"{"data":[],"paging":{}}"#), None);
        assert_eq!(next(r#"{"data":[],"paging":{"next":null}}"#), None);
        assert_eq!(next(r#"{"data":[],"paging":{"next":{}}}"#), None);
        assert_eq!(
            next(r#"{"data":[],"paging":{"next":{"after":null}}}"#),
            None
        );
        assert_eq!(next(r#"{"data":[],"paging":{"next":{"after":""}}}"#), None);
        assert_eq!(
            next(r#"{"data":[],"paging":{"next":{"after":"MQit="}}}"#).as_deref(),
            Some("MQit=")
        );
    }

    #[test]
    fn page_items_and_bad_lists() {
        let page = roles(
            r#"{"data":[{"id":"ro_ZW9dbXgfX2L0Dg","name":"Admin Builder","is_system":true,"x":1},{"id":"r2","name":"Viewer"}]}"#,
        )
        .unwrap();
        assert_eq!(
            page.items,
            [
                Role {
                    id: "ro_ZW9dbXgfX2L0Dg".into(),
                    name: "Admin Builder".into(),
                    is_system: true
                },
                Role {
                    id: "r2".into(),
                    name: "Viewer".into(),
                    is_system: false
                },
            ]
        );
        assert!(roles(r#"{"paging":{}}"#).is_err());
        assert!(roles(r#"{"data":null}"#).is_err());
        assert!(roles(r#"{"data":[],"paging":"x"}"#).is_err());
        assert!(roles(r#"{"data":[],"paging":{"next":{"after":5}}}"#).is_err());
        assert!(roles(r#"{"data":[{"id":"r","name":"n","is_system":null}]}"#).is_err());
        assert_eq!(
            roles("<html>").unwrap_err().to_string(),
            "expected value at line 1 column 1"
        );
    }

    #[test]
    fn attribute_types() {
        let attribute: UserAttribute = decode(
            br#"{"id":"ua_1","name":"team","label":"Team","type":"BOOLEAN","allow_multiple_values":true}"#,
        )
        .unwrap();
        assert_eq!(attribute.kind, AttributeType::Boolean);
        assert!(attribute.allow_multiple_values);
        for (name, kind) in [
            ("STRING", AttributeType::String),
            ("number", AttributeType::Number),
            ("TIME", AttributeType::Time),
            ("UNKNOWN", AttributeType::Unknown),
            ("GEOPOINT", AttributeType::Unknown),
        ] {
            assert_eq!(AttributeType::from(name.to_owned()), kind);
        }
        let bare: UserAttribute = decode(br#"{"id":"u","name":"n","label":"l"}"#).unwrap();
        assert_eq!(
            (bare.kind, bare.allow_multiple_values),
            (AttributeType::Unknown, false)
        );
        assert!(
            decode::<UserAttribute>(br#"{"id":"u","name":"n","label":"l","type":null}"#).is_err()
        );
    }

    #[test]
    fn new_user_leaves_out_empty_optionals() {
        let minimal = NewUser {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.com".into(),
            ..NewUser::default()
        };
        assert_eq!(
            minimal.to_json(),
            r#"{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","roles":[]}"#
        );
        let full = NewUser {
            password: Some("pw".into()),
            roles: vec!["ro_1".into()],
            locale: Some("fr_FR".into()),
            attributes: vec![AttributeValue {
                id: "ua_1".into(),
                value: "v".into(),
            }],
            ..minimal
        };
        assert_eq!(
            full.to_json(),
            concat!(
                r#"{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","password":"pw","#,
                r#""roles":["ro_1"],"locale":"fr_FR","attributes":[{"id":"ua_1","value":"v"}]}"#
            )
        );
    }

    fn deleted(body: &str, requested_id: &str) -> Result<Option<Deleted>, DecodeError> {
        decode::<DeleteReply>(body.as_bytes()).map(|reply| reply.deleted(requested_id))
    }

    #[test]
    fn deleted_reply() {
        assert_eq!(
            deleted(r#"{"id":"us_1","isDeleted":true}"#, "x").unwrap(),
            Some(Deleted {
                id: "us_1".into(),
                already: false
            })
        );
        assert_eq!(
            deleted(r#"{"isDeleted":true}"#, "us_2").unwrap(),
            Some(Deleted {
                id: "us_2".into(),
                already: false
            })
        );
        assert_eq!(
            deleted(r#"{"id":"us_1","isDeleted":false}"#, "x").unwrap(),
            None
        );
        assert_eq!(
            deleted(r#"{"id":null,"isDeleted":true}"#, "us_3").unwrap(),
            Some(Deleted {
                id: "us_3".into(),
                already: false
            })
        );
        assert!(deleted(r#"{"id":"us_1"}"#, "x").is_err());
        assert!(deleted(r#"{"id":"us_1","isDeleted":"true"}"#, "x").is_err());
        assert!(deleted("", "x").is_err());
    }
}
