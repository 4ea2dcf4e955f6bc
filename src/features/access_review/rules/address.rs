//! The review as an address: Find's text, Last login, Email domain and the
//! sort in the users list's query (`find=`, `login=`, `domain=`, `sort=`),
//! so a review can be bookmarked, reloaded and sent. A value the console
//! does not know is ignored, never an error.

use crate::features::access_review::rules::login::LastLoginFilter;
use crate::features::access_review::rules::order::Sort;
use crate::text::percent;

/// What the administrator reviews: every filter and the sort.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    /// Find a user's text (not blank), or empty.
    pub find: String,
    /// The Last login choice.
    pub login: LastLoginFilter,
    /// The Email domain as typed (trimmed), or empty.
    pub domain: String,
    /// The sort of the results; `None`: the API's order.
    pub sort: Option<Sort>,
}

impl Review {
    /// The review the query's values hold; a blank or unknown value is
    /// left out.
    pub fn from_query(
        find: Option<&str>,
        login: Option<&str>,
        domain: Option<&str>,
        sort: Option<&str>,
    ) -> Review {
        let text = |value: Option<&str>| {
            value
                .filter(|value| !value.trim().is_empty())
                .map_or_else(String::new, str::to_owned)
        };
        Review {
            find: text(find),
            login: login
                .and_then(LastLoginFilter::from_param)
                .unwrap_or_default(),
            domain: text(domain).trim().to_owned(),
            sort: sort.and_then(Sort::from_param),
        }
    }

    /// Whether the list shows the review's results rather than the API's
    /// page: a filter or a text is set (a sort alone orders nothing).
    pub fn is_active(&self) -> bool {
        !self.find.is_empty() || self.login != LastLoginFilter::AnyTime || !self.domain.is_empty()
    }

    /// The query's pairs for the review, e.g. `login=never&sort=-login`,
    /// each value percent-encoded; empty for the default review.
    pub fn query(&self) -> String {
        [
            ("find", Some(self.find.as_str()).filter(|f| !f.is_empty())),
            ("login", self.login.param()),
            (
                "domain",
                Some(self.domain.as_str()).filter(|d| !d.is_empty()),
            ),
            ("sort", self.sort.map(Sort::param)),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|value| format!("{name}={}", percent::encode(value))))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// `href` (a list address) with the review's pairs added.
    pub fn added_to(&self, href: &str) -> String {
        match self.query() {
            query if query.is_empty() => href.to_owned(),
            query => {
                let mark = if href.contains('?') { '&' } else { '?' };
                format!("{href}{mark}{query}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::access_review::rules::order::SortColumn;

    #[test]
    fn a_full_review_round_trips() {
        let review = Review {
            find: "José & co".into(),
            login: LastLoginFilter::NoneIn90Days,
            domain: "acme.example".into(),
            sort: Some(Sort {
                column: SortColumn::LastLogin,
                descending: true,
            }),
        };
        assert_eq!(
            review.query(),
            "find=Jos%C3%A9%20%26%20co&login=90d&domain=acme.example&sort=-login"
        );
        assert_eq!(
            Review::from_query(
                Some("José & co"),
                Some("90d"),
                Some("acme.example"),
                Some("-login")
            ),
            review
        );
        assert!(review.is_active());
        assert_eq!(
            review.added_to("/users?limit=25"),
            format!("/users?limit=25&{}", review.query())
        );
    }

    #[test]
    fn bad_or_blank_values_are_ignored() {
        let review = Review::from_query(Some("   "), Some("soon"), Some(" "), Some("age"));
        assert_eq!(review, Review::default());
        assert!(!review.is_active());
        assert_eq!(review.query(), "");
        assert_eq!(review.added_to("/users"), "/users");
        let partly = Review::from_query(None, Some("never"), Some(" acme.example "), Some("zzz"));
        assert_eq!(partly.query(), "login=never&domain=acme.example");
        assert_eq!(
            partly.added_to("/users"),
            "/users?login=never&domain=acme.example"
        );
    }

    #[test]
    fn a_sort_alone_is_kept_but_shows_the_api_page() {
        let review = Review::from_query(None, None, None, Some("name"));
        assert!(!review.is_active());
        assert_eq!(review.query(), "sort=name");
        let domain_only = Review::from_query(None, None, Some("acme.example"), None);
        assert!(domain_only.is_active());
    }
}
