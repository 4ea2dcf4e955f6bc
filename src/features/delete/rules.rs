//! **Delete selected** on the users list: which users are selected (across
//! the list's pages), how the header checkbox reads, the confirmation's
//! texts, and the paced run's progress and outcome.
//!
//! Pure state, no browser, so the rules have native tests; the users page,
//! its table and the confirmation wire them to signals.

use std::collections::HashSet;

use crate::api::{ApiError, Deleted, ErrorKind};
use crate::text::format;

/// How many emails the confirmation lists before "and N more".
pub const LISTED: usize = 10;

/// A selected user: what the confirmation shows, and what the delete needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// The user's ID, for the DELETE.
    pub id: String,
    /// The user's email, as the administrator recognises the user.
    pub email: String,
}

/// The users selected in the list, in the order they were selected. It is
/// kept by the users page, so it survives Next, Previous and another page
/// size.
#[derive(Debug, Default)]
pub struct Selection {
    users: Vec<Selected>,
    // For the lookups each row and the header checkbox make: a page may
    // hold a thousand rows.
    ids: HashSet<String>,
}

/// What the header checkbox shows for the rows of the page in view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageState {
    /// None of the rows is selected (or there are none): unchecked.
    None,
    /// Some are: indeterminate.
    Some,
    /// Every row is: checked.
    All,
}

impl Selection {
    /// How many users are selected.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Whether the user `id` is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The selected users, in the order they were selected.
    pub fn users(&self) -> &[Selected] {
        &self.users
    }

    /// Selects (`on`) or deselects the user `id`, whose email is `email`.
    pub fn set(&mut self, id: &str, email: &str, on: bool) {
        if !on {
            self.remove(id);
        } else if self.ids.insert(id.to_owned()) {
            self.users.push(Selected {
                id: id.to_owned(),
                email: email.to_owned(),
            });
        }
    }

    /// Selects or deselects every one of `rows` (`(id, email)` pairs): the
    /// header checkbox, which touches the page in view only.
    pub fn set_page<'a>(&mut self, rows: impl IntoIterator<Item = (&'a str, &'a str)>, on: bool) {
        for (id, email) in rows {
            self.set(id, email, on);
        }
    }

    /// Deselects the user `id` (deleted, or unticked).
    pub fn remove(&mut self, id: &str) {
        if self.ids.remove(id) {
            self.users.retain(|user| user.id != id);
        }
    }

    /// Deselects everyone: **Clear selection**.
    pub fn clear(&mut self) {
        self.users.clear();
        self.ids.clear();
    }

    /// How the header checkbox reads for a page with the users `ids`.
    pub fn page_state<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> PageState {
        let (mut rows, mut selected) = (0usize, 0usize);
        for id in ids {
            rows += 1;
            selected += usize::from(self.contains(id));
        }
        match selected {
            0 => PageState::None,
            n if n == rows => PageState::All,
            _ => PageState::Some,
        }
    }
}

/// The selection bar's text: "3 selected".
pub fn selected_text(count: usize) -> String {
    format!("{count} selected")
}

/// The confirmation's heading, which names it: "Delete 3 users?".
pub fn confirm_title(count: usize) -> String {
    format!("Delete {}?", format::count(count, "user"))
}

/// The confirming button: "Delete 3 users".
pub fn confirm_label(count: usize) -> String {
    format!("Delete {}", format::count(count, "user"))
}

/// The emails the confirmation lists (the first [`LISTED`]) and, when there
/// are more, the line after them: "and 5 more".
pub fn listing(users: &[Selected]) -> (&[Selected], Option<String>) {
    let shown = &users[..users.len().min(LISTED)];
    let more = users.len() - shown.len();
    (shown, (more > 0).then(|| format!("and {more} more")))
}

/// A user the run could not delete: the email, what the API said and the
/// request ID to give support.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkFailure {
    /// The user's ID.
    pub id: String,
    /// The user's email.
    pub email: String,
    /// What went wrong, in words.
    pub message: String,
    /// The request ID of the failed DELETE, if the API gave one.
    pub request_id: Option<String>,
}

