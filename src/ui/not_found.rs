//! The page for any address the console does not know.

use leptos::prelude::*;
use leptos_router::components::A;

/// Any URL the console does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address in Portal Admin."</p>
            <p><A href="/users">"Go to the users list"</A></p>
        </section>
    }
}
