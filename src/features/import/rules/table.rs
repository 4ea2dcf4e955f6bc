//! An import file read as a table: its header and its rows, or the reason
//! the whole file is refused before anything is checked or sent.
//!
//! The `csv` crate reads the file's text (decoded by [`super::decoding`]):
//! comma, semicolon or tab separated (whichever splits the header line
//! into the most fields), quoted fields holding separators, quotes and
//! newlines. Every cell is trimmed, as a person reads it.

use std::sync::Arc;

use csv::{ReaderBuilder, StringRecord};

use super::decoding::{decode, Encoding};

/// The most rows (users) a file may hold.
pub const MAX_ROWS: usize = 5_000;

/// The largest file accepted, in bytes: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The limits, as the dialog states them before a file is chosen.
pub const LIMITS_TEXT: &str = "Up to 5,000 users, 5 MB";

/// Why a whole file is refused; `Display` is the message shown.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// No bytes, or only blank lines.
    #[error("The file is empty.")]
    Empty,
    /// Over [`MAX_BYTES`].
    #[error("The file is over 5 MB. Split it into files of up to 5,000 users.")]
    TooLarge,
    /// Bytes whose byte order mark names an encoding (UTF-8 or UTF-16)
    /// they do not follow.
    #[error("The file is marked as {0} text but is not. Save it from your spreadsheet as \"CSV UTF-8\" and choose it again.")]
    NotText(&'static str),
    /// The browser could not read the file.
    #[error("The file could not be read. Choose it again.")]
    Unreadable,
    /// Binary content: not a text file at all.
    #[error("The file is not a CSV file.")]
    NotCsv,
    /// The first line holds data (an email address) rather than column names.
    #[error("The file has no header row: its first line must name the columns, such as first_name,last_name,email.")]
    NoHeader,
    /// Two columns of the header have the same name.
    #[error("The column \"{0}\" appears twice in the header row.")]
    DuplicateHeader(String),
    /// A header and nothing under it.
    #[error("The file has a header row but no users under it.")]
    NoRows,
    /// Over [`MAX_ROWS`] rows.
    #[error("The file has more than 5,000 rows. Split it into files of up to 5,000 users.")]
    TooManyRows,
}

/// One row of the file under the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRow {
    /// The line of the file the row starts on (1 is the header's line,
    /// when the file starts with it).
    pub line: u64,
    /// The cells as read, as many as the row holds (a ragged row has more
    /// or fewer than the header).
    pub cells: Vec<String>,
}

/// A file read: the header's cells and the rows under it, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvTable {
    /// The file's text, decoded, without its byte order mark: an
    /// interrupted import is stored as this text and read again on resume.
    pub text: Arc<str>,
    /// The encoding the file's bytes were read in (a stored import's text
    /// is read back as UTF-8).
    pub encoding: Encoding,
    /// The column names, as written.
    pub header: Vec<String>,
    /// The rows that hold anything; blank lines and rows of empty cells
    /// are left out.
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Whether `column` has no header and nothing under it: what
    /// spreadsheets leave after the last column, left out of the mapping.
    pub fn is_blank_column(&self, column: usize) -> bool {
        self.header[column].is_empty()
            && self
                .rows
                .iter()
                .all(|row| row.cells.get(column).is_none_or(String::is_empty))
    }

    /// The first value under `column`, to show what the column holds.
    pub fn sample(&self, column: usize) -> Option<&str> {
        self.rows
            .iter()
            .filter_map(|row| row.cells.get(column))
            .find(|cell| !cell.is_empty())
            .map(String::as_str)
    }
}

/// Reads `bytes` as an import file: decoded (see [`decode`], which calls
/// `windows_1252` for a file in that encoding), then read as a table.
pub fn read_file(
    bytes: &[u8],
    windows_1252: impl FnOnce(&[u8]) -> Option<String>,
) -> Result<CsvTable, FileError> {
    let (text, encoding) = decode(bytes, windows_1252)?;
    read_table(&text, encoding)
}

