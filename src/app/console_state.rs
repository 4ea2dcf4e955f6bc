//! The signed-in console's state, shared by every screen: the session, its
//! API client, and what to tell the administrator when the key stops working.

use leptos::prelude::*;

use crate::api::PortalClient;
use crate::app::session::Session;

/// The console's shared state, provided once by [`crate::App`].
#[derive(Clone, Copy)]
pub struct ConsoleState {
    session: RwSignal<Option<Session>>,
    client: RwSignal<Option<PortalClient>, LocalStorage>,
    notice: RwSignal<Option<String>>,
}

impl ConsoleState {
    /// Restores the tab's session, if it has one, and provides the state.
    pub fn provide() -> ConsoleState {
        let session = Session::load();
        let client = session.clone().map(PortalClient::new);
        let console = ConsoleState {
            session: RwSignal::new(session),
            client: RwSignal::new_local(client),
            notice: RwSignal::new(None),
        };
        provide_context(console);
        // One path for a refused key, whichever request met it.
        Effect::new(move || {
            let refused = console
                .client
                .with(|client| client.as_ref().map(PortalClient::key_refused));
            if refused.is_some_and(|refused| refused.get()) {
                console.key_rejected();
            }
        });
        console
    }

    /// The state provided by [`crate::App`].
    pub fn get() -> ConsoleState {
        expect_context()
    }

    /// The open session, if any (tracked).
    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// The client of the open session (tracked). Screens behind
    /// [`crate::ui::RequireSession`] always have one.
    pub fn client(&self) -> Option<PortalClient> {
        self.client.get()
    }

    /// Stores a checked session for this tab and opens it.
    pub fn connect(&self, session: Session, client: PortalClient) {
        session.save();
        self.notice.set(None);
        self.client.set(Some(client));
        self.session.set(Some(session));
    }

    /// Ends the session everywhere in the tab.
    pub fn sign_out(&self) {
        Session::clear();
        self.client.set(None);
        self.session.set(None);
    }

    /// The API refused the key (401): back to Connect, saying why.
    pub fn key_rejected(&self) {
        self.sign_out();
        self.notice.set(Some(
            "The API no longer accepts this key (401). Connect again to continue where you were."
                .to_string(),
        ));
    }

    /// Why the administrator was sent back to Connect, if they were.
    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }
}
