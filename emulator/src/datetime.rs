//! The little date-time handling the emulator needs: formatting UTC
//! timestamps (with the `time` crate) and recognising RFC 3339 date-times
//! as leniently as the contract allows (a space for `T`, a leap second),
//! which `time`'s own RFC 3339 parser is stricter about.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `epoch_seconds` as an ISO 8601 UTC string such as `2026-03-04T12:30:00Z`;
/// empty for an instant outside the years 1 to 9999.
pub(crate) fn format_utc(epoch_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(epoch_seconds)
        .ok()
        .and_then(|instant| instant.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Whether `text` is an RFC 3339 date-time, e.g. `2026-03-04T12:30:00.5+01:00`.
pub(crate) fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = &b[from..to];
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let separators_ok = b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't' | b' ')
        && b[13] == b':'
        && b[16] == b':';
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        number(0, 4),
        number(5, 7),
        number(8, 10),
        number(11, 13),
        number(14, 16),
        number(17, 19),
    ) else {
        return false;
    };
    let fields_ok = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second <= 60;
    separators_ok && fields_ok && is_fraction_and_offset(&b[19..])
}

/// The tail after the seconds: an optional `.digits` fraction, then `Z` or `±HH:MM`.
fn is_fraction_and_offset(tail: &[u8]) -> bool {
    let mut rest = tail;
    if let Some(after_dot) = rest.strip_prefix(b".") {
        let digits = after_dot.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &after_dot[digits..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let all_digits = [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit());
            all_digits && (h1 - b'0') * 10 + (h2 - b'0') < 24 && (m1 - b'0') * 10 + (m2 - b'0') < 60
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_772_627_400), "2026-03-04T12:30:00Z");
    }

    #[test]
    fn recognises_rfc3339() {
        for good in [
            "2026-03-04T12:30:00Z",
            "2026-03-04t12:30:00.123z",
            "2024-02-29T23:59:60+05:30",
            "2026-03-04 12:30:00-08:00",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "2026-03-04",
            "2026-13-04T12:30:00Z",
            "2023-02-29T12:30:00Z",
            "2026-03-04T24:00:00Z",
            "2026-03-04T12:30:00",
            "2026-03-04T12:30:00.Z",
            "2026-03-04T12:30:00+1:00",
            "tomorrow at noon, roughly",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
