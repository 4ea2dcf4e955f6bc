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
use features::user::{DetailSkeleton, UserPage};
use features::users_list::{preload_list_chunks, UsersPage};
use ui::{on_demand, Header, NotFoundPage, OnDemand, Prefetch, RequireSession, ToastArea, Toasts};

/// The console: header, routed pages and the toast area.
#[component]
pub fn App() -> impl IntoView {
    ConsoleState::provide();
    Catalogs::provide();
    PortalWalk::provide();
    Toasts::provide();
    Prefetch::provide(prefetch_chunks);
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/connect") view=ConnectPage />
                    <Route path=path!("/") view=|| view! { <RequireSession><UsersPage /></RequireSession> } />
                    <Route path=path!("/users") view=|| view! { <RequireSession><UsersPage /></RequireSession> } />
                    <Route path=path!("/users/:id") view=|| view! {
                        <RequireSession>
                            <OnDemand load=user_page loading=|| view! { <section class="page user-page"><DetailSkeleton /></section> } />
                        </RequireSession>
                    } />
                </Routes>
            </main>
            <ToastArea />
        </Router>
    }
}

on_demand! {
    /// One user's page: reached from a row, a toast or a pasted link, never
    /// on the console's first screen.
    fn user_page() in user_page, preload preload_user_page {
        view! { <UserPage /> }
    }
}

/// Fetches the chunks of the screens a click from the users list opens
/// (see [`Prefetch`]).
fn prefetch_chunks() {
    leptos::task::spawn_local(async {
        // A failed prefetch costs nothing: the click that needs the chunk
        // fetches it again, and shows its failure with Retry.
        let (_, ()) = futures::future::join(preload_user_page(), preload_list_chunks()).await;
    });
}
