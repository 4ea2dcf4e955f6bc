//! Where the administrator is in the users list: pure state, no browser.
//!
//! The API pages forward only (`paging.next.after`) and gives no total, so
//! going back means remembering the cursors that led here. The whole trail
//! lives in the URL (`/users?limit=25&back=c1.c2&after=c3`), so a reload,
//! the browser's back and forward buttons and a pasted link all show the same
//! page with a working Previous button.
//!
//! The earlier cursors share one `back` value, joined with `.` (a `.` or `~`
//! inside a cursor is escaped with `~`), rather than one `back` parameter
//! each: the router keeps every URL it has navigated to, parsed into its
//! parameters, for as long as the tab is open, and a parameter each made a
//! walk deep into the list grow memory with every page.

use std::sync::Arc;

use crate::text::percent::encode;

/// The page sizes the console offers.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];

/// The page size before the administrator picks one.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// The largest page a URL may ask for. In the bench build, a link may ask
/// for pages above the offered sizes (`cargo xtask bench` renders 1,000 rows
/// this way; the API refuses what it cannot serve); in what administrators
/// load, only the offered sizes.
#[cfg(feature = "bench")]
pub const MAX_URL_PAGE_SIZE: u32 = 1000;
/// The largest page a URL may ask for: the largest offered size (the bench
/// build allows more).
#[cfg(not(feature = "bench"))]
pub const MAX_URL_PAGE_SIZE: u32 = PAGE_SIZES[PAGE_SIZES.len() - 1];

/// One position in the users list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pager {
    /// Rows per page.
    pub limit: u32,
    /// The cursors passed as `after` to reach each page after the first;
    /// the last one fetches the current page. Empty on the first page.
    /// Shared: every view that reads the position clones it, and deep in
    /// the list the trail holds hundreds of cursors.
    cursors: Arc<[String]>,
}

impl Pager {
    /// The first page with `limit` rows per page: an offered size, or a
    /// larger one up to [`MAX_URL_PAGE_SIZE`]; anything else becomes the default.
    pub fn first(limit: u32) -> Pager {
        let largest_offered = PAGE_SIZES[PAGE_SIZES.len() - 1];
        let accepted =
            PAGE_SIZES.contains(&limit) || (largest_offered..=MAX_URL_PAGE_SIZE).contains(&limit);
        let limit = if accepted { limit } else { DEFAULT_PAGE_SIZE };
        Pager {
            limit,
            cursors: Arc::new([]),
        }
    }

    /// The `after` cursor that fetches the current page.
    pub fn after(&self) -> Option<&str> {
        self.cursors.last().map(String::as_str)
    }

    /// The 1-based page number.
    pub fn page(&self) -> usize {
        self.cursors.len() + 1
    }

    /// Whether there is a page before this one.
    pub fn has_previous(&self) -> bool {
        !self.cursors.is_empty()
    }

    /// The page that `next` (the current page's `paging.next.after`) leads to.
    pub fn next(&self, next: &str) -> Pager {
        let cursors = self
            .cursors
            .iter()
            .cloned()
            .chain([next.to_string()])
            .collect();
        Pager {
            limit: self.limit,
            cursors,
        }
    }

    /// The page before this one (the first page stays the first).
    pub fn previous(&self) -> Pager {
        let kept = self.cursors.len().saturating_sub(1);
        Pager {
            limit: self.limit,
            cursors: self.cursors[..kept].into(),
        }
    }

    /// The first page at the same size.
    pub fn to_first(&self) -> Pager {
        Pager::first(self.limit)
    }

    /// The first page at another size: old cursors were cut for the old size.
    pub fn with_limit(&self, limit: u32) -> Pager {
        Pager::first(limit)
    }

