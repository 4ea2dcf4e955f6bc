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

/// What a `mailto:` address keeps as typed: the unreserved characters and
/// the others an address is usually written with (see [`mailto_href`]).
const IN_MAILTO: &AsciiSet = &NOT_UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'*')
    .remove(b'+')
    .remove(b'=')
    .remove(b'^')
    .remove(b'{')
    .remove(b'|')
    .remove(b'}');

/// Percent-encodes `text` for use as one path segment or one query value.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).collect()
}

/// A `mailto:` link to `address`, an email the API gave. Each side of the
/// last `@` keeps the characters an address is usually written with
/// (`jo.o'brien+test@example.com` reads as typed) and encodes the rest, so
/// that an address holding `?`, `&`, `,` or `%` cannot add a subject, a body
/// or other recipients to the message (RFC 6068).
pub fn mailto_href(address: &str) -> String {
    let encode = |part: &str| utf8_percent_encode(part, IN_MAILTO).to_string();
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("mailto:{}@{}", encode(local), encode(domain)),
        None => format!("mailto:{}", encode(address)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_links_name_one_recipient_and_nothing_else() {
        assert_eq!(mailto_href("jose@example.com"), "mailto:jose@example.com");
        assert_eq!(
            mailto_href("jo.o'brien+test@example.com"),
            "mailto:jo.o'brien+test@example.com"
        );
        assert_eq!(mailto_href("a@b.com,c@d.com"), "mailto:a%40b.com%2Cc@d.com");
        assert_eq!(
            mailto_href("x@y.com?cc=evil@evil.example&body=hi"),
            "mailto:x%40y.com%3Fcc=evil@evil.example%26body=hi"
        );
        assert_eq!(mailto_href("a%0Ab@c"), "mailto:a%250Ab@c");
        assert_eq!(mailto_href("no-at-sign"), "mailto:no-at-sign");
    }

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