/// Reads `text`, the file decoded in `encoding`, as an import file.
///
/// A cell the export neutralised against formulas (`'=…`, `'+…`, `'-…`,
/// `'@…`) is read back without the `'`, so a results or export file
/// imports the text the API had.
pub fn read_table(text: &str, encoding: Encoding) -> Result<CsvTable, FileError> {
    if text.contains(|c: char| c.is_control() && !matches!(c, '\t' | '\r' | '\n')) {
        return Err(FileError::NotCsv);
    }
    let delimiter = detect_delimiter(text);
    let mut records = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .into_records();
    let mut next_row = move || -> Result<Option<CsvRow>, FileError> {
        for record in records.by_ref() {
            let record = record.map_err(|_| FileError::NotCsv)?;
            if !is_blank(&record) {
                let line = record
                    .position()
                    .map_or(0, |position| line_of(text, position));
                let cells = record
                    .iter()
                    .map(|cell| unneutralise(cell.trim()).trim().to_owned());
                return Ok(Some(CsvRow {
                    line,
                    cells: cells.collect(),
                }));
            }
        }
        Ok(None)
    };
    let header = next_row()?.ok_or(FileError::Empty)?.cells;
    if header.iter().any(|name| name.contains('@')) {
        return Err(FileError::NoHeader);
    }
    for (index, name) in header.iter().enumerate() {
        let twice = header[..index]
            .iter()
            .any(|earlier| earlier.eq_ignore_ascii_case(name));
        if !name.is_empty() && twice {
            return Err(FileError::DuplicateHeader(name.clone()));
        }
    }
    let mut rows = Vec::new();
    while let Some(row) = next_row()? {
        if rows.len() == MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(CsvTable {
        text: Arc::from(text),
        encoding,
        header,
        rows,
    })
}

/// Of `,`, `;` and tab, the one that splits the first line that holds
/// anything into the most fields; the first of them on a tie.
fn detect_delimiter(text: &str) -> u8 {
    let fields = |delimiter: u8| {
        ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes())
            .into_records()
            .find_map(|record| record.ok().filter(|record| !is_blank(record)))
            .map_or(0, |record| record.len())
    };
    let mut best = (b',', fields(b','));
    for delimiter in [b';', b'\t'] {
        let count = fields(delimiter);
        if count > best.1 {
            best = (delimiter, count);
        }
    }
    best.0
}

/// The line a record starts on. The reader places a record where the
/// one before it ended, before the line ends (and blank lines) it skips:
/// those are counted here.
fn line_of(text: &str, position: &csv::Position) -> u64 {
    let rest = text.as_bytes().get(position.byte() as usize..);
    let skipped = rest
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| matches!(b, b'\r' | b'\n'))
        .filter(|&&b| b == b'\n')
        .count();
    position.line() + skipped as u64
}

