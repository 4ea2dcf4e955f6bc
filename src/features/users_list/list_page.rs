//! The page of users the list shows: its loads, what is on screen, whether
//! a newer load runs, and the rows left after **Filter this page** and this
//! screen's deletes.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Page, PortalClient, User};
use crate::features::users_list::rules::list_state::{self, Load};
use crate::features::users_list::rules::pagination::Pager;
use crate::ui::LatestOnly;

/// A page of users as loaded. Shared, never copied: the memos and rows
/// that show it hold references, and a page may hold a thousand users.
pub type Users = Arc<Page<Arc<User>>>;

/// One load of the list (`result` is `None` when superseded by a newer load
/// and aborted, or not fetched while **Find a user** shows its results).
pub type ListLoad = Load<Result<Users, ApiError>>;

/// The loaded page of the users list and what is derived from it.
#[derive(Clone, Copy)]
pub struct ListPage {
    reloads: RwSignal<u32>,
    /// Users deleted from this screen: they leave at once, before the
    /// page reloads.
    removed: RwSignal<Vec<String>>,
    /// What is on screen: the newest completed load. While the next one
    /// runs, its rows stay, dimmed.
    pub shown: Memo<Option<ListLoad>>,
    /// Whether a newer load than the one shown is running.
    pub busy: Memo<bool>,
    /// The page shown, if it loaded.
    pub page: Memo<Option<Users>>,
    /// Why the page shown failed, if it did.
    pub error: Memo<Option<ApiError>>,
    /// The rows to show: the page, less the filtered out and the deleted.
    pub rows: Memo<Vec<Arc<User>>>,
}

impl ListPage {
    /// Loads the page at `pager` with `client` whenever it changes (not
    /// while `searching`: Find's results hide the page), filtered by `filter`.
    pub fn new(
        client: PortalClient,
        pager: Memo<Pager>,
        searching: Memo<bool>,
        filter: RwSignal<String>,
    ) -> ListPage {
        let reloads = RwSignal::new(0u32);
        let latest = LatestOnly::new();
        let load = LocalResource::new(move || {
            let (pager, reload, searching) = (pager.get(), reloads.get(), searching.get());
            // Sent as the list is set up: on the first screen, before the
            // list's views are built.
            let request = (!searching).then(|| {
                let (client, position) = (client.clone(), pager.clone());
                latest
                    .start(async move { client.list_users(position.after(), position.limit).await })
            });
            async move {
                let Some(request) = request else {
                    return Load {
                        position: pager,
                        reload,
                        result: None,
                    };
                };
                let result = request.await;
                let shared = result.map(|loaded| {
                    loaded.map(|page| {
                        Arc::new(Page {
                            items: page.items.into_iter().map(Arc::new).collect(),
                            next: page.next,
                        })
                    })
                });
                Load {
                    position: pager,
                    reload,
                    result: shared,
                }
            }
        });
        let shown: Memo<Option<ListLoad>> = Memo::new(move |_| load.get().filter(Load::completed));
        let busy = Memo::new(move |_| {
            list_state::busy(shown.read().as_ref(), &pager.read(), reloads.get())
        });
        let page = Memo::new(move |_| shown.get()?.result?.ok());
        let error = Memo::new(move |_| shown.get()?.result?.err());
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
        ListPage {
            reloads,
            removed,
            shown,
            busy,
            page,
            error,
            rows,
        }
    }

    /// Loads the page again (after a write, or **Retry**).
    pub fn reload(&self) {
        self.reloads.update(|n| *n += 1);
    }

    /// Takes the user `id`, just deleted, off the page and reloads it.
    pub fn remove(&self, id: &str) {
        self.hide(id);
        self.reload();
    }

    /// Takes the user `id`, just deleted, off the page at once; a run of
    /// deletes reloads the page once, at its end.
    pub fn hide(&self, id: &str) {
        self.removed.update(|removed| removed.push(id.to_owned()));
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
