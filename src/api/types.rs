//! The API's objects, and how their JSON is decoded.
//!
//! Decoding follows the contract where it is firm and tolerates what it
//! leaves open: the shape of `last_logged_at`, how the last page says it
//! is the last, and unknown extra keys (ignored). Optional keys may be
//! absent; only those the contract leaves open (`paging` and its parts,
//! `locale`, `id` of a delete reply) may also be `null`.

use crate::decimal::Decimal;
use crate::json::{self, FromJson, ObjectWriter, Value};
use crate::time::parse_iso8601_ms;

/// One page of a list endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The objects on this page, oldest first.
    pub items: Vec<T>,
    /// The cursor to pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

impl<T: FromJson> Page<T> {
    /// Decodes a list response `{"data": [...], "paging": {"next": {"after": "…"}}}`.
    ///
    /// A missing or null `paging`, `paging.next` or `paging.next.after`, and
    /// an empty cursor, all mean "no more pages".
    pub(crate) fn from_json(body: &str) -> Result<Page<T>, json::Error> {
        let value = json::parse(body)?;
        let list = value.object("list")?;
        let items = list.require("data")?.list("data")?;
        let mut next = None;
        if let Some(paging) = list.get_non_null("paging")? {
            if let Some(cursor) = paging.object("paging")?.get_non_null("next")? {
                next = cursor.object("next")?.optional_string("after")?;
            }
        }
        Ok(Page {
            items,
            next: next.filter(|after| !after.is_empty()),
        })
    }
}

/// A user of the partner portal.
#[derive(Clone, Debug, PartialEq)]
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
    pub last_login: LastLogin,
    /// The locale for time and number formatting, when the API sends it.
    pub locale: Option<String>,
    /// The IDs of the user's roles, when the API sends them.
    pub roles: Vec<String>,
    /// The user's attribute values, when the API sends them.
    pub attributes: Vec<AttributeValue>,
}

impl FromJson for User {
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<User, json::Error> {
        let user = value.object(field)?;
        Ok(User {
            id: user.string("id")?,
            first_name: user.string("first_name")?,
            last_name: user.string("last_name")?,
            email: user.string("email")?,
            last_login: user
                .get("last_logged_at")?
                .map_or(LastLogin::Never, LastLogin::from_json),
            locale: user.optional_string("locale")?,
            roles: user.list_or_empty("roles")?,
            attributes: user.list_or_empty("attributes")?,
        })
    }
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

    /// Reads `last_logged_at` from any JSON value.
    ///
    /// An ISO 8601 string is parsed (a date-time without an offset, or a bare
    /// date, is read as UTC); a number is epoch seconds, or milliseconds when
    /// above 10¹¹.
    /// `null`, zero or negative numbers, and anything unreadable (a string
    /// that is not ISO 8601, a boolean, an object) are `Never`: one odd login
    /// time must not make a whole page of users fail to load, and "never" is
    /// what the screens show for "unknown" too.
    pub fn from_json(value: &Value<'_>) -> LastLogin {
        let ms = match value {
            Value::String(text) => parse_iso8601_ms(text),
            Value::Number(number) => Decimal::parse(number).map(|number| {
                let n = number.to_f64();
                if n > Self::MILLIS_THRESHOLD {
                    n
                } else {
                    n * 1000.0
                }
            }),
            _ => None,
        };
        match ms {
            Some(ms) if ms.is_finite() && ms > 0.0 => LastLogin::At(ms),
            _ => LastLogin::Never,
        }
    }
}

/// A user attribute's value on a user, or in a [`NewUser`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeValue {
    /// The user attribute's ID (from `/v1/user-attributes`).
    pub id: String,
    /// The value, as text.
    pub value: String,
}

impl FromJson for AttributeValue {
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<AttributeValue, json::Error> {
        let attribute = value.object(field)?;
        Ok(AttributeValue {
            id: attribute.string("id")?,
            value: attribute.string("value")?,
        })
    }
}

/// The body of a create-user request.
///
/// Optional fields left empty are not sent, so the API applies its own
/// defaults (for example `locale` = `en_US`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewUser {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Email address (required).
    pub email: String,
    /// A password for the first connection.
    pub password: Option<String>,
    /// The IDs of the roles to grant; always sent, as the API requires it.
    pub roles: Vec<String>,
    /// The locale for time and number formatting.
    pub locale: Option<String>,
    /// User attribute values.
    pub attributes: Vec<AttributeValue>,
}

impl NewUser {
    /// The request body, keys in the contract's order, with `password`,
    /// `locale` and `attributes` left out when empty.
    pub fn to_json(&self) -> String {
        let mut body = ObjectWriter::default()
            .string("first_name", &self.first_name)
            .string("last_name", &self.last_name)
            .string("email", &self.email);
        if let Some(password) = &self.password {
            body = body.string("password", password);
        }
        body = body.strings("roles", self.roles.iter().map(String::as_str));
        if let Some(locale) = &self.locale {
            body = body.string("locale", locale);
        }
        if !self.attributes.is_empty() {
            body = body.objects(
                "attributes",
                self.attributes.iter().map(|attribute| {
                    ObjectWriter::default()
                        .string("id", &attribute.id)
                        .string("value", &attribute.value)
                }),
            );
        }
        body.finish()
    }
}