/// Where a run of deletes is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not confirmed yet.
    Confirming,
    /// Deleting, one user at a time.
    Running,
    /// Every request sent, or the run stopped.
    Finished,
}

/// One run of **Delete selected**: the users to delete, in order, and what
/// became of each so far.
#[derive(Debug)]
pub struct BulkDelete {
    users: Vec<Selected>,
    phase: Phase,
    /// The user whose DELETE is in flight, by index.
    sending: Option<usize>,
    answered: usize,
    deleted: Vec<String>,
    failures: Vec<BulkFailure>,
    cancelled: bool,
}

impl BulkDelete {
    /// A run for `users`, to confirm.
    pub fn new(users: Vec<Selected>) -> BulkDelete {
        BulkDelete {
            users,
            phase: Phase::Confirming,
            sending: None,
            answered: 0,
            deleted: Vec::new(),
            failures: Vec::new(),
            cancelled: false,
        }
    }

    /// The users to delete, in order.
    pub fn users(&self) -> &[Selected] {
        &self.users
    }

    /// Where the run is.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Confirmed: the run starts.
    pub fn start(&mut self) {
        if self.phase == Phase::Confirming {
            self.phase = Phase::Running;
        }
    }

    /// The DELETE of the user at `index` goes out.
    pub fn sending(&mut self, index: usize) {
        self.sending = Some(index);
    }

    /// The answer to the DELETE of the user at `index`; whether it counts
    /// as deleted. A user already gone (404) does: the administrator wanted
    /// it gone, and the client says the same of a retry that finds it
    /// deleted.
    pub fn answered(&mut self, index: usize, result: &Result<Deleted, ApiError>) -> bool {
        let Some(user) = self.users.get(index) else {
            return false;
        };
        self.sending = None;
        self.answered += 1;
        match result {
            Err(error) if error.kind != ErrorKind::NotFound => {
                self.failures.push(BulkFailure {
                    id: user.id.clone(),
                    email: user.email.clone(),
                    message: error.to_string(),
                    request_id: error.request_id.clone(),
                });
                false
            }
            _ => {
                self.deleted.push(user.id.clone());
                true
            }
        }
    }

    /// **Cancel** while running: no request after the one in flight.
    pub fn cancel(&mut self) {
        if self.phase == Phase::Running {
            self.cancelled = true;
        }
    }

    /// Whether **Cancel** was pressed while running.
    pub fn cancelled(&self) -> bool {
        self.cancelled
    }

    /// The run is over: every user answered, cancelled, or stopped by a
    /// refused key.
    pub fn finish(&mut self) {
        self.phase = Phase::Finished;
        self.sending = None;
    }

