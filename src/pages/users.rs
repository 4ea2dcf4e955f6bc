//! The users list: cursor pages, rows per page, Filter this page, New user, Delete from a row.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::api::{ApiError, Page, User};
use crate::components::{
    user_href, CreateUserDialog, DeleteConfirm, DeleteOutcome, ErrorPanel, ExportPanel,
    FindResults, FindUser, LatestOnly, RetryNotice, Toasts, UsersTable,
};
use crate::console::Console;
use crate::pagination::{Pager, DEFAULT_PAGE_SIZE, PAGE_SIZES};
use crate::portal_users::PortalUsers;
use crate::{percent, remembered};

/// The `performance.mark` set each time a page of rows has been painted.
const ROWS_PAINTED_MARK: &str = "portal-admin:rows-painted";

/// A page of users as loaded. Shared, never copied: the memos and rows
/// that show it hold references, and a page may hold a thousand users.
type Users = Arc<Page<Arc<User>>>;

/// One load of the list: the position asked for, which load it was, and
/// what came back (`None`: superseded by a newer load and aborted, or not
/// fetched while **Find a user** shows its results instead).
type Load = (Pager, u32, Option<Result<Users, ApiError>>);

/// The users list: one page of the portal's users at a time, with its
/// position in the URL.
#[component]
pub fn UsersPage() -> impl IntoView {
    let console = Console::get();
    let Some(client) = console.client() else {
        return ().into_any();
    };
    let query = use_query_map();
    let navigate = use_navigate();

    let pager = Memo::new(move |_| list_position(&query.read()));
    // Find a user: the search in force lives in the URL (`find`), so a
    // result's page leads Back to users, and the results, again.
    let find = Memo::new(move |_| {
        query
            .read()
            .get("find")
            .filter(|text| !text.trim().is_empty())
            .unwrap_or_default()
    });
    let searching = Memo::new(move |_| !find.read().is_empty());
    let reloads = RwSignal::new(0u32);
    let latest = LatestOnly::new();
    let load = LocalResource::new({
        let client = client.clone();
        move || {
            let (pager, reload, searching) = (pager.get(), reloads.get(), searching.get());
            let client = client.clone();
            async move {
                // The results of Find a user hide the page: it is not fetched
                // until the search is cleared.
                if searching {
                    return (pager, reload, None);
                }
                let result = latest
                    .run(client.list_users(pager.after(), pager.limit))
                    .await;
                let shared = result.map(|loaded| {
                    loaded.map(|page| {
                        Arc::new(Page {
                            items: page.items.into_iter().map(Arc::new).collect(),
                            next: page.next,
                        })
                    })
                });
                (pager, reload, shared)
            }
        }
    });

    // What is on screen: the newest completed load. While the next one runs,
    // these rows stay, dimmed.
    let shown: Memo<Option<Load>> =
        Memo::new(move |_| load.get().filter(|(_, _, result)| result.is_some()));
    let busy = Memo::new(move |_| {
        shown.get().map(|(p, r, _)| (p, r)) != Some((pager.get(), reloads.get()))
    });
    let page = Memo::new(move |_| match shown.get() {
        Some((_, _, Some(Ok(page)))) => Some(page),
        _ => None,
    });
    let error = Memo::new(move |_| match shown.get() {
        Some((_, _, Some(Err(error)))) => Some(error),
        _ => None,
    });
    // Every row links to its user with this page's position, so Back to
    // users returns here: encoded once per page, not once per row. The
    // whole trail stays out of the rows (see `return_href`): the tab
    // remembers the list pages it showed.
    let row_query = Memo::new(move |_| pager.read().position_query());
    let found_query =
        Memo::new(move |_| format!("{}&find={}", row_query.get(), percent::encode(&find.get())));
    let on_find = {
        let navigate = StoredValue::new_local(navigate.clone());
        Callback::new(move |text: String| {
            let mut href = pager.get_untracked().href();
            if !text.trim().is_empty() {
                href.push_str("&find=");
                href.push_str(&percent::encode(&text));
            }
            navigate.with_value(|navigate| {
                navigate(
                    &href,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            });
        })
    };
    let walk = PortalUsers::get();
    Effect::new(move || remembered::remember_list_page(&pager.read()));
    let filter = RwSignal::new(String::new());
    // Users deleted from this screen leave at once, before the page reloads.
    let removed = RwSignal::new(Vec::<String>::new());
    let rows = Memo::new(move |_| {
        let needle = lowercase(filter.get().trim());
        let removed = removed.read();
        page.with(|p| {
            p.iter()
                .flat_map(|p| p.items.iter())
                .filter(|u| matches(u, &needle) && !removed.contains(&u.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    });

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
                            removed.update(|r| r.push(id.clone()));
                            walk.forget(&id);
                            reloads.update(|n| *n += 1);
                        } />
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
                                Some((user_href(&user.id), "Open user".to_owned())),
                            );
                            // New users come last: the toast's link opens the user
                            // from any page, and the reloaded page shows it when it
                            // is the last one.
                            reloads.update(|n| *n += 1);
                        } />
                }
            })
        }
    };
    let new_user_button = move || {
        view! { <button type="button" class="button primary" on:click=move |_| creating.set(true)>"New user"</button> }
    };

    // Next clicks queue up: each is carried out as soon as the page before
    // it has loaded and given its cursor, so quick clicks are never lost.
    let queued_next = RwSignal::new(0u32);
    // Where the last queued step went, until the router shows it.
    let heading_to = StoredValue::new(None::<Pager>);
    let go = {
        let navigate = navigate.clone();
        move |to: Pager| navigate(&to.href(), NavigateOptions::default())
    };
    Effect::new({
        let go = go.clone();
        move || {
            let (queued, current) = (queued_next.get(), pager.get());
            if queued == 0 || busy.get() || heading_to.get_value().is_some_and(|to| to != current) {
                return;
            }
            let Some(page) = page.get() else { return };
            match &page.next {
                Some(next) => {
                    let to = current.next(next);
                    heading_to.set_value(Some(to.clone()));
                    queued_next.set(queued - 1);
                    go(to);
                }
                None => queued_next.set(0),
            }
        }
    });
    let jump = {
        let go = go.clone();
        move |to: Pager| {
            queued_next.set(0);
            heading_to.set_value(None);
            go(to);
        }
    };

    // A page emptied by deletes (or a stale link) moves back rather than
    // showing an empty page.
    Effect::new({
        let navigate = navigate.clone();
        move || {
            let current = pager.get_untracked();
            if !busy.get()
                && current.has_previous()
                && page.get().is_some_and(|p| p.items.is_empty())
            {
                navigate(
                    &current.previous().href(),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    });

    // For `cargo xtask bench`: the moment new rows are in the DOM and the
    // frame that shows them has been painted. An animation frame callback
    // runs before that frame's style, layout and paint; a task queued from
    // it runs once they are done.
    Effect::new(move || {
        if page.get().is_some() {
            request_animation_frame(|| set_timeout(mark_rows_painted, Duration::ZERO));
        }
    });

    Effect::new(move || {
        if error.get().is_some_and(|e| e.is_unauthorized()) {
            console.key_rejected();
        }
    });

    let next = move |_| queued_next.update(|n| *n += 1);
    let previous = {
        let jump = jump.clone();
        move |_| jump(pager.get_untracked().previous())
    };
    let first = {
        let jump = jump.clone();
        move |_| jump(pager.get_untracked().to_first())
    };
    let change_size = move |ev: leptos::ev::Event| {
        let limit = event_target_value(&ev).parse().unwrap_or(DEFAULT_PAGE_SIZE);
        remembered::set_page_size(limit);
        jump(pager.get_untracked().with_limit(limit));
    };
    let can_go_next = move || busy.get() || page.get().is_some_and(|p| p.next.is_some());

    let announcement = move || {
        (!busy.get()).then(|| page.get()).flatten().map(|p| {
            let count = p.items.len();
            format!(
                "Page {}, {} {}",
                pager.get().page(),
                count,
                if count == 1 { "user" } else { "users" }
            )
        })
    };

    let table = move || {
        if shown.get().is_none() {
            return view! { <TableSkeleton rows=pager.get().limit /> }.into_any();
        }
        if let Some(error) = error.get() {
            return view! { <ErrorPanel error on_retry=move || reloads.update(|n| *n += 1) /> }
                .into_any();
        }
        if page.get().is_some_and(|p| p.items.is_empty()) && !pager.get().has_previous() {
            return view! {
                <div class="empty-state">
                    <h2>"No users yet"</h2>
                    <p>"This portal has no users. Users you create appear here."</p>
                    {new_user_button()}
                </div>
            }
            .into_any();
        }
        view! {
            <div class="table-scroll" class:busy=move || busy.get() aria-busy=move || busy.get().to_string()>
                <UsersTable caption="Users" rows position=row_query
                    on_delete={move |user: Arc<User>| deleting.set(Some(User::clone(&user)))} />
                {move || {
                    (rows.get().is_empty() && !filter.get().trim().is_empty())
                        .then(|| view! { <p class="filter-empty">"No user on this page matches the filter."</p> })
                }}
            </div>
        }
        .into_any()
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
                {new_user_button()}
            </div>
            <div class="toolbar">
                <FindUser find on_find />
                <div class="field inline">
                    <label for="filter">"Filter this page"</label>
                    <input id="filter" type="search" aria-describedby="filter-hint" autocomplete="off"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                    <span class="hint" id="filter-hint">"Filters the users on this page only."</span>
                </div>
                <div class="field inline">
                    <label for="rows-per-page">"Rows per page"</label>
                    <select id="rows-per-page" on:change=change_size>
                        {PAGE_SIZES.map(|size| view! {
                            <option value=size.to_string() selected=move || pager.get().limit == size>{size}</option>
                        })}
                    </select>
                </div>
            </div>
            <RetryNotice client=client.clone() />
            {move || if searching.get() { results().into_any() } else { table.into_any() }}
            <nav class="pager" aria-label="Pagination" hidden=move || searching.get()>
                <button type="button" class="button" on:click=first disabled=move || !pager.get().has_previous()>
                    "First page"
                </button>
                <button type="button" class="button" on:click=previous disabled=move || !pager.get().has_previous()>
                    "Previous page"
                </button>
                <span class="page-number">
                    {move || format!("Page {}", pager.get().page())}
                    {move || busy.get().then(|| view! { <span class="spinner" role="progressbar" aria-label="Loading users"></span> })}
                </span>
                <button type="button" class="button" on:click=next disabled=move || !can_go_next()>
                    "Next page"
                </button>
            </nav>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
            {delete_dialog}
            {create_dialog}
        </section>
    }
    .into_any()
}

/// Grey rows the size of the page being loaded, so nothing jumps (at most a
/// hundred: a longer page fills the screen long before).
#[component]
fn TableSkeleton(
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

/// The list position a URL's query holds (`limit`, `back`, `after`), at
/// the rows per page the tab remembers when it names none. The users list
/// reads its own; a user's page, the one its row link carried.
pub fn list_position(query: &ParamsMap) -> Pager {
    Pager::from_query(
        query.get_str("limit"),
        &query.get_all("back").unwrap_or_default(),
        query.get_str("after"),
        remembered::page_size(),
    )
}

/// Marks the moment a page of rows has been painted, for `cargo xtask bench`.
fn mark_rows_painted() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // One mark at a time: a console open all day must not pile up
        // timeline entries.
        performance.clear_marks_with_mark_name(ROWS_PAINTED_MARK);
        let _ = performance.mark(ROWS_PAINTED_MARK);
    }
}

/// `text` in lower case, by the browser: Rust's `to_lowercase` would bring
/// its own Unicode case tables into the wasm for this one use.
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// Whether `user` matches the lowercase filter text.
fn matches(user: &User, needle: &str) -> bool {
    needle.is_empty()
        || lowercase(&user.full_name()).contains(needle)
        || lowercase(&user.email).contains(needle)
}
