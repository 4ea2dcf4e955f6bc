//! Connect: the API base URL, the portal and the key, checked with one real request before anything is stored.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{ApiError, ErrorKind, PortalClient};
use crate::app::console_state::ConsoleState;
use crate::app::navigation::{after_connect, key_destination};
use crate::app::session::{key_hint, page_origin, Session};
use crate::ui::ErrorPanel;

/// Connect: the API base URL, the portal and the service account key, checked
/// with one real request before anything is stored.
#[component]
pub fn ConnectPage() -> impl IntoView {
    let console = ConsoleState::get();
    let query = use_query_map();
    let navigate = use_navigate();

    let base_url = RwSignal::new(page_origin());
    let portal_id = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let show_key = RwSignal::new(false);
    let invalid = RwSignal::new(None::<String>);
    // Said beside the key, so that a prefilled or mistyped base URL cannot
    // take the key to another site unnoticed.
    let key_goes_to = Memo::new(move |_| key_destination(&base_url.get()));

    // A session already open (another page of the same tab connected): go on.
    Effect::new({
        let navigate = navigate.clone();
        move || {
            if console.session().is_some() {
                let next = query.read_untracked().get("next");
                navigate(&after_connect(next.as_deref()), Default::default());
            }
        }
    });

    let check = Action::new_local(move |session: &Session| {
        let session = session.clone();
        async move {
            let client = PortalClient::new(session.clone());
            client.list_users(None, 1).await.map(|_| (session, client))
        }
    });
    Effect::new(move || {
        if let Some(Ok((session, client))) = check.value().get() {
            console.connect(session, client);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if check.pending().get_untracked() {
            return;
        }
        match Session::new(
            &base_url.get_untracked(),
            &portal_id.get_untracked(),
            &key.get_untracked(),
        ) {
            Ok(session) => {
                invalid.set(None);
                check.dispatch_local(session);
            }
            Err(e) => invalid.set(Some(e.to_string())),
        }
    };

    let failure = move || match check.value().get() {
        Some(Err(error)) => Some(
            view! { <ErrorPanel error=explain(error, &base_url.get_untracked(), &portal_id.get_untracked()) /> },
        ),
        _ => None,
    };

    view! {
        <section class="page narrow connect">
            <h1>"Connect to a partner portal"</h1>
            <p class="lead">
                "Paste a service account key. It stays in this browser tab only and is forgotten when the tab closes."
            </p>
            {move || console.notice().map(|n| view! { <p class="notice" role="alert">{n}</p> })}
            <form class="card form" on:submit=submit novalidate>
                <div class="field">
                    <label for="api-base-url">"API base URL"</label>
                    <input id="api-base-url" name="api-base-url" type="url" autocomplete="url"
                        aria-describedby="api-base-url-hint"
                        prop:value=move || base_url.get()
                        on:input=move |ev| base_url.set(event_target_value(&ev)) />
                    <p class="hint" id="api-base-url-hint">
                        "This console's own address when the API is served behind it; otherwise the API's address, which must allow this console through CORS."
                    </p>
                </div>
                <div class="field">
                    <label for="portal-id">"Portal ID"</label>
                    <input id="portal-id" name="portal-id" type="text" autocomplete="off" spellcheck="false" required
                        prop:value=move || portal_id.get()
                        on:input=move |ev| portal_id.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="service-key">"Service account key"</label>
                    <div class="input-with-button">
                        <input id="service-key" name="service-key" autocomplete="off" spellcheck="false" required
                            aria-describedby=move || if key_goes_to.get().is_some() {
                                "service-key-hint service-key-destination"
                            } else {
                                "service-key-hint"
                            }
                            type=move || if show_key.get() { "text" } else { "password" }
                            prop:value=move || key.get()
                            on:input=move |ev| key.set(event_target_value(&ev)) />
                        <button type="button" class="button subtle" aria-pressed=move || show_key.get().to_string()
                            aria-controls="service-key"
                            on:click=move |_| show_key.update(|s| *s = !*s)>
                            "Show key"
                        </button>
                    </div>
                    <p class="hint" id="service-key-hint">
                        {move || key_hint(&key.get()).unwrap_or("Keys look like sk:4eC39HqLyjWDarjtT1zdp7dc.")}
                    </p>
                    {move || key_goes_to.get().map(|host| view! {
                        <p class="hint warning" id="service-key-destination">
                            {format!("The key will be sent to {host}, another site than this console.")}
                        </p>
                    })}
                </div>
                {move || invalid.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                {failure}
                <button type="submit" class="button primary" aria-busy=move || check.pending().get().to_string()
                    disabled=move || check.pending().get()>
                    {move || if check.pending().get() { "Connecting…" } else { "Connect" }}
                </button>
            </form>
        </section>
    }
}

/// Rewords a failed check for Connect, where the administrator can fix it.
fn explain(mut error: ApiError, base_url: &str, portal_id: &str) -> ApiError {
    error.message = match error.kind {
        ErrorKind::Unauthorized | ErrorKind::Forbidden => {
            "The API rejected this service account key. Check that the key is complete and may manage this portal.".to_string()
        }
        ErrorKind::NotFound => {
            format!("Portal \u{201c}{}\u{201d} was not found at this API. Check the portal ID.", portal_id.trim())
        }
        ErrorKind::Network => format!(
            "The API could not be reached at {}. Check the base URL; an API on another origin must allow this console through CORS, or be served under this console's origin by a reverse proxy.",
            base_url.trim()
        ),
        _ => return error,
    };
    error
}
