//! **Delete selected**: the confirmation, the paced deletes with their
//! progress and **Cancel**, and the users that could not be deleted.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{delete_users_paced, DeleteEvent, PortalClient};
use crate::features::delete::rules::{
    confirm_label, confirm_title, listing, BulkDelete, Phase, Selected,
};
use crate::ui::dialog::{dialog_keydown, focus_when_shown, focused_element, return_focus};
use crate::ui::{QuotaWait, RequestId, RetryNotice, Toasts};

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
    let opener = StoredValue::new_local(focused_element());
    let dialog = NodeRef::<html::Div>::new();
    let cancel_button = NodeRef::<html::Button>::new();
    let close_button = NodeRef::<html::Button>::new();
    let count = users.len();
    let (listed, more) = listing(&users);
    let listed: Vec<String> = listed.iter().map(|user| user.email.clone()).collect();
    let toasts = Toasts::get();
    let run = RwSignal::new(BulkDelete::new(users));
    // Signals of a `bool` or a `String` only, as the rest of the console
    // has: each new type in a signal brings its own copy of the reactive
    // system's code into the wasm.
    let finished = Memo::new(move |_| run.with(BulkDelete::phase) == Phase::Finished);
    let running = Memo::new(move |_| run.with(BulkDelete::phase) == Phase::Running);
    let confirming = Memo::new(move |_| run.with(BulkDelete::phase) == Phase::Confirming);
    let notice_client = client.clone();
    let client = StoredValue::new_local(client);

    let close = move || {
        return_focus(opener.get_value());
        on_close.run(());
    };

    // When the run's next request goes out, while it waits for the quota.
    let waiting_until = RwSignal::new(0.0);
    let on_event = move |event: DeleteEvent| match event {
        DeleteEvent::Waiting(until) => {
            waiting_until.try_set(until);
        }
        DeleteEvent::Sending(index) => {
            waiting_until.try_set(0.0);
            run.try_update(|run| run.sending(index));
        }
        DeleteEvent::Answered { index, result } => {
            let deleted = run.try_update(|run| {
                run.answered(index, &result)
                    .then(|| run.users()[index].id.clone())
            });
            if let Some(id) = deleted.flatten() {
                on_deleted.run(id);
            }
        }
    };
    let confirm = move || {
        if !confirming.get_untracked() {
            return;
        }
        run.update(BulkDelete::start);
        // The confirming button is disabled now: Cancel keeps the focus
        // inside the dialog.
        if let Some(button) = cancel_button.get_untracked() {
            let _ = button.focus();
        }
        let ids: Vec<String> =
            run.with_untracked(|run| run.users().iter().map(|u| u.id.clone()).collect());
        let client = client.get_value();
        spawn_local(async move {
            // A closed dialog (the key refused, the console signed out)
            // sends nothing more.
            let stopped = move || {
                run.try_with_untracked(BulkDelete::cancelled)
                    .unwrap_or(true)
            };
            delete_users_paced(&client, &ids, stopped, on_event).await;
            waiting_until.try_set(0.0);
            let Some((summary, all_deleted)) = run.try_update(|run| {
                run.finish();
                (run.summary(), run.failures().is_empty())
            }) else {
                return;
            };
            if all_deleted {
                toasts.success(summary, None);
                close();
            } else {
                toasts.failure(summary);
            }
            on_finished.run(());
        });
    };

    focus_when_shown(cancel_button);
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
    let on_keydown = dialog_keydown(dialog, move || running.get(), close);

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
    let cancel_disabled = Signal::derive(move || run.with(BulkDelete::cancelled));
    let confirm_disabled = Signal::derive(move || !confirming.get());
    // Listed once the run is over.
    let failure_items = move || {
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
    // Every part is made once and the dialog's class names the phase; the
    // style sheet hides what does not apply to it (`when-…`), and the focus
    // trap passes hidden buttons by: one binding, not one per part.
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
        <div class="dialog-backdrop">
            <div class=class role="alertdialog" aria-modal="true"
                aria-labelledby="bulk-delete-title" aria-describedby="bulk-delete-description"
                node_ref=dialog on:keydown=on_keydown>
                <h2 id="bulk-delete-title">{title}</h2>
                <p id="bulk-delete-description">{description}</p>
                <div class="when-unfinished">
                    <ul class="email-list">
                        {listed.into_iter().map(|email| view! { <li>{email}</li> }).collect_view()}
                    </ul>
                    {more.map(|more| view! { <p class="more">{more}</p> })}
                </div>
                <ul class="bulk-failures">{failure_items}</ul>
                <div class="progress-track when-running" role="progressbar" aria-label="Deleting users"
                    aria-valuemin="0" aria-valuemax=count aria-valuenow=done aria-valuetext=status>
                    <span class="progress-bar determinate" style:width=width></span>
                </div>
                <p class="progress-figures" role="status">{status}</p>
                <QuotaWait until=waiting_until />
                <RetryNotice client=notice_client />
                <div class="dialog-actions">
                    <button type="button" class="button when-finished" node_ref=close_button on:click=move |_| close()>
                        "Close"
                    </button>
                    <button type="button" class="button when-unfinished" node_ref=cancel_button disabled=cancel_disabled
                        on:click=move |_| if running.get() { run.update(BulkDelete::cancel) } else { close() }>
                        "Cancel"
                    </button>
                    <button type="button" class="button danger when-unfinished"
                        disabled=confirm_disabled on:click=move |_| confirm()>
                        <span class="spinner when-running" aria-hidden="true"></span>
                        {confirm_label(count)}
                    </button>
                </div>
            </div>
        </div>
    }
}
