//! Object and request identifiers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::prng::{mix, SplitMix64};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// An ID shaped like the vendor's: `prefix` (such as `us_`) and 14 base62 characters.
pub(crate) fn object_id(prefix: &str, rng: &mut SplitMix64) -> String {
    let mut id = String::with_capacity(prefix.len() + 14);
    id.push_str(prefix);
    for _ in 0..14 {
        id.push(BASE62[rng.below(62) as usize] as char);
    }
    id
}

/// A fresh request ID: 32 lowercase hex digits, unique within this process.
pub(crate) fn request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static START: OnceLock<u64> = OnceLock::new();
    // Mixing in the start time keeps IDs from repeating across restarts,
    // which matters when someone quotes one from an old screenshot.
    let start = *START.get_or_init(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos() as u64)
            .unwrap_or_default()
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let high = mix(start ^ mix(n));
    let low = mix(high ^ n);
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids_have_prefix_and_14_base62_chars() {
        let id = object_id("us_", &mut SplitMix64::new(3));
        assert_eq!(id.len(), 17);
        assert!(id.starts_with("us_"));
        assert!(id[3..].bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn request_ids_are_32_lowercase_hex_and_distinct() {
        let a = request_id();
        let b = request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }
}
