//! The rows of an import worth a look: after **Check file**, those with
//! problems; at the end, those not created.

use leptos::prelude::*;

use crate::features::import::rules::progress::{Import, Outcome, Skip};

/// One row of the table: its line in the file, its email, what to say.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ReportRow {
    line: u64,
    email: String,
    notes: Vec<String>,
}

/// The rows not ready to create, with their problems.
pub(super) fn problem_rows(import: &Import) -> Vec<ReportRow> {
    report(import, |outcome| match outcome {
        Outcome::Skipped(Skip::Problems(problems)) => Some(problems.clone()),
        Outcome::Skipped(Skip::AlreadyExists) => {
            Some(vec!["A user with this email already exists".to_owned()])
        }
        _ => None,
    })
}

/// The rows not created, with why.
pub(super) fn not_created_rows(import: &Import) -> Vec<ReportRow> {
    report(import, |outcome| match outcome {
        Outcome::Skipped(skip) => Some(vec![format!("Skipped: {}", skip.message())]),
        Outcome::Failed(message, request_id) => Some(vec![match request_id {
            Some(id) => format!("Failed: {message} (request ID {id})"),
            None => format!("Failed: {message}"),
        }]),
        Outcome::Pending | Outcome::Created(_) => None,
    })
}

fn report(import: &Import, notes: impl Fn(&Outcome) -> Option<Vec<String>>) -> Vec<ReportRow> {
    import
        .plan
        .rows
        .iter()
        .zip(&import.progress.outcomes)
        .filter_map(|(row, outcome)| {
            Some(ReportRow {
                line: row.line,
                email: row.email.clone(),
                notes: notes(outcome)?,
            })
        })
        .collect()
}

/// A table of `rows` under `caption`: **Line**, **Email** and `heading`
/// (the problems, or the result).
pub(super) fn report_table(
    caption: &'static str,
    heading: &'static str,
    rows: Vec<ReportRow>,
) -> impl IntoView {
    view! {
        <div class="import-report">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr><th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">{heading}</th></tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.line}</td>
                            <td>{row.email}</td>
                            <td><ul>{row.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
