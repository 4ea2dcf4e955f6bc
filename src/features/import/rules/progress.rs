//! An import as it runs: every row of the file, the request body of each
//! row to create, how each row has ended so far, and which create is in
//! flight; the plain texts the tab keeps it as, and the rule that resumes
//! it after a reload without creating anyone twice.

use std::fmt;
use std::sync::Arc;

use crate::api::model::NewUser;
use crate::api::{ApiError, ErrorKind};

use super::check::{check_rows, email_key, Catalog, ExistingEmails};
use super::decoding::Encoding;
use super::mapping::Mapping;
use super::table::read_table;

/// The message of a create that got no answer: the user may exist, and the
/// next import's walk finds out.
pub const NO_ANSWER: &str = "no answer; it may have been created";

/// One row of the file, as the import needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The line of the file it starts on.
    pub line: u64,
    /// The cells as read, for the results file.
    pub cells: Vec<String>,
    /// The email as written, trimmed.
    pub email: String,
    /// The request body, for a row to create; `None` for a row skipped
    /// from the start.
    pub new_user: Option<NewUser>,
}

/// Why a row was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Its email belongs to a user of the portal.
    AlreadyExists,
    /// The row's problems in the file.
    Problems(Vec<String>),
    /// The import was cancelled before its turn.
    Cancelled,
    /// An earlier create was refused for want of permission (403): every
    /// later one would be refused alike.
    NotAllowed,
}

impl Skip {
    /// The `message` of the results file.
    pub fn message(&self) -> String {
        match self {
            Skip::AlreadyExists => "already exists".to_owned(),
            Skip::Problems(problems) => format!("problem in file: {}", problems.join("; ")),
            Skip::Cancelled => "cancelled".to_owned(),
            Skip::NotAllowed => "not sent: the key may not create users (HTTP 403)".to_owned(),
        }
    }
}

/// How a row ended, or that it has not yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Waiting for its create.
    Pending,
    /// Created: the new user's ID.
    Created(String),
    /// Not sent, and why.
    Skipped(Skip),
    /// The create failed: the message, and the request ID when the API sent one.
    Failed(String, Option<String>),
}

impl Outcome {
    /// The outcome of a create that failed with `error`: without an answer
    /// the user may have been created, and the message says so.
    pub fn failed(error: &ApiError) -> Outcome {
        match error.kind {
            ErrorKind::Network | ErrorKind::Timeout => Outcome::Failed(NO_ANSWER.to_owned(), None),
            _ => Outcome::Failed(error.to_string(), error.request_id.clone()),
        }
    }
}

/// What the file holds, fixed once the dry run is done: stored once, when
/// the import starts, as the portal ID, the mapping and the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The portal the rows go to.
    pub portal_id: String,
    /// The file's text, as read.
    pub source: Arc<str>,
    /// How its columns were mapped, as [`Mapping::to_text`] writes it: a
    /// resumed import maps the file the same way.
    pub mapping: String,
    /// The file's header as read.
    pub header: Vec<String>,
    /// Every row of the file.
    pub rows: Vec<ImportRow>,
}

/// How far the import is: stored before each create is sent and after it
/// ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Each row's outcome so far, in the rows' order.
    pub outcomes: Vec<Outcome>,
    /// The row whose create has been sent and not answered yet.
    pub in_flight: Option<usize>,
}

/// An import: the plan and its progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// What the file holds.
    pub plan: Plan,
    /// How far it is.
    pub progress: Progress,
}

/// Rows created, skipped and failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows whose user was created.
    pub created: usize,
    /// Rows not sent.
    pub skipped: usize,
    /// Rows whose create failed.
    pub failed: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Created {}, skipped {}, failed {}",
            self.created, self.skipped, self.failed
        )
    }
}

impl Import {
    /// The rows to create: those that had a request body after the dry run.
    pub fn to_create(&self) -> usize {
        self.plan
            .rows
            .iter()
            .filter(|row| row.new_user.is_some())
            .count()
    }

    /// Of those, the rows that have ended.
    pub fn done(&self) -> usize {
        self.plan
            .rows
            .iter()
            .zip(&self.progress.outcomes)
            .filter(|(row, outcome)| row.new_user.is_some() && **outcome != Outcome::Pending)
            .count()
    }

    /// The next row to create, with its body.
    pub fn next_pending(&self) -> Option<(usize, NewUser)> {
        self.progress
            .outcomes
            .iter()
            .zip(&self.plan.rows)
            .enumerate()
            .find_map(|(index, (outcome, row))| match (outcome, &row.new_user) {
                (Outcome::Pending, Some(new_user)) => Some((index, new_user.clone())),
                _ => None,
            })
    }

    /// Whether no row waits and no create is in flight.
    pub fn is_finished(&self) -> bool {
        self.progress.in_flight.is_none() && self.next_pending().is_none()
    }

    /// Marks the in-flight row, before its create is sent.
    pub fn send(&mut self, index: usize) {
        self.progress.in_flight = Some(index);
    }

    /// Records how the in-flight row's create ended.
    pub fn answered(&mut self, index: usize, outcome: Outcome) {
        self.progress.outcomes[index] = outcome;
        self.progress.in_flight = None;
    }

    /// The in-flight create was refused before anything was written (the
    /// key was refused): the row waits again.
    pub fn unsent(&mut self) {
        self.progress.in_flight = None;
    }

    /// Every row still waiting ends as skipped, for `why`: **Cancel**, or
    /// a 403.
    pub fn skip_pending(&mut self, why: Skip) {
        for outcome in &mut self.progress.outcomes {
            if *outcome == Outcome::Pending {
                *outcome = Outcome::Skipped(why.clone());
            }
        }
    }

