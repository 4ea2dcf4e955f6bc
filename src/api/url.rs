//! Request URLs: the API paths, with every caller-supplied piece
//! percent-encoded (see [`crate::text::percent`]), and the list queries, which
//! gloo-net encodes.

use crate::text::percent::encode;

/// The API base URL to call: the session's, or, when that is empty, the
/// console's own `origin` (the API reverse-proxied under it); without a
/// trailing slash.
pub(crate) fn api_base(base_url: &str, origin: &str) -> String {
    let base = if base_url.is_empty() {
        origin
    } else {
        base_url
    };
    base.trim_end_matches('/').to_owned()
}

/// `/v1/partner-portals/{portal}/users`.
pub(crate) fn users(portal_id: &str) -> String {
    format!("/v1/partner-portals/{}/users", encode(portal_id))
}

/// `/v1/partner-portals/{portal}/users/{user}`.
pub(crate) fn user(portal_id: &str, user_id: &str) -> String {
    format!("{}/{}", users(portal_id), encode(user_id))
}

/// `/v1/roles`.
pub(crate) const ROLES: &str = "/v1/roles";

/// `/v1/roles/{role}`.
pub(crate) fn role(role_id: &str) -> String {
    format!("{ROLES}/{}", encode(role_id))
}

/// `/v1/user-attributes`.
pub(crate) const USER_ATTRIBUTES: &str = "/v1/user-attributes";

/// `/v1/user-attributes/{attribute}`.
pub(crate) fn user_attribute(attribute_id: &str) -> String {
    format!("{USER_ATTRIBUTES}/{}", encode(attribute_id))
}

/// The query of a list request, `after` then `limit`, as pairs for
/// gloo-net's `query()`, which percent-encodes them (`URLSearchParams`). An
/// empty cursor means the first page, like no cursor, so it is left out.
pub(crate) fn page_query(after: Option<&str>, limit: Option<u32>) -> Vec<(&'static str, String)> {
    let mut query = Vec::with_capacity(2);
    if let Some(after) = after.filter(|after| !after.is_empty()) {
        query.push(("after", after.to_owned()));
    }
    if let Some(limit) = limit {
        query.push(("limit", limit.to_string()));
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_defaults_to_the_origin() {
        let origin = "https://console.example.com";
        assert_eq!(
            api_base("https://api.example.com", origin),
            "https://api.example.com"
        );
        assert_eq!(
            api_base("https://api.example.com/", origin),
            "https://api.example.com"
        );
        assert_eq!(
            api_base("http://h:8791/proxy//", origin),
            "http://h:8791/proxy"
        );
        assert_eq!(api_base("", origin), "https://console.example.com");
        assert_eq!(
            format!("{}{ROLES}", api_base("", "https://c.example/")),
            "https://c.example/v1/roles"
        );
    }

    #[test]
    fn builds_every_path() {
        assert_eq!(users("demo"), "/v1/partner-portals/demo/users");
        assert_eq!(
            user("de/mo", "a/b+c=d? e"),
            "/v1/partner-portals/de%2Fmo/users/a%2Fb%2Bc%3Dd%3F%20e"
        );
        assert_eq!(role("ro_1"), "/v1/roles/ro_1");
        assert_eq!(user_attribute("ua 1"), "/v1/user-attributes/ua%201");
    }

    #[test]
    fn page_query_pairs() {
        let pairs = |after, limit| page_query(after, limit);
        assert!(pairs(None, None).is_empty());
        assert!(pairs(Some(""), None).is_empty());
        assert_eq!(pairs(None, Some(25)), [("limit", "25".to_owned())]);
        assert_eq!(
            pairs(Some("MQit="), Some(0)),
            [("after", "MQit=".to_owned()), ("limit", "0".to_owned())]
        );
        assert_eq!(
            pairs(Some("a+b c&d"), None),
            [("after", "a+b c&d".to_owned())]
        );
    }
}
