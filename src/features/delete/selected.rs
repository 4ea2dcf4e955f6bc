//! **Delete selected**: the confirmation, the paced deletes with their
//! progress and **Cancel**, and the users that could not be deleted. Its
//! parts share one [`Deleting`].

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{delete_users_paced, Deleted, PacedEvent, PacedRun, PortalClient};
use crate::features::delete::rules::{
    confirm_label, confirm_title, listing, BulkDelete, Phase, Selected,
};
use crate::ui::dialog::Modal;
use crate::ui::{QuotaWait, RequestId, RetryNotice, Toasts};

/// What the parts of **Delete selected** share: the run, its phase, the
/// wait for the quota, and the dialog with what it tells the users list.
///
/// The phase is three memos of a `bool` rather than one of a [`Phase`]:
/// each new type in a signal brings its own copy of the reactive system's
/// code into the wasm.
#[derive(Clone, Copy)]
struct Deleting {
    /// The users and what became of each.
    run: RwSignal<BulkDelete>,
    /// How many users were selected.
    count: usize,
    /// Not confirmed yet.
    confirming: Memo<bool>,
    /// Deleting.
    running: Memo<bool>,
    /// Every request sent, or the run stopped.
    finished: Memo<bool>,
    /// When the run's next request goes out, while it waits for the quota
    /// (`Date.now()` milliseconds); 0 otherwise.
    waiting_until: RwSignal<f64>,
    /// The `<dialog>`.
    modal: Modal,
    /// **Cancel**: it keeps the focus once the run starts.
    cancel_button: NodeRef<html::Button>,
    /// Called with each user's ID as soon as that user is gone.
    on_deleted: Callback<String>,
    /// Called once when the run ends (after its toast).
    on_finished: Callback<()>,
    /// Called when the dialog closes.
    on_close: Callback<()>,
}

impl Deleting {
    /// The dialog's state for `users`, not confirmed yet.
    fn new(
        users: Vec<Selected>,
        on_deleted: Callback<String>,
        on_finished: Callback<()>,
        on_close: Callback<()>,
    ) -> Deleting {
        let count = users.len();
        let run = RwSignal::new(BulkDelete::new(users));
        let phase_is = move |phase| Memo::new(move |_| run.with(BulkDelete::phase) == phase);
        Deleting {
            run,
            count,
            confirming: phase_is(Phase::Confirming),
            running: phase_is(Phase::Running),
            finished: phase_is(Phase::Finished),
            waiting_until: RwSignal::new(0.0),
            modal: Modal::open(),
            cancel_button: NodeRef::new(),
            on_deleted,
            on_finished,
            on_close,
        }
    }

    /// Closes the dialog, the focus back on its opener.
    fn close(self) {
        self.modal.close();
        self.on_close.run(());
    }

    /// Escape: closes the dialog, except while the deletes run.
    fn escape(self) {
        if !self.running.get_untracked() {
            self.close();
        }
    }

    /// **Cancel**: stops the run after the delete in flight, or closes the
    /// dialog when nothing runs.
    fn cancel(self) {
        if self.running.get_untracked() {
            self.run.update(BulkDelete::cancel);
        } else {
            self.close();
        }
    }

    /// **Delete N users**: deletes them one at a time with `client`, then
    /// says how it went. Closes by itself when every user is deleted.
    fn confirm(self, client: PortalClient) {
        if !self.confirming.get_untracked() {
            return;
        }
        self.run.update(BulkDelete::start);
        // The confirming button is disabled now: Cancel keeps the focus
        // inside the dialog.
        if let Some(button) = self.cancel_button.get_untracked() {
            let _ = button.focus();
        }
        let toasts = Toasts::get();
        spawn_local(async move {
            let mut deletes = Deletes {
                deleting: self,
                next: 0,
            };
            delete_users_paced(&client, &mut deletes).await;
            self.waiting_until.try_set(0.0);
            let Some((summary, all_deleted)) = self.run.try_update(|run| {
                run.finish();
                (run.summary(), run.failures().is_empty())
            }) else {
                return;
            };
            if all_deleted {
                toasts.success(summary, None);
                self.close();
            } else {
                toasts.failure(summary);
            }
            self.on_finished.run(());
        });
    }
}

