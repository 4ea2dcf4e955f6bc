//! Portal Admin: a browser console for partner-portal administrators.
//!
//! [`App`] is the whole console: a header, the routed pages, the toasts.
//! Pages talk to the Partner Portal API only through [`api`].

pub mod api;
pub mod bulk_delete;
pub mod catalogs;
pub mod components;
pub mod console;
pub mod decimal;
mod decode;
pub mod destination;
pub mod format;
pub mod list_state;
pub mod model;
pub mod new_user_form;
pub mod pages;
pub mod pagination;
pub mod percent;
pub mod portal_users;
pub mod remembered;
pub mod session;
mod time;
pub mod user_details;
pub mod user_match;
pub mod users_csv;
pub mod users_import;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use catalogs::Catalogs;
use components::{Header, RequireSession, Toasts};
use console::Console;
use pages::{ConnectPage, NotFoundPage, UserPage, UsersPage};
use portal_users::PortalUsers;

/// The console: header, routed pages and the toast area.
#[component]
pub fn App() -> impl IntoView {
    Console::provide();
    Catalogs::provide();
    PortalUsers::provide();
    Toasts::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/connect") view=ConnectPage />
                    <Route path=path!("/") view=|| view! { <RequireSession><UsersPage /></RequireSession> } />
                    <Route path=path!("/users") view=|| view! { <RequireSession><UsersPage /></RequireSession> } />
                    <Route path=path!("/users/:id") view=|| view! { <RequireSession><UserPage /></RequireSession> } />
                </Routes>
            </main>
            <components::ToastArea />
        </Router>
    }
}
