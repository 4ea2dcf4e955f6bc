//! The users list: cursor pages, rows per page, Filter this page, New user,
//! Import CSV, Delete from a row, Delete selected across pages, and the
//! access review's results in the page's place while a review is in force.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::PortalClient;

use crate::api::User;
use crate::app::console_state::ConsoleState;
use crate::features::access_review::rules::address::Review;
use crate::features::access_review::rules::matching::ReviewCounts;
use crate::features::access_review::{ReviewResults, ReviewWiring};
use crate::features::create_user::CreateUserDialog;
use crate::features::delete::rules::{Selected, Selection};
use crate::features::delete::{DeleteConfirm, DeleteOutcome, DeleteSelectedConfirm, SelectionBar};
use crate::features::export::ExportPanel;
use crate::features::import::{preload_csv_files, ImportCsv};
use crate::features::users_list::{user_href, PagerNav, UsersToolbar};
use crate::ui::{on_demand, DialogLoading, OnDemand, Prefetch, RetryNotice, ToastLink, Toasts};

use crate::app::portal_walk::PortalWalk;
use crate::features::users_list::remembered;
use crate::features::users_list::rules::list_state::{NextQueue, NextStep};
use crate::features::users_list::rules::pagination::Pager;
use crate::text::format;

use super::list_body::UsersListBody;
use super::list_page::ListPage;
use super::list_query::{list_position, review};

/// The `performance.mark` set each time a page of rows has been painted
/// (in the bench build only).
#[cfg(feature = "bench")]
const ROWS_PAINTED_MARK: &str = "portal-admin:rows-painted";