/// A role that can be granted to portal users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// The role's unique ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether the role is built in rather than made by an administrator.
    pub is_system: bool,
}

impl FromJson for Role {
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<Role, json::Error> {
        let role = value.object(field)?;
        Ok(Role {
            id: role.string("id")?,
            name: role.string("name")?,
            is_system: role.bool_or_false("is_system")?,
        })
    }
}

/// A user attribute definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserAttribute {
    /// The attribute's unique ID.
    pub id: String,
    /// Machine name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// The type of its values (`type`).
    pub kind: AttributeType,
    /// Whether a user may hold several values.
    pub allow_multiple_values: bool,
}

impl FromJson for UserAttribute {
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<UserAttribute, json::Error> {
        let attribute = value.object(field)?;
        Ok(UserAttribute {
            id: attribute.string("id")?,
            name: attribute.string("name")?,
            label: attribute.string("label")?,
            kind: match attribute.get("type")? {
                Some(kind) => AttributeType::from(kind.str("type")?.to_owned()),
                None => AttributeType::default(),
            },
            allow_multiple_values: attribute.bool_or_false("allow_multiple_values")?,
        })
    }
}

/// The type of a user attribute's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

impl Deleted {
    /// Decodes `{"id": "…", "isDeleted": true}`. `Ok(None)` means the API
    /// answered `isDeleted: false`. A missing `id` falls back to `requested_id`.
    pub(crate) fn from_json(
        body: &str,
        requested_id: &str,
    ) -> Result<Option<Deleted>, json::Error> {
        let value = json::parse(body)?;
        let reply = value.object("delete reply")?;
        let id = reply.optional_string("id")?;
        Ok(reply
            .require("isDeleted")?
            .bool("isDeleted")?
            .then(|| Deleted {
                id: id.unwrap_or_else(|| requested_id.to_owned()),
                already: false,
            }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Result<User, json::Error> {
        json::decode(text, "user")
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
            let value = json::parse(text).unwrap();
            assert_eq!(LastLogin::from_json(&value), LastLogin::Never, "{text}");
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

    fn next(body: &str) -> Option<String> {
        Page::<Role>::from_json(body).unwrap().next
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
        let page = Page::<Role>::from_json(
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
        assert!(Page::<Role>::from_json(r#"{"paging":{}}"#).is_err());
        assert!(Page::<Role>::from_json(r#"{"data":null}"#).is_err());
        assert!(Page::<Role>::from_json(r#"{"data":[],"paging":"x"}"#).is_err());
        assert!(Page::<Role>::from_json(r#"{"data":[],"paging":{"next":{"after":5}}}"#).is_err());
        assert!(
            Page::<Role>::from_json(r#"{"data":[{"id":"r","name":"n","is_system":null}]}"#)
                .is_err()
        );
        assert_eq!(
            Page::<Role>::from_json("<html>").unwrap_err().to_string(),
            "expected value at line 1 column 1"
        );
    }

    #[test]
    fn attribute_types() {
        let attribute: UserAttribute = json::decode(
            r#"{"id":"ua_1","name":"team","label":"Team","type":"BOOLEAN","allow_multiple_values":true}"#,
            "attribute",
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
        let bare: UserAttribute =
            json::decode(r#"{"id":"u","name":"n","label":"l"}"#, "attribute").unwrap();
        assert_eq!(
            (bare.kind, bare.allow_multiple_values),
            (AttributeType::Unknown, false)
        );
        assert!(json::decode::<UserAttribute>(
            r#"{"id":"u","name":"n","label":"l","type":null}"#,
            "attribute"
        )
        .is_err());
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

    #[test]
    fn deleted_reply() {
        assert_eq!(
            Deleted::from_json(r#"{"id":"us_1","isDeleted":true}"#, "x").unwrap(),
            Some(Deleted {
                id: "us_1".into(),
                already: false
            })
        );
        assert_eq!(
            Deleted::from_json(r#"{"isDeleted":true}"#, "us_2").unwrap(),
            Some(Deleted {
                id: "us_2".into(),
                already: false
            })
        );
        assert_eq!(
            Deleted::from_json(r#"{"id":"us_1","isDeleted":false}"#, "x").unwrap(),
            None
        );
        assert_eq!(
            Deleted::from_json(r#"{"id":null,"isDeleted":true}"#, "us_3").unwrap(),
            Some(Deleted {
                id: "us_3".into(),
                already: false
            })
        );
        assert!(Deleted::from_json(r#"{"id":"us_1"}"#, "x").is_err());
        assert!(Deleted::from_json(r#"{"id":"us_1","isDeleted":"true"}"#, "x").is_err());
        assert!(Deleted::from_json("", "x").is_err());
    }
}
