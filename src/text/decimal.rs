//! Numbers typed by people or sent in headers, read and written as exact
//! decimals: NUMBER attribute values and `Retry-After`.
//!
//! The console never computes with these numbers: it checks them, tidies
//! them and passes them on. Kept, though serde_json now reads the API's
//! JSON, for two reasons: a NUMBER value goes to the API as the
//! text the administrator typed, tidied, with every digit (an `f64` keeps
//! 17, so `12345678901234567890` would change), and Rust's float parsing
//! and formatting stay out of the wasm (taking every `f64` text conversion
//! out saved 18.8 KB of brotli; BENCHMARKS.md). serde_json reads JSON
//! numbers with its own code, not Rust's.

use std::fmt;

/// The largest decimal exponent kept: 10³⁰⁸ and up, and non-zero numbers
/// below 10⁻³⁰⁹, lie outside what a JSON reader on the other side holds
/// in an `f64` (numbers above about 1.8 × 10³⁰⁸ become infinite, those
/// below about 5 × 10⁻³²⁴ become zero).
const MAX_EXPONENT: i64 = 308;

/// Bounds the exponent while reading it: far beyond [`MAX_EXPONENT`] plus
/// the length of any text, and far from overflowing an `i64`.
const EXPONENT_CAP: i64 = 1 << 40;

/// A number in decimal notation, held exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// A minus sign was written; ignored for zero.
    negative: bool,
    /// The significant digits, without leading or trailing zeros; empty
    /// for zero.
    digits: String,
    /// Where the decimal point goes: the value is 0.`digits` × 10^`point`.
    point: i64,
}

impl Decimal {
    /// Reads the syntax Rust's `f64::from_str` reads, except `inf` and
    /// `NaN`: an optional sign, digits with an optional `.` (at least one
    /// digit on either side), an optional exponent `e` or `E` with an
    /// optional sign. No spaces, no digit grouping.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, unsigned) = split_sign(text);
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, parse_exponent(exponent)?),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return None;
        }
        let mut digits: String = whole.chars().chain(fraction.chars()).collect();
        let leading_zeros = digits.len() - digits.trim_start_matches('0').len();
        digits.drain(..leading_zeros);
        digits.truncate(digits.trim_end_matches('0').len());
        let point = whole.len() as i64 - leading_zeros as i64 + exponent;
        Some(Decimal {
            negative,
            point: if digits.is_empty() { 0 } else { point },
            digits,
        })
    }

    /// Whether the number is zero or its size lies between 10⁻³⁰⁹ and
    /// 10³⁰⁸ (see [`MAX_EXPONENT`]).
    pub fn is_moderate(&self) -> bool {
        self.digits.is_empty() || (-MAX_EXPONENT..=MAX_EXPONENT).contains(&self.point)
    }

    /// The number rounded up to a whole number, at most `u32::MAX`; `None`
    /// when it is negative (a negative zero is zero).
    pub fn ceil_u32(&self) -> Option<u32> {
        if self.digits.is_empty() {
            return Some(0);
        }
        if self.negative {
            return None;
        }
        // Past ten digits the number exceeds u32::MAX anyway.
        let whole_len = self.point.clamp(0, 11) as usize;
        let whole = leading_digits(&self.digits, whole_len);
        let has_fraction = self.digits.len() > whole_len;
        let ceiling = whole + u64::from(has_fraction);
        Some(u32::try_from(ceiling).unwrap_or(u32::MAX))
    }
}

/// The first `count` of the ASCII `digits` as a whole number, reading
/// those past the end as zeros: `leading_digits("12", 4)` is 1200. At most
/// 19 digits fit.
pub fn leading_digits(digits: &str, count: usize) -> u64 {
    (0..count).fold(0, |value, at| {
        value * 10 + u64::from(digits.as_bytes().get(at).map_or(0, |d| d - b'0'))
    })
}

