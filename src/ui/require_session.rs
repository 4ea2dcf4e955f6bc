//! The guard of every page behind Connect.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::app::console_state::ConsoleState;
use crate::app::navigation::connect_href;

/// Shows its children only with an open session; otherwise sends the
/// administrator to Connect, remembering the page they asked for.
#[component]
pub fn RequireSession(
    /// The screen that needs a session.
    children: ChildrenFn,
) -> impl IntoView {
    let console = ConsoleState::get();
    let location = use_location();
    move || {
        if console.session().is_some() {
            children().into_any()
        } else {
            // The router's `search` has no leading `?`.
            let search = location.search.get_untracked();
            let path = location.pathname.get_untracked();
            let asked_for = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            view! { <Redirect path=connect_href(&asked_for) /> }.into_any()
        }
    }
}
