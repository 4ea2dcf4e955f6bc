//! The access review's results: every walked user that matches Find's
//! text, Last login and Email domain, sorted, paged in the browser, with
//! **Select all N matching** and **Export matching**; and the counts the
//! toolbar's filters show. Fetched on demand, with its chunk.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{PortalClient, User};
use crate::app::catalogs::Catalogs;
use crate::app::dates;
use crate::app::portal_walk::{PortalWalk, WalkState};
use crate::features::access_review::collation::collate;
use crate::features::access_review::filters::DOMAINS_LIST;
use crate::features::access_review::rules::address::Review;
use crate::features::access_review::rules::matching::{
    self, carry_over, file_words, typed_domain, Domains, Filters, ReviewCounts,
};
use crate::features::access_review::rules::order::{sort_matches, sorted_text, Sort, SortColumn};
use crate::features::delete::rules::Selection;
use crate::features::export::{save_csv, CatalogsFailed};
use crate::features::find::fold;
use crate::features::find::rules::UserQuery;
use crate::features::users_list::rules::pagination::Pager;
use crate::features::users_list::{PagerNav, UsersTable};
use crate::text::format;
use crate::ui::{run_when_idle, ErrorPanel};

/// The matches of the review in force, in the order shown, and the counts
/// of each filter's choices.
#[derive(Clone, Default)]
struct Matches {
    users: Arc<Vec<Arc<User>>>,
    counts: ReviewCounts,
}

impl PartialEq for Matches {
    // A new computation is a new result: comparing 100,000 users to find
    // out would cost what computing them did.
    fn eq(&self, other: &Matches) -> bool {
        Arc::ptr_eq(&self.users, &other.users)
    }
}

/// Find's text matches last computed, so that a change of another filter,
/// a delete or a new page does not fold every user again.
#[derive(Default)]
struct TextMatches {
    text: String,
    searched: Vec<Arc<User>>,
    matched: Vec<bool>,
}

impl TextMatches {
    /// Each of `users`' match of `text`, folding only those not searched yet.
    fn of(&mut self, text: &str, users: &[Arc<User>]) -> Option<&[bool]> {
        let query = UserQuery::new(text, fold)?;
        let mut matched = if self.text == text {
            carry_over(&self.searched, &self.matched, users)
        } else {
            Vec::new()
        };
        let from = matched.len();
        let mut rest = vec![false; users.len() - from];
        for index in query.matching(&users[from..], fold) {
            rest[index] = true;
        }
        matched.extend(rest);
        *self = TextMatches {
            text: text.to_owned(),
            searched: users.to_vec(),
            matched,
        };
        Some(&self.matched)
    }
}

/// Each walked user's place in the locale's order of names and of emails,
/// worked out once per walk (the collator's sort of 100,000 emails takes
/// about 150 ms) and carried over deletes.
#[derive(Default)]
struct SortPlaces {
    names: Places,
    emails: Places,
}

impl SortPlaces {
    /// The places of `users` in `column`'s order (none for the last login).
    fn of(&mut self, column: SortColumn, users: &[Arc<User>]) -> &[u32] {
        match column {
            SortColumn::Name => self.names.of(column, users),
            SortColumn::Email => self.emails.of(column, users),
            SortColumn::LastLogin => &[],
        }
    }
}

/// One column's places, for the users they were worked out for.
#[derive(Default)]
struct Places {
    placed: Vec<Arc<User>>,
    places: Vec<u32>,
}

impl Places {
    /// The places of `users` in `column`'s order, worked out again only
    /// when the walk brought users not placed yet.
    fn of(&mut self, column: SortColumn, users: &[Arc<User>]) -> &[u32] {
        let carried = carry_over(&self.placed, &self.places, users);
        self.places = if carried.len() == users.len() {
            carried
        } else {
            let texts: Vec<String> = users.iter().map(|u| sorted_text(u, column)).collect();
            collate(&texts)
        };
        self.placed = users.to_vec();
        &self.places
    }
}

/// The users matching the review's filters (indices into the walk's users,
/// in the API's order) and the counts of each choice.
#[derive(Clone, Default)]
struct Filtered {
    indices: Arc<Vec<usize>>,
    counts: ReviewCounts,
}

