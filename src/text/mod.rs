//! Pure text helpers, tested natively: counts and time units in words,
//! percent-encoding, ISO 8601 times, decimal numbers.

pub mod decimal;
pub mod format;
pub mod percent;
pub mod time;
