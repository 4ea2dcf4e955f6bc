//! The creates of an import, one at a time and paced by the rate limit
//! (the API's paced runs send them), with **Pause**, **Resume** and
//! **Cancel**, and their progress.

use leptos::prelude::*;

use super::stored;
use crate::api::{create_users_paced, NewUser, PacedEnd, PacedEvent, PacedRun, PortalClient, User};
use crate::features::import::rules::progress::{Import, Outcome, Skip};
use crate::ui::dialog::focus_when_shown;
use crate::ui::{QuotaWait, RetryNotice};

/// How often the progress is announced to screen readers, at most, in ms.
const ANNOUNCE_EVERY_MS: f64 = 5_000.0;

/// What the progress view and the buttons share with the creates.
#[derive(Clone, Copy)]
pub(super) struct Run {
    /// Rows to create.
    pub total: RwSignal<usize>,
    /// How many of them have ended.
    pub done: RwSignal<usize>,
    /// **Pause** pressed (and not **Resume** since).
    pub paused: RwSignal<bool>,
    /// **Cancel** pressed.
    pub cancelling: RwSignal<bool>,
    /// The browser refused to store the progress.
    pub unsaved: RwSignal<bool>,
    /// When the next create goes out, while the run waits for the quota
    /// (`Date.now()` milliseconds); 0 otherwise.
    pub waiting_until: RwSignal<f64>,
}

impl Run {
    /// A run not started.
    pub fn new() -> Run {
        Run {
            total: RwSignal::new(0),
            done: RwSignal::new(0),
            paused: RwSignal::new(false),
            cancelling: RwSignal::new(false),
            unsaved: RwSignal::new(false),
            waiting_until: RwSignal::new(0.0),
        }
    }

    /// Stores the progress, noting a refusal.
    fn save(self, import: &Import) {
        if !stored::save_progress(import) {
            self.unsaved.try_set(true);
        }
    }
}

/// Creates the waiting rows of `import` one by one and returns it ended,
/// or `None` if the dialog went away meanwhile or the API refused the key
/// (its stored progress then lets the import be resumed).
pub(super) async fn create_all(import: Import, client: PortalClient, run: Run) -> Option<Import> {
    if !stored::save_plan(&import) {
        run.unsaved.try_set(true);
    }
    run.total.try_set(import.to_create());
    run.done.try_set(import.done());
    let mut creates = Creates { import, run };
    let end = create_users_paced(&client, &mut creates).await;
    run.waiting_until.try_set(0.0);
    let mut import = creates.import;
    match end {
        PacedEnd::Done => {}
        PacedEnd::KeyRefused => return None,
        PacedEnd::Forbidden => import.skip_pending(Skip::NotAllowed),
        // **Cancel**, unless the dialog went away (the console signed out).
        PacedEnd::Stopped => {
            run.cancelling.try_get_untracked()?;
            import.skip_pending(Skip::Cancelled);
        }
    }
    stored::clear();
    Some(import)
}

/// The creates of an import as the API's paced runs send them: the row in
/// flight is stored before its request goes out, and each answer once it
/// comes.
struct Creates {
    import: Import,
    run: Run,
}

impl PacedRun for Creates {
    type Write = NewUser;
    type Answer = User;

    fn next(&mut self) -> Option<(usize, NewUser)> {
        self.import.next_pending()
    }

    // **Cancel**, or the dialog gone: nothing more is sent.
    fn stopped(&self) -> bool {
        self.run.cancelling.try_get_untracked().unwrap_or(true)
    }

    fn paused(&self) -> bool {
        self.run.paused.try_get_untracked().unwrap_or(false)
    }

    fn report(&mut self, event: PacedEvent<User>) {
        let Creates { import, run } = self;
        match event {
            PacedEvent::Waiting(until) => {
                run.waiting_until.try_set(until);
            }
            PacedEvent::Sending(index) => {
                run.waiting_until.try_set(0.0);
                import.send(index);
                run.save(import);
            }
            PacedEvent::Answered { index, result } => {
                match result {
                    Ok(user) => import.answered(index, Outcome::Created(user.id)),
                    // The key was refused: that create wrote nothing. The
                    // row waits again in the stored progress; connecting
                    // again offers **Resume import**.
                    Err(error) if error.is_unauthorized() => import.unsent(),
                    Err(error) => import.answered(index, Outcome::failed(&error)),
                }
                run.save(import);
                run.done.try_set(import.done());
            }
        }
    }
}

/// The progress of `run`: "Creating 12 of 117" over a progress bar, a
/// polite status every few seconds, the `client`'s retry countdown (a 429
/// waited out), **Pause** or **Resume**, and **Cancel**.
pub(super) fn import_progress(run: Run, client: PortalClient) -> impl IntoView {
    let Run {
        total,
        done,
        paused,
        cancelling,
        unsaved,
        waiting_until,
        ..
    } = run;
    let pause_button = NodeRef::new();
    focus_when_shown(pause_button);
    let label = move || {
        let (done, total) = (done.get(), total.get());
        if cancelling.get() {
            format!("Cancelling after {done} of {total}…")
        } else if paused.get() {
            format!("Paused after {done} of {total}")
        } else {
            format!("Creating {} of {total}", (done + 1).min(total))
        }
    };
    // Announced when the figures change, at most every few seconds.
    let announced = RwSignal::new(String::new());
    let last_announced = StoredValue::new(0.0);
    Effect::new(move || {
        let text = format!("Created {} of {}", done.get(), total.get());
        let now = js_sys::Date::now();
        if now - last_announced.get_value() >= ANNOUNCE_EVERY_MS {
            last_announced.set_value(now);
            announced.set(text);
        }
    });
    let width = move || {
        let total = total.get().max(1);
        format!("{}%", done.get() * 100 / total)
    };
    view! {
        <div class="import-progress">
            <p id="import-progress-label">{label}</p>
            <div class="progress-track" role="progressbar" aria-labelledby="import-progress-label"
                aria-valuemin="0" aria-valuenow=move || done.get() aria-valuemax=move || total.get()>
                <span class="progress-fill" style:width=width></span>
            </div>
            <p class="visually-hidden" role="status">{move || announced.get()}</p>
            <QuotaWait until=waiting_until />
            <RetryNotice client />
            {move || unsaved.get().then(|| view! {
                <p class="error-message" role="alert">
                    "This browser did not keep the import's progress: a reload now would lose it."
                </p>
            })}
            <div class="dialog-actions">
                <button type="button" class="button" node_ref=pause_button disabled=move || cancelling.get()
                    on:click=move |_| paused.update(|p| *p = !*p)>
                    {move || if paused.get() { "Resume" } else { "Pause" }}
                </button>
                <button type="button" class="button danger" disabled=move || cancelling.get()
                    on:click=move |_| cancelling.set(true)>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}
