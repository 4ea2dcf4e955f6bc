//! **Download results**: the file as it was read, each row followed by how
//! it ended, so the failed rows can be fixed and imported again. Written
//! as the export writes: UTF-8 with a BOM, RFC 4180, formulas neutralised.

use csv::{Terminator, WriterBuilder};

use crate::features::export::rules::{neutralise, safe_file_part, CsvError, BOM};

use super::progress::{Import, Outcome};

/// The columns added after the file's own.
pub const RESULT_COLUMNS: [&str; 4] = ["status", "user_id", "message", "request_id"];

/// Whether `header` is a results file's: it holds all of [`RESULT_COLUMNS`].
pub fn is_results_header(header: &[String]) -> bool {
    RESULT_COLUMNS
        .iter()
        .all(|column| header.iter().any(|name| name.eq_ignore_ascii_case(column)))
}

/// `{portal}-import-results-{YYYY-MM-DD}.csv` for the date `(year, month, day)`.
pub fn results_file_name(portal_id: &str, (year, month, day): (u32, u32, u32)) -> String {
    format!(
        "{}-import-results-{year:04}-{month:02}-{day:02}.csv",
        safe_file_part(portal_id)
    )
}

/// The results file: the header as read plus [`RESULT_COLUMNS`], then each
/// row's cells (a ragged row cut or padded to the header's width) and its
/// status (`created`, `skipped`, `failed`), new user ID, message and
/// request ID. A results file imported again has its old result columns
/// replaced by the new ones.
pub fn results_csv(import: &Import) -> Result<Vec<u8>, CsvError> {
    let header = &import.plan.header;
    let again = is_results_header(header);
    let columns: Vec<usize> = (0..header.len())
        .filter(|&column| {
            !(again
                && RESULT_COLUMNS
                    .iter()
                    .any(|result| header[column].eq_ignore_ascii_case(result)))
        })
        .collect();
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let header = columns
        .iter()
        .map(|&column| header[column].as_str())
        .chain(RESULT_COLUMNS);
    writer
        .write_record(header.map(|cell| neutralise(cell).into_owned()))
        .map_err(|_| CsvError)?;
    for (row, outcome) in import.plan.rows.iter().zip(&import.progress.outcomes) {
        let (status, user_id, message, request_id) = match outcome {
            Outcome::Pending => ("pending", "", String::new(), ""),
            Outcome::Created(id) => ("created", id.as_str(), String::new(), ""),
            Outcome::Skipped(skip) => ("skipped", "", skip.message(), ""),
            Outcome::Failed(message, request_id) => (
                "failed",
                "",
                message.clone(),
                request_id.as_deref().unwrap_or_default(),
            ),
        };
        let cells = columns
            .iter()
            .map(|&column| row.cells.get(column).map_or("", String::as_str))
            .chain([status, user_id, message.as_str(), request_id]);
        writer
            .write_record(cells.map(|cell| neutralise(cell).into_owned()))
            .map_err(|_| CsvError)?;
    }
    writer.into_inner().map_err(|_| CsvError)
}
