//! JSON texts to typed values with serde_json, with messages fit to show.
//!
//! serde_json's own messages say what is wrong but not in which field, and
//! they quote the value found (`invalid type: string "…", expected a
//! boolean`). These messages reach the screen, and a value could be
//! anything, even a key echoed back. When a text fails, [`decode`] reads
//! it again to find the path of the field at fault (serde_path_to_error)
//! and words a wrong type by the kind of value alone: "invalid type for
//! `data[3].email`: null, expected a string". Missing and duplicate
//! fields keep serde's words ("missing field `email`"), and syntax errors
//! serde_json's, with their place ("expected value at line 1 column 1").

use serde::Deserialize;
use serde_json::error::Category;

/// Why a text could not be decoded. Its message never quotes a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(String);

/// Decodes one `T` from a whole JSON text.
///
/// Plain serde_json first: nearly every text decodes, and tracking the
/// path of every field would cost each of them. Only a text that fails is
/// read again, with serde_path_to_error, to name the field at fault.
pub fn decode<'de, T: Deserialize<'de>>(text: &'de [u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(text).map_err(|error| located::<T>(text, &error))
}

/// The failure `error` of decoding `text` as a `T`, with the path of the
/// field at fault.
fn located<'de, T: Deserialize<'de>>(text: &'de [u8], error: &serde_json::Error) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => DecodeError::new(error.inner(), &error.path().to_string()),
        // The value decoded: what failed came after it (trailing characters).
        Ok(_) => DecodeError::new(error, "."),
    }
}

impl DecodeError {
    /// Words `error`, which arose at `path` (`.` for the whole text).
    fn new(error: &serde_json::Error, path: &str) -> DecodeError {
        let text = error.to_string();
        if error.classify() != Category::Data {
            return DecodeError(text);
        }
        let place = format!(" at line {} column {}", error.line(), error.column());
        let bare = text.strip_suffix(&place).unwrap_or(&text);
        for problem in ["invalid type", "invalid value"] {
            let Some(rest) = bare
                .strip_prefix(problem)
                .and_then(|r| r.strip_prefix(": "))
            else {
                continue;
            };
            // "{found}, expected {expected}": what serde expects never says
            // ", expected ", while a quoted value might.
            let (found, expected) = rest
                .rsplit_once(", expected ")
                .unwrap_or((rest, "something else"));
            let field = match path {
                "." => String::new(),
                path => format!(" for `{path}`"),
            };
            return DecodeError(format!(
                "{problem}{field}: {}, expected {expected}",
                kind(found)
            ));
        }
        DecodeError(bare.to_owned())
    }
}

/// The kind of value in serde's description of it, without the value:
/// `string "…"` is "a string", ``integer `5` `` "a number".
fn kind(found: &str) -> &'static str {
    match found.split(' ').next() {
        Some("null") => "null",
        Some("boolean") => "a boolean",
        Some("integer" | "floating") => "a number",
        Some("string") => "a string",
        Some("sequence") => "an array",
        Some("map") => "an object",
        _ => "another value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Outer {
        name: String,
        flag: Option<bool>,
        items: Option<Vec<Inner>>,
    }

    #[derive(Debug, Deserialize)]
    struct Inner {
        id: String,
    }

    fn problem(text: &str) -> String {
        decode::<Outer>(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn wrong_types_name_the_field_and_never_the_value() {
        assert_eq!(
            problem(r#"{"name":null}"#),
            "invalid type for `name`: null, expected a string"
        );
        assert_eq!(
            problem(r#"{"name":"n","flag":"sk:secret, expected a key"}"#),
            "invalid type for `flag`: a string, expected a boolean"
        );
        assert_eq!(
            problem(r#"{"name":"n","items":[{"id":"a"},{"id":7.5}]}"#),
            "invalid type for `items[1].id`: a number, expected a string"
        );
        assert_eq!(
            problem(r#"{"name":"n","items":{"id":"a"}}"#),
            "invalid type for `items`: an object, expected a sequence"
        );
        assert_eq!(
            problem(r#"{"name":["sk:secret"]}"#),
            "invalid type for `name`: an array, expected a string"
        );
        assert_eq!(
            problem(r#"{"name":"n","flag":-3}"#),
            "invalid type for `flag`: a number, expected a boolean"
        );
        assert_eq!(
            decode::<bool>(b"\"sk:secret\"").unwrap_err().to_string(),
            "invalid type: a string, expected a boolean"
        );
    }

    #[test]
    fn missing_and_duplicate_fields_keep_serdes_words() {
        assert_eq!(problem(r#"{"flag":true}"#), "missing field `name`");
        assert_eq!(
            problem(r#"{"name":"a","name":"b"}"#),
            "duplicate field `name`"
        );
        assert_eq!(
            problem(r#"{"name":"n","items":[{"di":"a"}]}"#),
            "missing field `id`"
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(problem("<html>"), "expected value at line 1 column 1");
        assert_eq!(problem(""), "EOF while parsing a value at line 1 column 0");
        assert_eq!(
            problem("{\"name\":\"n\"} x"),
            "trailing characters at line 1 column 14"
        );
        assert_eq!(
            problem("{\"name\":\"sk:secret"),
            "EOF while parsing a string at line 1 column 18"
        );
    }

    #[test]
    fn decodes_and_ignores_unknown_keys() {
        let outer: Outer =
            decode(br#"{"name":"n","x":{"y":[null,1e999]},"items":[{"id":"a"}]}"#).unwrap();
        assert_eq!(outer.name, "n");
        assert_eq!(outer.flag, None);
        assert_eq!(outer.items.unwrap()[0].id, "a");
    }
}
