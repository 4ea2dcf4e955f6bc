//! How an API failure is shown: the message, the request ID and Retry.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::ui::CopyButton;

/// An API failure as the administrator needs it: what went wrong, the
/// request ID to give support (with **Copy request ID**), and **Retry**.
#[component]
pub fn ErrorPanel(
    /// The failure to show.
    error: ApiError,
    /// What **Retry** does; no button without it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id.clone();
    view! {
        <div class="error-panel" role="alert">
            <p class="error-message">{error.to_string()}</p>
            {request_id.map(|id| view! { <RequestId id /> })}
            {on_retry.map(|retry| {
                view! {
                    <button type="button" class="button" on:click=move |_| retry.run(())>
                        "Retry"
                    </button>
                }
            })}
        </div>
    }
}

/// The request ID of a failed request, to give support, with **Copy
/// request ID**.
#[component]
pub fn RequestId(
    /// The API's `X-Request-Id` of the failed request.
    id: String,
) -> impl IntoView {
    view! {
        <p class="request-id">
            "Request ID " <code>{id.clone()}</code> " "
            <CopyButton text=id label="Copy request ID" />
        </p>
    }
}
