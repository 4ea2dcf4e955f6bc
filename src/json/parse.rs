//! JSON text to a [`Value`] tree.

use std::borrow::Cow;

use super::{Error, Value};

/// How deeply arrays and objects may nest. The parser recurses once per
/// level, and a hostile body of a million `[` must fail, not exhaust the
/// stack (serde_json stops at the same depth).
pub const MAX_DEPTH: usize = 128;

/// Parses a whole JSON text: one value, with optional whitespace around it.
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < text.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    /// The byte offset of the next character.
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after optional whitespace, or fails with `problem`.
    fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), Error> {
        self.skip_whitespace();
        if self.peek() != Some(byte) {
            return Err(self.error(problem));
        }
        self.at += 1;
        Ok(())
    }

    /// An error at the current position.
    fn error(&self, problem: &'static str) -> Error {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Error::Syntax {
            problem: if self.at >= self.text.len() {
                "unexpected end of input"
            } else {
                problem
            },
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{' | b'[') if depth >= MAX_DEPTH => Err(self.error("nesting too deep")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            _ => Err(self.error("expected value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Error> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.error("expected value"));
        }
        self.at += word.len();
        Ok(value)
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        let mut items = Vec::new();
        self.sequence(b']', "expected `,` or `]`", &mut |parser| {
            items.push(parser.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        let mut members = Vec::new();
        self.sequence(b'}', "expected `,` or `}`", &mut |parser| {
            parser.skip_whitespace();
            if parser.peek() != Some(b'"') {
                return Err(parser.error("expected a string key"));
            }
            let key = parser.string()?;
            parser.expect(b':', "expected `:`")?;
            members.push((key, parser.value(depth + 1)?));
            Ok(())
        })?;
        Ok(Value::Object(members))
    }

    /// The body of an array or object, from its opening bracket to `close`:
    /// `item` reads each entry, and commas separate them.
    fn sequence(
        &mut self,
        close: u8,
        problem: &'static str,
        // `dyn`, so that arrays and objects share one copy of the loop.
        item: &mut dyn FnMut(&mut Parser<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(byte) if byte == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error(problem)),
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as written.
    fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error("invalid number"));
                }
            }
            _ => self.digits()?,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits()?;
        }
        Ok(&self.text[start..self.at])
    }

    /// One or more ASCII digits.
    fn digits(&mut self) -> Result<(), Error> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("invalid number"));
        }
        Ok(())
    }

    /// A string starting at its opening quote; borrowed when it holds no
    /// escape.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1;
        let mut owned: Option<String> = None;
        let mut run_start = self.at;
        loop {
            match self.peek() {
                Some(b'"') => {
                    let run = &self.text[run_start..self.at];
                    self.at += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut text) => {
                            text.push_str(run);
                            Cow::Owned(text)
                        }
                    });
                }
                Some(b'\\') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[run_start..self.at]);
                    self.at += 1;
                    text.push(self.escape()?);
                    run_start = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("control character in string")),
                Some(_) => self.at += 1,
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(byte) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => {
                self.at -= 1;
                return Err(self.error("invalid escape"));
            }
        })
    }

    /// The character of `\uXXXX`, or of a surrogate pair `\uXXXX\uXXXX`.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.at..].starts_with("\\u") {
                    return Err(self.error("lone surrogate in string"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate in string"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate in string")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))
    }

    /// Four hexadecimal digits.
    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid escape"))?;
        self.at += 4;
        Ok(digits
            .chars()
            .fold(0, |code, c| code * 16 + c.to_digit(16).unwrap_or(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> Cow<'_, str> {
        match parse(text).unwrap() {
            Value::String(text) => text,
            other => panic!("{other:?}"),
        }
    }

    fn problem(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn every_kind_of_value() {
        assert_eq!(
            parse(" {\"a\" : [1, -2.5e+3, true, false, null, {}, []], \"b\":\"c\"}\n").unwrap(),
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Number("1"),
                        Value::Number("-2.5e+3"),
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                        Value::Object(Vec::new()),
                        Value::Array(Vec::new()),
                    ])
                ),
                ("b".into(), Value::String("c".into())),
            ])
        );
        assert_eq!(parse("0").unwrap(), Value::Number("0"));
        assert_eq!(parse("-0.0E-1").unwrap(), Value::Number("-0.0E-1"));
    }

    #[test]
    fn strings_and_escapes() {
        assert!(matches!(string(r#""plain é""#), Cow::Borrowed("plain é")));
        assert_eq!(
            string(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00z""#),
            "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{4e2d}\u{1f600}z"
        );
        assert_eq!(string(r#""\n""#), "\n");
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(problem("<html>"), "expected value at line 1 column 1");
        assert_eq!(problem(""), "unexpected end of input at line 1 column 1");
        assert_eq!(
            problem("{\n  \"a\": tru }"),
            "expected value at line 2 column 8"
        );
        assert_eq!(problem("[1 2]"), "expected `,` or `]` at line 1 column 4");
        assert_eq!(problem(r#"{"a" 1}"#), "expected `:` at line 1 column 6");
        assert_eq!(
            problem(r#"{"a":1,}"#),
            "expected a string key at line 1 column 8"
        );
        assert_eq!(
            problem(r#"{"a":1 "b":2}"#),
            "expected `,` or `}` at line 1 column 8"
        );
        assert_eq!(problem("[1,]"), "expected value at line 1 column 4");
        assert_eq!(problem("{} x"), "trailing characters at line 1 column 4");
        assert_eq!(problem(r#""é"x"#), "trailing characters at line 1 column 4");
        assert_eq!(
            problem(r#"["abc"#),
            "unexpected end of input at line 1 column 6"
        );
    }

    #[test]
    fn refuses_what_json_does_not_allow() {
        for text in [
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "NaN",
            "Infinity",
            "'a'",
            "[1,]",
            "{,}",
            "nul",
            "\"\t\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            "/* c */ 1",
            "\u{feff}1",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(
            parse(&deep(MAX_DEPTH + 1)).unwrap_err().to_string(),
            format!("nesting too deep at line 1 column {}", MAX_DEPTH + 1)
        );
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }
}
