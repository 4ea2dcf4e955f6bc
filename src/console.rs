//! What every screen shares: the session, its API client, and what to tell
//! the administrator when the key stops working.

use leptos::prelude::*;

use crate::api::PortalClient;
use crate::session::Session;

/// The console's shared state, provided once by [`crate::App`].
#[derive(Clone, Copy)]
pub struct Console {
    session: RwSignal<Option<Session>>,
    client: RwSignal<Option<PortalClient>, LocalStorage>,
    notice: RwSignal<Option<String>>,
}

impl Console {
    /// Restores the tab's session, if it has one, and provides the state.
    pub fn provide() -> Console {
        let session = Session::load();
        let client = session.clone().map(PortalClient::new);
        let console = Console {
            session: RwSignal::new(session),
            client: RwSignal::new_local(client),
            notice: RwSignal::new(None),
        };
        provide_context(console);
        console
    }

    /// The state provided by [`crate::App`].
    pub fn get() -> Console {
        expect_context()
    }

    /// The open session, if any (tracked).
    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// The client of the open session (tracked). Screens behind
    /// [`crate::components::RequireSession`] always have one.
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

/// The Connect URL that comes back to `path` afterwards.
pub fn connect_href(path: &str) -> String {
    let mut href = String::from("/connect");
    if path != "/" && !path.is_empty() && !path.starts_with("/connect") {
        href.push_str("?next=");
        href.push_str(&js_sys::encode_uri_component(path).as_string().unwrap_or_default());
    }
    href
}

/// Where to go after connecting: the page first asked for, if it is a page
/// of this console (never another site: `next` comes from the URL).
pub fn after_connect(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && !path.starts_with("/connect") => {
            path.to_string()
        }
        _ => "/users".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::after_connect;

    #[test]
    fn returns_to_the_page_asked_for() {
        assert_eq!(after_connect(Some("/users/us_1")), "/users/us_1");
        assert_eq!(after_connect(Some("/users?limit=10&after=x")), "/users?limit=10&after=x");
    }

    #[test]
    fn never_leaves_the_console() {
        assert_eq!(after_connect(Some("https://evil.example")), "/users");
        assert_eq!(after_connect(Some("//evil.example")), "/users");
        assert_eq!(after_connect(Some("/\\evil.example")), "/users");
        assert_eq!(after_connect(Some("/connect")), "/users");
        assert_eq!(after_connect(None), "/users");
    }
}
