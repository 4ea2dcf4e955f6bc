//! What every screen shares: the session, its API client, and what to tell
//! the administrator when the key stops working.

use leptos::prelude::*;

use crate::api::PortalClient;
use crate::destination::{self, ParsedUrl};
use crate::percent;
use crate::session::{page_origin, Session};

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
        href.push_str(&percent::encode(path));
    }
    href
}

/// Where to go after connecting: the page first asked for, if it is a page
/// of this console (see [`inside_console`]; `next` comes from the URL).
pub fn after_connect(next: Option<&str>) -> String {
    inside_console(next.unwrap_or(destination::HOME))
}

/// Where the browser may go for `candidate`, an address that came from the
/// URL bar, storage or the API: read by the browser's own URL parser against
/// the console's origin, kept only if it is a page of this console, and
/// rebuilt from what the parser read (see [`destination::decide`]).
/// Everything else leads to the users list.
pub fn inside_console(candidate: &str) -> String {
    let origin = page_origin();
    let parsed = web_sys::Url::new_with_base(candidate, &origin)
        .ok()
        .map(|url| ParsedUrl {
            origin: url.origin(),
            pathname: url.pathname(),
            search: url.search(),
            hash: url.hash(),
        });
    destination::decide(parsed.as_ref(), &origin)
}

/// Where the administrator's key would go for the API base URL typed on
/// Connect, when that is another site than the console's: its host (with
/// the port, if any), as the browser reads it. `None` for the console's own
/// origin (an empty base URL) and for what is not an address at all (the
/// field's own check says so).
pub fn key_destination(base_url: &str) -> Option<String> {
    let base_url = base_url.trim();
    if base_url.is_empty() {
        return None;
    }
    let url = web_sys::Url::new(base_url).ok()?;
    (url.origin() != page_origin()).then(|| url.host())
}
