//! **Find a user**: the search field, and the matches the shared walk of
//! the whole portal finds.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::{PortalClient, User};
use crate::app::dates;
use crate::app::portal_walk::{PortalWalk, WalkState};
use crate::features::find::rules::{strip_marks, UserQuery};
use crate::features::users_list::UsersTable;
use crate::ui::ErrorPanel;

/// How long typing pauses before the search starts, in milliseconds.
const PAUSE_MS: u64 = 400;

/// The most matches the results table shows; more are counted.
const MAX_SHOWN: usize = 100;

/// The **Find a user** field. Enter or a short pause in typing searches
/// for what was typed (`on_find`); Escape clears it (`on_find` with an
/// empty text).
#[component]
pub fn FindUser(
    /// The search in force (from the URL).
    #[prop(into)]
    find: Signal<String>,
    /// Starts (or with an empty text, ends) a search.
    #[prop(into)]
    on_find: Callback<String>,
) -> impl IntoView {
    let typed = RwSignal::new(find.get_untracked());
    // The search in force changes from outside too (Back to users, the
    // browser's buttons): the field follows it.
    Effect::new(move || typed.set(find.get()));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_pending);
    let search_now = move |text: String| {
        cancel_pending();
        if text.trim() != find.get_untracked().trim() {
            on_find.run(text);
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        cancel_pending();
        let handle =
            set_timeout_with_handle(move || search_now(text), Duration::from_millis(PAUSE_MS)).ok();
        pending.set_value(handle);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            search_now(typed.get_untracked());
        }
        "Escape" => {
            ev.prevent_default();
            typed.set(String::new());
            search_now(String::new());
        }
        _ => {}
    };
    view! {
        <div class="field inline">
            <label for="find">"Find a user"</label>
            <input id="find" type="search" aria-describedby="find-hint" autocomplete="off"
                prop:value=move || typed.get() on:input=on_input on:keydown=on_keydown />
            <span class="hint" id="find-hint">"Searches every user of the portal by name or email."</span>
        </div>
    }
}

/// The users of the whole portal that match a search, as the shared walk
/// finds them: the matches so far, how many users were searched, **Cancel**
/// while it runs, and when the users were fetched with **Refresh**.
#[component]
pub fn FindResults(
    /// The client to walk the portal with, when no fresh walk is at hand.
    client: PortalClient,
    /// What to find (not blank).
    #[prop(into)]
    find: Signal<String>,
    /// The query each result's link carries (the list position and the search).
    #[prop(into)]
    position: Signal<String>,
    /// What a result's **Delete** does.
    #[prop(into)]
    on_delete: Callback<Arc<User>>,
) -> impl IntoView {
    let walk = PortalWalk::get();
    let shown = RwSignal::new(Vec::<Arc<User>>::new());
    let found = RwSignal::new(0usize);
    let searched = RwSignal::new(0usize);

    // Each new search uses the walk at hand when it is fresh, then goes
    // through the users as they arrive: only those not searched yet.
    Effect::new({
        let client = client.clone();
        move |last: Option<String>| {
            let text = find.get();
            let restart = last.as_ref() != Some(&text);
            if restart {
                walk.refresh_if_stale(&client);
            }
            let Some(query) = UserQuery::new(&text, fold) else {
                return text;
            };
            walk.users().with(|users| {
                let from = searched.get_untracked();
                // A new search, a new walk, or a user left out after a delete.
                let from = if restart || users.len() < from {
                    shown.set(Vec::new());
                    found.set(0);
                    0
                } else {
                    from
                };
                let matches: Vec<_> = query
                    .matching(&users[from..], fold)
                    .into_iter()
                    .map(|index| users[from + index].clone())
                    .collect();
                if !matches.is_empty() {
                    found.update(|n| *n += matches.len());
                    shown.update(|shown| {
                        let room = MAX_SHOWN.saturating_sub(shown.len());
                        shown.extend(matches.into_iter().take(room));
                    });
                }
                searched.set(users.len());
            });
            text
        }
    });

    // Where the walk is, without its pauses: the status changes shape only
    // when the walk starts, ends or stops, so Cancel stays put as pages come.
    let phase = Memo::new(move |_| match walk.state() {
        WalkState::Running { .. } | WalkState::Idle => WalkState::Running {
            waiting_until: None,
        },
        other => other,
    });
    let status = {
        let client = client.clone();
        move || {
            match phase.get() {
                WalkState::Running { .. } | WalkState::Idle => view! {
                    <p class="find-status" role="status">
                        {move || format!("Searched {} of the portal's users…", searched.get())} " "
                        <button type="button" class="button small" on:click=move |_| walk.cancel()>"Cancel"</button>
                    </p>
                }
                .into_any(),
                WalkState::Done { at_ms } => {
                    let client = client.clone();
                    let summary = move || match (found.get(), searched.get()) {
                        // The last page is in; the search has not gone through it yet.
                        (_, searched) if searched < walk.users().with(Vec::len) => {
                            format!("Searched {searched} of the portal's users…")
                        }
                        (0, _) => "No user matches".to_owned(),
                        (1, searched) => format!("1 user of {searched} matches"),
                        (n, searched) => format!("{n} users of {searched} match"),
                    };
                    view! {
                        <p class="find-status" role="status">{summary}</p>
                        <p class="hint">
                            {format!("Users as fetched {} ", dates::absolute(at_ms))}
                            <button type="button" class="button small" on:click=move |_| walk.start(&client)>"Refresh"</button>
                        </p>
                    }
                    .into_any()
                }
                WalkState::Stopped { error } => {
                    let client = client.clone();
                    let sentence = move || format!("Searched {} of the portal's users, then stopped.", searched.get());
                    view! {
                        <p class="find-status" role="status">{sentence}</p>
                        {match error {
                            Some(error) => view! { <ErrorPanel error on_retry=move || walk.resume(&client) /> }.into_any(),
                            None => view! {
                                <button type="button" class="button small" on:click=move |_| walk.resume(&client)>"Resume search"</button>
                            }
                            .into_any(),
                        }}
                    }
                    .into_any()
                }
            }
        }
    };

    view! {
        <section class="find-results" aria-label="Search results">
            {status}
            {move || {
                let (shown_count, found) = (shown.with(Vec::len), found.get());
                (found > shown_count).then(|| view! {
                    <p class="hint">{format!("Showing the first {shown_count} of {found} matches: type more to narrow the search.")}</p>
                })
            }}
            {move || {
                (found.get() > 0).then(|| view! {
                    <div class="table-scroll">
                        <UsersTable caption="Users found" rows=shown position on_delete />
                    </div>
                })
            }}
        </section>
    }
}

/// `text` folded for matching: decomposed and lower-cased by the browser
/// (its Unicode tables, not a copy in the wasm), its accents stripped.
fn fold(text: &str) -> String {
    let folded = js_sys::JsString::from(text)
        .normalize("NFD")
        .to_lower_case();
    strip_marks(&String::from(folded))
}
