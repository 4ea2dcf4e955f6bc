//! The **New user** form without the browser: what the administrator typed,
//! what is wrong with it, and the `NewUser` it becomes.
//!
//! Pure, so it is tested natively. The two things only a browser knows come
//! in as parameters: the random bytes of a generated password, and how a
//! `datetime-local` value (local time) maps to epoch milliseconds.

use std::collections::BTreeMap;

use crate::api::model::{AttributeType, AttributeValue, NewUser, UserAttribute};
use crate::text::decimal::Decimal;
use crate::text::time::format_iso8601_utc;

/// The locale selected when the form opens; also the API's own default.
pub const DEFAULT_LOCALE: &str = "en_US";

/// A locale offered in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    /// The code sent to the API, such as `en_US`.
    pub code: &'static str,
    /// The name shown, such as "English (United States)".
    pub name: &'static str,
}

impl Locale {
    /// The text of the locale's option: its name, then its code.
    pub fn option_text(self) -> String {
        format!("{} · {}", self.name, self.code)
    }
}

/// The locales offered.
pub const LOCALES: &[Locale] = &[
    Locale {
        code: "en_US",
        name: "English (United States)",
    },
    Locale {
        code: "en_GB",
        name: "English (United Kingdom)",
    },
    Locale {
        code: "fr_FR",
        name: "French (France)",
    },
    Locale {
        code: "de_DE",
        name: "German (Germany)",
    },
    Locale {
        code: "es_ES",
        name: "Spanish (Spain)",
    },
    Locale {
        code: "it_IT",
        name: "Italian (Italy)",
    },
    Locale {
        code: "pt_BR",
        name: "Portuguese (Brazil)",
    },
    Locale {
        code: "nl_NL",
        name: "Dutch (Netherlands)",
    },
    Locale {
        code: "ja_JP",
        name: "Japanese (Japan)",
    },
    Locale {
        code: "zh_CN",
        name: "Chinese (China)",
    },
];

/// What a checked BOOLEAN attribute sends; an unchecked one sends nothing.
pub const CHECKED: &str = "true";

/// A field of the form, in the order the form shows them, so the first
/// invalid field is the smallest one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// **First name**.
    FirstName,
    /// **Last name**.
    LastName,
    /// **Email**.
    Email,
    /// **Password**.
    Password,
    /// The **Roles** group.
    Roles,
    /// **Locale**.
    Locale,
    /// One value of a user attribute: `index` in the attribute definitions,
    /// `value` among that attribute's values.
    Attribute {
        /// The attribute's position in the definitions.
        index: usize,
        /// The value's position among the attribute's values.
        value: usize,
    },
}

impl Field {
    /// The element ID of the field's control (for **Roles**, its fieldset).
    pub fn id(self) -> String {
        match self {
            Field::FirstName => "new-user-first-name".to_owned(),
            Field::LastName => "new-user-last-name".to_owned(),
            Field::Email => "new-user-email".to_owned(),
            Field::Password => "new-user-password".to_owned(),
            Field::Roles => "new-user-roles".to_owned(),
            Field::Locale => "new-user-locale".to_owned(),
            Field::Attribute { index, value } => format!("new-user-attribute-{index}-{value}"),
        }
    }

    /// The element ID of the message under the field.
    pub fn error_id(self) -> String {
        format!("{}-error", self.id())
    }

    /// The element ID to focus to take the administrator to the field: the
    /// first role's checkbox for **Roles**, the control itself otherwise.
    pub fn focus_id(self) -> String {
        match self {
            Field::Roles => "new-user-role-0".to_owned(),
            _ => self.id(),
        }
    }
}

/// What is wrong with a field; `Display` is the message shown under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// **First name** is empty.
    #[error("Enter a first name.")]
    NoFirstName,
    /// **Last name** is empty.
    #[error("Enter a last name.")]
    NoLastName,
    /// **Email** is empty.
    #[error("Enter an email address.")]
    NoEmail,
    /// **Email** is not shaped like an address.
    #[error("Enter an email address like name@example.com.")]
    NotAnEmail,
    /// No role is checked.
    #[error("Choose at least one role.")]
    NoRole,
    /// A NUMBER attribute's value does not parse.
    #[error("Enter a number, like 12 or 3.5.")]
    NotANumber,
    /// A TIME attribute's value is not a whole date and time.
    #[error("Enter a complete date and time.")]
    IncompleteTime,
}

