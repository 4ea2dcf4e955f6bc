//! The bar above the users list that says how many users are selected,
//! with **Clear selection** and **Delete selected**.

use leptos::prelude::*;

use crate::bulk_delete::{selected_text, Selection};

/// "3 selected", with **Clear selection** and **Delete selected**; shown
/// only while something is selected. The count is announced politely: its
/// status region stays on the page, empty, while nothing is selected, so
/// the first selection is announced too.
#[component]
pub fn SelectionBar(
    /// The users selected in the list.
    selection: RwSignal<Selection>,
    /// **Delete selected** pressed.
    #[prop(into)]
    on_delete: Callback<()>,
) -> impl IntoView {
    let count = Memo::new(move |_| selection.with(Selection::len));
    // The buttons are made once as the first user is selected, not at
    // every count: the one with the focus keeps it.
    let any = Memo::new(move |_| count.get() > 0);
    view! {
        <div class="selection-bar" class:active=any>
            <p role="status" aria-live="polite">
                {move || any.get().then(|| selected_text(count.get()))}
            </p>
            {move || any.get().then(|| view! {
                <button type="button" class="button" on:click=move |_| selection.update(Selection::clear)>
                    "Clear selection"
                </button>
                <button type="button" class="button danger" on:click=move |_| on_delete.run(())>
                    "Delete selected"
                </button>
            })}
        </div>
    }
}
