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
    /// Whether the bar is out of view (while **Find a user** shows its
    /// results, which have no checkboxes).
    #[prop(into)]
    hidden: Signal<bool>,
) -> impl IntoView {
    // Signals rather than closures bound to the DOM: all bindings of one
    // type share Leptos's rendering code in the wasm.
    let count = Memo::new(move |_| selection.with(Selection::len));
    let none = Signal::derive(move || count.get() == 0);
    let text = Signal::derive(move || {
        if none.get() {
            String::new()
        } else {
            selected_text(count.get())
        }
    });
    view! {
        <div class="selection-bar" class:active=Signal::derive(move || !none.get()) hidden=hidden>
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