/// The problems of a form, by field, first field first.
pub type Problems = BTreeMap<Field, Problem>;

/// What the administrator has entered, exactly as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NewUserForm {
    /// **First name**.
    pub first_name: String,
    /// **Last name**.
    pub last_name: String,
    /// **Email**.
    pub email: String,
    /// **Password**; sent as typed (never trimmed), when not empty.
    pub password: String,
    /// The IDs of the checked roles, in the order they were checked.
    pub roles: Vec<String>,
    /// The selected locale code.
    pub locale: String,
    /// Attribute values by attribute ID: text as typed, a `datetime-local`
    /// value for TIME, [`CHECKED`] or empty for BOOLEAN.
    attributes: BTreeMap<String, Vec<String>>,
}

impl Default for NewUserForm {
    fn default() -> NewUserForm {
        NewUserForm {
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
            password: String::new(),
            roles: Vec::new(),
            locale: DEFAULT_LOCALE.to_owned(),
            attributes: BTreeMap::new(),
        }
    }
}

impl NewUserForm {
    /// Whether nothing has been entered: closing needs no confirmation.
    pub fn is_blank(&self) -> bool {
        [
            &self.first_name,
            &self.last_name,
            &self.email,
            &self.password,
        ]
        .iter()
        .all(|text| text.is_empty())
            && self.roles.is_empty()
            && self.locale == DEFAULT_LOCALE
            && self.attributes.values().flatten().all(String::is_empty)
    }

    /// The text of **First name**, **Last name**, **Email** or **Password**;
    /// empty for the other fields.
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::FirstName => &self.first_name,
            Field::LastName => &self.last_name,
            Field::Email => &self.email,
            Field::Password => &self.password,
            Field::Roles | Field::Locale | Field::Attribute { .. } => "",
        }
    }

    /// Sets the text of one of the four text fields; other fields are left alone.
    pub fn set_text(&mut self, field: Field, text: String) {
        let slot = match field {
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Email => &mut self.email,
            Field::Password => &mut self.password,
            Field::Roles | Field::Locale | Field::Attribute { .. } => return,
        };
        *slot = text;
    }

    /// Checks or unchecks the role with this ID.
    pub fn set_role(&mut self, id: &str, checked: bool) {
        self.roles.retain(|role| role != id);
        if checked {
            self.roles.push(id.to_owned());
        }
    }

    /// The values entered for an attribute; always at least one, empty at first.
    pub fn values(&self, attribute_id: &str) -> Vec<String> {
        match self.attributes.get(attribute_id) {
            Some(values) if !values.is_empty() => values.clone(),
            _ => vec![String::new()],
        }
    }

    /// Sets value number `index` of an attribute.
    pub fn set_value(&mut self, attribute_id: &str, index: usize, text: String) {
        let mut values = self.values(attribute_id);
        if let Some(slot) = values.get_mut(index) {
            *slot = text;
        }
        self.attributes.insert(attribute_id.to_owned(), values);
    }

    /// Adds an empty value to a multiple-value attribute.
    pub fn add_value(&mut self, attribute_id: &str) {
        let mut values = self.values(attribute_id);
        values.push(String::new());
        self.attributes.insert(attribute_id.to_owned(), values);
    }

    /// Removes value number `index`; removing the only value empties it.
    pub fn remove_value(&mut self, attribute_id: &str, index: usize) {
        let mut values = self.values(attribute_id);
        if index < values.len() {
            values.remove(index);
        }
        self.attributes.insert(attribute_id.to_owned(), values);
    }

    /// What is wrong with one field, if anything. `local_time_ms` reads a
    /// `datetime-local` value as epoch milliseconds.
    pub fn check(
        &self,
        field: Field,
        definitions: &[UserAttribute],
        local_time_ms: impl Fn(&str) -> Option<f64>,
    ) -> Option<Problem> {
        match field {
            Field::FirstName => self
                .first_name
                .trim()
                .is_empty()
                .then_some(Problem::NoFirstName),
            Field::LastName => self
                .last_name
                .trim()
                .is_empty()
                .then_some(Problem::NoLastName),
            Field::Email => match self.email.trim() {
                "" => Some(Problem::NoEmail),
                email if !looks_like_email(email) => Some(Problem::NotAnEmail),
                _ => None,
            },
            Field::Password | Field::Locale => None,
            Field::Roles => self.roles.is_empty().then_some(Problem::NoRole),
            Field::Attribute { index, value } => {
                let definition = definitions.get(index)?;
                let text = self.values(&definition.id).get(value)?.clone();
                attribute_value(definition.kind, &text, &local_time_ms).err()
            }
        }
    }

    /// Every problem of the form.
    pub fn problems(
        &self,
        definitions: &[UserAttribute],
        local_time_ms: impl Fn(&str) -> Option<f64>,
    ) -> Problems {
        let fixed = [
            Field::FirstName,
            Field::LastName,
            Field::Email,
            Field::Roles,
        ];
        let attributes = definitions
            .iter()
            .enumerate()
            .flat_map(|(index, definition)| {
                (0..self.values(&definition.id).len())
                    .map(move |value| Field::Attribute { index, value })
            });
        // Inserted one by one: collecting into a BTreeMap sorts first, and
        // the sort's code (about 3.5 KB of wasm) is needed nowhere else.
        let mut problems = Problems::new();
        for field in fixed.into_iter().chain(attributes) {
            if let Some(problem) = self.check(field, definitions, &local_time_ms) {
                problems.insert(field, problem);
            }
        }
        problems
    }

    /// The request body: texts trimmed (the password excepted), empty
    /// attribute values left out, numbers normalised, times in UTC; or the
    /// problems that stand in the way.
    pub fn to_new_user(
        &self,
        definitions: &[UserAttribute],
        local_time_ms: impl Fn(&str) -> Option<f64>,
    ) -> Result<NewUser, Problems> {
        let problems = self.problems(definitions, &local_time_ms);
        if !problems.is_empty() {
            return Err(problems);
        }
        let attributes = definitions
            .iter()
            .flat_map(|definition| {
                let mut values = self.values(&definition.id);
                if !definition.allow_multiple_values {
                    values.truncate(1);
                }
                values.into_iter().filter_map(|text| {
                    let value = attribute_value(definition.kind, &text, &local_time_ms).ok()??;
                    Some(AttributeValue {
                        id: definition.id.clone(),
                        value,
                    })
                })
            })
            .collect();
        Ok(NewUser {
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            roles: self.roles.clone(),
            locale: Some(self.locale.clone()),
            attributes,
        })
    }
}

