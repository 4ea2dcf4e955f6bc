//! The bar above the users list that says how many users are selected,
//! with **Clear selection** and **Delete selected**.

use leptos::prelude::*;

use crate::features::delete::rules::{selected_text, Selection};

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
    let none = Signal::derive(move || selection.with(Selection::is_empty));
    let text = Signal::derive(move || {
        selection.with(|s| {
            if s.is_empty() {
                String::new()
            } else {
                selected_text(s.len())
            }
        })
    });
    view! {
        <div class="selection-bar" class:active=move || !none.get()>
            <p role="status" aria-live="polite">{text}</p>
            <button type="button" class="button" hidden=none on:click=move |_| selection.update(Selection::clear)>
                "Clear selection"
            </button>
            <button type="button" class="button danger" hidden=none on:click=move |_| on_delete.run(())>
                "Delete selected"
            </button>
        </div>
    }
}