    /// Reads a position from the URL's query values: `limit`, the repeated
    /// `back` cursors (one value or several, each joined as [`join_trail`]
    /// makes it) and `after`. `fallback_limit` is used when the URL has none.
    pub fn from_query(
        limit: Option<&str>,
        back: &[String],
        after: Option<&str>,
        fallback_limit: u32,
    ) -> Pager {
        let limit = limit.and_then(|l| l.parse().ok()).unwrap_or(fallback_limit);
        let mut pager = Pager::first(limit);
        if let Some(after) = after.filter(|a| !a.is_empty()) {
            let back = back
                .iter()
                .flat_map(|joined| split_trail(joined))
                .filter(|c| !c.is_empty());
            pager.cursors = back.chain([after.to_string()]).collect();
        }
        pager
    }

    /// The query string (without `?`) that `from_query` reads back.
    pub fn to_query(&self) -> String {
        let mut query = format!("limit={}", self.limit);
        if let Some((after, back)) = self.cursors.split_last() {
            if !back.is_empty() {
                query.push_str("&back=");
                query.push_str(&encode(&join_trail(back)));
            }
            query.push_str("&after=");
            query.push_str(&encode(after));
        }
        query
    }

    /// The query of this page alone, without the trail of earlier cursors:
    /// what a row links to its user with (see [`return_href`]).
    pub fn position_query(&self) -> String {
        match self.after() {
            Some(after) => format!("limit={}&after={}", self.limit, encode(after)),
            None => format!("limit={}", self.limit),
        }
    }

    /// The list's URL for this position.
    pub fn href(&self) -> String {
        format!("/users?{}", self.to_query())
    }
}

/// The trail of earlier cursors as one value: joined with `.`, with each
/// `.` or `~` inside a cursor preceded by `~`. Both characters are left as
/// they are by percent-encoding, so the separators cost one byte each.
fn join_trail(cursors: &[String]) -> String {
    let mut joined = String::new();
    for (i, cursor) in cursors.iter().enumerate() {
        if i > 0 {
            joined.push('.');
        }
        for c in cursor.chars() {
            if matches!(c, '.' | '~') {
                joined.push('~');
            }
            joined.push(c);
        }
    }
    joined
}

/// The cursors of a trail made by [`join_trail`].
fn split_trail(joined: &str) -> Vec<String> {
    let (mut cursors, mut current) = (Vec::new(), String::new());
    let mut chars = joined.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => current.extend(chars.next()),
            '.' => cursors.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    cursors.push(current);
    cursors
}

/// How many of the list pages it showed last a tab remembers, for **Back
/// to users** after moving around with the browser's back and forward.
pub const REMEMBERED_PAGES: usize = 20;

/// The list URL that **Back to users** leads to from a user's page opened
/// at `position` (the short list query its row link carried).
///
/// Row links carry only the page's own `limit` and `after`: the trail of
/// earlier cursors would make every link of a page deep in the list
/// kilobytes long. The trail comes back from `remembered`, which gives the
/// whole query the tab remembers under a position query (see [`remember`]),
/// when it is the page at `position`; a pasted link gets `position` alone.
pub fn return_href(position: &Pager, remembered: impl FnOnce(&str) -> Option<String>) -> String {
    let here = position.position_query();
    let same_page = remembered(&here).filter(|whole| match position.after() {
        None => *whole == here,
        Some(after) => {
            whole.starts_with(&format!("limit={}&", position.limit))
                && whole.ends_with(&format!("&after={}", encode(after)))
        }
    });
    format!("/users?{}", same_page.unwrap_or(here))
}