    /// How many DELETEs have been answered, and of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.answered, self.users.len())
    }

    /// The progress in words: "Deleting 3 of 12" while the third is sent.
    pub fn progress_text(&self) -> String {
        let current = self.sending.map_or(self.answered, |index| index + 1);
        format!("Deleting {} of {}", current.max(1), self.users.len())
    }

    /// The IDs of the users deleted so far.
    pub fn deleted(&self) -> &[String] {
        &self.deleted
    }

    /// The users that could not be deleted, in order.
    pub fn failures(&self) -> &[BulkFailure] {
        &self.failures
    }

    /// How many users were never asked for: after **Cancel**, or after a
    /// 403 ended the run.
    pub fn not_sent(&self) -> usize {
        self.users.len() - self.answered - usize::from(self.sending.is_some())
    }

    /// What the toast says at the end: "Deleted 12 users", "Deleted 1
    /// user", "Deleted 11 users, 1 failed", "Deleted 2 users, 10 cancelled";
    /// users left out after a 403 ended the run are "not sent".
    pub fn summary(&self) -> String {
        let mut text = format!("Deleted {}", format::count(self.deleted.len(), "user"));
        if !self.failures.is_empty() {
            text.push_str(&format!(", {} failed", self.failures.len()));
        }
        if self.not_sent() > 0 {
            let why = if self.cancelled {
                "cancelled"
            } else {
                "not sent"
            };
            text.push_str(&format!(", {} {why}", self.not_sent()));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: usize) -> Selected {
        Selected {
            id: format!("u{n}"),
            email: format!("user{n}@example.com"),
        }
    }

    fn users(count: usize) -> Vec<Selected> {
        (1..=count).map(user).collect()
    }

    fn pairs(users: &[Selected]) -> Vec<(&str, &str)> {
        users
            .iter()
            .map(|u| (u.id.as_str(), u.email.as_str()))
            .collect()
    }

    fn ids(selection: &Selection) -> Vec<&str> {
        selection.users().iter().map(|u| u.id.as_str()).collect()
    }

    /// A run of `count` users, confirmed, with `answers` for the first ones.
    fn run_through(count: usize, answers: &[Result<Deleted, ApiError>]) -> BulkDelete {
        let mut run = BulkDelete::new(users(count));
        run.start();
        for (index, answer) in answers.iter().enumerate() {
            run.sending(index);
            run.answered(index, answer);
        }
        run
    }

    fn deleted() -> Result<Deleted, ApiError> {
        Ok(Deleted {
            id: String::new(),
            already: false,
        })
    }

    fn failed(
        kind: ErrorKind,
        message: &str,
        request_id: Option<&str>,
    ) -> Result<Deleted, ApiError> {
        Err(ApiError {
            kind,
            status: Some(500),
            message: message.to_owned(),
            request_id: request_id.map(str::to_owned),
        })
    }

    #[test]
    fn the_selection_spans_pages_in_the_order_chosen() {
        let page_one = users(4);
        let page_two: Vec<_> = (5..=8).map(user).collect();
        let mut selection = Selection::default();
        selection.set("u2", "user2@example.com", true);
        selection.set("u7", "user7@example.com", true);
        selection.set("u1", "user1@example.com", true);
        // Ticking twice selects once.
        selection.set("u7", "user7@example.com", true);
        assert_eq!(ids(&selection), ["u2", "u7", "u1"]);
        assert_eq!(selection.len(), 3);
        assert_eq!(selection.users()[1].email, "user7@example.com");
        // Each page reads only its own rows.
        let page_ids = |page: &[Selected]| page.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        let one = page_ids(&page_one);
        let two = page_ids(&page_two);
        assert_eq!(
            selection.page_state(one.iter().map(String::as_str)),
            PageState::Some
        );
        assert_eq!(
            selection.page_state(two.iter().map(String::as_str)),
            PageState::Some
        );
        selection.set("u7", "", false);
        assert_eq!(
            selection.page_state(two.iter().map(String::as_str)),
            PageState::None
        );
        assert!(selection.contains("u2") && !selection.contains("u7"));
        selection.clear();
        assert!(selection.is_empty());
        assert!(!selection.contains("u2"));
    }

    #[test]
    fn the_header_checkbox_selects_and_deselects_this_page_only() {
        let page_one = users(3);
        let page_two: Vec<_> = (4..=6).map(user).collect();
        let ids_of = |page: &[Selected]| page.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        let (one, two) = (ids_of(&page_one), ids_of(&page_two));
        let mut selection = Selection::default();
        selection.set("u5", "user5@example.com", true);
        selection.set_page(pairs(&page_one), true);
        assert_eq!(
            selection.page_state(one.iter().map(String::as_str)),
            PageState::All
        );
        assert_eq!(ids(&selection), ["u5", "u1", "u2", "u3"]);
        selection.set_page(pairs(&page_one), false);
        assert_eq!(
            selection.page_state(one.iter().map(String::as_str)),
            PageState::None
        );
        assert_eq!(ids(&selection), ["u5"]);
        assert_eq!(
            selection.page_state(two.iter().map(String::as_str)),
            PageState::Some
        );
        // An empty page (all filtered out) reads unchecked.
        assert_eq!(selection.page_state([]), PageState::None);
    }

    #[test]
    fn counts_read_right_for_one_and_for_many() {
        assert_eq!(selected_text(3), "3 selected");
        assert_eq!(confirm_title(1), "Delete 1 user?");
        assert_eq!(confirm_title(12), "Delete 12 users?");
        assert_eq!(confirm_label(1), "Delete 1 user");
        assert_eq!(confirm_label(2), "Delete 2 users");
    }

    #[test]
    fn the_confirmation_lists_ten_emails_then_how_many_more() {
        let three = users(3);
        assert_eq!(listing(&three), (&three[..], None));
        let ten = users(10);
        assert_eq!(listing(&ten), (&ten[..], None));
        let many = users(15);
        let (shown, more) = listing(&many);
        assert_eq!(shown, &many[..10]);
        assert_eq!(more.as_deref(), Some("and 5 more"));
        assert_eq!(listing(&users(11)).1.as_deref(), Some("and 1 more"));
    }

    #[test]
    fn a_run_counts_deleted_already_gone_and_failed() {
        let mut run = BulkDelete::new(users(4));
        assert_eq!(run.phase(), Phase::Confirming);
        run.cancel();
        assert!(!run.cancelled(), "nothing to cancel before the run");
        run.start();
        assert_eq!(run.phase(), Phase::Running);
        run.sending(0);
        assert_eq!(run.progress_text(), "Deleting 1 of 4");
        assert!(run.answered(0, &deleted()));
        run.sending(1);
        assert_eq!(run.progress_text(), "Deleting 2 of 4");
        assert!(!run.answered(
            1,
            &failed(ErrorKind::Server, "The API failed", Some("req-9"))
        ));
        run.sending(2);
        // A 404: the user was gone already, which is what was wanted.
        assert!(run.answered(2, &failed(ErrorKind::NotFound, "gone", None)));
        assert_eq!(run.progress(), (3, 4));
        run.sending(3);
        run.answered(3, &deleted());
        run.finish();
        assert_eq!(run.phase(), Phase::Finished);
        assert_eq!(run.deleted(), ["u1", "u3", "u4"]);
        let failure = &run.failures()[0];
        assert_eq!(run.failures().len(), 1);
        assert_eq!(failure.email, "user2@example.com");
        assert_eq!(failure.request_id.as_deref(), Some("req-9"));
        assert!(
            failure.message.contains("The API failed"),
            "{}",
            failure.message
        );
        assert_eq!(run.not_sent(), 0);
        assert_eq!(run.summary(), "Deleted 3 users, 1 failed");
    }

    #[test]
    fn all_deleted_says_so_in_the_singular_too() {
        let mut run = run_through(1, &[deleted()]);
        run.finish();
        assert_eq!(run.summary(), "Deleted 1 user");
        let mut run = run_through(2, &[deleted(), deleted()]);
        run.finish();
        assert_eq!(run.summary(), "Deleted 2 users");
        assert!(run.failures().is_empty());
    }

    #[test]
    fn cancel_lets_the_request_in_flight_count_and_reports_the_rest() {
        let mut run = run_through(5, &[deleted()]);
        run.sending(1);
        run.cancel();
        assert!(run.cancelled());
        assert_eq!(run.not_sent(), 3);
        run.answered(1, &deleted());
        run.finish();
        assert_eq!(run.progress(), (2, 5));
        assert_eq!(run.deleted(), ["u1", "u2"]);
        assert_eq!(run.summary(), "Deleted 2 users, 3 cancelled");
        // Failures and cancels both show.
        let mut run = run_through(3, &[failed(ErrorKind::Server, "no", None)]);
        run.cancel();
        run.finish();
        assert_eq!(run.summary(), "Deleted 0 users, 1 failed, 2 cancelled");
    }

    #[test]
    fn a_run_a_403_ended_says_the_rest_were_not_sent() {
        let mut run = run_through(
            4,
            &[
                deleted(),
                failed(ErrorKind::Forbidden, "Forbidden", Some("r2")),
            ],
        );
        run.finish();
        assert_eq!(run.not_sent(), 2);
        assert_eq!(run.summary(), "Deleted 1 user, 1 failed, 2 not sent");
    }
}
