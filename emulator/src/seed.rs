//! Deterministic demo data: roles, user attributes and users.

use std::collections::HashSet;

use serde_json::Value;

use crate::catalog::Catalog;
use crate::datetime::format_utc;
use crate::ids::object_id;
use crate::model::{Attribute, AttributeKind, AttributeValue, Role, User};
use crate::names::{
    DEPARTMENTS, DOMAINS, FIRST_NAMES, LAST_NAMES, LOCALES, REGIONS, ROLE_NAMES, SPECIAL_USERS,
    SYSTEM_ROLES,
};
use crate::prng::SplitMix64;

/// Seconds in a year.
const YEAR: u64 = 365 * 86_400;

/// How far back seeded logins go: two years, so that "No login in a year"
/// finds more than the users who never logged in.
const LOGINS_SPAN: u64 = 2 * YEAR;

/// The seeded catalog and users.
pub(crate) struct Seeded {
    pub(crate) catalog: Catalog,
    /// Users in creation order, with sequence numbers `1..=len`.
    pub(crate) users: Vec<User>,
}

/// Seeds `user_count` users from `seed`; logins fall in the two years before `now` (epoch seconds).
pub(crate) fn seed(user_count: usize, seed: u64, now: i64) -> Seeded {
    let mut rng = SplitMix64::new(seed);
    let catalog = Catalog {
        roles: roles(&mut rng),
        attributes: attributes(&mut rng),
    };
    let mut emails = HashSet::new();
    let users = (0..user_count)
        .map(|index| {
            let (first, last, email) = identity(index, &mut rng, &mut emails);
            User {
                seq: index as u64 + 1,
                id: object_id("us_", &mut rng),
                first_name: first,
                last_name: last,
                email,
                last_logged_at: last_login(&mut rng, now),
                locale: rng.pick(LOCALES).to_string(),
                roles: granted_roles(&catalog, &mut rng),
                attributes: attribute_values(&catalog, &mut rng),
            }
        })
        .collect();
    Seeded { catalog, users }
}

fn roles(rng: &mut SplitMix64) -> Vec<Role> {
    ROLE_NAMES
        .iter()
        .enumerate()
        .map(|(index, name)| Role {
            seq: index as u64 + 1,
            id: object_id("ro_", rng),
            name: name.to_string(),
            is_system: index < SYSTEM_ROLES,
        })
        .collect()
}

fn attributes(rng: &mut SplitMix64) -> Vec<Attribute> {
    let definitions = [
        ("department", "Department", AttributeKind::String, false),
        ("regions", "Regions", AttributeKind::String, true),
        ("seats", "Licensed seats", AttributeKind::Number, false),
        ("is_contractor", "Contractor", AttributeKind::Boolean, false),
        ("contract_end", "Contract end", AttributeKind::Time, false),
        ("legacy_id", "Legacy ID", AttributeKind::Unknown, false),
        ("cost_center", "Cost center", AttributeKind::String, false),
    ];
    definitions
        .into_iter()
        .enumerate()
        .map(|(index, (name, label, kind, multiple))| Attribute {
            seq: index as u64 + 1,
            id: object_id("ua_", rng),
            name: name.to_string(),
            label: label.to_string(),
            kind,
            allow_multiple_values: multiple,
        })
        .collect()
}

/// Names and a unique email for the user at `index`: the special users sit
/// at odd positions among the first twenty, ordinary ones everywhere else.
fn identity(
    index: usize,
    rng: &mut SplitMix64,
    emails: &mut HashSet<String>,
) -> (String, String, String) {
    if index % 2 == 1 {
        if let Some((first, last, email)) = SPECIAL_USERS.get(index / 2) {
            emails.insert(email.to_string());
            return (first.to_string(), last.to_string(), email.to_string());
        }
    }
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let domain = weighted_domain(rng);
    let local = format!("{}.{}", ascii_fold(first), ascii_fold(last));
    let mut email = format!("{local}@{domain}");
    let mut suffix = 2;
    while !emails.insert(email.clone()) {
        email = format!("{local}{suffix}@{domain}");
        suffix += 1;
    }
    (first.to_string(), last.to_string(), email)
}

/// A domain of [`DOMAINS`], by weight: one draw, as a plain pick takes.
fn weighted_domain(rng: &mut SplitMix64) -> &'static str {
    let total: u64 = DOMAINS.iter().map(|(_, weight)| weight).sum();
    let mut draw = rng.below(total);
    for (domain, weight) in DOMAINS {
        if draw < *weight {
            return domain;
        }
        draw -= weight;
    }
    DOMAINS[0].0
}

