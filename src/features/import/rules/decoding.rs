//! Which encoding an import file's bytes are in, and the text they hold.
//!
//! Spreadsheets save CSV as UTF-8 with or without a byte order mark
//! (Excel's "CSV UTF-8", Google Sheets, LibreOffice), as UTF-16 with a mark
//! (Excel's "Unicode Text"), or as Windows-1252 (Excel's "CSV (Comma
//! delimited)" on a Western European Windows). A mark names the encoding;
//! without one, bytes that are valid UTF-8 are UTF-8, and any others are
//! Windows-1252, the one legacy encoding those files come in. UTF-8 and
//! UTF-16 are decoded here; Windows-1252 by the caller (the browser's
//! `TextDecoder` in the console), so the wasm carries no table for it.

use super::table::{FileError, MAX_BYTES};
use crate::features::export::rules::BOM;

/// UTF-16's byte order marks.
const UTF16_LE_BOM: [u8; 2] = [0xFF, 0xFE];
const UTF16_BE_BOM: [u8; 2] = [0xFE, 0xFF];

/// The note shown when a file was read as Windows-1252: the one encoding
/// guessed rather than known, so its accents are worth a look.
pub const WINDOWS_1252_NOTE: &str =
    "Read as Windows-1252 (Western European): check the accents below";

/// The encodings an import file is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16, little-endian, after its byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, after its byte order mark.
    Utf16Be,
    /// Windows-1252: bytes without a mark that are not UTF-8.
    Windows1252,
}

impl Encoding {
    /// The encoding of `bytes`: the one their byte order mark names, else
    /// UTF-8 if they are valid UTF-8, else Windows-1252.
    pub fn of(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(&UTF16_LE_BOM) {
            Encoding::Utf16Le
        } else if bytes.starts_with(&UTF16_BE_BOM) {
            Encoding::Utf16Be
        } else if bytes.starts_with(BOM) || std::str::from_utf8(bytes).is_ok() {
            Encoding::Utf8
        } else {
            Encoding::Windows1252
        }
    }

    /// What to tell the administrator about a file read in this encoding.
    pub fn note(self) -> Option<&'static str> {
        (self == Encoding::Windows1252).then_some(WINDOWS_1252_NOTE)
    }
}

/// The text of `bytes`, without its byte order mark, and the encoding it
/// was read in. `windows_1252` decodes bytes as Windows-1252 (`None` when
/// it cannot); it is called only for a file in that encoding.
///
/// A file over [`MAX_BYTES`] is refused before anything is decoded; so is
/// one whose mark names UTF-8 or UTF-16 but whose bytes are not.
pub fn decode(
    bytes: &[u8],
    windows_1252: impl FnOnce(&[u8]) -> Option<String>,
) -> Result<(String, Encoding), FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge);
    }
    let encoding = Encoding::of(bytes);
    let text = match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes))
            .map_err(|_| FileError::NotText("UTF-8"))?
            .to_owned(),
        Encoding::Utf16Le => utf16(&bytes[2..], u16::from_le_bytes)?,
        Encoding::Utf16Be => utf16(&bytes[2..], u16::from_be_bytes)?,
        Encoding::Windows1252 => windows_1252(bytes).ok_or(FileError::Unreadable)?,
    };
    Ok((text, encoding))
}

/// UTF-16 `bytes` (after the mark), their code units read by `unit`.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, FileError> {
    let not_utf16 = FileError::NotText("UTF-16");
    if !bytes.len().is_multiple_of(2) {
        return Err(not_utf16);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| not_utf16)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the browser's decoder does for the bytes the tests use:
    /// Windows-1252 and Latin-1 agree outside 0x80–0x9F.
    fn latin1(bytes: &[u8]) -> Option<String> {
        Some(bytes.iter().map(|&b| char::from(b)).collect())
    }

    fn never(_: &[u8]) -> Option<String> {
        panic!("the Windows-1252 decoder was called")
    }

    fn utf16_bytes(text: &str, bom: [u8; 2], bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
        let units = text.encode_utf16().flat_map(bytes);
        bom.into_iter().chain(units).collect()
    }

    #[test]
    fn utf8_with_and_without_a_bom() {
        let text = "first_name\r\nRené\r\n";
        for bytes in [text.as_bytes().to_vec(), [BOM, text.as_bytes()].concat()] {
            assert_eq!(Encoding::of(&bytes), Encoding::Utf8);
            assert_eq!(decode(&bytes, never), Ok((text.to_owned(), Encoding::Utf8)));
        }
        assert_eq!(Encoding::Utf8.note(), None);
    }

    #[test]
    fn utf16_both_ways_with_a_bom() {
        let text = "first_name\tlast_name\r\nRené\tMüller 😀\r\n";
        let le = utf16_bytes(text, UTF16_LE_BOM, u16::to_le_bytes);
        let be = utf16_bytes(text, UTF16_BE_BOM, u16::to_be_bytes);
        assert_eq!(decode(&le, never), Ok((text.to_owned(), Encoding::Utf16Le)));
        assert_eq!(decode(&be, never), Ok((text.to_owned(), Encoding::Utf16Be)));
        // Cut in the middle of a code unit, or a lone surrogate.
        assert_eq!(
            decode(&le[..le.len() - 1], never),
            Err(FileError::NotText("UTF-16"))
        );
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0], never),
            Err(FileError::NotText("UTF-16"))
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_windows_1252() {
        let bytes = b"first_name,last_name\r\nRen\xE9,M\xFCller\r\n";
        assert_eq!(Encoding::of(bytes), Encoding::Windows1252);
        let (text, encoding) = decode(bytes, latin1).unwrap();
        assert_eq!(text, "first_name,last_name\r\nRené,Müller\r\n");
        assert_eq!(encoding.note(), Some(WINDOWS_1252_NOTE));
        assert_eq!(
            WINDOWS_1252_NOTE,
            "Read as Windows-1252 (Western European): check the accents below"
        );
        assert_eq!(decode(bytes, |_| None), Err(FileError::Unreadable));
    }

    #[test]
    fn a_utf8_mark_on_bytes_that_are_not_utf8_is_refused() {
        assert_eq!(
            decode(&[BOM, b"Ren\xE9"].concat(), never),
            Err(FileError::NotText("UTF-8"))
        );
    }

    #[test]
    fn a_file_too_large_is_not_decoded() {
        assert_eq!(
            decode(&vec![b'a'; MAX_BYTES + 1], never),
            Err(FileError::TooLarge)
        );
    }
}
