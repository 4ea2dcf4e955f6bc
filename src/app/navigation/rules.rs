//! Where the console may send the browser when the address came from
//! outside: the `next` of Connect (the URL bar), a list query kept in
//! storage, a link built from an ID the API gave.
//!
//! The rule is applied to what the browser's own URL parser made of the
//! address, never to its text: the parser strips tabs and line breaks,
//! reads `\` as `/` and resolves `..`, so a check of the text (`/\t/evil`
//! does not start with `//`) and the browser's reading of it (it is
//! `//evil`, another site) disagree. The caller parses
//! (`crate::app::navigation::inside_console` with `URL`); this module decides, so
//! the decision has native tests (with the `url` crate, which implements
//! the same WHATWG parser).

/// Where any refused address leads: the users list.
pub const HOME: &str = "/users";

/// An address as the browser's URL parser split it, resolved against the
/// console's origin: the `origin`, `pathname`, `search` and `hash` of a
/// `URL` object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedUrl {
    pub origin: String,
    pub pathname: String,
    pub search: String,
    pub hash: String,
}

/// The path to navigate to for an address the parser read as `parsed`
/// (`None`: it could not read it): the address rebuilt from its parsed
/// path, query and hash if it is on `console_origin` and its path is a page
/// of the console, else [`HOME`].
///
/// Connect is not a destination: after connecting, going back to Connect
/// would only ask again.
pub fn decide(parsed: Option<&ParsedUrl>, console_origin: &str) -> String {
    match parsed {
        Some(url)
            if !console_origin.is_empty()
                && url.origin == console_origin
                && is_console_page(&url.pathname) =>
        {
            format!("{}{}{}", url.pathname, url.search, url.hash)
        }
        _ => HOME.to_owned(),
    }
}

/// `/`, `/users` or `/users/{one non-empty segment}`: the pages an address
/// from outside may open.
fn is_console_page(path: &str) -> bool {
    match path.strip_prefix(HOME) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('/')
            .is_some_and(|id| !id.is_empty() && !id.contains('/')),
        None => path == "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://admin.example.com";

    /// What a browser's `new URL(candidate, ORIGIN)` gives, through the
    /// `url` crate's WHATWG parser.
    fn parse(candidate: &str) -> Option<ParsedUrl> {
        let base = url::Url::parse(ORIGIN).unwrap();
        let url = base.join(candidate).ok()?;
        let with_mark = |mark: &str, part: Option<&str>| match part {
            Some(part) if !part.is_empty() => format!("{mark}{part}"),
            _ => String::new(),
        };
        Some(ParsedUrl {
            origin: url.origin().ascii_serialization(),
            pathname: url.path().to_owned(),
            search: with_mark("?", url.query()),
            hash: with_mark("#", url.fragment()),
        })
    }

    fn destination(candidate: &str) -> String {
        decide(parse(candidate).as_ref(), ORIGIN)
    }

    #[test]
    fn another_site_is_never_a_destination() {
        for hostile in [
            "//x",
            "/\\x",
            "/%09/x",
            "/%0a/x",
            "/%0d/x",
            "/\t/x",
            "/\n/x",
            "/\r/x",
            "/%5Cx",
            "https://x",
            "http://x/users",
            "https://x/users/us_1",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/%2F%2Fx",
            " //x",
            "\t//x",
            "\\\\x",
            "https:x",
            "http://admin.example.com/users",
            "https://admin.example.com.evil.example/users",
            "https://user@admin.example.com@x/users",
            "/users/../..//x",
            "/connect",
            "/connect?next=//x",
            "/v1/partner-portals/demo/users",
            "/users/a/b",
            "/users/",
        ] {
            assert_eq!(destination(hostile), HOME, "{hostile:?}");
        }
    }

    #[test]
    fn pages_of_the_console_are_rebuilt_from_the_parse() {
        assert_eq!(destination("/users/us_1"), "/users/us_1");
        assert_eq!(
            destination("/users?limit=10&after=MQit%3D"),
            "/users?limit=10&after=MQit%3D"
        );
        assert_eq!(
            destination("/users?limit=10&back=a.b&after=c#top"),
            "/users?limit=10&back=a.b&after=c#top"
        );
        assert_eq!(destination("/"), "/");
        assert_eq!(destination(""), "/");
        assert_eq!(destination("/users"), "/users");
        assert_eq!(
            destination("https://admin.example.com/users/us_2"),
            "/users/us_2"
        );
        // An encoded slash stays inside the one segment: a user's ID.
        assert_eq!(destination("/users/%2F%2Fx"), "/users/%2F%2Fx");
        // The parser's reading, not the text: dots resolved, a space encoded.
        assert_eq!(destination("/users/x/../us_1"), "/users/us_1");
        assert_eq!(destination("/users/a b"), "/users/a%20b");
        // Tabs and line breaks are dropped, as the browser drops them.
        assert_eq!(destination("/us\ters/us_1"), "/users/us_1");
    }

    #[test]
    fn an_unknown_console_origin_allows_nothing() {
        assert_eq!(decide(parse("/users/us_1").as_ref(), ""), HOME);
        assert_eq!(decide(None, ORIGIN), HOME);
    }
}