/// Forgets the messages of every value of attribute `index`: its values'
/// positions shift when one is added or removed, so an old message would
/// point at the wrong value.
pub fn forget_attribute_messages(problems: &mut Problems, index: usize) {
    problems.retain(|field, _| !matches!(field, Field::Attribute { index: i, .. } if *i == index));
}

/// The control that edits one value of a user attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueControl {
    /// A checkbox, for BOOLEAN: checked sends [`CHECKED`], unchecked sends nothing.
    Checkbox,
    /// An `<input>`: a `datetime-local` for TIME, text for the rest. NUMBER
    /// is text with a decimal keypad: a `type="number"` input empties itself
    /// on "12,5" or "twelve", so the administrator would never hear that it
    /// was not taken.
    Input {
        /// The input's `type`.
        input_type: &'static str,
        /// The input's `inputmode`, when it has one.
        inputmode: Option<&'static str>,
    },
}

impl ValueControl {
    /// The control for values of type `kind`.
    pub fn for_kind(kind: AttributeType) -> Self {
        let (input_type, inputmode) = match kind {
            AttributeType::Boolean => return ValueControl::Checkbox,
            AttributeType::Number => ("text", Some("decimal")),
            AttributeType::Time => ("datetime-local", None),
            AttributeType::String | AttributeType::Unknown => ("text", None),
        };
        ValueControl::Input {
            input_type,
            inputmode,
        }
    }
}

/// Where the dialog stands when the administrator asks to close it, with
/// **Cancel** or Escape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloseRequest {
    /// The dialog is asking "Discard changes?".
    pub asking_to_discard: bool,
    /// The user is being created.
    pub pending: bool,
    /// Nothing has been entered.
    pub blank: bool,
}

