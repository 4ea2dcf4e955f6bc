//! The tab's one walk of the whole portal: every user, fetched page by
//! page as [`crate::api::walk_users`] hands them on, shared by **Export
//! CSV** and **Find a user** and kept for the tab's life.

use std::sync::Arc;

use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{walk_users, ApiError, PortalClient, User, WalkEvent};
use crate::app::session::Session;

/// How long a complete walk is reused by **Find a user**, in milliseconds:
/// five minutes. Older, a search walks the portal again.
pub const REUSE_MS: f64 = 5.0 * 60_000.0;

/// Where the walk is.
#[derive(Clone, Debug, PartialEq)]
pub enum WalkState {
    /// No walk yet.
    Idle,
    /// Fetching pages; waiting until this `Date.now()` time, if it pauses
    /// (for the rate limit, or after a failure).
    Running {
        /// When the next request goes out, while the walk waits.
        waiting_until: Option<f64>,
    },
    /// Every page fetched, the last at this `Date.now()` time.
    Done {
        /// When the walk ended.
        at_ms: f64,
    },
    /// Stopped before the last page: cancelled (`None`) or failed.
    Stopped {
        /// The failure that outlasted the retries.
        error: Option<ApiError>,
    },
}

/// The walk and the users it has fetched so far, in the API's order.
#[derive(Clone, Copy)]
pub struct PortalWalk {
    users: RwSignal<Vec<Arc<User>>>,
    pages: RwSignal<u32>,
    state: RwSignal<WalkState>,
    /// The cursor of the first page not fetched yet: **Retry** resumes there.
    next: StoredValue<Option<String>>,
    /// The session the users belong to.
    session: StoredValue<Option<Session>>,
    /// Users were created since the walk ended: the next search walks again.
    outdated: StoredValue<bool>,
    task: StoredValue<Option<AbortHandle>>,
}

impl PortalWalk {
    /// Provides an empty walk to the whole console.
    pub fn provide() {
        let task = StoredValue::new(None::<AbortHandle>);
        on_cleanup(move || {
            if let Some(Some(handle)) = task.try_update_value(Option::take) {
                handle.abort();
            }
        });
        provide_context(PortalWalk {
            users: RwSignal::new(Vec::new()),
            pages: RwSignal::new(0),
            state: RwSignal::new(WalkState::Idle),
            next: StoredValue::new(None),
            session: StoredValue::new(None),
            outdated: StoredValue::new(false),
            task,
        });
    }

    /// The walk provided by [`crate::App`].
    pub fn get() -> PortalWalk {
        expect_context()
    }

    /// The users fetched so far (tracked; grows page by page).
    pub fn users(&self) -> ReadSignal<Vec<Arc<User>>> {
        self.users.read_only()
    }

    /// The pages fetched so far (tracked).
    pub fn pages(&self) -> u32 {
        self.pages.get()
    }

    /// Where the walk is (tracked).
    pub fn state(&self) -> WalkState {
        self.state.get()
    }

    /// Starts a new walk from the first page, cancelling any under way.
    pub fn start(&self, client: &PortalClient) {
        self.session.set_value(Some(client.session().clone()));
        self.outdated.set_value(false);
        self.users.set(Vec::new());
        self.pages.set(0);
        self.next.set_value(None);
        self.run(client.clone(), None);
    }

    /// Uses the walk under way or one that ended less than [`REUSE_MS`]
    /// ago for `client`'s session, or else starts a new one.
    pub fn refresh_if_stale(&self, client: &PortalClient) {
        let same_session = self
            .session
            .with_value(|session| session.as_ref() == Some(client.session()));
        let usable = match self.state.get_untracked() {
            WalkState::Running { .. } => true,
            WalkState::Done { at_ms } => {
                !self.outdated.get_value() && js_sys::Date::now() - at_ms < REUSE_MS
            }
            WalkState::Idle | WalkState::Stopped { .. } => false,
        };
        if !(same_session && usable) {
            self.start(client);
        }
    }

    /// Goes on from the first page not fetched yet, keeping the users
    /// fetched so far (after a failure or a cancel).
    pub fn resume(&self, client: &PortalClient) {
        let same_session = self
            .session
            .with_value(|session| session.as_ref() == Some(client.session()));
        if !same_session || self.pages.get_untracked() == 0 {
            self.start(client);
        } else {
            self.run(client.clone(), self.next.get_value());
        }
    }

    /// Stops the walk, keeping what it fetched.
    pub fn cancel(&self) {
        if let Some(handle) = self.task.try_update_value(Option::take).flatten() {
            handle.abort();
        }
        if matches!(self.state.get_untracked(), WalkState::Running { .. }) {
            self.state.set(WalkState::Stopped { error: None });
        }
    }

    /// Marks the walk out of date, as users were created since it ran: the
    /// next search walks again. Sends nothing itself: a run of creates may
    /// have used the quota down to its reserve, which the list's reload needs.
    pub fn outdate(&self) {
        self.outdated.set_value(true);
    }

    /// Leaves out a user deleted since the walk fetched it.
    pub fn forget(&self, id: &str) {
        self.users
            .update(|users| users.retain(|user| user.id != id));
    }

    fn run(&self, client: PortalClient, from: Option<String>) {
        let this = *self;
        let (handle, registration) = AbortHandle::new_pair();
        if let Some(previous) = self
            .task
            .try_update_value(|task| task.replace(handle))
            .flatten()
        {
            previous.abort();
        }
        self.state.set(WalkState::Running {
            waiting_until: None,
        });
        spawn_local(async move {
            let walk = walk_users(&client, from, move |event| match event {
                WalkEvent::Page { users, next } => {
                    this.users
                        .try_update(|all| all.extend(users.into_iter().map(Arc::new)));
                    this.pages.try_update(|pages| *pages += 1);
                    this.next.try_set_value(next);
                    this.state.try_set(WalkState::Running {
                        waiting_until: None,
                    });
                }
                WalkEvent::Waiting { until_ms } => {
                    this.state.try_set(WalkState::Running {
                        waiting_until: Some(until_ms),
                    });
                }
            });
            // Aborted: cancelled, or a newer walk took over; either set the state.
            if let Ok(result) = Abortable::new(walk, registration).await {
                this.task.try_set_value(None);
                this.state.try_set(match result {
                    Ok(()) => WalkState::Done {
                        at_ms: js_sys::Date::now(),
                    },
                    Err(error) => WalkState::Stopped { error: Some(error) },
                });
            }
        });
    }
}
