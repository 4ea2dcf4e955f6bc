//! Which of the walked users match the review (Find's text, Last login and
//! Email domain together), how many each Last login choice and each domain
//! would show, and the words that name the review in a file name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::api::model::User;
use crate::features::access_review::rules::login::LastLoginFilter;

/// The most characters of Find's text a file name carries.
const FILE_TEXT_CHARS: usize = 40;

/// The domain of `email`: what follows its last `@`, in lower case;
/// empty when it has no `@`.
pub fn domain_of(email: &str) -> Cow<'_, str> {
    let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
    lower(domain)
}

/// A domain as typed into **Email domain**, as it is compared: trimmed,
/// without a leading `@`, in lower case.
pub fn typed_domain(text: &str) -> String {
    let text = text.trim();
    lower(text.strip_prefix('@').unwrap_or(text)).into_owned()
}

/// `text` in lower case, borrowed when it already is (emails usually are).
fn lower(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// How many users each choice would show, given the review's other filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    /// Per Last login choice, in the order of [`LastLoginFilter::ALL`]:
    /// the users matching Find's text and the domain.
    pub login: [usize; 6],
    /// Per domain, the most users first (ties by name): the users matching
    /// Find's text and the Last login choice.
    pub domains: Vec<(String, usize)>,
}

impl ReviewCounts {
    /// The users `choice` would show.
    pub fn of_login(&self, choice: LastLoginFilter) -> usize {
        LastLoginFilter::ALL
            .iter()
            .position(|c| *c == choice)
            .map_or(0, |i| self.login[i])
    }
}

/// The filters of a review, as compared.
#[derive(Clone, Copy, Debug)]
pub struct Filters<'a> {
    /// For each user, whether Find's text matches; `None` without a text.
    pub text: Option<&'a [bool]>,
    /// The Last login choice.
    pub login: LastLoginFilter,
    /// The domain as [`typed_domain`] gives it; empty: any.
    pub domain: &'a str,
    /// The moment of filtering, in epoch milliseconds.
    pub now_ms: f64,
}

/// Each walked user's email domain, as an index into the portal's
/// domains: worked out once per user and walk, so that a change of filter
/// goes through 100,000 users without reading an email.
#[derive(Debug, Default)]
pub struct Domains {
    names: Vec<String>,
    ids: HashMap<String, u32>,
    placed: Vec<Arc<User>>,
    of_user: Vec<u32>,
}

impl Domains {
    /// Brings the domains up to `users`, which the walk made from the users
    /// last placed (see [`carry_over`]): only users not placed yet are read.
    pub fn update(&mut self, users: &[Arc<User>]) {
        let mut of_user = carry_over(&self.placed, &self.of_user, users);
        for user in &users[of_user.len()..] {
            let domain = domain_of(&user.email);
            let id = match self.ids.get(domain.as_ref()) {
                Some(id) => *id,
                None => {
                    let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                    self.names.push(domain.clone().into_owned());
                    self.ids.insert(domain.into_owned(), id);
                    id
                }
            };
            of_user.push(id);
        }
        self.of_user = of_user;
        self.placed = users.to_vec();
    }
}

/// The indices of the `users` that match every filter, in the API's
/// order, and the counts of each choice. `domains` must be up to `users`
/// ([`Domains::update`]).
pub fn review(
    users: &[Arc<User>],
    filters: Filters<'_>,
    domains: &Domains,
) -> (Vec<usize>, ReviewCounts) {
    // `None`: any domain; `Some(None)`: one no user has.
    let wanted = (!filters.domain.is_empty()).then(|| domains.ids.get(filters.domain).copied());
    let mut matches = Vec::new();
    let mut counts = ReviewCounts::default();
    let mut per_domain = vec![0usize; domains.names.len()];
    for (index, user) in users.iter().enumerate() {
        if filters
            .text
            .is_some_and(|text| !text.get(index).copied().unwrap_or(false))
        {
            continue;
        }
        let domain = domains.of_user.get(index).copied();
        let in_domain = wanted.is_none_or(|wanted| wanted.is_some() && wanted == domain);
        if in_domain {
            for (count, choice) in counts.login.iter_mut().zip(LastLoginFilter::ALL) {
                *count += usize::from(choice.admits(user.last_login, filters.now_ms));
            }
        }
        if filters.login.admits(user.last_login, filters.now_ms) {
            if in_domain {
                matches.push(index);
            }
            if let Some(count) = domain.and_then(|id| per_domain.get_mut(id as usize)) {
                *count += 1;
            }
        }
    }
    let mut listed: Vec<(String, usize)> = domains
        .names
        .iter()
        .zip(per_domain)
        .filter(|(name, count)| *count > 0 && !name.is_empty())
        .map(|(name, count)| (name.clone(), count))
        .collect();
    listed.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    counts.domains = listed;
    (matches, counts)
}

