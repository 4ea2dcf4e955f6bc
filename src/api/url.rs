//! Request URLs: the API paths, with every caller-supplied piece
//! percent-encoded (see [`crate::percent`]).

use crate::percent::encode;

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

/// Appends `?after=…&limit=…` to a list path. An empty cursor means the
/// first page, like no cursor, so it is left out.
pub(crate) fn with_page(path: &str, after: Option<&str>, limit: Option<u32>) -> String {
    let mut params = Vec::with_capacity(2);
    if let Some(after) = after.filter(|after| !after.is_empty()) {
        params.push(format!("after={}", encode(after)));
    }
    if let Some(limit) = limit {
        params.push(format!("limit={limit}"));
    }
    if params.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", params.join("&"))
    }
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
    fn page_query() {
        assert_eq!(with_page(ROLES, None, None), "/v1/roles");
        assert_eq!(with_page(ROLES, Some(""), None), "/v1/roles");
        assert_eq!(with_page(ROLES, None, Some(25)), "/v1/roles?limit=25");
        assert_eq!(
            with_page(ROLES, Some("MQit="), Some(0)),
            "/v1/roles?after=MQit%3D&limit=0"
        );
        assert_eq!(
            with_page(ROLES, Some("a+b c&d"), None),
            "/v1/roles?after=a%2Bb%20c%26d"
        );
    }
}
