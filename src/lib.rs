//! Portal Admin: a browser console for partner-portal administrators.
//!
//! [`App`] is the whole console: a header, the routed pages, the toasts.
//! `docs/architecture.md` maps the folders: features talk to the Partner
//! Portal API only through [`api`], and share what every screen needs
//! through [`app`] and [`ui`].

pub mod api;
pub mod app;
pub mod features;
pub mod text;
pub mod ui;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use app::catalogs::Catalogs;
use app::console_state::ConsoleState;
use app::portal_walk::PortalWalk;
use features::connect::ConnectPage;
use features::user::UserPage;
use features::users_list::UsersPage;
use ui::{Header, NotFoundPage, RequireSession, ToastArea, Toasts};

/// The console: header, routed pages and the toast area.
#[component]
pub fn App() -> impl IntoView {
    ConsoleState::provide();
    Catalogs::provide();
    PortalWalk::provide();
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
            <ToastArea />
        </Router>
    }
}
