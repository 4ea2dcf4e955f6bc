//! The users list: cursor pages, rows per page, Filter this page, New user,
//! Import CSV, Delete from a row, and Delete selected across pages.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::User;
use crate::app::console_state::ConsoleState;
use crate::features::create_user::CreateUserDialog;
use crate::features::delete::rules::Selection;
use crate::features::delete::{DeleteConfirm, DeleteOutcome, DeleteSelectedConfirm, SelectionBar};
use crate::features::export::ExportPanel;
use crate::features::find::FindResults;
use crate::features::import::ImportCsv;
use crate::features::users_list::{user_href, PagerNav, UsersToolbar};
use crate::ui::{RetryNotice, ToastLink, Toasts};

use crate::app::portal_walk::PortalWalk;
use crate::features::users_list::remembered;
use crate::features::users_list::rules::list_state::{NextQueue, NextStep};
use crate::features::users_list::rules::pagination::Pager;
use crate::text::format;
use crate::text::percent;

use super::list_body::UsersListBody;
use super::list_page::ListPage;
use super::list_query::{find_text, list_position, with_find};

/// The `performance.mark` set each time a page of rows has been painted
/// (in the bench build only).
#[cfg(feature = "bench")]
const ROWS_PAINTED_MARK: &str = "portal-admin:rows-painted";