/// Puts `position` (the [`Pager::position_query`] of a list page just
/// shown) first in `remembered`, dropping an earlier copy, and returns
/// those beyond the newest [`REMEMBERED_PAGES`], to forget.
pub fn remember(remembered: &mut Vec<String>, position: String) -> Vec<String> {
    remembered.retain(|p| *p != position);
    remembered.insert(0, position);
    remembered.split_off(REMEMBERED_PAGES.min(remembered.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a query the way the router does, for the round trip.
    fn parse(query: &str) -> (Option<String>, Vec<String>, Option<String>) {
        let decode = |v: &str| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .unwrap()
                .into_owned()
        };
        let (mut limit, mut back, mut after) = (None, Vec::new(), None);
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap();
            match key {
                "limit" => limit = Some(decode(value)),
                "back" => back.push(decode(value)),
                "after" => after = Some(decode(value)),
                other => panic!("unexpected key {other}"),
            }
        }
        (limit, back, after)
    }

    fn round_trip(pager: &Pager) -> Pager {
        let (limit, back, after) = parse(&pager.to_query());
        Pager::from_query(limit.as_deref(), &back, after.as_deref(), 10)
    }

    #[test]
    fn starts_on_page_one_without_cursor() {
        let pager = Pager::first(25);
        assert_eq!(pager.page(), 1);
        assert_eq!(pager.after(), None);
        assert!(!pager.has_previous());
    }

    #[test]
    fn next_and_previous_retrace_the_same_cursors() {
        let page3 = Pager::first(10).next("a").next("b");
        assert_eq!(page3.page(), 3);
        assert_eq!(page3.after(), Some("b"));
        let page2 = page3.previous();
        assert_eq!(page2.after(), Some("a"));
        assert_eq!(page2.previous(), Pager::first(10));
        assert_eq!(Pager::first(10).previous(), Pager::first(10));
    }

    #[test]
    fn first_keeps_the_size() {
        let page3 = Pager::first(50).next("a").next("b");
        assert_eq!(page3.to_first(), Pager::first(50));
    }

    #[test]
    fn a_size_change_returns_to_the_first_page() {
        let page3 = Pager::first(10).next("a").next("b");
        let resized = page3.with_limit(100);
        assert_eq!(resized.page(), 1);
        assert_eq!(resized.limit, 100);
    }

    #[test]
    fn unknown_sizes_fall_back_to_the_default() {
        assert_eq!(Pager::first(7).limit, DEFAULT_PAGE_SIZE);
        assert_eq!(
            Pager::from_query(Some("7"), &[], None, 10).limit,
            DEFAULT_PAGE_SIZE
        );
        assert_eq!(Pager::from_query(Some("abc"), &[], None, 50).limit, 50);
        assert_eq!(Pager::from_query(None, &[], None, 50).limit, 50);
    }

    #[cfg(feature = "bench")]
    #[test]
    fn a_link_may_ask_for_a_larger_page_up_to_the_maximum() {
        assert_eq!(Pager::from_query(Some("1000"), &[], None, 25).limit, 1000);
        assert_eq!(Pager::from_query(Some("250"), &[], None, 25).limit, 250);
        assert_eq!(
            Pager::from_query(Some("1001"), &[], None, 25).limit,
            DEFAULT_PAGE_SIZE
        );
        assert_eq!(
            Pager::first(1000).next("a").href(),
            "/users?limit=1000&after=a"
        );
    }

    #[cfg(not(feature = "bench"))]
    #[test]
    fn a_link_may_ask_only_for_an_offered_page_size() {
        assert_eq!(Pager::from_query(Some("100"), &[], None, 25).limit, 100);
        assert_eq!(
            Pager::from_query(Some("250"), &[], None, 25).limit,
            DEFAULT_PAGE_SIZE
        );
        assert_eq!(
            Pager::from_query(Some("1000"), &[], None, 25).limit,
            DEFAULT_PAGE_SIZE
        );
    }

    #[test]
    fn the_url_round_trips_any_cursor() {
        let pager = Pager::first(100)
            .next("MQit=")
            .next("a/b+c?d e&f=g,h")
            .next("李雷%")
            .next("a.b~c~.d..")
            .next("~");
        assert_eq!(round_trip(&pager), pager);
        assert_eq!(round_trip(&Pager::first(10)), Pager::first(10));
        assert_eq!(pager.to_query().matches("back=").count(), 1);
        assert!(!pager.to_query().contains(' '));
    }

    #[test]
    fn earlier_cursors_share_one_back_value() {
        let pager = Pager::first(10).next("a").next("b=").next("c");
        assert_eq!(pager.to_query(), "limit=10&back=a.b%3D&after=c");
        // Links from before the trail was joined: one `back` per cursor.
        let old = Pager::from_query(Some("10"), &["a".into(), "b=".into()], Some("c"), 25);
        assert_eq!(old, pager);
    }

    #[test]
    fn a_pasted_link_with_only_after_is_page_two() {
        let pager = Pager::from_query(Some("25"), &[], Some("xyz"), 10);
        assert_eq!(pager.page(), 2);
        assert_eq!(pager.previous(), Pager::first(25));
    }

    #[test]
    fn back_without_after_is_the_first_page() {
        let pager = Pager::from_query(Some("25"), &["x".into()], None, 10);
        assert_eq!(pager, Pager::first(25));
    }

    #[test]
    fn href_points_at_the_users_list() {
        assert_eq!(Pager::first(10).next("a").href(), "/users?limit=10&after=a");
    }

    #[test]
    fn a_row_link_carries_only_its_page() {
        let deep = Pager::first(50).next("c1").next("c2").next("c/3=");
        assert_eq!(deep.position_query(), "limit=50&after=c%2F3%3D");
        assert_eq!(Pager::first(10).position_query(), "limit=10");
    }

    /// A tab that remembers `whole` under the position query `key`, and
    /// nothing else.
    fn remembering(key: String, whole: String) -> impl FnOnce(&str) -> Option<String> {
        move |asked| (asked == key).then_some(whole)
    }

    #[test]
    fn back_to_users_restores_the_trail_of_the_same_page() {
        let deep = Pager::first(50).next("c1").next("c2").next("c/3=");
        let position = Pager::from_query(Some("50"), &[], Some("c/3="), 25);
        let tab = remembering(deep.position_query(), deep.to_query());
        assert_eq!(return_href(&position, tab), deep.href());
        let first = Pager::first(10);
        let tab = remembering("limit=10".into(), "limit=10".into());
        assert_eq!(return_href(&first, tab), "/users?limit=10");
    }

    #[test]
    fn back_to_users_without_the_same_page_remembered_is_that_page_alone() {
        let position = Pager::from_query(Some("50"), &[], Some("c3"), 25);
        let other_page = Pager::first(50).next("c1").next("c4");
        let other_size = Pager::first(25).next("c1").next("c3");
        assert_eq!(return_href(&position, |_| None), "/users?limit=50&after=c3");
        for other in [other_page, other_size] {
            // Remembered under its own position, or (a tab's storage gone
            // wrong) under this one: either way not this page.
            let tab = remembering(other.position_query(), other.to_query());
            assert_eq!(return_href(&position, tab), "/users?limit=50&after=c3");
            let tab = remembering(position.position_query(), other.to_query());
            assert_eq!(return_href(&position, tab), "/users?limit=50&after=c3");
        }
        let first = Pager::first(10);
        let second = Pager::first(10).next("a");
        let tab = remembering(first.position_query(), second.to_query());
        assert_eq!(return_href(&first, tab), "/users?limit=10");
    }

    #[test]
    fn the_newest_pages_are_remembered_once_each() {
        let mut remembered = Vec::new();
        for page in 0..REMEMBERED_PAGES {
            assert!(remember(&mut remembered, format!("limit=10&after=c{page}")).is_empty());
        }
        for page in REMEMBERED_PAGES..REMEMBERED_PAGES + 5 {
            let forgotten = remember(&mut remembered, format!("limit=10&after=c{page}"));
            assert_eq!(
                forgotten,
                vec![format!("limit=10&after=c{}", page - REMEMBERED_PAGES)]
            );
        }
        assert!(remember(&mut remembered, "limit=10&after=c10".to_string()).is_empty());
        assert_eq!(remembered.len(), REMEMBERED_PAGES);
        assert_eq!(remembered[0], "limit=10&after=c10");
        assert_eq!(
            remembered[1],
            format!("limit=10&after=c{}", REMEMBERED_PAGES + 4)
        );
        assert_eq!(
            remembered
                .iter()
                .filter(|q| *q == "limit=10&after=c10")
                .count(),
            1
        );
        assert!(
            !remembered.contains(&"limit=10&after=c4".to_string()),
            "the oldest are dropped"
        );
    }
}