impl PartialEq for Filtered {
    // As for `Matches`: a new computation is a new result.
    fn eq(&self, other: &Filtered) -> bool {
        Arc::ptr_eq(&self.indices, &other.indices)
    }
}

/// The users of the tab's walk that match the review's filters, recomputed
/// when a filter or the walk changes (not the sort).
fn filtered_by(review: Signal<Review>) -> Memo<Filtered> {
    let walk = PortalWalk::get();
    let text = StoredValue::new(TextMatches::default());
    let domains = StoredValue::new(Domains::default());
    let filters =
        Memo::new(move |_| review.with(|r| (r.find.clone(), r.login, typed_domain(&r.domain))));
    Memo::new(move |_| {
        let (find, login, domain) = filters.get();
        walk.users().with(|users| {
            // The clock at the moment of filtering: each change reads it anew.
            let now_ms = js_sys::Date::now();
            domains.update_value(|domains| domains.update(users));
            let (indices, counts) = text
                .try_update_value(|text| {
                    let filters = Filters {
                        text: text.of(&find, users),
                        login,
                        domain: &domain,
                        now_ms,
                    };
                    domains.with_value(|domains| matching::review(users, filters, domains))
                })
                .unwrap_or_default();
            Filtered {
                indices: Arc::new(indices),
                counts,
            }
        })
    })
}

/// The review's matches in the order shown: the filtered users, sorted
/// when a sort is in force; `places` holds the sort's places.
fn matches_of(review: Signal<Review>, places: StoredValue<SortPlaces>) -> Memo<Matches> {
    let walk = PortalWalk::get();
    let filtered = filtered_by(review);
    let sort = Memo::new(move |_| review.with(|r| r.sort));
    Memo::new(move |_| {
        let Filtered { indices, counts } = filtered.get();
        walk.users().with(|users| {
            let mut found = indices.to_vec();
            if let Some(sort) = sort.get() {
                places.update_value(|places| {
                    sort_matches(users, &mut found, sort, places.of(sort.column, users));
                });
            }
            Matches {
                users: Arc::new(found.into_iter().map(|i| users[i].clone()).collect()),
                counts,
            }
        })
    })
}

/// Works out the sort's places once a walk is complete and the browser is
/// idle, while a review is in force, so that a click on a header sorts at once.
fn place_when_idle(active: Memo<bool>, places: StoredValue<SortPlaces>) {
    let walk = PortalWalk::get();
    Effect::new(move || {
        if active.get() && matches!(walk.state(), WalkState::Done { .. }) {
            run_when_idle(move || {
                walk.users().with_untracked(|users| {
                    places.update_value(|places| {
                        places.of(SortColumn::Name, users);
                        places.of(SortColumn::Email, users);
                    });
                });
            });
        }
    });
}

/// What the users page shares with the access review's results.
#[derive(Clone, Copy)]
pub struct ReviewWiring {
    /// The review in force (from the URL).
    pub review: Memo<Review>,
    /// Whether the results replace the list's page.
    pub active: Memo<bool>,
    /// The list's position: its Rows per page page the results.
    pub pager: Memo<Pager>,
    /// The list position each result's link carries, before the review.
    pub row_query: Memo<String>,
    /// The list's selection, which **Select all N matching** fills.
    pub selection: RwSignal<Selection>,
    /// Where the counts of each filter's choices go, for the toolbar.
    pub counts: RwSignal<Option<ReviewCounts>>,
    /// A header's sort pressed: the review with that sort.
    pub on_review: Callback<Review>,
    /// What a result's **Delete** does.
    pub on_delete: Callback<Arc<User>>,
}

