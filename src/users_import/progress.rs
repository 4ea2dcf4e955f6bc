//! An import as it runs: every row of the file, the request body of each
//! row to create, how each row has ended so far, and which create is in
//! flight; in the form the tab keeps it (two JSON texts), and the rule
//! that resumes it after a reload without creating anyone twice.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorKind};
use crate::decode::decode;
use crate::model::NewUser;

use super::check::{email_key, ExistingEmails};

/// The message of a create that got no answer: the user may exist, and the
/// next import's walk finds out.
pub const NO_ANSWER: &str = "no answer; it may have been created";

/// One row of the file, as the import needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Skip {
    /// Its email belongs to a user of the portal.
    AlreadyExists,
    /// The row's problems in the file.
    Problems(Vec<String>),
    /// The import was cancelled before its turn.
    Cancelled,
}

impl Skip {
    /// The `message` of the results file.
    pub fn message(&self) -> String {
        match self {
            Skip::AlreadyExists => "already exists".to_owned(),
            Skip::Problems(problems) => format!("problem in file: {}", problems.join("; ")),
            Skip::Cancelled => "cancelled".to_owned(),
        }
    }
}

/// How a row ended, or that it has not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// What the file holds, fixed once the dry run is done: written to the
/// tab's storage once, when the import starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The portal the rows go to.
    pub portal_id: String,
    /// The file's header as read.
    pub header: Vec<String>,
    /// Every row of the file.
    pub rows: Vec<ImportRow>,
}

/// How far the import is: written to the tab's storage before each create
/// is sent and after it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

    /// Cancel: every row still waiting ends as skipped, "cancelled".
    pub fn cancel_pending(&mut self) {
        for outcome in &mut self.progress.outcomes {
            if *outcome == Outcome::Pending {
                *outcome = Outcome::Skipped(Skip::Cancelled);
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

    /// The plan as stored.
    pub fn plan_json(&self) -> String {
        // Strings, numbers and lists of them: serde_json cannot fail to write these.
        serde_json::to_string(&self.plan).unwrap_or_default()
    }

    /// The progress as stored.
    pub fn progress_json(&self) -> String {
        serde_json::to_string(&self.progress).unwrap_or_default()
    }

    /// An import read back from its stored plan and progress; `None` when
    /// either is unreadable or they do not match.
    pub fn from_stored(plan: &str, progress: &str) -> Option<Import> {
        let plan: Plan = decode(plan.as_bytes()).ok()?;
        let progress: Progress = decode(progress.as_bytes()).ok()?;
        let fits = progress.outcomes.len() == plan.rows.len()
            && progress
                .in_flight
                .is_none_or(|index| index < plan.rows.len());
        fits.then_some(Import { plan, progress })
    }
}
