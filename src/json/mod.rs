//! A small JSON reader and writer for the few shapes the console exchanges:
//! the API's objects and the session kept in `sessionStorage`.
//!
//! serde and serde_json did this job for about 12 KB of brotli wasm,
//! most of it code monomorphised per type. Here one parser builds a
//! [`Value`] tree, and each type reads its fields from it by hand
//! ([`FromJson`]). Pure Rust, so it is tested natively.
//!
//! The reader takes standard JSON only (RFC 8259): no comments, no trailing
//! commas, no lone surrogates, at most [`parse::MAX_DEPTH`] levels deep.
//! Its messages name the place in the text or the field, and never quote a
//! value: they are shown on screen, and a value could be anything.

mod parse;
mod write;

use std::borrow::Cow;

pub use parse::parse;
pub use write::ObjectWriter;

/// A parsed JSON value, borrowing from the text where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (its syntax checked); read it with
    /// [`Decimal`](crate::decimal::Decimal).
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members, in the order written.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Why a text could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not JSON.
    #[error("{problem} at line {line} column {column}")]
    Syntax {
        /// What is wrong, e.g. "expected value".
        problem: &'static str,
        /// The line of the problem, from 1.
        line: usize,
        /// The character in that line, from 1.
        column: usize,
    },
    /// An object lacks a key the contract requires.
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// An object holds a key twice.
    #[error("duplicate field `{0}`")]
    Duplicate(&'static str),
    /// A value of another type than the contract says.
    #[error("invalid type for `{field}`: {found}, expected {expected}")]
    Type {
        /// The field, or what the whole text should be.
        field: &'static str,
        /// The type found, e.g. "null".
        found: &'static str,
        /// The type expected, e.g. "a string".
        expected: &'static str,
    },
}

/// A type read from a parsed JSON value.
pub trait FromJson: Sized {
    /// Reads `Self` from `value`, which stands for `field` in error messages.
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<Self, Error>;
}

/// Parses `text` and reads a `T` from it.
pub fn decode<T: FromJson>(text: &str, what: &'static str) -> Result<T, Error> {
    T::from_json(&parse(text)?, what)
}

impl<'a> Value<'a> {
    /// The type's name for messages.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    fn invalid(&self, field: &'static str, expected: &'static str) -> Error {
        Error::Type {
            field,
            found: self.kind(),
            expected,
        }
    }

    /// The string this value is, or a type error for `field`.
    pub fn str(&self, field: &'static str) -> Result<&str, Error> {
        match self {
            Value::String(text) => Ok(text),
            _ => Err(self.invalid(field, "a string")),
        }
    }

    /// The boolean this value is, or a type error for `field`.
    pub fn bool(&self, field: &'static str) -> Result<bool, Error> {
        match self {
            Value::Bool(flag) => Ok(*flag),
            _ => Err(self.invalid(field, "a boolean")),
        }
    }

    /// The items of the array this value is, each read as a `T`, or the
    /// first error.
    pub fn list<T: FromJson>(&self, field: &'static str) -> Result<Vec<T>, Error> {
        match self {
            Value::Array(items) => items.iter().map(|item| T::from_json(item, field)).collect(),
            _ => Err(self.invalid(field, "an array")),
        }
    }

    /// The object this value is, or a type error for `field`.
    pub fn object(&self, field: &'static str) -> Result<Object<'_, 'a>, Error> {
        match self {
            Value::Object(members) => Ok(Object(members)),
            _ => Err(self.invalid(field, "an object")),
        }
    }
}

impl FromJson for String {
    fn from_json(value: &Value<'_>, field: &'static str) -> Result<String, Error> {
        value.str(field).map(str::to_owned)
    }
}

