//! The table of users the list and the access review's results both show.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::api::User;
use crate::features::delete::rules::{PageState, Selection};
use crate::text::percent;
use crate::ui::LastLoginText;

/// A table of users: name (linking to the user's page), email, last login
/// and a **Delete** button per row, and a checkbox per row for **Delete
/// selected** when given the selection. The users list shows one page in
/// it; the access review a page of its matches, under sorting headers.
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
    /// The selection the rows' checkboxes and **Select all on this page**
    /// change; no checkboxes without it.
    #[prop(optional)]
    selection: Option<RwSignal<Selection>>,
    /// The Name, Email and Last login headers, when the table's owner draws
    /// them (the access review's sort buttons); plain headers without.
    #[prop(optional, into)]
    headings: Option<ViewFn>,
) -> impl IntoView {
    let body = NodeRef::<html::Tbody>::new();
    // How this page's rows stand in the selection, for the header checkbox.
    let page_is = move |state: PageState| {
        Signal::derive(move || {
            selection.is_some_and(|selection| {
                selection.with(|s| {
                    rows.with(|rows| s.page_state(rows.iter().map(|u| u.id.as_str())) == state)
                })
            })
        })
    };
    let select_page = move |ev: leptos::ev::Event| {
        if let Some(selection) = selection {
            let on = event_target_checked(&ev);
            rows.with_untracked(|rows| {
                selection.update(|s| {
                    s.set_page(rows.iter().map(|u| (u.id.as_str(), u.email.as_str())), on)
                });
            });
        }
    };
    // One change handler for every row's checkbox, as for Delete.
    let select_row = move |ev: leptos::ev::Event| {
        let Some((selection, (index, on))) = selection.zip(row_of_checkbox(&ev)) else {
            return;
        };
        if let Some(user) = rows.with_untracked(|rows| rows.get(index).cloned()) {
            selection.update(|s| s.set(&user.id, &user.email, on));
        }
    };
    // A row's checkbox is drawn checked or not when the row is made; after
    // that, one pass over the page's checkboxes follows the selection (the
    // header checkbox, Clear selection, a delete), rather than a reactive
    // binding in each of up to a thousand rows.
    Effect::new(move || {
        let (Some(selection), Some(body)) = (selection, body.get()) else {
            return;
        };
        selection.with(|s| {
            rows.with_untracked(|rows| {
                let Ok(boxes) = body.query_selector_all("input.select") else {
                    return;
                };
                for (i, user) in (0..boxes.length()).zip(rows) {
                    if let Some(input) = boxes
                        .item(i)
                        .and_then(|b| b.dyn_into::<HtmlInputElement>().ok())
                    {
                        input.set_checked(s.contains(&user.id));
                    }
                }
            });
        });
    });
    view! {
        <table class="users" class:selectable=selection.is_some()>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    {selection.map(|_| view! {
                        <th scope="col" class="select">
                            <label class="select-all">
                                <input type="checkbox"
                                    prop:checked=page_is(PageState::All)
                                    prop:indeterminate=page_is(PageState::Some)
                                    on:change=select_page />
                                <span class="select-all-text">"Select all on this page"</span>
                            </label>
                        </th>
                    })}
                    {headings.as_ref().map(ViewFn::run)}
                    {headings.is_none().then(|| view! {
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Last login"</th>
                    })}
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            // One click handler for every row's Delete button, not
            // one listener per row: a page may hold a thousand rows.
            <tbody node_ref=body on:change=select_row on:click=move |ev| {
                if let Some(user) = row_index_of_delete(&ev).and_then(|i| rows.with_untracked(|rows| rows.get(i).cloned())) {
                    on_delete.run(user);
                }
            }>
                <For each=move || rows.get() key=|user| user.id.clone() let(user)>
                    <UserRow
                        selected=selection.map(|s| s.with_untracked(|s| s.contains(&user.id)))
                        user position=position.get_untracked() />
                </For>
            </tbody>
        </table>
    }
}

/// Grey rows the size of the page being loaded, with the list's columns
/// (the checkboxes' too), so nothing jumps (at most a hundred: a longer
/// page fills the screen long before).
#[component]
pub fn TableSkeleton(
    /// How many rows the page will have.
    rows: u32,
) -> impl IntoView {
    view! {
        <div class="table-scroll" aria-busy="true">
            <table class="users selectable skeleton">
                <caption>"Users"</caption>
                <thead>
                    <tr><th scope="col" class="select"></th><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Last login"</th><th scope="col"></th></tr>
                </thead>
                <tbody>
                    {(0..rows.min(100)).map(|_| view! {
                        <tr aria-hidden="true"><td class="select"></td><th><span class="bone"></span></th><td class="email"><span class="bone"></span></td><td class="login"><span class="bone short"></span></td><td></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="visually-hidden" role="status">"Loading users…"</p>
        </div>
    }
}

/// One user in the table; `position` is the list's own query, carried to
/// the detail page so **Back to users** returns there. Its Delete button
/// and its checkbox are handled by the table (see [`row_index_of_delete`]
/// and [`row_of_checkbox`]).
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
    /// Whether the row is selected as it is made; `None`: no checkbox.
    selected: Option<bool>,
) -> impl IntoView {
    let href = format!("{}?{position}", user_href(&user.id));
    let name = user.full_name();
    let delete_label = format!("Delete {}", user.email);
    let (email, last_login) = (user.email.clone(), user.last_login);
    let select = selected.map(|checked| {
        let label = format!("Select {}", user.email);
        view! { <td class="select"><input type="checkbox" class="select" aria-label=label prop:checked=checked /></td> }
    });
    view! {
        <tr>
            {select}
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

/// The row (its index in the table body) whose checkbox `ev` changed, and
/// whether it is now checked.
fn row_of_checkbox(ev: &leptos::ev::Event) -> Option<(usize, bool)> {
    let input = ev.target()?.dyn_into::<HtmlInputElement>().ok()?;
    if !input.matches("input.select").ok()? {
        return None;
    }
    let row = input.closest("tr").ok()??;
    let index = row
        .dyn_into::<web_sys::HtmlTableRowElement>()
        .ok()?
        .section_row_index();
    Some((usize::try_from(index).ok()?, input.checked()))
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