/// A line of empty cells (`,,,` or spaces): what spreadsheets leave under
/// the last row.
fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The cell without the `'` the export puts before a would-be formula.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::export::rules::BOM;

    /// `bytes` read as the console reads a file, Windows-1252 as Latin-1
    /// (they agree outside 0x80–0x9F).
    fn read(bytes: &[u8]) -> Result<CsvTable, FileError> {
        read_file(bytes, |bytes| {
            Some(bytes.iter().map(|&b| char::from(b)).collect())
        })
    }

    fn cells(table: &CsvTable) -> Vec<(u64, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|row| (row.line, row.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn commas_with_and_without_a_bom() {
        let text = "first_name,last_name,email\r\nAda,Lovelace,ada@example.com\r\n";
        for bytes in [text.as_bytes().to_vec(), [BOM, text.as_bytes()].concat()] {
            let table = read(&bytes).unwrap();
            assert_eq!(table.header, ["first_name", "last_name", "email"]);
            assert_eq!(
                cells(&table),
                [(2, vec!["Ada", "Lovelace", "ada@example.com"])]
            );
            assert_eq!(table.encoding, Encoding::Utf8);
        }
    }

    #[test]
    fn semicolons_and_tabs_are_detected() {
        let table =
            read("first_name;last_name;email\nJosé;García, Jr;jose@example.com\n".as_bytes())
                .unwrap();
        assert_eq!(table.header, ["first_name", "last_name", "email"]);
        assert_eq!(
            cells(&table),
            [(2, vec!["José", "García, Jr", "jose@example.com"])]
        );
        // A comma file whose names hold semicolons stays a comma file.
        let table = read(b"a,b,c\n\"x;y\",2,3\n").unwrap();
        assert_eq!(table.header, ["a", "b", "c"]);
        // Tabs, as Excel's "Unicode Text" writes, even with commas in cells.
        let table =
            read(b"Given name\tSurname\tMail\r\nAda, Countess\tLovelace\ta@x.io\r\n").unwrap();
        assert_eq!(table.header, ["Given name", "Surname", "Mail"]);
        assert_eq!(
            cells(&table),
            [(2, vec!["Ada, Countess", "Lovelace", "a@x.io"])]
        );
        // A tie (one field each way) keeps the comma.
        assert_eq!(read(b"email\nx\n").unwrap().header, ["email"]);
    }

    #[test]
    fn quoted_newlines_and_quotes_keep_their_line_numbers() {
        let text = "first_name,last_name,email\n\"Ada\nMary\",\"Love \"\"the\"\" lace\",a@example.com\nBob,B,b@example.com\n";
        let table = read(text.as_bytes()).unwrap();
        assert_eq!(
            cells(&table),
            [
                (2, vec!["Ada\nMary", "Love \"the\" lace", "a@example.com"]),
                (4, vec!["Bob", "B", "b@example.com"]),
            ]
        );
    }

    #[test]
    fn ragged_rows_are_kept_as_read_and_blank_lines_skipped() {
        let text =
            "  First_Name , last_name,email\n\nAda,Lovelace\n,,\nBob,B,b@example.com,extra\n";
        let table = read(text.as_bytes()).unwrap();
        assert_eq!(table.header, ["First_Name", "last_name", "email"]);
        assert_eq!(
            cells(&table),
            [
                (3, vec!["Ada", "Lovelace"]),
                (5, vec!["Bob", "B", "b@example.com", "extra"]),
            ]
        );
    }

    #[test]
    fn cells_are_trimmed() {
        let table = read("email,name\n  a@x.io\u{a0},\" Ada \"\n".as_bytes()).unwrap();
        assert_eq!(cells(&table), [(2, vec!["a@x.io", "Ada"])]);
    }

    #[test]
    fn neutralised_cells_read_back_as_the_text() {
        let table = read(b"first_name,last_name\n'=SUM(A1),'plain\n").unwrap();
        assert_eq!(cells(&table), [(2, vec!["=SUM(A1)", "'plain"])]);
    }

    #[test]
    fn a_windows_1252_file_is_read_and_says_so() {
        let table = read(b"first_name;last_name\r\nRen\xE9;M\xFCller\r\n").unwrap();
        assert_eq!(cells(&table), [(2, vec!["René", "Müller"])]);
        assert_eq!(table.encoding, Encoding::Windows1252);
    }

    #[test]
    fn bad_files() {
        assert_eq!(read(b""), Err(FileError::Empty));
        assert_eq!(read(BOM), Err(FileError::Empty));
        assert_eq!(read(b"\n\r\n  \n"), Err(FileError::Empty));
        assert_eq!(read(b"first_name,email\n"), Err(FileError::NoRows));
        assert_eq!(
            read(b"Ada,Lovelace,ada@example.com\n"),
            Err(FileError::NoHeader)
        );
        assert_eq!(
            read(b"email,Email\nx,y\n"),
            Err(FileError::DuplicateHeader("Email".to_owned()))
        );
        // Binary files are not text in any encoding.
        assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0"), Err(FileError::NotCsv));
        assert_eq!(read(b"PK\x03\x04abc"), Err(FileError::NotCsv));
        assert_eq!(read(&vec![b'a'; MAX_BYTES + 1]), Err(FileError::TooLarge));
    }

    #[test]
    fn the_row_limit() {
        let file = |rows: usize| {
            let mut text = String::from("email\n");
            for n in 0..rows {
                text.push_str(&format!("u{n}\n"));
            }
            text
        };
        assert_eq!(
            read_table(&file(MAX_ROWS), Encoding::Utf8)
                .unwrap()
                .rows
                .len(),
            MAX_ROWS
        );
        assert_eq!(
            read_table(&file(MAX_ROWS + 1), Encoding::Utf8),
            Err(FileError::TooManyRows)
        );
    }

    #[test]
    fn empty_columns_with_empty_headers() {
        let table = read(b"email,,name,,\nx,,,,\ny,z,,,\n").unwrap();
        assert_eq!(table.header, ["email", "", "name", "", ""]);
        let blank: Vec<bool> = (0..5).map(|c| table.is_blank_column(c)).collect();
        // The second column has no header but holds "z": it is not blank.
        assert_eq!(blank, [false, false, false, true, true]);
        assert_eq!(table.sample(1), Some("z"));
        assert_eq!(table.sample(2), None);
    }
}
