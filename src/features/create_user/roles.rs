//! The **Roles** group of the **New user** dialog: a checkbox per role the
//! portal offers, at least one of which must be checked.

use leptos::ev::FocusEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::editor::Editor;
use crate::api::Role;
use crate::features::create_user::rules::Field;
use crate::ui::ErrorPanel;

/// The **Roles** group: the roles once loaded, or why they are not; checked
/// when focus leaves the group.
#[component]
pub(super) fn RolesField(
    /// The form being edited.
    editor: Editor,
    /// Loads the roles and attributes again, after a failure.
    reload_catalogs: Callback<()>,
) -> impl IntoView {
    let catalogs = editor.catalogs;
    let choices = move || {
        match catalogs.roles() {
        None => view! { <p class="hint" role="status">"Loading roles…"</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=reload_catalogs /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="hint">"The portal has no roles to grant."</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <div class="choices">
                {list.iter().cloned().enumerate().map(|(index, role)| view! { <RoleChoice editor index role /> }).collect_view()}
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <fieldset class="field roles" id=Field::Roles.id() tabindex="-1"
            aria-describedby=editor.described_by(Field::Roles, None)
            on:focusout=move |ev: FocusEvent| {
                if focus_leaves(&ev) {
                    editor.check(Field::Roles);
                }
            }>
            <legend>"Roles"</legend>
            {choices}
            {editor.message(Field::Roles)}
        </fieldset>
    }
}

/// The checkbox of one role; system roles say so in their label.
#[component]
fn RoleChoice(
    /// The form being edited.
    editor: Editor,
    /// The role's position in the list, for its element ID.
    index: usize,
    /// The role.
    role: Role,
) -> impl IntoView {
    let form = editor.form;
    let id = format!("new-user-role-{index}");
    let checked_id = role.id.clone();
    let toggled_id = role.id;
    view! {
        <div class="choice">
            <input type="checkbox" id=id.clone() aria-invalid=editor.invalid(Field::Roles)
                prop:checked=move || form.with(|f| f.roles.contains(&checked_id))
                on:change=move |ev| {
                    form.update(|f| f.set_role(&toggled_id, event_target_checked(&ev)));
                    editor.changed(Field::Roles);
                } />
            <label for=id>
                {role.name} {role.is_system.then_some(view! { " " <span class="tag">"(system)"</span> })}
            </label>
        </div>
    }
}

/// Whether focus is leaving the element the focusout listener is on (not
/// just moving between its children).
fn focus_leaves(ev: &FocusEvent) -> bool {
    let Some(group) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    else {
        return true;
    };
    let to = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    !group.contains(to.as_ref())
}
