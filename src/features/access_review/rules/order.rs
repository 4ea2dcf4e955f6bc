//! The order of the review's results: by Name, Email or Last login,
//! ascending or descending, stable, in the API's order when unsorted.
//!
//! Names and emails are ordered as the administrator's locale orders them
//! (`Intl.Collator`, which the browser has and this module cannot call):
//! the caller gives each user's place in that order ([`places`]), and the
//! sort itself, pure, is tested natively.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Arc;

use crate::api::model::{LastLogin, User};

/// A column the results can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// The full name.
    Name,
    /// The email.
    Email,
    /// The last login; "never" is the oldest.
    LastLogin,
}

/// How the results are sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// The column sorted by.
    pub column: SortColumn,
    /// Whether the largest (the latest login, Z) comes first.
    pub descending: bool,
}

impl Sort {
    /// The sort a `sort=` value names (`name`, `-name`, `email`, `-email`,
    /// `login`, `-login`); `None` for anything else, which the review ignores.
    pub fn from_param(value: &str) -> Option<Sort> {
        let (descending, name) = match value.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, value),
        };
        let column = match name {
            "name" => SortColumn::Name,
            "email" => SortColumn::Email,
            "login" => SortColumn::LastLogin,
            _ => return None,
        };
        Some(Sort { column, descending })
    }

    /// Its `sort=` value.
    pub fn param(self) -> &'static str {
        match (self.column, self.descending) {
            (SortColumn::Name, false) => "name",
            (SortColumn::Name, true) => "-name",
            (SortColumn::Email, false) => "email",
            (SortColumn::Email, true) => "-email",
            (SortColumn::LastLogin, false) => "login",
            (SortColumn::LastLogin, true) => "-login",
        }
    }

    /// The sort after a click on `column`'s header: ascending first,
    /// descending at the second click, and the API's order (`None`) at the
    /// third, so the default is one click away without editing the address.
    pub fn after_click(current: Option<Sort>, column: SortColumn) -> Option<Sort> {
        match current {
            Some(sort) if sort.column == column && sort.descending => None,
            Some(sort) if sort.column == column => Some(Sort {
                column,
                descending: true,
            }),
            _ => Some(Sort {
                column,
                descending: false,
            }),
        }
    }

    /// The `aria-sort` of `column`'s header under `current`.
    pub fn aria_sort(current: Option<Sort>, column: SortColumn) -> &'static str {
        match current {
            Some(sort) if sort.column == column && sort.descending => "descending",
            Some(sort) if sort.column == column => "ascending",
            _ => "none",
        }
    }
}

/// The place of each of `texts` in the locale's order, given `ordered`,
/// the texts in that order (each at least once; a text listed twice keeps
/// its first place). A text `ordered` lacks comes last.
pub fn places(texts: &[&str], ordered: &[&str]) -> Vec<u32> {
    let mut place_of: HashMap<&str, u32> = HashMap::with_capacity(ordered.len());
    for (place, text) in (0u32..).zip(ordered) {
        place_of.entry(text).or_insert(place);
    }
    texts
        .iter()
        .map(|text| place_of.get(text).copied().unwrap_or(u32::MAX))
        .collect()
}

/// The text `column` is sorted by in the locale's order: the full name or
/// the email (the last login has none).
pub fn sorted_text(user: &User, column: SortColumn) -> String {
    match column {
        SortColumn::Name => user.full_name(),
        SortColumn::Email => user.email.clone(),
        SortColumn::LastLogin => String::new(),
    }
}