/// The access review's results over the tab's walk of the portal, while
/// `active`: "N users match", when the users were fetched with
/// **Refresh**, **Select all N matching**, **Export matching**, and the
/// matches a page at a time under headers that sort them. While not
/// active, it only keeps the toolbar's counts.
#[component]
pub fn ReviewResults(
    /// The client to walk the portal with, when no fresh walk is at hand.
    client: PortalClient,
    /// What the users page shares with the results.
    wiring: ReviewWiring,
) -> impl IntoView {
    let ReviewWiring {
        review,
        active,
        pager,
        row_query,
        selection,
        counts,
        on_review,
        on_delete,
    } = wiring;
    let review: Signal<Review> = review.into();
    let limit = Signal::derive(move || pager.read().limit);
    // The review travels in each result's link, so a user's page leads
    // Back to users, and to the review, again.
    let position = Signal::derive(move || match review.read().query() {
        query if query.is_empty() => row_query.get(),
        query => format!("{}&{query}", row_query.read()),
    });
    let on_sort = Callback::new(move |sort: Option<Sort>| {
        let mut changed = review.get_untracked();
        changed.sort = sort;
        on_review.run(changed);
    });
    let walk = PortalWalk::get();
    let places = StoredValue::new(SortPlaces::default());
    let matches = matches_of(review, places);
    place_when_idle(active, places);
    Effect::new(move || counts.set(Some(matches.with(|m| m.counts.clone()))));
    let page = RwSignal::new(0usize);
    // A new review starts at its first page; a walk needed for it starts too.
    Effect::new({
        let client = client.clone();
        move |last: Option<Review>| {
            let now = review.get();
            if active.get() && last.as_ref() != Some(&now) {
                page.set(0);
                walk.refresh_if_stale(&client);
            }
            now
        }
    });
    let pages = Memo::new(move |_| {
        let limit = limit.get().max(1) as usize;
        matches.with(|m| m.users.len().div_ceil(limit).max(1))
    });
    // Deletes may leave the page in view empty: show the last one left.
    let shown_page = Memo::new(move |_| page.get().min(pages.get() - 1));
    let rows = Memo::new(move |_| {
        let limit = limit.get() as usize;
        let from = shown_page.get() * limit;
        matches.with(|m| {
            m.users
                .iter()
                .skip(from)
                .take(limit)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let sort = Signal::derive(move || review.with(|r| r.sort));
    let headings = move || view! { <SortHeadings sort on_sort /> };
    let domains = move || matches.with(|m| m.counts.domains.clone());
    view! {
        // The toolbar's Email domain suggests these (its `list`).
        <datalist id=DOMAINS_LIST>
            <For each=domains key=|entry| entry.clone() let((domain, count))>
                <option value=domain.clone()>{format!("{domain} ({count})")}</option>
            </For>
        </datalist>
        <section class="review-results" aria-label="Access review" hidden=move || !active.get()>
            <ReviewStatus client=client.clone() matches=Signal::derive(move || matches.with(|m| m.users.len())) />
            {move || (active.get() && matches!(walk.state(), WalkState::Done { .. })).then(|| {
                view! { <ReviewActions client=client.clone() review matches selection /> }
            })}
            {move || (matches.with(|m| !m.users.is_empty()) && active.get()).then(|| view! {
                <div class="table-scroll">
                    <UsersTable caption="Users found" rows position on_delete selection headings />
                </div>
                <PagerNav page=Signal::derive(move || shown_page.get() + 1)
                    has_previous=Signal::derive(move || shown_page.get() > 0)
                    can_go_next=Signal::derive(move || shown_page.get() + 1 < pages.get())
                    busy=Signal::derive(|| false) hidden=Signal::derive(|| false)
                    on_first=move |()| page.set(0)
                    on_previous=move |()| page.set(shown_page.get_untracked().saturating_sub(1))
                    on_next=move |()| page.set(shown_page.get_untracked() + 1) />
            })}
        </section>
    }
}

/// The Name, Email and Last login headers, each a button that sorts by its
/// column: ascending, descending, then the API's order again.
#[component]
fn SortHeadings(
    /// The sort in force.
    sort: Signal<Option<Sort>>,
    /// A header pressed: the sort it asks for.
    on_sort: Callback<Option<Sort>>,
) -> impl IntoView {
    [
        (SortColumn::Name, "Name"),
        (SortColumn::Email, "Email"),
        (SortColumn::LastLogin, "Last login"),
    ]
    .map(|(column, label)| {
        let aria_sort = move || Sort::aria_sort(sort.get(), column);
        let mark = move || match aria_sort() {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button type="button" class="sort" on:click=move |_| on_sort.run(Sort::after_click(sort.get_untracked(), column))>
                    {label} <span class="sort-mark" aria-hidden="true">{mark}</span>
                </button>
            </th>
        }
    })
}

/// Where the walk is and what it found: "Searched N of the portal's
/// users…" with **Cancel** while it runs, "N users match" with when the
/// users were fetched and **Refresh** once it is done, or why it stopped.
#[component]
fn ReviewStatus(
    /// The client **Refresh** and **Resume search** walk with.
    client: PortalClient,
    /// How many users match so far.
    #[prop(into)]
    matches: Signal<usize>,
) -> impl IntoView {
    let walk = PortalWalk::get();
    let searched = move || walk.users().with(Vec::len);
    // Where the walk is, without its pauses: the status changes shape only
    // when the walk starts, ends or stops, so Cancel stays put as pages come.
    let phase = Memo::new(move |_| match walk.state() {
        WalkState::Running { .. } | WalkState::Idle => WalkState::Running {
            waiting_until: None,
        },
        other => other,
    });
    move || {
        match phase.get() {
        WalkState::Running { .. } | WalkState::Idle => view! {
            <p class="review-status" role="status">
                {move || format!("Searched {} of the portal's users…", searched())} " "
                <button type="button" class="button small" on:click=move |_| walk.cancel()>"Cancel"</button>
            </p>
        }
        .into_any(),
        WalkState::Done { at_ms } => {
            let client = client.clone();
            let summary = move || match matches.get() {
                0 => "No user matches".to_owned(),
                1 => "1 user matches".to_owned(),
                n => format!("{n} users match"),
            };
            view! {
                <p class="review-status" role="status">{summary}</p>
                <p class="hint">
                    {move || format!("Users as fetched {}, {} in all ", dates::absolute(at_ms), format::count(searched(), "user"))}
                    <button type="button" class="button small" on:click=move |_| walk.start(&client)>"Refresh"</button>
                </p>
            }
            .into_any()
        }
        WalkState::Stopped { error } => {
            let client = client.clone();
            let sentence = move || format!("Searched {} of the portal's users, then stopped.", searched());
            view! {
                <p class="review-status" role="status">{sentence}</p>
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
}

/// **Select all N matching** and **Export matching**, over every match,
/// not only the page shown; once the walk is done.
#[component]
fn ReviewActions(
    /// The client the catalogs are fetched with.
    client: PortalClient,
    /// The review in force, which names the file.
    review: Signal<Review>,
    /// The matches.
    matches: Memo<Matches>,
    /// The list's selection.
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let catalogs = Catalogs::get();
    let exporting = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let portal_id = client.session().portal_id().to_owned();
    let count = move || matches.with(|m| m.users.len());
    let select_all = move |_| {
        matches.with_untracked(|m| {
            selection.update(|s| {
                s.set_page(
                    m.users.iter().map(|u| (u.id.as_str(), u.email.as_str())),
                    true,
                )
            });
        });
    };
    // The file is saved once both catalogs are in (they name roles and
    // attributes, as Export CSV's file does).
    Effect::new(move || {
        if !exporting.get() {
            return;
        }
        if let (Some(Ok(roles)), Some(Ok(attributes))) = (catalogs.roles(), catalogs.attributes()) {
            exporting.set(false);
            let words =
                review.with_untracked(|r| file_words(r.login, &typed_domain(&r.domain), &r.find));
            let saved = matches
                .with_untracked(|m| save_csv(&m.users, &roles, &attributes, &portal_id, &words));
            outcome.set(Some(saved.map_err(|error| error.to_string())));
        }
    });
    view! {
        <div class="review-actions" hidden=move || count() == 0>
            <button type="button" class="button" on:click=select_all>
                {move || format!("Select all {} matching", count())}
            </button>
            <button type="button" class="button" disabled=move || exporting.get() on:click={
                let client = client.clone();
                move |_| {
                    outcome.set(None);
                    catalogs.load(&client);
                    exporting.set(true);
                }
            }>
                "Export matching"
            </button>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(name) => view! { <p class="export-done" role="status">"Saved " <strong>{name}</strong></p> }.into_any(),
                Err(problem) => view! { <p class="error-message" role="alert">{problem}</p> }.into_any(),
            })}
        </div>
        {move || exporting.get().then(|| view! { <CatalogsFailed client=client.clone() /> })}
    }
}