/// The router's navigate function, named so that a state type can hold it.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// What the users page's parts share: the list's position and review (in
/// the URL), the page loaded, the selection, the queued Next clicks, and
/// which dialog is open.
#[derive(Clone, Copy)]
struct UsersPageState {
    pager: Memo<Pager>,
    /// The access review in force (`find`, `login`, `domain`, `sort`).
    review: Memo<Review>,
    /// Whether the review's results replace the page.
    reviewing: Memo<bool>,
    /// The counts of the review's choices, once the walk is there.
    counts: RwSignal<Option<ReviewCounts>>,
    /// The query each row's link carries (see `return_href`).
    row_query: Memo<String>,
    filter: RwSignal<String>,
    list: ListPage,
    /// Held here, not by the list's page: the selection survives Next,
    /// Previous and another page size.
    selection: RwSignal<Selection>,
    /// The user whose **Delete** dialog is open.
    deleting: RwSignal<Option<User>>,
    deleting_selected: RwSignal<bool>,
    creating: RwSignal<bool>,
    /// The tab's walk of the portal, told of this screen's deletes.
    walk: PortalWalk,
    /// Next clicks not carried out yet (see `NextQueue`).
    queue: RwSignal<NextQueue>,
    /// Stored, so that every closure that navigates is `Copy`.
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl UsersPageState {
    fn new(client: PortalClient) -> UsersPageState {
        let query = use_query_map();
        let navigate = use_navigate();
        let pager = Memo::new(move |_| list_position(&query.read()));
        let review = Memo::new(move |_| review(&query.read()));
        let reviewing = Memo::new(move |_| review.read().is_active());
        let filter = RwSignal::new(String::new());
        UsersPageState {
            pager,
            review,
            reviewing,
            counts: RwSignal::new(None),
            // Encoded once per page, not once per row. The whole trail stays
            // out of the rows: the tab remembers the list pages it showed.
            row_query: Memo::new(move |_| pager.read().position_query()),
            filter,
            list: ListPage::new(client, pager, reviewing, filter),
            selection: RwSignal::new(Selection::default()),
            deleting: RwSignal::new(None),
            deleting_selected: RwSignal::new(false),
            creating: RwSignal::new(false),
            walk: PortalWalk::get(),
            queue: RwSignal::new(NextQueue::default()),
            navigate: StoredValue::new_local(Box::new(move |href: &str, options| {
                navigate(href, options)
            })),
        }
    }

    fn go(&self, href: &str, replace: bool) {
        let options = NavigateOptions {
            replace,
            ..Default::default()
        };
        self.navigate.with_value(|navigate| navigate(href, options));
    }

    /// Shows `review` at the list's position: a new entry in the history,
    /// or (for Find's typing) in place of this one.
    fn show_review(&self, review: &Review, replace: bool) {
        self.go(
            &review.added_to(&self.pager.get_untracked().href()),
            replace,
        );
    }

    /// Another page than the next: the queued Next clicks are dropped.
    fn jump(&self, to: Pager) {
        self.queue.update(NextQueue::clear);
        self.go(&to.href(), false);
    }

    /// A user gone from the portal, from this screen.
    fn forget(&self, id: &str) {
        self.walk.forget(id);
        self.selection.update(|s| s.remove(id));
    }

    /// Carries out each queued Next click as soon as the page before it has
    /// loaded and given its cursor, and moves back from a page emptied by
    /// deletes (or a stale link) rather than showing an empty page.
    fn follow_the_list(self) {
        let ListPage { busy, page, .. } = self.list;
        Effect::new(move || {
            let current = self.pager.get();
            let next = if busy.get() {
                None
            } else {
                page.with(|p| p.as_ref().map(|p| p.next.clone()))
            };
            match self
                .queue
                .with(|q| q.decide(&current, next.as_ref().map(Option::as_deref)))
            {
                NextStep::Wait => {}
                NextStep::Go(to) => {
                    self.queue.update(|q| q.went(to.clone()));
                    self.go(&to.href(), false);
                }
                NextStep::End => self.queue.update(NextQueue::stop),
            }
        });
        Effect::new(move || {
            let current = self.pager.get_untracked();
            if !busy.get()
                && current.has_previous()
                && page.get().is_some_and(|p| p.items.is_empty())
            {
                self.go(&current.previous().href(), true);
            }
        });
        Effect::new(move || remembered::remember_list_page(&self.pager.read()));
        // The first rows are on screen: what a click needs next may come in.
        Effect::new(move || {
            if page.with(Option::is_some) {
                Prefetch::when_idle();
            }
        });
        // For `cargo xtask bench`: the moment new rows are in the DOM and the
        // frame that shows them has been painted. An animation frame callback
        // runs before that frame's style, layout and paint; a task queued from
        // it runs once they are done.
        #[cfg(feature = "bench")]
        Effect::new(move || {
            if page.get().is_some() {
                request_animation_frame(|| {
                    set_timeout(mark_rows_painted, std::time::Duration::ZERO)
                });
            }
        });
    }

    /// A row's or a result's **Delete**.
    fn delete(self) -> Callback<Arc<User>> {
        Callback::new(move |user: Arc<User>| self.deleting.set(Some(User::clone(&user))))
    }
}

/// The users list: one page of the portal's users at a time, with its
/// position in the URL.
#[component]
pub fn UsersPage() -> impl IntoView {
    let Some(client) = ConsoleState::get().client() else {
        return ().into_any();
    };
    let state = UsersPageState::new(client.clone());
    state.follow_the_list();
    let UsersPageState {
        pager,
        review,
        reviewing,
        counts,
        row_query,
        filter,
        list,
        selection,
        ..
    } = state;

    // Find a user's text: each pause in typing takes the place of the last
    // in the history; a filter or a sort is a step of its own.
    let on_find = Callback::new(move |text: String| {
        let mut changed = review.get_untracked();
        changed.find = if text.trim().is_empty() {
            String::new()
        } else {
            text
        };
        state.show_review(&changed, true);
    });
    let on_review = Callback::new(move |changed: Review| state.show_review(&changed, false));
    let change_size = move |limit: u32| {
        remembered::set_page_size(limit);
        state.jump(pager.get_untracked().with_limit(limit));
    };
    let find = Signal::derive(move || review.read().find.clone());

    view! {
        <section class="page users-page">
            <div class="page-header">
                <h1>"Users"</h1>
                <ExportPanel client=client.clone() />
                <ImportCsv client=client.clone() on_imported=move |()| list.reload() />
                <button type="button" class="button primary" on:click=move |_| state.creating.set(true)>"New user"</button>
            </div>
            <UsersToolbar find on_find filter limit=Signal::derive(move || pager.get().limit) on_limit=change_size
                review counts on_review />
            <RetryNotice client=client.clone() />
            <SelectionBar selection on_delete=move || state.deleting_selected.set(true) />
            {move || if reviewing.get() {
                ().into_any()
            } else {
                view! {
                    <UsersListBody list pager filter position=row_query on_delete=state.delete()
                        on_new_user={move |()| state.creating.set(true)} selection />
                }.into_any()
            }}
            <UsersReview state client=client.clone() on_review />
            <UsersPager state />
            <UsersPageDialogs state client />
        </section>
    }
    .into_any()
}

/// The access review's results in the page's place while a review is in
/// force; kept (hidden) once the walk is there, for the toolbar's counts.
/// Their code is fetched on demand.
#[component]
fn UsersReview(
    /// The users page's state.
    state: UsersPageState,
    /// The session's API client.
    client: PortalClient,
    /// A header's sort pressed: the review with that sort.
    on_review: Callback<Review>,
) -> impl IntoView {
    let UsersPageState {
        pager,
        review,
        reviewing,
        counts,
        row_query,
        selection,
        walk,
        ..
    } = state;
    let walked = Memo::new(move |_| walk.users().with(|users| !users.is_empty()));
    let mounted = Memo::new(move |_| reviewing.get() || walked.get());
    move || {
        mounted.get().then(|| {
            let wiring = ReviewWiring {
                review,
                active: reviewing,
                pager,
                row_query,
                selection,
                counts,
                on_review,
                on_delete: state.delete(),
            };
            let client = client.clone();
            let load = move || review_results(client.clone(), wiring);
            view! { <OnDemand load loading=move || reviewing.get().then(|| view! { <ReviewLoading /> }) /> }
        })
    }
}

/// The pager under the list, and the page announced once it has loaded.
#[component]
fn UsersPager(
    /// The users page's state.
    state: UsersPageState,
) -> impl IntoView {
    let UsersPageState {
        pager,
        reviewing,
        list,
        queue,
        ..
    } = state;
    let ListPage { busy, page, .. } = list;
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
    view! {
        <PagerNav page=Signal::derive(move || pager.get().page())
            has_previous=Signal::derive(move || pager.get().has_previous())
            can_go_next=Signal::derive(can_go_next) busy hidden=reviewing
            on_first=move |()| state.jump(pager.get_untracked().to_first())
            on_previous=move |()| state.jump(pager.get_untracked().previous())
            on_next=move |()| queue.update(NextQueue::click) />
        <p class="visually-hidden" aria-live="polite">{announcement}</p>
    }
}

/// The users page's dialogs: Delete, Delete selected and New user, each
/// shown while its signal says so.
#[component]
fn UsersPageDialogs(
    /// The users page's state.
    state: UsersPageState,
    /// The session's API client.
    client: PortalClient,
) -> impl IntoView {
    let UsersPageState {
        list,
        selection,
        deleting,
        deleting_selected,
        creating,
        ..
    } = state;
    let toasts = Toasts::get();
    let delete_dialog = {
        let client = client.clone();
        move || {
            deleting.get().map(|user| {
                let (id, email) = (user.id.clone(), user.email.clone());
                let on_cancel = Callback::new(move |()| deleting.set(None));
                let on_done = Callback::new(move |outcome: DeleteOutcome| {
                    deleting.set(None);
                    toasts.success(outcome.message(&email), None);
                    list.remove(&id);
                    state.forget(&id);
                });
                let client = client.clone();
                let load = move || delete_dialog(user.clone(), client.clone(), on_cancel, on_done);
                view! {
                    <OnDemand load on_close=on_cancel
                        loading=|| view! { <DialogLoading title="Delete this user?" /> } />
                }
            })
        }
    };
    // Delete selected: the dialog takes the users selected when it opens.
    let delete_selected_dialog = {
        let client = client.clone();
        move || {
            deleting_selected.get().then(|| {
                let users = selection.with_untracked(|s| s.users().to_vec());
                let on_deleted = Callback::new(move |id: String| {
                    list.hide(&id);
                    state.forget(&id);
                });
                let on_finished = Callback::new(move |()| list.reload());
                let on_close = Callback::new(move |()| deleting_selected.set(false));
                let client = client.clone();
                let load = move || {
                    delete_selected_dialog(
                        users.clone(),
                        client.clone(),
                        on_deleted,
                        on_finished,
                        on_close,
                    )
                };
                view! {
                    <OnDemand load on_close
                        loading=|| view! { <DialogLoading title="Delete selected users?" /> } />
                }
            })
        }
    };
    let create_dialog = move || {
        creating.get().then(|| {
            let on_cancel = Callback::new(move |()| creating.set(false));
            let on_created = Callback::new(move |user: User| {
                creating.set(false);
                toasts.success(
                    format!("Created {}", user.email),
                    Some(ToastLink { href: user_href(&user.id), text: "Open user" }),
                );
                // New users come last: the toast's link opens the user
                // from any page, and the reloaded page shows it when it
                // is the last one.
                list.reload();
            });
            let client = client.clone();
            let load = move || create_dialog(client.clone(), on_cancel, on_created);
            view! {
                <OnDemand load on_close=on_cancel loading=|| view! { <DialogLoading title="New user" /> } />
            }
        })
    };
    view! { {delete_dialog} {delete_selected_dialog} {create_dialog} }
}

on_demand! {
    /// **Delete** of one user, from a row or a result of Find a user.
    fn delete_dialog(
        user: User,
        client: PortalClient,
        on_cancel: Callback<()>,
        on_done: Callback<DeleteOutcome>,
    ) in list_dialogs {
        view! { <DeleteConfirm user client on_cancel on_done /> }
    }
}

on_demand! {
    /// **Delete selected**: the users selected across pages, one paced run.
    fn delete_selected_dialog(
        users: Vec<Selected>,
        client: PortalClient,
        on_deleted: Callback<String>,
        on_finished: Callback<()>,
        on_close: Callback<()>,
    ) in list_dialogs {
        view! { <DeleteSelectedConfirm users client on_deleted on_finished on_close /> }
    }
}

on_demand! {
    /// **New user**. The list's three dialogs share one chunk: each is
    /// small, and one request brings them all.
    fn create_dialog(
        client: PortalClient,
        on_cancel: Callback<()>,
        on_created: Callback<User>,
    ) in list_dialogs, preload preload_list_dialogs {
        view! { <CreateUserDialog client on_cancel on_created /> }
    }
}

on_demand! {
    /// The access review's results (Find a user's among them), over the
    /// tab's walk of the portal.
    fn review_results(
        client: PortalClient,
        wiring: ReviewWiring,
    ) in access_review, preload preload_access_review {
        view! { <ReviewResults client wiring /> }
    }
}

/// Fetches the chunks of the list's dialogs, of the access review's
/// results and of Import and Export CSV (see [`Prefetch`]).
pub async fn preload_list_chunks() {
    // A failed prefetch costs nothing: the click that needs the chunk
    // fetches it again, and shows its failure with Retry.
    let _ = futures::future::join3(
        preload_list_dialogs(),
        preload_access_review(),
        preload_csv_files(),
    )
    .await;
}

/// The access review's loading state while its code is fetched: the
/// search is under way, as the results will say.
#[component]
fn ReviewLoading() -> impl IntoView {
    view! {
        <section class="review-results" aria-label="Access review" aria-busy="true">
            <p class="review-status" role="status">"Searching the portal's users…"</p>
        </section>
    }
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
