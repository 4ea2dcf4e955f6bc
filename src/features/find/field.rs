//! **Find a user**: the search field, and the folding its matching uses.

use std::time::Duration;

use leptos::prelude::*;

use crate::features::find::rules::strip_marks;

/// How long typing pauses before the search starts, in milliseconds.
const PAUSE_MS: u64 = 400;

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

/// `text` folded for matching: decomposed and lower-cased by the browser
/// (its Unicode tables, not a copy in the wasm), its accents stripped.
pub fn fold(text: &str) -> String {
    let folded = js_sys::JsString::from(text)
        .normalize("NFD")
        .to_lower_case();
    strip_marks(&String::from(folded))
}
