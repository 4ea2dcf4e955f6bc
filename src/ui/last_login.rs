//! A last login in words ("3 days ago"), exact in its title.

use leptos::prelude::*;

use crate::api::LastLogin;
use crate::app::dates;

/// A last login as "3 days ago", with the exact date and time in its title;
/// "Never" when there is none. Shown in every row of the list, so its text
/// is set as `textContent` (see `UserRow`).
#[component]
pub fn LastLoginText(
    /// The login time to show.
    last_login: LastLogin,
) -> impl IntoView {
    match last_login {
        LastLogin::Never => view! { <span class="never">"Never"</span> }.into_any(),
        LastLogin::At(ms) => {
            let iso = crate::text::time::format_iso8601_utc(ms);
            view! {
                <time datetime=iso title=dates::absolute(ms) prop:textContent=dates::relative(ms)></time>
            }
            .into_any()
        }
    }
}
