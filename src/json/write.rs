//! JSON objects of strings, written the way serde_json writes them.

/// Writes one JSON object, member by member, without whitespace.
#[derive(Debug)]
pub struct ObjectWriter {
    text: String,
}

impl Default for ObjectWriter {
    fn default() -> ObjectWriter {
        ObjectWriter {
            text: String::from("{"),
        }
    }
}

impl ObjectWriter {
    /// Adds `key` with a string value.
    pub fn string(mut self, key: &str, value: &str) -> ObjectWriter {
        self.key(key);
        push_string(&mut self.text, value);
        self
    }

    /// Adds `key` with an array of strings.
    pub fn strings<'s>(
        mut self,
        key: &str,
        values: impl IntoIterator<Item = &'s str>,
    ) -> ObjectWriter {
        self.key(key);
        self.array(values, push_string);
        self
    }

    /// Adds `key` with an array of objects.
    pub fn objects(
        mut self,
        key: &str,
        values: impl IntoIterator<Item = ObjectWriter>,
    ) -> ObjectWriter {
        self.key(key);
        self.array(values, |text, value| text.push_str(&value.finish()));
        self
    }

    /// The object's text.
    pub fn finish(mut self) -> String {
        self.text.push('}');
        self.text
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        push_string(&mut self.text, key);
        self.text.push(':');
    }

    fn array<T>(
        &mut self,
        values: impl IntoIterator<Item = T>,
        mut item: impl FnMut(&mut String, T),
    ) {
        self.text.push('[');
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            item(&mut self.text, value);
        }
        self.text.push(']');
    }
}

/// Appends `value` as a JSON string: quotes, backslashes and control
/// characters escaped, everything else as it is.
fn push_string(text: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    text.push('"');
    for c in value.chars() {
        match c {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            '\u{8}' => text.push_str("\\b"),
            '\u{c}' => text.push_str("\\f"),
            '\0'..='\u{1f}' => {
                text.push_str("\\u00");
                text.push(char::from(HEX[c as usize >> 4]));
                text.push(char::from(HEX[c as usize & 0xf]));
            }
            _ => text.push(c),
        }
    }
    text.push('"');
}

#[cfg(test)]
mod tests {
    use super::ObjectWriter;
    use crate::json::{parse, Value};

    #[test]
    fn writes_members_in_order() {
        let inner = || ObjectWriter::default().string("id", "u1");
        assert_eq!(
            ObjectWriter::default()
                .string("a", "x")
                .strings("l", ["p", "q"])
                .strings("e", [])
                .objects("o", [inner(), inner()])
                .finish(),
            r#"{"a":"x","l":["p","q"],"e":[],"o":[{"id":"u1"},{"id":"u1"}]}"#
        );
        assert_eq!(ObjectWriter::default().finish(), "{}");
    }

    #[test]
    fn escapes_like_serde_json() {
        let text = "q\" b\\ n\n r\r t\t b\u{8} f\u{c} nul\0 us\u{1f} del\u{7f} é 中 😀 /";
        let written = ObjectWriter::default().string("k", text).finish();
        assert_eq!(
            written,
            "{\"k\":\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f nul\\u0000 us\\u001f del\u{7f} é 中 😀 /\"}"
        );
        let read = parse(&written).unwrap();
        assert_eq!(read.object("o").unwrap().string("k").unwrap(), text);
        assert!(matches!(read, Value::Object(_)));
    }
}
