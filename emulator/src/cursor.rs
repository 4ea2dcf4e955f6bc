//! Opaque pagination cursors.
//!
//! A cursor is the creation sequence number of the last item of a page plus
//! a keyed checksum, in standard base64 with padding, like the vendor's own
//! example (`MQit=`): cursors hold `+`, `/` and `=`, so a client that does
//! not URL-encode them fails here as it would against the real API. The
//! sequence number (not an index)
//! keeps walks stable while items are created and deleted; the checksum
//! makes clients that build or edit cursors fail loudly instead of working
//! by accident.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::prng::mix;

/// Which list a cursor belongs to: a roles cursor is not valid for users.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    Users = 1,
    Roles = 2,
    Attributes = 3,
}

/// Why a cursor was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CursorError {
    #[error("it is not a cursor this API issued")]
    Malformed,
    #[error("it was altered or belongs to another list")]
    Tampered,
}

/// Encodes and checks cursors with one secret key.
pub(crate) struct Cursors {
    key: u64,
}

impl Cursors {
    /// Cursors signed with `key`.
    pub(crate) fn new(key: u64) -> Cursors {
        Cursors { key }
    }

    /// The cursor that resumes `stream` after sequence number `seq`.
    pub(crate) fn encode(&self, stream: Stream, seq: u64) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&seq.to_be_bytes());
        bytes[8..].copy_from_slice(&self.checksum(stream, seq).to_be_bytes());
        STANDARD.encode(bytes)
    }

    /// The sequence number inside `cursor`, if this emulator issued it for `stream`.
    pub(crate) fn decode(&self, stream: Stream, cursor: &str) -> Result<u64, CursorError> {
        let bytes = STANDARD
            .decode(cursor)
            .map_err(|_| CursorError::Malformed)?;
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| CursorError::Malformed)?;
        let (seq, sum) = bytes.split_at(8);
        let seq = u64::from_be_bytes(seq.try_into().map_err(|_| CursorError::Malformed)?);
        let sum = u64::from_be_bytes(sum.try_into().map_err(|_| CursorError::Malformed)?);
        if sum == self.checksum(stream, seq) {
            Ok(seq)
        } else {
            Err(CursorError::Tampered)
        }
    }

    fn checksum(&self, stream: Stream, seq: u64) -> u64 {
        mix(self.key ^ mix(seq ^ mix(stream as u64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_characters_that_need_encoding() {
        let cursors = Cursors::new(42);
        let cursor = cursors.encode(Stream::Users, 17);
        assert!(cursor.ends_with("=="), "{cursor}");
        let special = (0..200)
            .map(|seq| cursors.encode(Stream::Users, seq))
            .filter(|c| c.contains('+') || c.contains('/'))
            .count();
        assert!(special > 0, "some cursors hold + or /");
        assert_eq!(cursors.decode(Stream::Users, &cursor), Ok(17));
    }

    #[test]
    fn refuses_forged_foreign_and_garbage_cursors() {
        let cursors = Cursors::new(42);
        let cursor = cursors.encode(Stream::Users, 17);
        assert_eq!(
            cursors.decode(Stream::Roles, &cursor),
            Err(CursorError::Tampered)
        );
        let mut forged = [0u8; 16];
        forged[7] = 18;
        let forged = STANDARD.encode(forged);
        assert_eq!(
            cursors.decode(Stream::Users, &forged),
            Err(CursorError::Tampered)
        );
        assert_eq!(
            cursors.decode(Stream::Users, "MQit="),
            Err(CursorError::Malformed)
        );
        assert_eq!(
            cursors.decode(Stream::Users, "17"),
            Err(CursorError::Malformed)
        );
    }
}
