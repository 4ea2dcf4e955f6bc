//! Short-lived messages after an action ("Deleted jose@example.com"), polite or alerting.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::navigation::inside_console;

/// How long a toast stays before it goes by itself.
const TOAST_MS: u64 = 6_000;

#[derive(Clone, Copy, PartialEq)]
enum Tone {
    Success,
    Failure,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    tone: Tone,
    text: String,
    link: Option<ToastLink>,
}

/// A link a toast offers, such as **Open user** after a create.
#[derive(Clone)]
pub struct ToastLink {
    /// Where it leads; followed only inside the console (see
    /// [`inside_console`]).
    pub href: String,
    /// The link's text.
    pub text: &'static str,
}

/// The notifications every screen shares: successes are announced politely
/// (`role="status"`), failures at once (`role="alert"`).
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// Provides the toast list to the whole console.
    pub fn provide() {
        provide_context(Toasts {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        });
    }

    /// The toasts provided by [`crate::App`].
    pub fn get() -> Toasts {
        expect_context()
    }

    /// A success, e.g. "Deleted jose@example.com", with a link to follow up.
    pub fn success(&self, text: String, link: Option<ToastLink>) {
        self.push(Tone::Success, text, link);
    }

    /// A failure the administrator must see.
    pub fn failure(&self, text: String) {
        self.push(Tone::Failure, text, None);
    }

    fn push(&self, tone: Tone, text: String, link: Option<ToastLink>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|list| {
            list.push(Toast {
                id,
                tone,
                text,
                link,
            })
        });
        let list = self.list;
        set_timeout(
            move || {
                list.try_update(|list| list.retain(|t| t.id != id));
            },
            std::time::Duration::from_millis(TOAST_MS),
        );
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|t| t.id != id));
    }
}

/// Where toasts appear; mounted once by [`crate::App`].
#[component]
pub fn ToastArea() -> impl IntoView {
    let toasts = Toasts::get();
    let of_tone = move |tone: Tone| {
        move || {
            toasts
                .list
                .get()
                .into_iter()
                .filter(|t| t.tone == tone)
                .collect::<Vec<_>>()
        }
    };
    let render = move |toast: Toast| {
        let id = toast.id;
        view! {
            <div class="toast" class:failure=toast.tone == Tone::Failure>
                <span>{toast.text}</span>
                {toast.link.map(|link| view! { <A href=inside_console(&link.href)>{link.text}</A> })}
                <button type="button" class="toast-dismiss" aria-label="Dismiss notification"
                    on:click=move |_| toasts.dismiss(id)>"×"</button>
            </div>
        }
    };
    view! {
        <div class="toasts">
            <div role="status" aria-live="polite">
                <For each=of_tone(Tone::Success) key=|t| t.id children=render />
            </div>
            <div role="alert">
                <For each=of_tone(Tone::Failure) key=|t| t.id children=render />
            </div>
        </div>
    }
}
