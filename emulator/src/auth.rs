//! The `Authorization: Bearer <service account key>` check.

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};

use crate::errors::ApiError;

/// Why a request is not authenticated. Messages never repeat the key.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AuthError {
    #[error("missing Authorization header: send \"Authorization: Bearer <service account key>\"")]
    Missing,
    #[error("malformed Authorization header: expected \"Bearer <service account key>\"")]
    Malformed,
    #[error("invalid service account key")]
    UnknownKey,
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, err.to_string())
    }
}

/// The key of a well-formed `Authorization: Bearer <key>` header.
pub(crate) fn bearer_key(headers: &HeaderMap) -> Result<&str, AuthError> {
    let value = headers.get(AUTHORIZATION).ok_or(AuthError::Missing)?;
    let value = value.to_str().map_err(|_| AuthError::Malformed)?;
    let (scheme, key) = value.split_once(' ').ok_or(AuthError::Malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || key.is_empty() || key.contains(char::is_whitespace)
    {
        return Err(AuthError::Malformed);
    }
    Ok(key)
}

/// The request's key, if it is one of `keys`.
pub(crate) fn authenticate<'a>(
    headers: &'a HeaderMap,
    keys: &[String],
) -> Result<&'a str, AuthError> {
    let key = bearer_key(headers)?;
    if keys.iter().any(|valid| valid == key) {
        Ok(key)
    } else {
        Err(AuthError::UnknownKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn accepts_only_bearer_with_a_known_key() {
        let keys = ["sk:demo".to_string()];
        assert_eq!(authenticate(&with("Bearer sk:demo"), &keys), Ok("sk:demo"));
        assert_eq!(authenticate(&with("bearer sk:demo"), &keys), Ok("sk:demo"));
        assert_eq!(
            authenticate(&HeaderMap::new(), &keys),
            Err(AuthError::Missing)
        );
        for malformed in ["sk:demo", "Basic sk:demo", "Bearer ", "Bearer a b"] {
            assert_eq!(
                authenticate(&with(malformed), &keys),
                Err(AuthError::Malformed)
            );
        }
        assert_eq!(
            authenticate(&with("Bearer sk:other"), &keys),
            Err(AuthError::UnknownKey)
        );
    }
}