/// What a request to close the dialog leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseStep {
    /// Take back the question and return to the form.
    KeepEditing,
    /// Nothing: the user is being created.
    Ignore,
    /// Close the dialog: nothing would be lost.
    Close,
    /// Ask whether to discard what was entered.
    AskToDiscard,
}

impl CloseRequest {
    /// The step to take: a request while the question is asked keeps
    /// editing; otherwise a blank form closes, and a filled one asks first,
    /// unless the user is being created.
    pub fn step(self) -> CloseStep {
        if self.asking_to_discard {
            CloseStep::KeepEditing
        } else if self.pending {
            CloseStep::Ignore
        } else if self.blank {
            CloseStep::Close
        } else {
            CloseStep::AskToDiscard
        }
    }
}

/// The value to send for `text` in an attribute of type `kind`: `None` when
/// there is nothing to send.
fn attribute_value(
    kind: AttributeType,
    text: &str,
    local_time_ms: impl Fn(&str) -> Option<f64>,
) -> Result<Option<String>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        AttributeType::String | AttributeType::Unknown => Ok(Some(text.to_owned())),
        AttributeType::Boolean => Ok((text == CHECKED).then(|| CHECKED.to_owned())),
        // Sent in plain decimal, every typed digit kept: "012" and "1e3" become "12" and "1000".
        AttributeType::Number => Decimal::parse(text)
            .filter(Decimal::is_moderate)
            .map(|number| Some(number.to_string()))
            .ok_or(Problem::NotANumber),
        AttributeType::Time => local_time_ms(text)
            .filter(|ms| ms.is_finite())
            .map(|ms| Some(format_iso8601_utc(ms)))
            .ok_or(Problem::IncompleteTime),
    }
}

/// One `@`, something before it, a dotted domain after it, no whitespace:
/// the shape the API checks. Anything subtler is for the API to judge.
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

/// The length of a generated password.
pub const PASSWORD_LENGTH: usize = 20;

/// Characters of generated passwords: letters, digits and symbols, without
/// the look-alikes I, O, l, 0 and 1 (the password may be read aloud or copied
/// by hand).
const PASSWORD_ALPHABET: &[u8] =
    b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@^_";

