//! List parameters (`limit`, `after`) and paged responses.

use axum::extract::Query;
use axum::http::Uri;
use serde::Serialize;
use serde_json::{json, Value};

use crate::cursor::{Cursors, Stream};
use crate::errors::ApiError;
use crate::model::Sequenced;

/// The page size when the request gives none.
const DEFAULT_LIMIT: usize = 20;

/// The validated parameters of a list request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ListParams {
    /// Sequence number of the last item already seen.
    pub(crate) after: Option<u64>,
    pub(crate) limit: usize,
}

impl ListParams {
    /// Reads `limit` and `after` from `uri`'s query.
    pub(crate) fn from_uri(
        uri: &Uri,
        max_limit: usize,
        cursors: &Cursors,
        stream: Stream,
    ) -> Result<ListParams, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|err| ApiError::bad_request(format!("invalid query string: {err}")))?;
        let value_of = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let limit = match value_of("limit") {
            None => DEFAULT_LIMIT.min(max_limit),
            Some(text) => parse_limit(text, max_limit)?,
        };
        let after = match value_of("after") {
            None | Some("") => None,
            Some(text) => Some(cursors.decode(stream, text).map_err(|err| {
                ApiError::bad_request(format!("invalid \"after\" cursor: {err}"))
            })?),
        };
        Ok(ListParams { after, limit })
    }
}

fn parse_limit(text: &str, max_limit: usize) -> Result<usize, ApiError> {
    match text.parse::<usize>() {
        Ok(limit) if (1..=max_limit).contains(&limit) => Ok(limit),
        _ => Err(ApiError::bad_request(format!(
            "invalid \"limit\" {text:?}: expected an integer from 1 to {max_limit}"
        ))),
    }
}

/// A list response: `{"data": [...], "paging": {"next": {"after": "..."}}}`,
/// with `"paging": {}` on the last page.
#[derive(Serialize)]
pub(crate) struct Page<'a, T> {
    data: &'a [T],
    paging: Value,
}

/// The page of `items` (sorted by sequence number) that `params` asks for.
pub(crate) fn page<'a, T: Sequenced>(
    items: &'a [T],
    params: &ListParams,
    cursors: &Cursors,
    stream: Stream,
) -> Page<'a, T> {
    let start = params
        .after
        .map_or(0, |after| items.partition_point(|item| item.seq() <= after));
    let end = (start + params.limit).min(items.len());
    let data = &items[start..end];
    let paging = match data.last() {
        Some(last) if end < items.len() => {
            json!({"next": {"after": cursors.encode(stream, last.seq())}})
        }
        _ => json!({}),
    };
    Page { data, paging }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_must_be_a_whole_number_in_range() {
        assert_eq!(parse_limit("7", 100).ok(), Some(7));
        for bad in ["0", "-1", "abc", "", "101", "1.5"] {
            let err = parse_limit(bad, 100).unwrap_err();
            assert!(err.message.contains("\"limit\""), "{bad}: {}", err.message);
        }
    }
}
