//! The list's pagination bar: First, Previous, the page number, Next.

use leptos::prelude::*;

/// The pagination bar under the users list. The buttons only report clicks:
/// the page decides where they lead (Next clicks queue while a page loads).
#[component]
pub fn PagerNav(
    /// The 1-based number of the page in view.
    #[prop(into)]
    page: Signal<usize>,
    /// Whether there is a page before this one.
    #[prop(into)]
    has_previous: Signal<bool>,
    /// Whether **Next page** may be pressed (a next page, or one loading).
    #[prop(into)]
    can_go_next: Signal<bool>,
    /// Whether a page is loading (a spinner beside the number).
    #[prop(into)]
    busy: Signal<bool>,
    /// Hidden while **Find a user** shows its results instead of a page.
    #[prop(into)]
    hidden: Signal<bool>,
    /// **First page** pressed.
    #[prop(into)]
    on_first: Callback<()>,
    /// **Previous page** pressed.
    #[prop(into)]
    on_previous: Callback<()>,
    /// **Next page** pressed.
    #[prop(into)]
    on_next: Callback<()>,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pagination" hidden=move || hidden.get()>
            <button type="button" class="button" on:click=move |_| on_first.run(()) disabled=move || !has_previous.get()>
                "First page"
            </button>
            <button type="button" class="button" on:click=move |_| on_previous.run(()) disabled=move || !has_previous.get()>
                "Previous page"
            </button>
            <span class="page-number">
                {move || format!("Page {}", page.get())}
                {move || busy.get().then(|| view! { <span class="spinner" role="progressbar" aria-label="Loading users"></span> })}
            </span>
            <button type="button" class="button" on:click=move |_| on_next.run(()) disabled=move || !can_go_next.get()>
                "Next page"
            </button>
        </nav>
    }
}