impl fmt::Display for Decimal {
    /// Plain decimal notation, never an exponent: `-12.5`, `1000`, `0.007`;
    /// zero is `0`, without a sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zeros =
            |f: &mut fmt::Formatter<'_>, count: i64| (0..count).try_for_each(|_| f.write_str("0"));
        if self.digits.is_empty() {
            return f.write_str("0");
        }
        if self.negative {
            f.write_str("-")?;
        }
        let len = self.digits.len() as i64;
        if self.point <= 0 {
            f.write_str("0.")?;
            zeros(f, -self.point)?;
            f.write_str(&self.digits)
        } else if self.point >= len {
            f.write_str(&self.digits)?;
            zeros(f, self.point - len)
        } else {
            let (whole, fraction) = self.digits.split_at(self.point as usize);
            f.write_str(whole)?;
            f.write_str(".")?;
            f.write_str(fraction)
        }
    }
}

/// A leading `-` or `+` and the rest.
fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// An exponent's digits, after an optional sign, capped at
/// ±[`EXPONENT_CAP`] (beyond it every number is out of range anyway).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    if digits.is_empty() || !all_digits(digits) {
        return None;
    }
    let size = digits.bytes().fold(0i64, |size, d| {
        (size * 10 + i64::from(d - b'0')).min(EXPONENT_CAP)
    });
    Some(if negative { -size } else { size })
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{leading_digits, Decimal};

    #[test]
    fn leading_digits_pad_with_zeros() {
        assert_eq!(leading_digits("12", 4), 1200);
        assert_eq!(leading_digits("123456", 3), 123);
        assert_eq!(leading_digits("", 2), 0);
        assert_eq!(
            leading_digits("9999999999999999999", 19),
            9_999_999_999_999_999_999
        );
    }

    fn plain(text: &str) -> Option<String> {
        Decimal::parse(text).map(|number| number.to_string())
    }

    #[test]
    fn reads_what_f64_reads() {
        for (text, expected) in [
            ("12", "12"),
            ("+7", "7"),
            ("-3.25", "-3.25"),
            ("012.50", "12.5"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            ("2.5e-3", "0.0025"),
            ("-1.5e1", "-15"),
            (".5", "0.5"),
            ("5.", "5"),
            ("0.000", "0"),
            ("-0", "0"),
            ("-0.0e5", "0"),
            ("1234.5678e2", "123456.78"),
            ("0.001e3", "1"),
            ("100e-2", "1"),
        ] {
            assert_eq!(plain(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn keeps_every_digit() {
        // An f64 would round these to 17 significant digits.
        assert_eq!(
            plain("12345678901234567890").as_deref(),
            Some("12345678901234567890")
        );
        assert_eq!(
            plain("0.1000000000000000055511").as_deref(),
            Some("0.1000000000000000055511")
        );
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "", ".", "-", "+", "e3", ".e3", "1e", "1e+", "1.2.3", "1,5", "1 000", "1_000", " 1",
            "1 ", "--1", "+-1", "0x10", "twelve", "NaN", "inf", "infinity", "1e3.5", "١٢",
        ] {
            assert_eq!(Decimal::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn moderate_sizes() {
        let moderate = |text: &str| Decimal::parse(text).unwrap().is_moderate();
        for text in [
            "0", "0e999999", "1e307", "9.99e307", "-9e307", "1e-309", "123e-311",
        ] {
            assert!(moderate(text), "{text}");
        }
        for text in [
            "1e308",
            "1e999",
            "-1e999",
            "1e99999999999999999999",
            "1e-310",
            "9e-310",
        ] {
            assert!(!moderate(text), "{text}");
        }
    }

    #[test]
    fn rounds_up_to_whole_u32() {
        let ceil = |text: &str| Decimal::parse(text).unwrap().ceil_u32();
        assert_eq!(ceil("0"), Some(0));
        assert_eq!(ceil("-0"), Some(0));
        assert_eq!(ceil("2"), Some(2));
        assert_eq!(ceil("1.2"), Some(2));
        assert_eq!(ceil("0.001"), Some(1));
        assert_eq!(ceil("3.0"), Some(3));
        assert_eq!(ceil("1.5e1"), Some(15));
        assert_eq!(ceil("4294967295"), Some(u32::MAX));
        assert_eq!(ceil("4294967295.5"), Some(u32::MAX));
        assert_eq!(ceil("99999999999"), Some(u32::MAX));
        assert_eq!(ceil("1e300"), Some(u32::MAX));
        assert_eq!(ceil("-3"), None);
        assert_eq!(ceil("-0.5"), None);
    }
}
