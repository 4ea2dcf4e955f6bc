//! Matching `/v1/...` paths to endpoints.
//!
//! Done by hand rather than with the axum router so that IDs may contain an
//! encoded `/` (`%2F`), each segment is percent-decoded exactly once, and
//! unknown paths and methods answer in the error schema.

use axum::http::{Method, StatusCode};
use percent_encoding::percent_decode_str;

use crate::errors::ApiError;

/// One of the API's endpoints, with its decoded path parameters.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    ListUsers { portal: String },
    CreateUser { portal: String },
    GetUser { portal: String, user: String },
    DeleteUser { portal: String, user: String },
    ListRoles,
    GetRole { role: String },
    ListAttributes,
    GetAttribute { attribute: String },
}

impl Route {
    /// The endpoint for `method` on the raw (still percent-encoded) `path`.
    pub(crate) fn parse(method: &Method, path: &str) -> Result<Route, ApiError> {
        let segments = path
            .split('/')
            .skip(1)
            .map(|segment| {
                percent_decode_str(segment)
                    .decode_utf8()
                    .map(|decoded| decoded.into_owned())
                    .map_err(|_| {
                        ApiError::bad_request("the path is not valid UTF-8 once percent-decoded")
                    })
            })
            .collect::<Result<Vec<String>, ApiError>>()?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let not_allowed = |allowed: &str| {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("method {method} is not allowed on {path}: use {allowed}"),
            )
        };
        let owned = |text: &str| text.to_string();
        match segments.as_slice() {
            ["v1", "partner-portals", portal, "users"] => match *method {
                Method::GET => Ok(Route::ListUsers {
                    portal: owned(portal),
                }),
                Method::POST => Ok(Route::CreateUser {
                    portal: owned(portal),
                }),
                _ => Err(not_allowed("GET or POST")),
            },
            ["v1", "partner-portals", portal, "users", user] => match *method {
                Method::GET => Ok(Route::GetUser {
                    portal: owned(portal),
                    user: owned(user),
                }),
                Method::DELETE => Ok(Route::DeleteUser {
                    portal: owned(portal),
                    user: owned(user),
                }),
                _ => Err(not_allowed("GET or DELETE")),
            },
            ["v1", "roles"] => only_get(method, Route::ListRoles).ok_or_else(|| not_allowed("GET")),
            ["v1", "roles", role] => only_get(method, Route::GetRole { role: owned(role) })
                .ok_or_else(|| not_allowed("GET")),
            ["v1", "user-attributes"] => {
                only_get(method, Route::ListAttributes).ok_or_else(|| not_allowed("GET"))
            }
            ["v1", "user-attributes", attribute] => only_get(
                method,
                Route::GetAttribute {
                    attribute: owned(attribute),
                },
            )
            .ok_or_else(|| not_allowed("GET")),
            _ => Err(ApiError::no_endpoint(path)),
        }
    }
}

fn only_get(method: &Method, route: Route) -> Option<Route> {
    (*method == Method::GET).then_some(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_segment_once() {
        let route = Route::parse(
            &Method::GET,
            "/v1/partner-portals/demo/users/a%2Fb%2Bc%3Dd%3F%20e%2525",
        );
        assert_eq!(
            route.unwrap(),
            Route::GetUser {
                portal: "demo".into(),
                user: "a/b+c=d? e%25".into()
            }
        );
    }

    #[test]
    fn unknown_paths_and_methods() {
        assert_eq!(
            Route::parse(&Method::GET, "/v1/nope").unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            Route::parse(&Method::PUT, "/v1/roles").unwrap_err().status,
            StatusCode::METHOD_NOT_ALLOWED
        );
        assert_eq!(
            Route::parse(&Method::GET, "/v1/roles/%FF")
                .unwrap_err()
                .status,
            StatusCode::BAD_REQUEST
        );
    }
}
