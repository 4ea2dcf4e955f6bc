//! The table of users the list and Find a user's results both show.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::User;
use crate::components::LastLoginText;
use crate::percent;

/// A table of users: name (linking to the user's page), email, last login
/// and a **Delete** button per row. The users list shows one page in it,
/// **Find a user** its matches.
#[component]
pub fn UsersTable(
    /// The table's caption.
    caption: &'static str,
    /// The users, in order.
    #[prop(into)]
    rows: Signal<Vec<Arc<User>>>,
    /// The query each row's link carries, so **Back to users** returns here.
    #[prop(into)]
    position: Signal<String>,
    /// What a row's **Delete** does.
    #[prop(into)]
    on_delete: Callback<Arc<User>>,
) -> impl IntoView {
    view! {
        <table class="users">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Last login"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            // One click handler for every row's Delete button, not
            // one listener per row: a page may hold a thousand rows.
            <tbody on:click=move |ev| {
                if let Some(user) = row_index_of_delete(&ev).and_then(|i| rows.with_untracked(|rows| rows.get(i).cloned())) {
                    on_delete.run(user);
                }
            }>
                <For each=move || rows.get() key=|user| user.id.clone() let(user)>
                    <UserRow user position=position.get_untracked() />
                </For>
            </tbody>
        </table>
    }
}

/// Grey rows the size of the page being loaded, so nothing jumps (at most a
/// hundred: a longer page fills the screen long before).
#[component]
pub fn TableSkeleton(
    /// How many rows the page will have.
    rows: u32,
) -> impl IntoView {
    view! {
        <div class="table-scroll" aria-busy="true">
            <table class="users skeleton">
                <caption>"Users"</caption>
                <thead>
                    <tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Last login"</th><th scope="col"></th></tr>
                </thead>
                <tbody>
                    {(0..rows.min(100)).map(|_| view! {
                        <tr aria-hidden="true"><th><span class="bone"></span></th><td class="email"><span class="bone"></span></td><td class="login"><span class="bone short"></span></td><td></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="visually-hidden" role="status">"Loading users…"</p>
        </div>
    }
}

/// One user in the table; `position` is the list's own query, carried to
/// the detail page so **Back to users** returns there. Its Delete button is
/// handled by the table (see [`row_index_of_delete`]).
///
/// Cells that hold only text set it as `textContent` rather than as a child
/// text node: one DOM call per cell instead of two (creating the node and
/// inserting it), four thousand fewer on a page of a thousand rows. The
/// browser still makes it a text node; it is never parsed as markup.
#[component]
fn UserRow(
    /// The user shown.
    user: Arc<User>,
    /// The list to return to (its query).
    position: String,
) -> impl IntoView {
    let href = format!("{}?{position}", user_href(&user.id));
    let name = user.full_name();
    let delete_label = format!("Delete {}", user.email);
    let (email, last_login) = (user.email.clone(), user.last_login);
    view! {
        <tr>
            // A plain link: the router still handles the click, and a row
            // needs none of `<A>`'s per-link tracking of the location.
            <th scope="row"><a href=href prop:textContent=name></a></th>
            <td class="email" prop:textContent=email></td>
            <td class="login"><LastLoginText last_login /></td>
            <td class="actions">
                <button type="button" class="button small subtle delete" aria-label=delete_label
                    prop:textContent="Delete"></button>
            </td>
        </tr>
    }
}

/// The detail page of the user with `id`.
pub fn user_href(id: &str) -> String {
    format!("/users/{}", percent::encode(id))
}

/// The row (its index in the table body) whose Delete button `ev` clicked.
fn row_index_of_delete(ev: &leptos::ev::MouseEvent) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target
        .closest("button.delete")
        .ok()??
        .closest("tr")
        .ok()??;
    usize::try_from(
        row.dyn_into::<web_sys::HtmlTableRowElement>()
            .ok()?
            .section_row_index(),
    )
    .ok()
}