/// A password of [`PASSWORD_LENGTH`] characters drawn from `random` bytes
/// (from `crypto.getRandomValues`), with at least one lowercase letter,
/// uppercase letter, digit and symbol; `None` when the bytes did not
/// suffice, and the caller draws again.
///
/// Bytes at or above the largest multiple of the alphabet's size are
/// skipped (rejection sampling), so every character is equally likely.
pub fn password_from_random(random: &[u8]) -> Option<String> {
    let size = PASSWORD_ALPHABET.len();
    let limit = 256 - 256 % size;
    let password: String = random
        .iter()
        .map(|&byte| usize::from(byte))
        .filter(|&byte| byte < limit)
        .map(|byte| char::from(PASSWORD_ALPHABET[byte % size]))
        .take(PASSWORD_LENGTH)
        .collect();
    let has = |class: fn(&char) -> bool| password.chars().any(|c| class(&c));
    let complete = password.len() == PASSWORD_LENGTH
        && has(char::is_ascii_lowercase)
        && has(char::is_ascii_uppercase)
        && has(char::is_ascii_digit)
        && has(char::is_ascii_punctuation);
    complete.then_some(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(id: &str, kind: &str, multiple: bool) -> UserAttribute {
        UserAttribute {
            id: id.to_owned(),
            name: id.to_owned(),
            label: id.to_owned(),
            kind: AttributeType::from(kind.to_owned()),
            allow_multiple_values: multiple,
        }
    }

    fn definitions() -> Vec<UserAttribute> {
        vec![
            attribute("department", "STRING", false),
            attribute("regions", "STRING", true),
            attribute("seats", "NUMBER", false),
            attribute("contractor", "BOOLEAN", false),
            attribute("contract_end", "TIME", false),
            attribute("legacy", "UNKNOWN", false),
        ]
    }

    /// Reads "2026-05-01T09:30" as if the browser were two hours east of UTC.
    fn local_time_ms(text: &str) -> Option<f64> {
        crate::text::time::parse_iso8601_ms(&format!("{text}+02:00"))
    }

    fn filled() -> NewUserForm {
        NewUserForm {
            first_name: "  Ada ".to_owned(),
            last_name: "Lovelace".to_owned(),
            email: " ada@example.com ".to_owned(),
            roles: vec!["ro_1".to_owned()],
            ..NewUserForm::default()
        }
    }

    #[test]
    fn a_blank_form_names_every_required_field_in_order() {
        let problems = NewUserForm::default().problems(&definitions(), local_time_ms);
        assert_eq!(
            problems.into_iter().collect::<Vec<_>>(),
            vec![
                (Field::FirstName, Problem::NoFirstName),
                (Field::LastName, Problem::NoLastName),
                (Field::Email, Problem::NoEmail),
                (Field::Roles, Problem::NoRole),
            ]
        );
    }

    #[test]
    fn spaces_alone_are_empty() {
        let form = NewUserForm {
            first_name: "   ".to_owned(),
            ..filled()
        };
        assert_eq!(
            form.check(Field::FirstName, &[], local_time_ms),
            Some(Problem::NoFirstName)
        );
    }

    #[test]
    fn email_shape() {
        for good in [
            "ada@example.com",
            "a.b+c@mail.example.co.uk",
            " ada@example.com ",
        ] {
            let form = NewUserForm {
                email: good.to_owned(),
                ..filled()
            };
            assert_eq!(form.check(Field::Email, &[], local_time_ms), None, "{good}");
        }
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "a da@example.com",
            "ada@.com",
            "ada@example.",
        ] {
            let form = NewUserForm {
                email: bad.to_owned(),
                ..filled()
            };
            assert_eq!(
                form.check(Field::Email, &[], local_time_ms),
                Some(Problem::NotAnEmail),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_first_invalid_field_follows_the_form_order() {
        let mut form = NewUserForm {
            email: "nope".to_owned(),
            roles: Vec::new(),
            ..filled()
        };
        form.set_value("seats", 0, "twelve".to_owned());
        let problems = form.problems(&definitions(), local_time_ms);
        assert_eq!(problems.keys().next(), Some(&Field::Email));
        assert_eq!(
            problems.get(&Field::Attribute { index: 2, value: 0 }),
            Some(&Problem::NotANumber)
        );
        assert!(Field::Roles < Field::Attribute { index: 0, value: 0 });
        assert!(Field::Attribute { index: 1, value: 3 } < Field::Attribute { index: 2, value: 0 });
    }

    #[test]
    fn builds_a_trimmed_new_user_with_every_attribute_type() {
        let mut form = filled();
        form.password = " secret ".to_owned();
        form.locale = "fr_FR".to_owned();
        form.set_role("ro_2", true);
        form.set_value("department", 0, " Sales ".to_owned());
        form.set_value("regions", 0, "EMEA".to_owned());
        form.add_value("regions");
        form.add_value("regions");
        form.set_value("regions", 2, " APAC".to_owned());
        form.set_value("seats", 0, " 012.50 ".to_owned());
        form.set_value("contractor", 0, CHECKED.to_owned());
        form.set_value("contract_end", 0, "2026-05-01T11:30".to_owned());
        let user = form.to_new_user(&definitions(), local_time_ms).unwrap();
        assert_eq!(user.first_name, "Ada");
        assert_eq!(user.email, "ada@example.com");
        assert_eq!(
            user.password.as_deref(),
            Some(" secret "),
            "a password is sent as typed"
        );
        assert_eq!(user.roles, vec!["ro_1", "ro_2"]);
        assert_eq!(user.locale.as_deref(), Some("fr_FR"));
        let values: Vec<(&str, &str)> = user
            .attributes
            .iter()
            .map(|a| (a.id.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            values,
            vec![
                ("department", "Sales"),
                ("regions", "EMEA"),
                ("regions", "APAC"),
                ("seats", "12.5"),
                ("contractor", "true"),
                ("contract_end", "2026-05-01T09:30:00Z"),
            ]
        );
    }

    #[test]
    fn empty_attributes_and_unchecked_booleans_are_not_sent() {
        let mut form = filled();
        form.set_value("department", 0, "   ".to_owned());
        form.set_value("contractor", 0, String::new());
        form.add_value("regions");
        let user = form.to_new_user(&definitions(), local_time_ms).unwrap();
        assert!(user.attributes.is_empty());
        assert_eq!(user.password, None);
        let json = user.to_json();
        assert!(
            !json.contains("attributes") && !json.contains("password"),
            "{json}"
        );
    }

    #[test]
    fn numbers_are_normalised_or_refused() {
        for (typed, sent) in [
            ("12", "12"),
            ("-3.25", "-3.25"),
            ("1e3", "1000"),
            ("-0", "0"),
            ("+7", "7"),
            ("12345678901234567890", "12345678901234567890"),
        ] {
            let mut form = filled();
            form.set_value("seats", 0, typed.to_owned());
            let user = form.to_new_user(&definitions(), local_time_ms).unwrap();
            assert_eq!(user.attributes[0].value, sent, "{typed}");
        }
        for typed in ["twelve", "1,5", "NaN", "inf", "1e999"] {
            let mut form = filled();
            form.set_value("seats", 0, typed.to_owned());
            let problems = form.to_new_user(&definitions(), local_time_ms).unwrap_err();
            assert_eq!(
                problems.values().collect::<Vec<_>>(),
                vec![&Problem::NotANumber],
                "{typed}"
            );
        }
    }

    #[test]
    fn an_unreadable_time_is_a_problem() {
        let mut form = filled();
        form.set_value("contract_end", 0, "2026-05".to_owned());
        assert_eq!(
            form.check(
                Field::Attribute { index: 4, value: 0 },
                &definitions(),
                local_time_ms
            ),
            Some(Problem::IncompleteTime)
        );
    }

    #[test]
    fn a_single_value_attribute_sends_one_value() {
        let mut form = filled();
        form.set_value("department", 0, "Sales".to_owned());
        form.add_value("department");
        form.set_value("department", 1, "Finance".to_owned());
        let user = form.to_new_user(&definitions(), local_time_ms).unwrap();
        assert_eq!(user.attributes.len(), 1);
    }

    #[test]
    fn text_fields_by_field() {
        let mut form = NewUserForm::default();
        for (field, text) in [
            (Field::FirstName, "Ada"),
            (Field::LastName, "L"),
            (Field::Email, "e"),
            (Field::Password, "p"),
        ] {
            form.set_text(field, text.to_owned());
            assert_eq!(form.text(field), text);
        }
        form.set_text(Field::Locale, "x".to_owned());
        assert_eq!(
            (form.text(Field::Locale), form.locale.as_str()),
            ("", DEFAULT_LOCALE)
        );
    }

    #[test]
    fn values_can_be_added_and_removed() {
        let mut form = NewUserForm::default();
        assert_eq!(form.values("regions"), vec![""]);
        form.set_value("regions", 0, "EMEA".to_owned());
        form.add_value("regions");
        form.set_value("regions", 1, "APAC".to_owned());
        form.remove_value("regions", 0);
        assert_eq!(form.values("regions"), vec!["APAC"]);
        form.remove_value("regions", 0);
        assert_eq!(form.values("regions"), vec![""], "the last value empties");
        form.remove_value("regions", 5);
        assert_eq!(form.values("regions"), vec![""]);
    }

    #[test]
    fn blank_until_something_is_entered() {
        let mut form = NewUserForm::default();
        assert!(form.is_blank());
        form.add_value("regions");
        assert!(
            form.is_blank(),
            "an empty extra value is still nothing entered"
        );
        form.locale = "de_DE".to_owned();
        assert!(!form.is_blank());
        form.locale = DEFAULT_LOCALE.to_owned();
        form.set_role("ro_1", true);
        assert!(!form.is_blank());
        form.set_role("ro_1", false);
        assert!(form.is_blank());
        form.email = " ".to_owned();
        assert!(!form.is_blank(), "even a space was typed");
    }

    #[test]
    fn field_ids_are_unique() {
        let fields = [
            Field::FirstName,
            Field::LastName,
            Field::Email,
            Field::Password,
            Field::Roles,
            Field::Locale,
            Field::Attribute { index: 0, value: 0 },
            Field::Attribute { index: 0, value: 1 },
            Field::Attribute { index: 1, value: 0 },
        ];
        let ids: std::collections::HashSet<String> = fields.iter().map(|f| f.id()).collect();
        assert_eq!(ids.len(), fields.len());
        assert_eq!(Field::Email.error_id(), "new-user-email-error");
    }

    #[test]
    fn locales_cover_the_common_ones_once() {
        for code in [
            "en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "it_IT", "pt_BR", "nl_NL", "ja_JP",
            "zh_CN",
        ] {
            assert_eq!(
                LOCALES.iter().filter(|l| l.code == code).count(),
                1,
                "{code}"
            );
        }
        assert_eq!(LOCALES[0].code, DEFAULT_LOCALE);
    }

    #[test]
    fn passwords_use_every_class_and_skip_biased_bytes() {
        let size = PASSWORD_ALPHABET.len();
        assert_eq!(size, 70);
        let limit = (256 - 256 % size) as u8;
        // Bytes at or above the limit are skipped, not folded onto the alphabet.
        let mut bytes = vec![limit, 255];
        bytes.extend((0..PASSWORD_LENGTH as u8).map(|i| i * 3));
        let password = password_from_random(&bytes).unwrap();
        assert_eq!(password.len(), PASSWORD_LENGTH);
        assert!(password.starts_with('A'), "{password}");
        assert!(password
            .chars()
            .all(|c| PASSWORD_ALPHABET.contains(&(c as u8))));

        // Too few usable bytes, or a class missing: draw again.
        assert_eq!(password_from_random(&[0; 10]), None);
        assert_eq!(password_from_random(&[limit; 64]), None);
        assert_eq!(password_from_random(&[0; 64]), None, "all 'A'");
    }

    #[test]
    fn locales_show_name_then_code() {
        assert_eq!(LOCALES[2].option_text(), "French (France) · fr_FR");
    }

    #[test]
    fn roles_are_reached_through_their_first_checkbox() {
        assert_eq!(Field::Roles.focus_id(), "new-user-role-0");
        assert_eq!(Field::Email.focus_id(), Field::Email.id());
        let value = Field::Attribute { index: 1, value: 2 };
        assert_eq!(value.focus_id(), "new-user-attribute-1-2");
    }

    #[test]
    fn forgetting_an_attribute_keeps_the_other_messages() {
        let mut problems = Problems::new();
        problems.insert(Field::Email, Problem::NotAnEmail);
        problems.insert(Field::Attribute { index: 1, value: 0 }, Problem::NotANumber);
        problems.insert(Field::Attribute { index: 1, value: 3 }, Problem::NotANumber);
        problems.insert(
            Field::Attribute { index: 2, value: 0 },
            Problem::IncompleteTime,
        );
        forget_attribute_messages(&mut problems, 1);
        let left: Vec<Field> = problems.keys().copied().collect();
        assert_eq!(
            left,
            [Field::Email, Field::Attribute { index: 2, value: 0 }]
        );
    }

    #[test]
    fn each_attribute_type_has_its_control() {
        let control = |kind: &str| ValueControl::for_kind(AttributeType::from(kind.to_owned()));
        assert_eq!(control("BOOLEAN"), ValueControl::Checkbox);
        let input = |input_type, inputmode| ValueControl::Input {
            input_type,
            inputmode,
        };
        assert_eq!(control("NUMBER"), input("text", Some("decimal")));
        assert_eq!(control("TIME"), input("datetime-local", None));
        assert_eq!(control("STRING"), input("text", None));
        assert_eq!(control("SOMETHING_NEW"), input("text", None));
    }

    #[test]
    fn closing_asks_only_when_something_would_be_lost() {
        let step = |asking_to_discard, pending, blank| {
            CloseRequest {
                asking_to_discard,
                pending,
                blank,
            }
            .step()
        };
        assert_eq!(step(false, false, true), CloseStep::Close);
        assert_eq!(step(false, false, false), CloseStep::AskToDiscard);
        assert_eq!(step(false, true, true), CloseStep::Ignore);
        assert_eq!(step(false, true, false), CloseStep::Ignore);
        // Escape while the question is asked takes it back, even mid-request.
        assert_eq!(step(true, false, false), CloseStep::KeepEditing);
        assert_eq!(step(true, true, false), CloseStep::KeepEditing);
    }
}
