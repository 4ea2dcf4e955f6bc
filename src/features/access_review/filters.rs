//! The access review's two filters on the users list's toolbar: **Last
//! login** and **Email domain**. They are on the first screen, so they only
//! show the review in force and report changes: the counts beside each
//! choice and the suggested domains come from the results' chunk, once the
//! walk is there.

use leptos::prelude::*;

use crate::features::access_review::rules::address::Review;
use crate::features::access_review::rules::login::LastLoginFilter;
use crate::features::access_review::rules::matching::ReviewCounts;

/// The `id` of the list of suggested domains, which the results draw.
pub const DOMAINS_LIST: &str = "email-domains";

/// **Last login**, a select of [`LastLoginFilter`]'s choices, and **Email
/// domain**, a text field with the portal's domains suggested; each choice
/// with its count once the walk is there. A domain applies on Enter, on
/// leaving the field, at once when it is one suggested, and when the field
/// is cleared.
#[component]
pub fn ReviewFilters(
    /// The review in force (from the URL).
    review: Memo<Review>,
    /// How many users each choice and domain would show, once the walk is there.
    counts: RwSignal<Option<ReviewCounts>>,
    /// The review with another Last login choice or Email domain.
    on_review: Callback<Review>,
) -> impl IntoView {
    let typed = RwSignal::new(review.with_untracked(|r| r.domain.clone()));
    // The domain in force changes from outside too (Back, Forward).
    Effect::new(move || typed.set(review.read().domain.clone()));
    let apply = move |text: String| {
        let mut changed = review.get_untracked();
        if text.trim() != changed.domain {
            changed.domain = text.trim().to_owned();
            on_review.run(changed);
        }
    };
    let suggested = move |text: &str| {
        counts.with_untracked(|counts| {
            counts
                .iter()
                .flat_map(|c| &c.domains)
                .any(|(domain, _)| domain == text.trim())
        })
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        if text.trim().is_empty() || suggested(&text) {
            apply(text);
        }
    };
    let choose = move |ev: leptos::ev::Event| {
        let mut changed = review.get_untracked();
        changed.login = LastLoginFilter::from_param(&event_target_value(&ev)).unwrap_or_default();
        on_review.run(changed);
    };
    let option_text = move |choice: LastLoginFilter| {
        counts.with(|counts| match counts {
            Some(counts) => format!("{} ({})", choice.label(), counts.of_login(choice)),
            None => choice.label().to_owned(),
        })
    };
    view! {
        <div class="field inline">
            <label for="last-login">"Last login"</label>
            <select id="last-login" class="last-login" on:change=choose>
                {LastLoginFilter::ALL.map(|choice| view! {
                    <option value=choice.param().unwrap_or("") prop:selected=move || review.read().login == choice>
                        {move || option_text(choice)}
                    </option>
                })}
            </select>
        </div>
        <div class="field inline">
            <label for="email-domain">"Email domain"</label>
            <input id="email-domain" type="search" list=DOMAINS_LIST autocomplete="off" spellcheck="false"
                prop:value=move || typed.get() on:input=on_input
                on:change=move |ev| apply(event_target_value(&ev)) />
        </div>
    }
}
