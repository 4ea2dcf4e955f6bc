//! The header on every screen: the product, the open portal, the masked key, Sign out, the rate limit.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::console_state::ConsoleState;

/// The console's header: the product name and, when connected, which portal
/// is open, the masked key and **Sign out**.
#[component]
pub fn Header() -> impl IntoView {
    let console = ConsoleState::get();
    view! {
        <header class="app-header">
            <A href="/users" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">"Portal Admin"</span>
            </A>
            {move || {
                console.session().map(|session| {
                    view! {
                        <div class="session-info">
                            <span class="portal" title="Portal ID">
                                "Portal " <strong>{session.portal_id().to_string()}</strong>
                            </span>
                            <span class="key" title="Service account key (masked)">
                                <span class="visually-hidden">"Key "</span>
                                {session.masked_key()}
                            </span>
                            <QuotaLeft />
                            <button type="button" class="button subtle" on:click=move |_| console.sign_out()>
                                "Sign out"
                            </button>
                        </div>
                    }
                })
            }}
        </header>
    }
}

/// The API's rate-limit figures from the last response, so an administrator
/// sees a quota running out before requests start waiting.
#[component]
fn QuotaLeft() -> impl IntoView {
    let console = ConsoleState::get();
    move || {
        let quota = console.client()?.rate_limit().get()?;
        Some(view! {
            <span class="quota" title="Requests left before the API's rate limit resets">
                {format!("{} of {} requests left", quota.remaining, quota.limit)}
            </span>
        })
    }
}
