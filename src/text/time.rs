//! ISO 8601 timestamps to epoch milliseconds, without the browser.
//!
//! The API sends login times as ISO 8601 strings. `js_sys::Date::parse`
//! would do, but it only exists in the browser and its leniency differs
//! between engines; this small parser runs the same in native unit tests
//! and in every browser.

use crate::text::decimal::leading_digits;

/// Parses an ISO 8601 date or date-time into milliseconds since the Unix epoch.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` (or a space) and
/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff…`, optionally followed by `Z` or an
/// offset `±hh:mm`, `±hhmm` or `±hh`. A date-time without an offset, and a
/// bare date (taken as midnight), are read as UTC: the API runs in UTC and
/// the browser's zone is no better a guess. Anything else is `None`.
pub fn parse_iso8601_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let days = parse_date(date)?;
    if rest.is_empty() {
        return Some(days as f64 * DAY_MS);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(rest);
    let clock_ms = parse_clock(clock)?;
    let offset_ms = parse_offset(offset)?;
    Some(days as f64 * DAY_MS + clock_ms - offset_ms)
}

const DAY_MS: f64 = 86_400_000.0;

/// Formats milliseconds since the Unix epoch as ISO 8601 in UTC to the
/// second, e.g. `2026-05-01T09:30:00Z` (what the API stores for TIME
/// attributes). Milliseconds are dropped, rounding towards the past.
pub fn format_iso8601_utc(epoch_ms: f64) -> String {
    let seconds = (epoch_ms / 1000.0).floor() as i64;
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// `YYYY-MM-DD` to days since 1970-01-01.
fn parse_date(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = digits(&date[0..4])?;
    let month = digits(&date[5..7])?;
    let day = digits(&date[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Splits `hh:mm:ss.fffZ` into the clock and the zone designator.
fn split_offset(rest: &str) -> (&str, &str) {
    match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    }
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff…` to milliseconds into the day.
fn parse_clock(clock: &str) -> Option<f64> {
    let (whole, fraction) = match clock.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = whole.split(':');
    let hours = two_digits(parts.next()?)?;
    let minutes = two_digits(parts.next()?)?;
    let seconds = parts.next().map(two_digits).unwrap_or(Some(0))?;
    if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    let fraction_ms = match fraction {
        // A fraction only makes sense after the seconds.
        Some(f) if whole.len() == 8 && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            fraction_ms(f)
        }
        Some(_) => return None,
        None => 0.0,
    };
    Some(((hours * 60 + minutes) * 60 + seconds) as f64 * 1000.0 + fraction_ms)
}

/// The digits after a decimal point, as milliseconds.
///
/// Read as whole nanoseconds (digits past the ninth are dropped, far below
/// what an `f64` of epoch milliseconds resolves) rather than with float
/// parsing, which would bring its code into the wasm.
fn fraction_ms(digits: &str) -> f64 {
    leading_digits(digits, 9) as f64 / 1_000_000.0
}

/// `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing to milliseconds east of UTC.
fn parse_offset(offset: &str) -> Option<f64> {
    let (sign, body) = match offset.as_bytes().first() {
        None | Some(b'Z' | b'z') if offset.len() <= 1 => return Some(0.0),
        Some(b'+') => (1.0, &offset[1..]),
        Some(b'-') => (-1.0, &offset[1..]),
        _ => return None,
    };
    let (hours, minutes) = match body.len() {
        2 => (body, "00"),
        4 => body.split_at(2),
        5 if body.as_bytes()[2] == b':' => (&body[0..2], &body[3..5]),
        _ => return None,
    };
    let (hours, minutes) = (two_digits(hours)?, two_digits(minutes)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * ((hours * 60 + minutes) * 60_000) as f64)
}

fn two_digits(text: &str) -> Option<i64> {
    if text.len() == 2 {
        digits(text)
    } else {
        None
    }
}

fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), exact for every four-digit year.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{format_iso8601_utc, parse_iso8601_ms, DAY_MS};

    // 2024-03-05T14:07:09Z, checked against `date -u -d 2024-03-05T14:07:09Z +%s`.
    const BASE: f64 = 1_709_647_629_000.0;

    #[test]
    fn utc_with_z() {
        assert_eq!(parse_iso8601_ms("2024-03-05T14:07:09Z"), Some(BASE));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_iso8601_ms("1969-12-31T23:59:59Z"), Some(-1000.0));
    }

    #[test]
    fn offsets_in_every_form() {
        assert_eq!(parse_iso8601_ms("2024-03-05T15:07:09+01:00"), Some(BASE));
        assert_eq!(parse_iso8601_ms("2024-03-05T15:07:09+0100"), Some(BASE));
        assert_eq!(parse_iso8601_ms("2024-03-05T15:07:09+01"), Some(BASE));
        assert_eq!(parse_iso8601_ms("2024-03-05T09:37:09-04:30"), Some(BASE));
    }

    #[test]
    fn fractional_seconds() {
        assert_eq!(
            parse_iso8601_ms("2024-03-05T14:07:09.250Z"),
            Some(BASE + 250.0)
        );
        assert_eq!(
            parse_iso8601_ms("2024-03-05T14:07:09.5Z"),
            Some(BASE + 500.0)
        );
        let micro = parse_iso8601_ms("2024-03-05T14:07:09.123456+00:00").unwrap();
        assert!((micro - (BASE + 123.456)).abs() < 1e-3);
        let pico = parse_iso8601_ms("1970-01-01T00:00:00.123456789012Z").unwrap();
        assert_eq!(pico, 123.456789);
    }

    #[test]
    fn no_offset_and_date_only_are_utc() {
        assert_eq!(parse_iso8601_ms("2024-03-05T14:07:09"), Some(BASE));
        assert_eq!(parse_iso8601_ms("2024-03-05 14:07:09"), Some(BASE));
        assert_eq!(parse_iso8601_ms("2024-03-05T14:07Z"), Some(BASE - 9000.0));
        assert_eq!(parse_iso8601_ms("2024-03-05"), Some(BASE - 50_829_000.0));
        assert_eq!(parse_iso8601_ms("2024-02-29"), Some(1_709_164_800_000.0));
    }

    #[test]
    fn garbage_is_none() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-03-05T",
            "2024-03-05T25:00:00Z",
            "2024-03-05T14:07:09.Z",
            "2024-03-05T14:07.5Z",
            "2024-03-05T14:07:09+1",
            "2024-03-05T14:07:09Q",
            "2024/03/05",
            "٢٠٢٤-03-05",
        ] {
            assert_eq!(parse_iso8601_ms(text), None, "{text:?}");
        }
    }

    #[test]
    fn formats_utc_to_the_second() {
        assert_eq!(format_iso8601_utc(BASE), "2024-03-05T14:07:09Z");
        assert_eq!(format_iso8601_utc(BASE + 999.0), "2024-03-05T14:07:09Z");
        assert_eq!(format_iso8601_utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(format_iso8601_utc(-1000.0), "1969-12-31T23:59:59Z");
        assert_eq!(
            format_iso8601_utc(1_709_164_800_000.0),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            format_iso8601_utc(1_777_627_800_000.0),
            "2026-05-01T09:30:00Z"
        );
        // Every day of a few centuries survives a round trip.
        for day in (-80_000..80_000).step_by(7) {
            let ms = f64::from(day) * DAY_MS + 3_723_000.0;
            assert_eq!(parse_iso8601_ms(&format_iso8601_utc(ms)), Some(ms), "{day}");
        }
    }
}