/// Lowercase ASCII for an email local part: accents dropped, other letters removed.
fn ascii_fold(name: &str) -> String {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåā", 'a'),
        ("çćč", 'c'),
        ("èéêëē", 'e'),
        ("ìíîïı", 'i'),
        ("ł", 'l'),
        ("ñń", 'n'),
        ("òóôõöøō", 'o'),
        ("śšşß", 's'),
        ("ùúûüū", 'u'),
        ("ýÿ", 'y'),
        ("žźż", 'z'),
    ];
    name.to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c)
            } else {
                FOLDS
                    .iter()
                    .find(|(from, _)| from.contains(c))
                    .map(|(_, to)| *to)
            }
        })
        .collect()
}

/// About one user in ten never logged in; the others within the last two years.
fn last_login(rng: &mut SplitMix64, now: i64) -> Value {
    if rng.chance(0.1) {
        return Value::Null;
    }
    let ago = rng.below(LOGINS_SPAN) as i64;
    Value::String(format_utc(now - ago))
}

fn granted_roles(catalog: &Catalog, rng: &mut SplitMix64) -> Vec<String> {
    let count = 1 + rng.below(3) as usize;
    let mut granted: Vec<String> = Vec::with_capacity(count);
    for _ in 0..count {
        let id = &rng.pick(&catalog.roles).id;
        if !granted.contains(id) {
            granted.push(id.clone());
        }
    }
    granted
}

fn attribute_values(catalog: &Catalog, rng: &mut SplitMix64) -> Vec<AttributeValue> {
    let mut values = Vec::new();
    for attribute in &catalog.attributes {
        let mut push = |value: String| {
            values.push(AttributeValue {
                id: attribute.id.clone(),
                value,
            })
        };
        match attribute.name.as_str() {
            "department" => push(rng.pick(DEPARTMENTS).to_string()),
            "regions" => {
                let first = rng.below(REGIONS.len() as u64) as usize;
                push(REGIONS[first].to_string());
                if rng.chance(0.4) {
                    push(REGIONS[(first + 1) % REGIONS.len()].to_string());
                }
            }
            "seats" if rng.chance(0.5) => push((1 + rng.below(50)).to_string()),
            "is_contractor" => push(rng.chance(0.2).to_string()),
            "contract_end" if rng.chance(0.3) => {
                push(format_utc(1_780_000_000 + rng.below(YEAR) as i64))
            }
            _ => {}
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data() {
        let a = seed(50, 9, 1_772_627_400);
        let b = seed(50, 9, 1_772_627_400);
        let ids = |s: &Seeded| s.users.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn emails_are_unique_and_specials_come_first() {
        let seeded = seed(237, 1, 1_772_627_400);
        let emails: HashSet<_> = seeded
            .users
            .iter()
            .map(|u| u.email.to_lowercase())
            .collect();
        assert_eq!(emails.len(), 237);
        let first_page: Vec<_> = seeded.users[..20]
            .iter()
            .map(|u| u.first_name.as_str())
            .collect();
        for special in SPECIAL_USERS {
            assert!(first_page.contains(&special.0), "{}", special.0);
        }
        assert!(seeded
            .users
            .iter()
            .any(|u| u.last_name.chars().count() > 200));
    }

    #[test]
    fn catalog_has_every_attribute_kind_and_two_pages_of_roles() {
        let seeded = seed(0, 1, 0);
        assert_eq!(seeded.catalog.roles.len(), 24);
        for kind in [
            AttributeKind::String,
            AttributeKind::Number,
            AttributeKind::Boolean,
            AttributeKind::Time,
            AttributeKind::Unknown,
        ] {
            assert!(seeded.catalog.attributes.iter().any(|a| a.kind == kind));
        }
        assert!(seeded
            .catalog
            .attributes
            .iter()
            .any(|a| a.allow_multiple_values));
    }

    #[test]
    fn domains_have_clearly_different_counts() {
        let seeded = seed(1000, 1, 1_772_627_400);
        let count = |domain: &str| {
            seeded
                .users
                .iter()
                .filter(|u| u.email.ends_with(&format!("@{domain}")))
                .count()
        };
        let counts: Vec<usize> = DOMAINS.iter().map(|(domain, _)| count(domain)).collect();
        assert!(
            counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3],
            "{counts:?}"
        );
        assert!(counts.iter().all(|&n| n > 20), "{counts:?}");
    }

    #[test]
    fn folds_accents_for_emails() {
        assert_eq!(ascii_fold("Łukasz"), "lukasz");
        assert_eq!(ascii_fold("Yılmaz"), "yilmaz");
    }
}