/// The run of deletes as the API's paced runs send it.
struct Deletes {
    deleting: Deleting,
    /// The index of the next user to delete.
    next: usize,
}

impl PacedRun for Deletes {
    type Write = String;
    type Answer = Deleted;

    fn next(&mut self) -> Option<(usize, String)> {
        let index = self.next;
        self.next += 1;
        let id = self
            .deleting
            .run
            .try_with_untracked(|run| Some(run.users().get(index)?.id.clone()))??;
        Some((index, id))
    }

    // A closed dialog (the key refused, the console signed out) sends
    // nothing more.
    fn stopped(&self) -> bool {
        self.deleting
            .run
            .try_with_untracked(BulkDelete::cancelled)
            .unwrap_or(true)
    }

    fn report(&mut self, event: PacedEvent<Deleted>) {
        let Deleting {
            run,
            waiting_until,
            on_deleted,
            ..
        } = self.deleting;
        match event {
            PacedEvent::Waiting(until) => {
                waiting_until.try_set(until);
            }
            PacedEvent::Sending(index) => {
                waiting_until.try_set(0.0);
                run.try_update(|run| run.sending(index));
            }
            PacedEvent::Answered { index, result } => {
                let deleted = run.try_update(|run| {
                    run.answered(index, &result)
                        .then(|| run.users()[index].id.clone())
                });
                if let Some(id) = deleted.flatten() {
                    on_deleted.run(id);
                }
            }
        }
    }
}

/// The confirmation of **Delete selected**, as the single delete's: names
/// the users (the first ten emails, then how many more), starts on
/// **Cancel**, and once confirmed deletes them one at a time at the pace
/// the rate limit allows, with the progress and **Cancel**. It closes by
/// itself when every user is deleted; otherwise it lists each failure with
/// its request ID, until **Close**. The toast says how it went.
#[component]
pub fn DeleteSelectedConfirm(
    /// The users to delete, in order.
    users: Vec<Selected>,
    /// The client to delete with.
    client: PortalClient,
    /// Called with each user's ID as soon as that user is gone.
    #[prop(into)]
    on_deleted: Callback<String>,
    /// Called once when the run ends (after its toast).
    #[prop(into)]
    on_finished: Callback<()>,
    /// Called when the dialog closes.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let (listed, more) = listing(&users);
    let listed: Vec<String> = listed.iter().map(|user| user.email.clone()).collect();
    let deleting = Deleting::new(users, on_deleted, on_finished, on_close);
    let Deleting {
        run,
        count,
        running,
        finished,
        modal,
        ..
    } = deleting;

    let title = Signal::derive(move || {
        if finished.get() {
            run.with(BulkDelete::summary)
        } else {
            confirm_title(count)
        }
    });
    let description = Signal::derive(move || {
        if finished.get() {
            "The users below were not deleted. They stay selected, so Delete selected can try them again."
        } else {
            "These users will lose access to the portal. The API cannot undo a delete."
        }
        .to_owned()
    });
    // Every part is made once and the dialog's class names the phase; the
    // style sheet hides what does not apply to it (`when-…`): one binding,
    // not one per part.
    let class = Signal::derive(move || {
        if finished.get() {
            "dialog bulk-delete finished"
        } else if running.get() {
            "dialog bulk-delete running"
        } else {
            "dialog bulk-delete confirming"
        }
        .to_owned()
    });
    view! {
        <dialog class=class role="alertdialog" aria-labelledby="bulk-delete-title" aria-describedby="bulk-delete-description"
            closedby=Modal::closed_by(move || running.get()) node_ref=modal.dialog on:cancel=modal.on_cancel(move || deleting.escape()) on:close=modal.on_close()>
            <h2 id="bulk-delete-title">{title}</h2>
            <p id="bulk-delete-description">{description}</p>
            <div class="when-unfinished">
                <ul class="email-list">
                    {listed.into_iter().map(|email| view! { <li>{email}</li> }).collect_view()}
                </ul>
                {more.map(|more| view! { <p class="more">{more}</p> })}
            </div>
            <BulkFailures deleting />
            <BulkProgress deleting />
            <RetryNotice client=client.clone() />
            <BulkActions deleting client />
        </dialog>
    }
}

