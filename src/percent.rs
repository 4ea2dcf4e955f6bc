//! Percent-encoding of one URL piece, for the API's paths and the console's
//! own links alike, by the percent-encoding crate.
//!
//! IDs and cursors are opaque (the vendor's example cursor is `MQit=`), so
//! everything outside the RFC 3986 "unreserved" set is encoded: a `/` in an
//! ID must not add a path segment, a `+` in a cursor must not turn into a
//! space, and a `?` must not start a query. Done in Rust rather than with
//! JS `encodeURIComponent`: a page of a thousand rows encodes a thousand IDs,
//! and each trip across the JS boundary costs more than the encoding.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `text` for use as one path segment or one query value.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).collect()
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
