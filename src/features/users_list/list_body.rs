//! What the users list shows under its toolbar: grey rows while the first
//! page loads, the error with **Retry**, "No users yet", or the table.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::User;
use crate::features::delete::rules::Selection;
use crate::features::users_list::rules::pagination::Pager;
use crate::features::users_list::{TableSkeleton, UsersTable};
use crate::ui::ErrorPanel;

use super::list_page::ListPage;

/// The body of the users list for the page `list` holds.
#[component]
pub fn UsersListBody(
    /// The page loaded.
    list: ListPage,
    /// The position in view.
    pager: Memo<Pager>,
    /// The text of **Filter this page**.
    filter: RwSignal<String>,
    /// The query each row's link carries, so **Back to users** returns here.
    position: Memo<String>,
    /// A row's **Delete** pressed.
    #[prop(into)]
    on_delete: Callback<Arc<User>>,
    /// **New user** pressed in the empty portal.
    #[prop(into)]
    on_new_user: Callback<()>,
    /// The users selected for **Delete selected**.
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let ListPage {
        shown,
        busy,
        page,
        error,
        rows,
        ..
    } = list;
    move || {
        if shown.get().is_none() {
            return view! { <TableSkeleton rows=pager.get().limit /> }.into_any();
        }
        if let Some(error) = error.get() {
            return view! { <ErrorPanel error on_retry=move || list.reload() /> }.into_any();
        }
        if page.get().is_some_and(|p| p.items.is_empty()) && !pager.get().has_previous() {
            return view! {
                <div class="empty-state">
                    <h2>"No users yet"</h2>
                    <p>"This portal has no users. Users you create appear here."</p>
                    <button type="button" class="button primary" on:click=move |_| on_new_user.run(())>"New user"</button>
                </div>
            }
            .into_any();
        }
        view! {
            <div class="table-scroll" class:busy=move || busy.get() aria-busy=move || busy.get().to_string()>
                <UsersTable caption="Users" rows position on_delete selection />
                {move || {
                    (rows.get().is_empty() && !filter.get().trim().is_empty())
                        .then(|| view! { <p class="filter-empty">"No user on this page matches the filter."</p> })
                }}
            </div>
        }
        .into_any()
    }
}
