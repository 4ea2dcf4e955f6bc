//! Percent-encoding of one URL piece, for the API's paths and the console's
//! own links alike.
//!
//! IDs and cursors are opaque (the vendor's example cursor is `MQit=`), so
//! everything outside the RFC 3986 "unreserved" set is encoded: a `/` in an
//! ID must not add a path segment, a `+` in a cursor must not turn into a
//! space, and a `?` must not start a query. Done in Rust rather than with
//! JS `encodeURIComponent`: a page of a thousand rows encodes a thousand IDs,
//! and each trip across the JS boundary costs more than the encoding.

use std::fmt::Write;

/// Percent-encodes `text` for use as one path segment or one query value.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(encode("us_AZ-09.~"), "us_AZ-09.~");
        assert_eq!(encode("a/b+c=d? e"), "a%2Fb%2Bc%3Dd%3F%20e");
        assert_eq!(encode("MQit="), "MQit%3D");
        assert_eq!(encode("%&#"), "%25%26%23");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode(""), "");
    }
}