/// The users list: one page of the portal's users at a time, with its
/// position in the URL.
#[component]
pub fn UsersPage() -> impl IntoView {
    let console = ConsoleState::get();
    let Some(client) = console.client() else {
        return ().into_any();
    };
    let query = use_query_map();
    // Stored, so that every closure that navigates is `Copy`.
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |href: &str, replace: bool| {
        let options = NavigateOptions {
            replace,
            ..Default::default()
        };
        navigate.with_value(|navigate| navigate(href, options));
    };

    let pager = Memo::new(move |_| list_position(&query.read()));
    // Find a user: the search in force lives in the URL (`find`), so a
    // result's page leads Back to users, and the results, again.
    let find = Memo::new(move |_| find_text(&query.read()).unwrap_or_default());
    let searching = Memo::new(move |_| !find.read().is_empty());
    // Every row links to its user with this page's position, so Back to
    // users returns here: encoded once per page, not once per row. The
    // whole trail stays out of the rows (see `return_href`): the tab
    // remembers the list pages it showed.
    let row_query = Memo::new(move |_| pager.read().position_query());
    let found_query =
        Memo::new(move |_| format!("{}&find={}", row_query.get(), percent::encode(&find.get())));
    let on_find = Callback::new(move |text: String| {
        let text = Some(text.as_str()).filter(|text| !text.trim().is_empty());
        go(&with_find(&pager.get_untracked().href(), text), true);
    });
    let walk = PortalWalk::get();
    Effect::new(move || remembered::remember_list_page(&pager.read()));
    let filter = RwSignal::new(String::new());
    let list = ListPage::new(client.clone(), pager, searching, filter);
    let ListPage { busy, page, .. } = list;

    // Held here, not by the list's page: the selection survives Next,
    // Previous and another page size.
    let selection = RwSignal::new(Selection::default());
    let deleting = RwSignal::new(None::<User>);
    let toasts = Toasts::get();
    let delete_dialog = {
        let client = client.clone();
        move || {
            deleting.get().map(|user| {
                let (id, email) = (user.id.clone(), user.email.clone());
                view! {
                    <DeleteConfirm user client=client.clone()
                        on_cancel=move || deleting.set(None)
                        on_done=move |outcome: DeleteOutcome| {
                            deleting.set(None);
                            toasts.success(outcome.message(&email), None);
                            list.remove(&id);
                            walk.forget(&id);
                            selection.update(|s| s.remove(&id));
                        } />
                }
            })
        }
    };

    // Delete selected: the dialog takes the users selected when it opens.
    let deleting_selected = RwSignal::new(false);
    let delete_selected_dialog = {
        let client = client.clone();
        move || {
            deleting_selected.get().then(|| {
                let users = selection.with_untracked(|s| s.users().to_vec());
                view! {
                    <DeleteSelectedConfirm users client=client.clone()
                        on_deleted=move |id: String| {
                            list.hide(&id);
                            walk.forget(&id);
                            selection.update(|s| s.remove(&id));
                        }
                        on_finished=move || list.reload()
                        on_close=move || deleting_selected.set(false) />
                }
            })
        }
    };

    let creating = RwSignal::new(false);
    let create_dialog = {
        let client = client.clone();
        move || {
            creating.get().then(|| {
                view! {
                    <CreateUserDialog client=client.clone()
                        on_cancel=move || creating.set(false)
                        on_created=move |user: User| {
                            creating.set(false);
                            toasts.success(
                                format!("Created {}", user.email),
                                Some(ToastLink { href: user_href(&user.id), text: "Open user" }),
                            );
                            // New users come last: the toast's link opens the user
                            // from any page, and the reloaded page shows it when it
                            // is the last one.
                            list.reload();
                        } />
                }
            })
        }
    };
    let new_user_button = move || {
        view! { <button type="button" class="button primary" on:click=move |_| creating.set(true)>"New user"</button> }
    };

    // Next clicks queue up (see `NextQueue`): each is carried out as soon
    // as the page before it has loaded and given its cursor.
    let queue = RwSignal::new(NextQueue::default());
    Effect::new(move || {
        let current = pager.get();
        let next = if busy.get() {
            None
        } else {
            page.with(|p| p.as_ref().map(|p| p.next.clone()))
        };
        match queue.with(|q| q.decide(&current, next.as_ref().map(Option::as_deref))) {
            NextStep::Wait => {}
            NextStep::Go(to) => {
                queue.update(|q| q.went(to.clone()));
                go(&to.href(), false);
            }
            NextStep::End => queue.update(NextQueue::stop),
        }
    });
    let jump = move |to: Pager| {
        queue.update(NextQueue::clear);
        go(&to.href(), false);
    };

    // A page emptied by deletes (or a stale link) moves back rather than
    // showing an empty page.
    Effect::new(move || {
        let current = pager.get_untracked();
        if !busy.get() && current.has_previous() && page.get().is_some_and(|p| p.items.is_empty()) {
            go(&current.previous().href(), true);
        }
    });

    // For `cargo xtask bench`: the moment new rows are in the DOM and the
    // frame that shows them has been painted. An animation frame callback
    // runs before that frame's style, layout and paint; a task queued from
    // it runs once they are done.
    #[cfg(feature = "bench")]
    Effect::new(move || {
        if page.get().is_some() {
            request_animation_frame(|| set_timeout(mark_rows_painted, std::time::Duration::ZERO));
        }
    });

    let change_size = move |limit: u32| {
        remembered::set_page_size(limit);
        jump(pager.get_untracked().with_limit(limit));
    };
    let can_go_next = move || busy.get() || page.get().is_some_and(|p| p.next.is_some());

    let announcement = move || {
        (!busy.get()).then(|| page.get()).flatten().map(|p| {
            format!(
                "Page {}, {}",
                pager.get().page(),
                format::count(p.items.len(), "user")
            )
        })
    };

    let results = {
        let client = client.clone();
        move || {
            view! {
                <FindResults client=client.clone() find position=found_query
                    on_delete={move |user: Arc<User>| deleting.set(Some(User::clone(&user)))} />
            }
        }
    };

    view! {
        <section class="page users-page">
            <div class="page-header">
                <h1>"Users"</h1>
                <ExportPanel client=client.clone() />
                <ImportCsv client=client.clone() on_imported=move |()| list.reload() />
                {new_user_button()}
            </div>
            <UsersToolbar find on_find filter limit=Signal::derive(move || pager.get().limit) on_limit=change_size />
            <RetryNotice client=client.clone() />
            <SelectionBar selection hidden=searching
                on_delete=move || deleting_selected.set(true) />
            {move || if searching.get() {
                results().into_any()
            } else {
                view! {
                    <UsersListBody list pager filter position=row_query
                        on_delete={move |user: Arc<User>| deleting.set(Some(User::clone(&user)))}
                        on_new_user={move |()| creating.set(true)} selection />
                }.into_any()
            }}
            <PagerNav page=Signal::derive(move || pager.get().page())
                has_previous=Signal::derive(move || pager.get().has_previous())
                can_go_next=Signal::derive(can_go_next) busy hidden=searching
                on_first=move |()| jump(pager.get_untracked().to_first())
                on_previous=move |()| jump(pager.get_untracked().previous())
                on_next=move |()| queue.update(NextQueue::click) />
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
            {delete_dialog}
            {delete_selected_dialog}
            {create_dialog}
        </section>
    }
    .into_any()
}

/// Marks the moment a page of rows has been painted, for `cargo xtask bench`.
#[cfg(feature = "bench")]
fn mark_rows_painted() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // One mark at a time: a console open all day must not pile up
        // timeline entries.
        performance.clear_marks_with_mark_name(ROWS_PAINTED_MARK);
        let _ = performance.mark(ROWS_PAINTED_MARK);
    }
}
