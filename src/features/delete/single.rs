//! The confirmation every single delete goes through, and how it ended.

use leptos::prelude::*;

use crate::api::{ErrorKind, PortalClient, User};
use crate::ui::dialog::Modal;
use crate::ui::{ErrorPanel, RetryNotice};

/// How a confirmed delete ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The API deleted the user.
    Deleted,
    /// The user was gone already (the API answered 404).
    AlreadyGone,
}

impl DeleteOutcome {
    /// What the toast says, e.g. "Deleted jose@example.com".
    pub fn message(self, email: &str) -> String {
        match self {
            DeleteOutcome::Deleted => format!("Deleted {email}"),
            DeleteOutcome::AlreadyGone => format!("{email} was already deleted"),
        }
    }
}

/// The confirmation every delete goes through: names the user, starts on
/// **Cancel**, and sends exactly one DELETE when confirmed. Failures stay in
/// the dialog, with the request ID, to retry or cancel.
#[component]
pub fn DeleteConfirm(
    /// The user to delete.
    user: User,
    /// The client to delete with.
    client: PortalClient,
    /// Called when the dialog closes without deleting.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called once the user is gone.
    #[prop(into)]
    on_done: Callback<DeleteOutcome>,
) -> impl IntoView {
    let modal = Modal::open();

    let id = user.id.clone();
    let notice_client = client.clone();
    let delete = Action::new_local(move |_: &()| {
        let (client, id) = (client.clone(), id.clone());
        async move { client.delete_user(&id).await }
    });
    // Set when a DELETE goes out, cleared only by a failure: a second click
    // or Enter in between cannot send another.
    let sent = StoredValue::new(false);
    let confirm = move || {
        if !sent.get_value() {
            sent.set_value(true);
            delete.dispatch_local(());
        }
    };
    let busy = move || delete.pending().get();

    let close = move |outcome: Option<DeleteOutcome>| {
        modal.close();
        match outcome {
            Some(outcome) => on_done.run(outcome),
            None => on_cancel.run(()),
        }
    };
    let error = Memo::new(move |_| match delete.value().get() {
        Some(Err(error)) if error.kind != ErrorKind::NotFound => Some(error),
        _ => None,
    });
    Effect::new(move || match delete.value().get() {
        Some(Ok(_)) => close(Some(DeleteOutcome::Deleted)),
        Some(Err(error)) if error.kind == ErrorKind::NotFound => {
            close(Some(DeleteOutcome::AlreadyGone))
        }
        // A 401 also ends the session, through the client.
        Some(Err(_)) => sent.set_value(false),
        None => {}
    });

    // Escape is Cancel, except while the DELETE is under way: its answer
    // must not go unseen.
    let escape = move || {
        if !busy() {
            close(None);
        }
    };

    let name = user.full_name();
    view! {
        <dialog class="dialog" role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-description"
            closedby=Modal::closed_by(busy) node_ref=modal.dialog on:cancel=modal.on_cancel(escape) on:close=modal.on_close()>
            <h2 id="delete-title">"Delete this user?"</h2>
            <p id="delete-description">
                <strong>{name}</strong> " (" {user.email.clone()} ") will lose access to the portal. "
                "The API cannot undo a delete."
            </p>
            <RetryNotice client=notice_client />
            {move || error.get().map(|error| view! { <ErrorPanel error on_retry=move || confirm() /> })}
            <div class="dialog-actions">
                // Where the focus starts: nothing is deleted by a stray Enter.
                <button type="button" class="button" autofocus disabled=busy on:click=move |_| close(None)>
                    "Cancel"
                </button>
                <button type="button" class="button danger" disabled=busy aria-busy=move || busy().to_string()
                    on:click=move |_| confirm()>
                    {move || busy().then(|| view! { <span class="spinner" aria-hidden="true"></span> " " })}
                    "Delete"
                </button>
            </div>
        </dialog>
    }
}
