//! **Last login**: the choices of the filter, their words, their values in
//! the address, and which last logins each admits at a given moment.

use crate::api::model::LastLogin;

/// A day in milliseconds.
const DAY_MS: f64 = 86_400_000.0;

/// A choice of the **Last login** filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LastLoginFilter {
    /// "Any time": no filter.
    #[default]
    AnyTime,
    /// "Never logged in".
    Never,
    /// "No login in 30 days", never logged in included.
    NoneIn30Days,
    /// "No login in 90 days", never logged in included.
    NoneIn90Days,
    /// "No login in a year", never logged in included.
    NoneInAYear,
    /// "Logged in within 30 days".
    Within30Days,
}

impl LastLoginFilter {
    /// Every choice, in the order the select offers them.
    pub const ALL: [LastLoginFilter; 6] = [
        LastLoginFilter::AnyTime,
        LastLoginFilter::Never,
        LastLoginFilter::NoneIn30Days,
        LastLoginFilter::NoneIn90Days,
        LastLoginFilter::NoneInAYear,
        LastLoginFilter::Within30Days,
    ];

    /// The choice a `login=` value names; `None` for anything else, which
    /// the review ignores.
    pub fn from_param(value: &str) -> Option<LastLoginFilter> {
        LastLoginFilter::ALL
            .into_iter()
            .find(|choice| choice.param() == Some(value))
    }

    /// Its `login=` value; "Any time" has none.
    pub fn param(self) -> Option<&'static str> {
        match self {
            LastLoginFilter::AnyTime => None,
            LastLoginFilter::Never => Some("never"),
            LastLoginFilter::NoneIn30Days => Some("30d"),
            LastLoginFilter::NoneIn90Days => Some("90d"),
            LastLoginFilter::NoneInAYear => Some("365d"),
            LastLoginFilter::Within30Days => Some("recent"),
        }
    }

    /// The words the select shows.
    pub fn label(self) -> &'static str {
        match self {
            LastLoginFilter::AnyTime => "Any time",
            LastLoginFilter::Never => "Never logged in",
            LastLoginFilter::NoneIn30Days => "No login in 30 days",
            LastLoginFilter::NoneIn90Days => "No login in 90 days",
            LastLoginFilter::NoneInAYear => "No login in a year",
            LastLoginFilter::Within30Days => "Logged in within 30 days",
        }
    }

    /// Whether a user who last logged in at `last_login` passes, at the
    /// moment `now_ms` (epoch milliseconds). "No login in N days" holds a
    /// login exactly N days old; "Logged in within 30 days" does not, so
    /// the two 30-day choices split the portal in two. A login after
    /// `now_ms` (a clock ahead of the browser's) is recent.
    pub fn admits(self, last_login: LastLogin, now_ms: f64) -> bool {
        let days = |n: f64| match last_login {
            LastLogin::Never => None,
            LastLogin::At(at) => Some(now_ms - at >= n * DAY_MS),
        };
        match self {
            LastLoginFilter::AnyTime => true,
            LastLoginFilter::Never => last_login == LastLogin::Never,
            LastLoginFilter::NoneIn30Days => days(30.0) != Some(false),
            LastLoginFilter::NoneIn90Days => days(90.0) != Some(false),
            LastLoginFilter::NoneInAYear => days(365.0) != Some(false),
            LastLoginFilter::Within30Days => days(30.0) == Some(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_796_000_000_000.0;

    fn ago(days: f64) -> LastLogin {
        LastLogin::At(NOW - days * DAY_MS)
    }

    fn passing(last_login: LastLogin) -> Vec<LastLoginFilter> {
        LastLoginFilter::ALL
            .into_iter()
            .filter(|choice| choice.admits(last_login, NOW))
            .collect()
    }

    #[test]
    fn never_logged_in_is_in_every_no_login_choice() {
        use LastLoginFilter::*;
        assert_eq!(
            passing(LastLogin::Never),
            [AnyTime, Never, NoneIn30Days, NoneIn90Days, NoneInAYear]
        );
    }

    #[test]
    fn exactly_thirty_days_is_no_login_in_30_days() {
        use LastLoginFilter::*;
        assert_eq!(passing(ago(30.0)), [AnyTime, NoneIn30Days]);
        assert_eq!(
            passing(LastLogin::At(NOW - 30.0 * DAY_MS + 1.0)),
            [AnyTime, Within30Days]
        );
        assert_eq!(passing(ago(90.0)), [AnyTime, NoneIn30Days, NoneIn90Days]);
        assert_eq!(passing(ago(89.9)), [AnyTime, NoneIn30Days]);
        assert_eq!(
            passing(ago(365.0)),
            [AnyTime, NoneIn30Days, NoneIn90Days, NoneInAYear]
        );
        assert_eq!(passing(ago(364.9)), [AnyTime, NoneIn30Days, NoneIn90Days]);
    }

    #[test]
    fn a_login_now_or_ahead_of_the_clock_is_recent() {
        use LastLoginFilter::*;
        assert_eq!(passing(ago(0.0)), [AnyTime, Within30Days]);
        assert_eq!(passing(ago(-2.0)), [AnyTime, Within30Days]);
    }

    #[test]
    fn address_values_round_trip_and_others_are_ignored() {
        for choice in LastLoginFilter::ALL {
            match choice.param() {
                Some(value) => assert_eq!(LastLoginFilter::from_param(value), Some(choice)),
                None => assert_eq!(choice, LastLoginFilter::AnyTime),
            }
        }
        for bad in ["", "any", "NEVER", "30", "31d", " never", "recent "] {
            assert_eq!(LastLoginFilter::from_param(bad), None, "{bad:?}");
        }
    }
}
