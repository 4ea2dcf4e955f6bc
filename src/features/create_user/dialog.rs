//! New user: the dialog that creates one user, with roles and attributes,
//! keeping what was typed through any error. Its parts: the fields
//! (`form`, `roles`, `attributes`), the buttons (`actions`) and
//! the state they share (`editor`).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlElement;

use super::actions::DialogActions;
use super::editor::{focus_field, local_time_ms, Editor};
use super::form::NewUserFields;
use crate::api::{ApiError, NewUser, PortalClient, User};
use crate::app::catalogs::Catalogs;
use crate::features::create_user::rules::{CloseRequest, CloseStep, NewUserForm, Problems};
use crate::ui::dialog::{focused_element, Modal};
use crate::ui::{ErrorPanel, RetryNotice};

/// The **New user** dialog: names, email, an optional password, roles,
/// locale and attributes, checked as the administrator goes, then one
/// POST. Nothing typed is lost to an error: failures stay in the dialog,
/// with the request ID, and every field keeps its value.
#[component]
pub fn CreateUserDialog(
    /// The client to create the user with.
    client: PortalClient,
    /// Called when the dialog closes without creating a user.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called with the user the API created; the dialog is done.
    #[prop(into)]
    on_created: Callback<User>,
) -> impl IntoView {
    let modal = Modal::open();
    let failure_area = NodeRef::<html::Div>::new();
    let cancel_button = NodeRef::<html::Button>::new();

    // The roles and attributes are fetched once per session, shared with
    // the user page and the export.
    let catalogs = Catalogs::get();
    catalogs.load(&client);
    let reload_catalogs = Callback::new({
        let client = client.clone();
        move |()| catalogs.load(&client)
    });
    let editor = Editor::new(catalogs);
    let form = editor.form;

    let notice_client = client.clone();
    let create = Action::new_local(move |new_user: &NewUser| {
        let (client, new_user) = (client.clone(), new_user.clone());
        async move { client.create_user(&new_user).await }
    });
    let pending = create.pending();
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match create.value().get() {
        Some(Ok(user)) => {
            modal.close();
            on_created.run(user);
        }
        Some(Err(error)) => {
            failure.set(Some(error));
            // Read out by its alert role; focused so Tab continues from it.
            if let Some(area) = failure_area.get_untracked() {
                let _ = area.focus();
            }
        }
        None => {}
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // `pending` turns true as the POST is dispatched, before the button
        // is disabled: a second click or Enter in between stops here.
        if pending.get_untracked() {
            return;
        }
        let definitions = editor.definitions();
        match form.with_untracked(|f| f.to_new_user(&definitions, local_time_ms)) {
            Ok(new_user) => {
                editor.problems.set(Problems::new());
                failure.set(None);
                // The focused control is about to be disabled: the
                // dialog keeps the focus.
                modal.focus_dialog();
                create.dispatch_local(new_user);
            }
            Err(problems) => {
                let first = problems.keys().next().copied();
                editor.problems.set(problems);
                if let Some(field) = first {
                    focus_field(field);
                }
            }
        }
    };

    let asking_to_discard = RwSignal::new(false);
    let focus_before_asking = StoredValue::new_local(None::<HtmlElement>);
    let close = move || {
        modal.close();
        on_cancel.run(());
    };
    let keep_editing = move || {
        asking_to_discard.set(false);
        let back = focus_before_asking.get_value().filter(|e| e.is_connected());
        // Asked from **Cancel**, which the question replaced: back to the new one.
        request_animation_frame(move || {
            let target = back.or_else(|| cancel_button.get_untracked().map(|b| b.into()));
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    };
    // **Cancel** or Escape: closes, asks first, or waits for the POST.
    let request_close = move || {
        let request = CloseRequest {
            asking_to_discard: asking_to_discard.get_untracked(),
            pending: pending.get_untracked(),
            blank: form.with_untracked(NewUserForm::is_blank),
        };
        match request.step() {
            CloseStep::KeepEditing => keep_editing(),
            CloseStep::Ignore => {}
            CloseStep::Close => close(),
            CloseStep::AskToDiscard => {
                focus_before_asking.set_value(focused_element());
                asking_to_discard.set(true);
            }
        }
    };

    view! {
        <dialog class="dialog create-user" aria-labelledby="new-user-title" tabindex="-1"
            closedby=Modal::closed_by(move || pending.get()) node_ref=modal.dialog on:cancel=modal.on_cancel(request_close) on:close=modal.on_close()>
            <h2 id="new-user-title">"New user"</h2>
            <form novalidate on:submit=submit>
                <fieldset class="form-body" disabled=move || pending.get()>
                    <NewUserFields editor reload_catalogs />
                    <RetryNotice client=notice_client />
                    <div class="dialog-failure" tabindex="-1" node_ref=failure_area>
                        {move || failure.get().map(|error| view! { <ErrorPanel error /> })}
                    </div>
                    <DialogActions asking_to_discard pending cancel_button
                        on_cancel=move |()| request_close() on_keep_editing=move |()| keep_editing()
                        on_discard=move |()| close() />
                </fieldset>
            </form>
        </dialog>
    }
}