/// The users that could not be deleted, each with why and its request ID:
/// listed once the run is over.
#[component]
fn BulkFailures(
    /// The dialog's state.
    deleting: Deleting,
) -> impl IntoView {
    let Deleting { run, finished, .. } = deleting;
    let items = move || {
        let failures = if finished.get() {
            run.with_untracked(|run| run.failures().to_vec())
        } else {
            Vec::new()
        };
        failures
            .into_iter()
            .map(|failure| {
                view! {
                    <li>
                        <strong>{failure.email}</strong>
                        <p class="error-message">{failure.message}</p>
                        {failure.request_id.map(|id| view! { <RequestId id /> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="bulk-failures">{items}</ul> }
}

/// The run's progress bar and "Deleting 3 of 12", and the wait for the
/// quota when there is one.
#[component]
fn BulkProgress(
    /// The dialog's state.
    deleting: Deleting,
) -> impl IntoView {
    let Deleting {
        run,
        count,
        running,
        waiting_until,
        ..
    } = deleting;
    let done = Signal::derive(move || run.with(|run| run.progress().0.to_string()));
    // Integer percent: float formatting would grow the wasm. Set through
    // the element's style object: the console's Content-Security-Policy
    // refuses a `style` attribute.
    let width = Signal::derive(move || {
        format!("{}%", run.with(|run| run.progress().0) * 100 / count.max(1))
    });
    let status = Signal::derive(move || {
        if running.get() {
            run.with(BulkDelete::progress_text)
        } else {
            String::new()
        }
    });
    view! {
        <div class="progress-track when-running" role="progressbar" aria-label="Deleting users"
            aria-valuemin="0" aria-valuemax=count aria-valuenow=done aria-valuetext=status>
            <span class="progress-bar determinate" style:width=width></span>
        </div>
        <p class="progress-figures" role="status">{status}</p>
        <QuotaWait until=waiting_until />
    }
}

/// **Cancel** (the focus starts there) and **Delete N users**, then
/// **Close** once the run is over with failures.
#[component]
fn BulkActions(
    /// The dialog's state.
    deleting: Deleting,
    /// The client to delete with.
    client: PortalClient,
) -> impl IntoView {
    let Deleting {
        run,
        count,
        confirming,
        finished,
        cancel_button,
        ..
    } = deleting;
    let client = StoredValue::new_local(client);
    let close_button = NodeRef::<html::Button>::new();
    // After failures, Close: the list of them is read from there. On the
    // next frame, once the style sheet shows it.
    Effect::new(move || {
        if finished.get() {
            request_animation_frame(move || {
                if let Some(button) = close_button.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
    });
    let cancel_disabled = Signal::derive(move || run.with(BulkDelete::cancelled));
    let confirm_disabled = Signal::derive(move || !confirming.get());
    view! {
        <div class="dialog-actions">
            <button type="button" class="button when-finished" node_ref=close_button on:click=move |_| deleting.close()>
                "Close"
            </button>
            <button type="button" class="button when-unfinished" autofocus node_ref=cancel_button disabled=cancel_disabled
                on:click=move |_| deleting.cancel()>
                "Cancel"
            </button>
            <button type="button" class="button danger when-unfinished"
                disabled=confirm_disabled on:click=move |_| deleting.confirm(client.get_value())>
                <span class="spinner when-running" aria-hidden="true"></span>
                {confirm_label(count)}
            </button>
        </div>
    }
}
