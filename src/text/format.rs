//! Text for an administrator: the unit a moment is told in ("3 days ago"
//! is 3 and "day"), and counts of things ("1 user", "12 users").
//!
//! Choosing the unit is pure and tested natively; the wording comes from the
//! browser's `Intl` (`crate::app::dates`), so "3 days ago" reads "il y a 3
//! jours" in French.

const MINUTE: f64 = 60.0;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;
const WEEK: f64 = 7.0 * DAY;
const MONTH: f64 = 30.0 * DAY;
const YEAR: f64 = 365.0 * DAY;

/// The value and `Intl.RelativeTimeFormat` unit for a moment `seconds` from
/// now (negative: in the past), rounded to the largest unit that fits.
pub fn relative_unit(seconds: f64) -> (f64, &'static str) {
    let size = seconds.abs();
    let (unit_secs, unit) = if size < MINUTE {
        (1.0, "second")
    } else if size < HOUR {
        (MINUTE, "minute")
    } else if size < DAY {
        (HOUR, "hour")
    } else if size < WEEK {
        (DAY, "day")
    } else if size < MONTH {
        (WEEK, "week")
    } else if size < YEAR {
        (MONTH, "month")
    } else {
        (YEAR, "year")
    };
    // `+ 0.0` turns -0 into 0, which Intl would print as "in 0 seconds".
    ((seconds / unit_secs).round() + 0.0, unit)
}

/// `n` and the noun, plural but for one: "1 user", "12 users", "0 rows".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::{count, relative_unit};

    #[test]
    fn counts_are_plural_but_for_one() {
        assert_eq!(count(0, "user"), "0 users");
        assert_eq!(count(1, "user"), "1 user");
        assert_eq!(count(120, "row"), "120 rows");
    }

    #[test]
    fn picks_the_largest_unit_that_fits() {
        assert_eq!(relative_unit(-5.0), (-5.0, "second"));
        assert_eq!(relative_unit(-90.0), (-2.0, "minute"));
        assert_eq!(relative_unit(-3.0 * 3600.0), (-3.0, "hour"));
        assert_eq!(relative_unit(-3.0 * 86400.0), (-3.0, "day"));
        assert_eq!(relative_unit(-15.0 * 86400.0), (-2.0, "week"));
        assert_eq!(relative_unit(-100.0 * 86400.0), (-3.0, "month"));
        assert_eq!(relative_unit(-800.0 * 86400.0), (-2.0, "year"));
    }

    #[test]
    fn now_is_zero_not_minus_zero() {
        let (value, unit) = relative_unit(-0.2);
        assert_eq!(unit, "second");
        assert!(value == 0.0 && value.is_sign_positive());
    }

    #[test]
    fn future_times_are_positive() {
        assert_eq!(relative_unit(2.0 * 86400.0), (2.0, "day"));
    }
}
