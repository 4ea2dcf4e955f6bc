//! The tools above the users list: Find a user, the access review's
//! filters, Filter this page, Rows per page.

use leptos::prelude::*;

use crate::features::access_review::rules::address::Review;
use crate::features::access_review::rules::matching::ReviewCounts;
use crate::features::access_review::ReviewFilters;
use crate::features::find::FindUser;
use crate::features::users_list::rules::pagination::{DEFAULT_PAGE_SIZE, PAGE_SIZES};

/// The toolbar above the users list: **Find a user** across the portal,
/// the access review's filters, **Filter this page** for the page in
/// view, and **Rows per page**.
#[component]
pub fn UsersToolbar(
    /// The search in force (from the URL).
    #[prop(into)]
    find: Signal<String>,
    /// Starts (or with an empty text, ends) a search.
    #[prop(into)]
    on_find: Callback<String>,
    /// The filter text of the page in view.
    filter: RwSignal<String>,
    /// The rows per page of the page in view.
    #[prop(into)]
    limit: Signal<u32>,
    /// Another page size chosen.
    #[prop(into)]
    on_limit: Callback<u32>,
    /// The access review in force (from the URL).
    review: Memo<Review>,
    /// How many users each of the review's choices would show.
    counts: RwSignal<Option<ReviewCounts>>,
    /// The review with another Last login choice or Email domain.
    on_review: Callback<Review>,
) -> impl IntoView {
    let change_size = move |ev: leptos::ev::Event| {
        on_limit.run(event_target_value(&ev).parse().unwrap_or(DEFAULT_PAGE_SIZE));
    };
    view! {
        <div class="toolbar">
            <FindUser find on_find />
            <ReviewFilters review counts on_review />
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
                        <option value=size.to_string() selected=move || limit.get() == size>{size}</option>
                    })}
                </select>
            </div>
        </div>
    }
}