    /// The counts of the outcomes.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for outcome in &self.progress.outcomes {
            match outcome {
                Outcome::Pending => {}
                Outcome::Created(_) => summary.created += 1,
                Outcome::Skipped(_) => summary.skipped += 1,
                Outcome::Failed(..) => summary.failed += 1,
            }
        }
        summary
    }

    /// The resume rule, after a reload, given the portal's users as a walk
    /// found them after the reload: the row whose create was in flight is
    /// created if its email now exists (with that user's ID), else it
    /// waits again; any waiting row whose email now exists is skipped,
    /// "already exists". No user is created twice.
    pub fn resume(&mut self, existing: &ExistingEmails) {
        let in_flight = self.progress.in_flight.take();
        for (index, (row, outcome)) in self
            .plan
            .rows
            .iter()
            .zip(&mut self.progress.outcomes)
            .enumerate()
        {
            if *outcome != Outcome::Pending {
                continue;
            }
            if let Some(id) = existing.get(&email_key(&row.email)) {
                *outcome = if in_flight == Some(index) {
                    Outcome::Created(id.clone())
                } else {
                    Outcome::Skipped(Skip::AlreadyExists)
                };
            }
        }
    }

    /// The plan as stored: the portal ID on the first line, the mapping
    /// on the second, then the file.
    pub fn plan_text(&self) -> String {
        let plan = &self.plan;
        format!("{}\n{}\n{}", plan.portal_id, plan.mapping, plan.source)
    }

    /// The progress as stored: the row in flight (or nothing) on the first
    /// line, then one line per row: `p` waiting, `c` and the ID, `e`
    /// existing at the dry run, `E` found existing later, `x` a problem in
    /// the file (found again on resume), `k` cancelled, `n` not sent after
    /// a 403, `f`, the message
    /// and the request ID, tab-separated.
    pub fn progress_text(&self) -> String {
        let mut text = self
            .progress
            .in_flight
            .map_or_else(String::new, |index| index.to_string());
        for (row, outcome) in self.plan.rows.iter().zip(&self.progress.outcomes) {
            text.push('\n');
            match outcome {
                Outcome::Pending => text.push('p'),
                Outcome::Created(id) => text.push_str(&format!("c\t{}", one_line(id))),
                Outcome::Skipped(Skip::AlreadyExists) if row.new_user.is_none() => text.push('e'),
                Outcome::Skipped(Skip::AlreadyExists) => text.push('E'),
                Outcome::Skipped(Skip::Problems(_)) => text.push('x'),
                Outcome::Skipped(Skip::Cancelled) => text.push('k'),
                Outcome::Skipped(Skip::NotAllowed) => text.push('n'),
                Outcome::Failed(message, request_id) => text.push_str(&format!(
                    "f\t{}\t{}",
                    one_line(message),
                    one_line(request_id.as_deref().unwrap_or_default())
                )),
            }
        }
        text
    }

    /// An import read back from its stored texts: the file is read,
    /// mapped as stored and checked again against `catalog` (the request
    /// bodies and the problems come back as the dry run made them), then
    /// each row takes its stored outcome. `None` when the texts are
    /// unreadable or no longer fit the file or the portal's attributes.
    pub fn from_stored(plan: &str, progress: &str, catalog: Catalog<'_>) -> Option<Import> {
        let (portal_id, rest) = plan.split_once('\n')?;
        let (mapping, source) = rest.split_once('\n')?;
        // The stored text is the file decoded: UTF-8, whatever it was in.
        let table = read_table(source, Encoding::Utf8).ok()?;
        let mapping = Mapping::from_text(mapping, catalog.attributes)?;
        let fits = mapping.targets.len() == table.header.len()
            && mapping
                .problems(&table.header, catalog.attributes)
                .is_empty();
        if !fits {
            return None;
        }
        let mut import = check_rows(portal_id, &table, &mapping, catalog, &ExistingEmails::new());
        let mut lines = progress.split('\n');
        let in_flight = match lines.next()? {
            "" => None,
            index => Some(index.parse().ok()?),
        };
        let stored: Vec<&str> = lines.collect();
        if stored.len() != import.plan.rows.len() || in_flight >= Some(stored.len()) {
            return None;
        }
        for ((row, outcome), line) in import
            .plan
            .rows
            .iter_mut()
            .zip(&mut import.progress.outcomes)
            .zip(stored)
        {
            let mut fields = line.split('\t');
            let mut field = || fields.next().unwrap_or_default().to_owned();
            let code = field();
            *outcome = match code.as_str() {
                "p" | "x" => continue,
                "c" => Outcome::Created(field()),
                "e" => {
                    row.new_user = None;
                    Outcome::Skipped(Skip::AlreadyExists)
                }
                "E" => Outcome::Skipped(Skip::AlreadyExists),
                "k" => Outcome::Skipped(Skip::Cancelled),
                "n" => Outcome::Skipped(Skip::NotAllowed),
                "f" => Outcome::Failed(field(), Some(field()).filter(|id| !id.is_empty())),
                _ => return None,
            };
        }
        import.progress.in_flight = in_flight;
        Some(import)
    }
}

/// How far a stored import is, from its progress text alone: the rows
/// ended and the rows to create; `None` when it has ended.
pub fn stored_counts(progress: &str) -> Option<(usize, usize)> {
    let mut lines = progress.split('\n');
    let in_flight = !lines.next()?.is_empty();
    let (mut done, mut total, mut waiting) = (0, 0, false);
    for line in lines {
        match line.split('\t').next() {
            Some("p") => waiting = true,
            Some("c" | "E" | "k" | "n" | "f") => done += 1,
            _ => continue,
        }
        total += 1;
    }
    (waiting || in_flight).then_some((done, total))
}

/// `text` on one line: tabs and line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\r', '\n'], " ")
}
