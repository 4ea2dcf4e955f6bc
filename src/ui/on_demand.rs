//! Screens whose code is fetched on demand.
//!
//! In the build that ships (`dist/`, the `split` feature), each function
//! declared with [`on_demand!`] lives in a wasm chunk of its own, which the
//! browser fetches the first time the screen opens (`docs/architecture.md`,
//! "Loading on demand"). Every other build (`cargo test`, the wasm tests,
//! `cargo xtask dev`) is one module, and the same functions are merely `async`.
//!
//! A chunk's fetch can fail (a dropped connection, a deploy that removed
//! it): the split functions are `fallible`, so the failure is a
//! [`ChunkError`] that [`OnDemand`] shows with **Retry**, never a panic.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::ui::dialog::Modal;

/// A screen's code could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("This part of the console could not be downloaded. Check the connection, then retry.")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> ChunkError {
        // The loader logs the cause to the browser's console; the screen
        // needs only to know that the fetch failed.
        ChunkError
    }
}

/// Declares `async fn $name($args) -> Result<AnyView, ChunkError>`, whose
/// body is built in the wasm chunk `$chunk` when the `split` feature is on,
/// and, when named, `async fn $preload() -> Result<(), SplitLoaderError>`,
/// which fetches that chunk without building anything (the idle prefetch;
/// one per chunk is enough).
///
/// Functions that name the same chunk share it: fewer, larger chunks cost
/// fewer requests than one per screen.
macro_rules! on_demand {
    (
        $(#[doc = $doc:expr])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?)
            in $chunk:ident $(, preload $preload:ident)?
        $body:block
    ) => {
        $(#[doc = $doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible
            $(, preload(
                /// Fetches this screen's chunk, without building it.
                $preload
            ))?
        )]
        $vis fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::ui::ChunkError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        $(#[doc = $doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::ui::ChunkError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        $(
            /// Fetches this screen's chunk, without building it: nothing to
            /// fetch in a build of one module.
            #[cfg(not(feature = "split"))]
            $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use on_demand;

/// A screen declared with [`on_demand!`]: its own loading state from the
/// first frame, then the screen; if its code cannot be fetched, the error
/// with **Retry**, which fetches it again.
#[component]
pub fn OnDemand<Load, Fut>(
    /// What shows while the code is fetched: the screen's own loading state
    /// ([`DialogLoading`] for a dialog).
    #[prop(into)]
    loading: ViewFn,
    /// Fetches the screen's code and builds it (a function declared with
    /// [`on_demand!`], given its arguments).
    load: Load,
    /// For a dialog: what its **Cancel** does, offered beside **Retry** in
    /// a dialog of its own when the code cannot be fetched.
    #[prop(optional, into)]
    on_close: Option<Callback<()>>,
) -> impl IntoView
where
    Load: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    // Not `<Suspense>`: it would also wait on every resource the screen
    // reads, and put this loading state back over a loaded screen whenever
    // one of them loads again.
    let attempts = RwSignal::new(0u32);
    let fetching = RwSignal::new(true);
    let failed = RwSignal::new(None::<ChunkError>);
    let screen = move || {
        attempts.track();
        // The chunk loader's future is not `Send`; the console has one thread.
        let screen = SendWrapper::new(load());
        // Polled at once: a chunk already in builds the screen in this
        // same pass, so its loading state never reaches the screen.
        Suspend::new(async move {
            let screen = screen.await;
            fetching.set(false);
            screen.map_err(|error| failed.set(Some(error))).ok()
        })
    };
    // The failure goes at once, and the loading state comes back, while
    // the fetch is tried again.
    let on_retry = Callback::new(move |()| {
        failed.set(None);
        fetching.set(true);
        attempts.update(|n| *n += 1);
    });
    let failure = move || {
        failed.get().map(|error| match on_close {
            Some(on_close) => view! { <ChunkFailedDialog error on_retry on_close /> }.into_any(),
            None => view! { <ChunkFailed error on_retry /> }.into_any(),
        })
    };
    view! {
        {move || fetching.get().then(|| loading.run())}
        {failure}
        {screen}
    }
}

/// A screen whose code could not be fetched, with **Retry**.
#[component]
fn ChunkFailed(
    /// The failure.
    error: ChunkError,
    /// Fetches the code again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <p class="error-message">{error.to_string()}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>"Retry"</button>
        </div>
    }
}

/// A dialog whose code could not be fetched: the error, **Cancel** and
/// **Retry**, in a modal dialog of its own (Escape is its Cancel, and the
/// focus goes back to the control that opened it).
#[component]
fn ChunkFailedDialog(
    /// The failure.
    error: ChunkError,
    /// Fetches the code again.
    on_retry: Callback<()>,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let modal = Modal::open();
    let cancel = move || {
        modal.close();
        on_close.run(());
    };
    view! {
        <dialog class="dialog" role="alertdialog" aria-labelledby="chunk-failed-title"
            node_ref=modal.dialog
            on:cancel=modal.on_cancel(cancel) on:close=modal.on_close()>
            <h2 id="chunk-failed-title">"Not downloaded"</h2>
            <p class="error-message">{error.to_string()}</p>
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| cancel()>"Cancel"</button>
                <button type="button" class="button primary" autofocus on:click=move |_| {
                    // Closed first, so the focus is back on the dialog's
                    // opener, which the dialog fetched then takes as its own.
                    modal.close();
                    on_retry.run(());
                }>"Retry"</button>
            </div>
        </dialog>
    }
}

/// A dialog's loading state while its code is fetched: the backdrop and a
/// busy box where the dialog will be. Not a dialog itself, nor titled as
/// one: it holds nothing to act on, and says only what is on its way.
#[component]
pub fn DialogLoading(
    /// The dialog's title, as it will show it.
    title: &'static str,
) -> impl IntoView {
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" aria-busy="true">
                <p role="status"><span class="spinner" aria-hidden="true"></span>" Opening " {title} "…"</p>
            </div>
        </div>
    }
}

/// The chunks a click from the first screen is likely to need, fetched once
/// its rows are painted and the browser is idle, so that the click does not
/// wait on the network. The app says which chunks; the users list says when.
#[derive(Clone, Copy)]
pub struct Prefetch {
    start: fn(),
    started: StoredValue<bool>,
}

impl Prefetch {
    /// Provides the prefetch to every screen; `start` fetches the chunks.
    pub fn provide(start: fn()) {
        provide_context(Prefetch {
            start,
            started: StoredValue::new(false),
        });
    }

    /// Starts the prefetch when the browser is next idle, once per tab.
    pub fn when_idle() {
        let Some(prefetch) = use_context::<Prefetch>() else {
            return;
        };
        if prefetch.started.get_value() {
            return;
        }
        prefetch.started.set_value(true);
        run_when_idle(prefetch.start);
    }
}

/// Runs `task` when the browser is next idle (`requestIdleCallback`; on
/// Safari, which has none, in a task after the paint).
pub fn run_when_idle(task: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let task = wasm_bindgen::closure::Closure::once_into_js(task);
    let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    // Neither handle is kept: the task is never cancelled.
    let _ = if idle {
        window.request_idle_callback(task.unchecked_ref()).map(drop)
    } else {
        window
            .set_timeout_with_callback(task.unchecked_ref())
            .map(drop)
    };
}