/// Sorts `matches` (indices into `users`) by `sort`: names and emails by
/// `places` (each user's place in the locale's order of the sorted column,
/// see [`places`]), last logins by time with "never" the oldest. Stable in
/// both directions: users that tie keep the API's order.
pub fn sort_matches(users: &[Arc<User>], matches: &mut [usize], sort: Sort, places: &[u32]) {
    let key = |index: &usize| -> i64 {
        match (sort.column, users[*index].last_login) {
            (SortColumn::LastLogin, LastLogin::Never) => i64::MIN,
            // Milliseconds since 1970 fit an i64 many times over.
            (SortColumn::LastLogin, LastLogin::At(ms)) => ms as i64,
            _ => i64::from(places.get(*index).copied().unwrap_or(u32::MAX)),
        }
    };
    // Sorting by a cached key is stable: ties keep the order they came in.
    if sort.descending {
        matches.sort_by_cached_key(|index| Reverse(key(index)));
    } else {
        matches.sort_by_cached_key(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str, email: &str, last_login: LastLogin) -> Arc<User> {
        Arc::new(User {
            id: id.into(),
            first_name: name.into(),
            last_name: String::new(),
            email: email.into(),
            last_login,
            locale: None,
            roles: Vec::new(),
            attributes: Vec::new(),
        })
    }

    fn users() -> Vec<Arc<User>> {
        vec![
            user("a", "Émile", "zed@b.example", LastLogin::At(3_000.0)),
            user("b", "bob", "amy@a.example", LastLogin::Never),
            user("c", "Ada", "Ada@c.example", LastLogin::At(1_000.0)),
            user("d", "bob", "bob@a.example", LastLogin::At(3_000.0)),
            user("e", "Zoë", "eve@a.example", LastLogin::Never),
        ]
    }

    /// A stand-in for the browser's collator: case and accents ignored
    /// first, then the text itself.
    fn places_of(users: &[Arc<User>], column: SortColumn) -> Vec<u32> {
        let texts: Vec<String> = users.iter().map(|u| sorted_text(u, column)).collect();
        let mut ordered = texts.clone();
        let fold = |t: &str| t.to_lowercase().replace(['é', 'ë'], "e");
        ordered.sort_by(|a, b| fold(a).cmp(&fold(b)).then_with(|| a.cmp(b)));
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let ordered: Vec<&str> = ordered.iter().map(String::as_str).collect();
        places(&texts, &ordered)
    }

    fn sorted(param: &str) -> Vec<&'static str> {
        let users = users();
        let sort = Sort::from_param(param).unwrap();
        let places = places_of(&users, sort.column);
        let mut matches: Vec<usize> = (0..users.len()).collect();
        sort_matches(&users, &mut matches, sort, &places);
        let ids = ["a", "b", "c", "d", "e"];
        matches.into_iter().map(|i| ids[i]).collect()
    }

    #[test]
    fn never_is_the_oldest_and_ties_keep_the_api_order() {
        assert_eq!(sorted("login"), ["b", "e", "c", "a", "d"]);
        assert_eq!(sorted("-login"), ["a", "d", "c", "b", "e"]);
    }

    #[test]
    fn names_and_emails_follow_the_collation_stably() {
        assert_eq!(sorted("name"), ["c", "b", "d", "a", "e"]);
        assert_eq!(sorted("-name"), ["e", "a", "b", "d", "c"]);
        assert_eq!(sorted("email"), ["c", "b", "d", "e", "a"]);
        assert_eq!(sorted("-email"), ["a", "e", "d", "b", "c"]);
    }

    #[test]
    fn a_subset_sorts_alone_and_unknown_texts_come_last() {
        let users = users();
        let names: Vec<String> = users
            .iter()
            .map(|u| sorted_text(u, SortColumn::Name))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let places = places(&names, &["bob", "Ada", "bob"]);
        assert_eq!(places, [u32::MAX, 0, 1, 0, u32::MAX]);
        let mut matches = vec![4, 3, 2, 1];
        let sort = Sort::from_param("name").unwrap();
        sort_matches(&users, &mut matches, sort, &places);
        assert_eq!(matches, [3, 1, 2, 4]);
    }

    #[test]
    fn clicks_go_ascending_descending_then_back_to_the_api_order() {
        let name = SortColumn::Name;
        let first = Sort::after_click(None, name);
        assert_eq!(first.map(Sort::param), Some("name"));
        assert_eq!(Sort::aria_sort(first, name), "ascending");
        assert_eq!(Sort::aria_sort(first, SortColumn::Email), "none");
        let second = Sort::after_click(first, name);
        assert_eq!(second.map(Sort::param), Some("-name"));
        assert_eq!(Sort::aria_sort(second, name), "descending");
        assert_eq!(Sort::after_click(second, name), None);
        assert_eq!(
            Sort::after_click(second, SortColumn::LastLogin).map(Sort::param),
            Some("login")
        );
    }

    #[test]
    fn sort_values_round_trip_and_others_are_ignored() {
        for value in ["name", "-name", "email", "-email", "login", "-login"] {
            assert_eq!(Sort::from_param(value).map(Sort::param), Some(value));
        }
        for bad in ["", "-", "--name", "Name", "last_login", "name ", "+email"] {
            assert_eq!(Sort::from_param(bad), None, "{bad:?}");
        }
    }
}