/// The members of a JSON object, looked up by key.
#[derive(Clone, Copy, Debug)]
pub struct Object<'v, 'a>(&'v [(Cow<'a, str>, Value<'a>)]);

impl<'v, 'a> Object<'v, 'a> {
    /// The value under `key`; `None` when the key is absent. A key given
    /// twice is an error: which one was meant is unknowable.
    pub fn get(&self, key: &'static str) -> Result<Option<&'v Value<'a>>, Error> {
        let mut found = self.0.iter().filter(|(name, _)| name == key);
        match (found.next(), found.next()) {
            (_, Some(_)) => Err(Error::Duplicate(key)),
            (member, None) => Ok(member.map(|(_, value)| value)),
        }
    }

    /// The value under `key`; `null` counts as absent.
    pub fn get_non_null(&self, key: &'static str) -> Result<Option<&'v Value<'a>>, Error> {
        Ok(self.get(key)?.filter(|value| **value != Value::Null))
    }

    /// The value under a key that must be present.
    pub fn require(&self, key: &'static str) -> Result<&'v Value<'a>, Error> {
        self.get(key)?.ok_or(Error::Missing(key))
    }

    /// The string under a key that must be present.
    pub fn string(&self, key: &'static str) -> Result<String, Error> {
        String::from_json(self.require(key)?, key)
    }

    /// The string under `key`; `None` when it is absent or `null`.
    pub fn optional_string(&self, key: &'static str) -> Result<Option<String>, Error> {
        self.get_non_null(key)?
            .map(|value| String::from_json(value, key))
            .transpose()
    }

    /// The boolean under `key`; `false` when it is absent (not when `null`).
    pub fn bool_or_false(&self, key: &'static str) -> Result<bool, Error> {
        self.get(key)?.map_or(Ok(false), |value| value.bool(key))
    }

    /// The array under `key`, each item read as a `T`; empty when the key
    /// is absent (not when `null`).
    pub fn list_or_empty<T: FromJson>(&self, key: &'static str) -> Result<Vec<T>, Error> {
        self.get(key)?
            .map_or(Ok(Vec::new()), |value| value.list(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_by_key() {
        let value = parse(r#"{"a":"x","b":true,"n":null,"l":["p","q"],"d":1,"d":2}"#).unwrap();
        let object = value.object("body").unwrap();
        assert_eq!(object.string("a").unwrap(), "x");
        assert_eq!(object.optional_string("a").unwrap().as_deref(), Some("x"));
        assert_eq!(object.optional_string("n").unwrap(), None);
        assert_eq!(object.optional_string("zz").unwrap(), None);
        assert!(object.bool_or_false("b").unwrap());
        assert!(!object.bool_or_false("zz").unwrap());
        assert_eq!(object.list_or_empty::<String>("l").unwrap(), ["p", "q"]);
        assert!(object.list_or_empty::<String>("zz").unwrap().is_empty());
        assert_eq!(object.get_non_null("n").unwrap(), None);
        assert_eq!(object.get("d").unwrap_err(), Error::Duplicate("d"));
        assert_eq!(object.string("zz").unwrap_err(), Error::Missing("zz"));
    }

    #[test]
    fn wrong_types_name_the_field() {
        let value = parse(r#"{"a":null,"b":"yes","l":[1],"s":5}"#).unwrap();
        let object = value.object("body").unwrap();
        assert_eq!(
            object.string("a").unwrap_err().to_string(),
            "invalid type for `a`: null, expected a string"
        );
        assert_eq!(
            object.bool_or_false("b").unwrap_err().to_string(),
            "invalid type for `b`: a string, expected a boolean"
        );
        assert_eq!(
            object.list_or_empty::<String>("l").unwrap_err().to_string(),
            "invalid type for `l`: a number, expected a string"
        );
        assert_eq!(
            object.list_or_empty::<String>("s").unwrap_err().to_string(),
            "invalid type for `s`: a number, expected an array"
        );
        assert_eq!(
            parse("[]").unwrap().object("user").unwrap_err().to_string(),
            "invalid type for `user`: an array, expected an object"
        );
    }

    #[test]
    fn decodes_a_type() {
        assert_eq!(decode::<String>(r#" "ok" "#, "text").unwrap(), "ok");
        assert!(matches!(
            decode::<String>("{", "text"),
            Err(Error::Syntax { .. })
        ));
    }
}