/// Carries what is known of each user (`known`, one value per user of
/// `searched`: Find's text matched, a place in the locale's order) over to
/// `users`, which the walk made from `searched` by leaving users out
/// (deletes) or adding pages: returns the values carried, for a prefix of
/// `users`; the rest must be worked out. A new walk's users are new
/// objects, and are worked out again.
pub fn carry_over<T: Copy>(searched: &[Arc<User>], known: &[T], users: &[Arc<User>]) -> Vec<T> {
    let mut carried = Vec::with_capacity(users.len());
    let mut from = 0;
    for user in users {
        let Some(offset) = searched[from..]
            .iter()
            .position(|old| Arc::ptr_eq(old, user))
        else {
            break;
        };
        from += offset;
        match known.get(from) {
            Some(value) => carried.push(*value),
            None => break,
        }
        from += 1;
    }
    carried
}

/// The review in words for a file name: the Last login choice, the
/// domain, and Find's text, e.g. `no-login-in-90-days-domain-acme.example`
/// (empty without a filter). Characters a file name cannot safely hold
/// are the caller's to replace.
pub fn file_words(login: LastLoginFilter, domain: &str, find: &str) -> String {
    let login = match login {
        LastLoginFilter::AnyTime => None,
        LastLoginFilter::Never => Some("never-logged-in"),
        LastLoginFilter::NoneIn30Days => Some("no-login-in-30-days"),
        LastLoginFilter::NoneIn90Days => Some("no-login-in-90-days"),
        LastLoginFilter::NoneInAYear => Some("no-login-in-a-year"),
        LastLoginFilter::Within30Days => Some("logged-in-within-30-days"),
    };
    let domain = (!domain.is_empty()).then(|| format!("domain-{domain}"));
    let find = find.trim();
    let find = (!find.is_empty()).then(|| {
        let text: String = find.chars().take(FILE_TEXT_CHARS).collect();
        format!("matching-{}", text.replace(' ', "-"))
    });
    [login.map(str::to_owned), domain, find]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::LastLogin;

    const DAY: f64 = 86_400_000.0;
    const NOW: f64 = 1_796_000_000_000.0;

    fn user(email: &str, days_ago: Option<f64>) -> Arc<User> {
        Arc::new(User {
            id: email.into(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: email.into(),
            last_login: days_ago.map_or(LastLogin::Never, |d| LastLogin::At(NOW - d * DAY)),
            locale: None,
            roles: Vec::new(),
            attributes: Vec::new(),
        })
    }

    fn users() -> Vec<Arc<User>> {
        vec![
            user("ann@Acme.Example", None),
            user("bo@globex.example", Some(10.0)),
            user("cy@acme.example", Some(100.0)),
            user("di@acme.example", Some(30.0)),
            user("odd@name@ACME.example", Some(400.0)),
            user("no-at-sign", None),
        ]
    }

    /// `review` with the domains of `users` worked out first.
    fn run(users: &[Arc<User>], filters: Filters<'_>) -> (Vec<usize>, ReviewCounts) {
        let mut domains = Domains::default();
        domains.update(users);
        review(users, filters, &domains)
    }

    fn filters<'a>(
        text: Option<&'a [bool]>,
        login: LastLoginFilter,
        domain: &'a str,
    ) -> Filters<'a> {
        Filters {
            text,
            login,
            domain,
            now_ms: NOW,
        }
    }

    #[test]
    fn the_domain_follows_the_last_at_in_lower_case() {
        assert_eq!(domain_of("ann@Acme.Example"), "acme.example");
        assert_eq!(domain_of("odd@name@ACME.example"), "acme.example");
        assert_eq!(domain_of("no-at-sign"), "");
        assert_eq!(domain_of("trailing@"), "");
        assert!(matches!(domain_of("a@b.example"), Cow::Borrowed(_)));
        assert_eq!(typed_domain("  @ACME.example "), "acme.example");
        assert_eq!(typed_domain(""), "");
    }

    #[test]
    fn filters_combine_and_each_choice_is_counted() {
        let users = users();
        let (all, counts) = run(&users, filters(None, LastLoginFilter::AnyTime, ""));
        assert_eq!(all, [0, 1, 2, 3, 4, 5]);
        assert_eq!(counts.login, [6, 2, 5, 4, 3, 1]);
        assert_eq!(
            counts.domains,
            [
                ("acme.example".to_owned(), 4),
                ("globex.example".to_owned(), 1)
            ]
        );

        let (matches, counts) = run(
            &users,
            filters(None, LastLoginFilter::NoneIn90Days, "acme.example"),
        );
        assert_eq!(matches, [0, 2, 4]);
        assert_eq!(counts.of_login(LastLoginFilter::AnyTime), 4);
        assert_eq!(counts.of_login(LastLoginFilter::NoneIn30Days), 4);
        assert_eq!(counts.of_login(LastLoginFilter::Within30Days), 0);
        assert_eq!(counts.domains, [("acme.example".to_owned(), 3)]);

        let text = [true, true, false, true, false, true];
        let (matches, counts) = run(
            &users,
            filters(Some(&text), LastLoginFilter::NoneIn30Days, "acme.example"),
        );
        assert_eq!(matches, [0, 3]);
        assert_eq!(counts.of_login(LastLoginFilter::AnyTime), 2);
        assert_eq!(
            counts.domains,
            [("acme.example".to_owned(), 2)],
            "the user without a domain is counted under none"
        );
    }

    #[test]
    fn a_domain_matches_whole_not_in_part() {
        let users = users();
        let (matches, _) = run(&users, filters(None, LastLoginFilter::AnyTime, "acme"));
        assert!(matches.is_empty());
        let (matches, _) = run(
            &users,
            filters(None, LastLoginFilter::AnyTime, "globex.example"),
        );
        assert_eq!(matches, [1]);
    }

    #[test]
    fn matches_carry_over_deletes_and_new_pages_but_not_a_new_walk() {
        let users = users();
        let matched = [true, false, true, false, true, false];
        let after_delete: Vec<_> = [0, 2, 3, 5].map(|i| users[i].clone()).to_vec();
        assert_eq!(
            carry_over(&users, &matched, &after_delete),
            [true, true, false, false]
        );
        let mut more = users.clone();
        more.push(user("new@x.example", None));
        assert_eq!(carry_over(&users, &matched, &more), matched);
        let new_walk = self::users();
        assert!(carry_over(&users, &matched, &new_walk).is_empty());
    }

    #[test]
    fn domains_are_carried_over_deletes_and_read_for_new_users_only() {
        let mut all = users();
        let mut domains = Domains::default();
        domains.update(&all[..3]);
        assert_eq!(domains.of_user, [0, 1, 0]);
        all.remove(1);
        domains.update(&all);
        assert_eq!(domains.of_user, [0, 0, 0, 0, 2]);
        assert_eq!(domains.names, ["acme.example", "globex.example", ""]);
        let (matches, counts) = review(
            &all,
            filters(None, LastLoginFilter::AnyTime, "globex.example"),
            &domains,
        );
        assert!(
            matches.is_empty(),
            "the domain is known, its users are gone"
        );
        assert_eq!(counts.domains, [("acme.example".to_owned(), 4)]);
    }

    #[test]
    fn a_file_name_says_the_review() {
        assert_eq!(file_words(LastLoginFilter::AnyTime, "", ""), "");
        assert_eq!(
            file_words(LastLoginFilter::Never, "", ""),
            "never-logged-in"
        );
        assert_eq!(
            file_words(LastLoginFilter::NoneIn90Days, "acme.example", " ann lee "),
            "no-login-in-90-days-domain-acme.example-matching-ann-lee"
        );
        let long = "x".repeat(100);
        assert_eq!(
            file_words(LastLoginFilter::AnyTime, "", &long).len(),
            "matching-".len() + 40
        );
    }
}
