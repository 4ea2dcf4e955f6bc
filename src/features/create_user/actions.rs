//! The buttons at the foot of the **New user** dialog: **Cancel** and
//! **Create user**, or the question "Discard changes?".

use leptos::html;
use leptos::prelude::*;

/// **Cancel** and **Create user** (a spinner and "Creating…" while the
/// user is created), or, when closing would lose what was entered,
/// "Discard changes?" with **Keep editing** (focused) and **Discard**.
#[component]
pub(super) fn DialogActions(
    /// Whether the dialog asks "Discard changes?".
    #[prop(into)]
    asking_to_discard: Signal<bool>,
    /// Whether the user is being created.
    #[prop(into)]
    pending: Signal<bool>,
    /// **Cancel**: closes, or asks first.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// **Keep editing**: takes the question back.
    #[prop(into)]
    on_keep_editing: Callback<()>,
    /// **Discard**: closes, losing what was entered.
    #[prop(into)]
    on_discard: Callback<()>,
    /// **Cancel**, for focusing it again when the question is taken back.
    cancel_button: NodeRef<html::Button>,
) -> impl IntoView {
    let keep_editing_button = NodeRef::<html::Button>::new();
    Effect::new(move || {
        if let Some(button) = keep_editing_button.get() {
            let _ = button.focus();
        }
    });
    move || {
        if asking_to_discard.get() {
            view! {
                <div class="discard-confirm" role="group" aria-labelledby="discard-title">
                    <p id="discard-title"><strong>"Discard changes?"</strong></p>
                    <p>"What you entered in this form will be lost."</p>
                    <div class="dialog-actions">
                        <button type="button" class="button" node_ref=keep_editing_button on:click=move |_| on_keep_editing.run(())>
                            "Keep editing"
                        </button>
                        <button type="button" class="button danger" on:click=move |_| on_discard.run(())>
                            "Discard"
                        </button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="dialog-actions">
                    <button type="button" class="button" node_ref=cancel_button on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="button primary" aria-busy=move || pending.get().to_string()>
                        {move || {
                            if pending.get() {
                                view! { <span class="spinner" aria-hidden="true"></span> " Creating…" }.into_any()
                            } else {
                                "Create user".into_any()
                            }
                        }}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
