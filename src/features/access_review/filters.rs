//! The access review's two filters on the users list's toolbar: **Last
//! login** and **Email domain**. They are on the first screen, so they only
//! show the review in force and report changes; the counts beside each
//! choice come from the results' chunk, once the walk is there.

use leptos::prelude::*;

use crate::features::access_review::rules::login::LastLoginFilter;
use crate::features::access_review::rules::matching::ReviewCounts;

/// **Last login**, a select of [`LastLoginFilter`]'s choices, and **Email
/// domain**, a text field with the portal's domains suggested; each choice
/// and suggestion with its count once the walk is there. A domain applies
/// on Enter, on leaving the field, at once when it is one suggested, and
/// when the field is cleared.
#[component]
pub fn ReviewFilters(
    /// The Last login choice in force (from the URL).
    #[prop(into)]
    login: Signal<LastLoginFilter>,
    /// The Email domain in force (from the URL).
    #[prop(into)]
    domain: Signal<String>,
    /// How many users each choice and domain would show, once the walk is there.
    #[prop(into)]
    counts: Signal<Option<ReviewCounts>>,
    /// Another Last login choice made.
    #[prop(into)]
    on_login: Callback<LastLoginFilter>,
    /// Another Email domain applied (empty: any).
    #[prop(into)]
    on_domain: Callback<String>,
) -> impl IntoView {
    let typed = RwSignal::new(domain.get_untracked());
    // The domain in force changes from outside too (Back, Forward).
    Effect::new(move || typed.set(domain.get()));
    let apply = move |text: String| {
        if text.trim() != domain.get_untracked().trim() {
            on_domain.run(text);
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
    let option_text = move |choice: LastLoginFilter| {
        counts.with(|counts| match counts {
            Some(counts) => format!("{} ({})", choice.label(), counts.of_login(choice)),
            None => choice.label().to_owned(),
        })
    };
    let domains = move || {
        counts.with(|counts| {
            counts
                .as_ref()
                .map(|c| c.domains.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="field inline">
            <label for="last-login">"Last login"</label>
            <select id="last-login" on:change=move |ev| {
                on_login.run(LastLoginFilter::from_param(&event_target_value(&ev)).unwrap_or_default());
            }>
                {LastLoginFilter::ALL.map(|choice| view! {
                    <option value=choice.param().unwrap_or("") prop:selected=move || login.get() == choice>
                        {move || option_text(choice)}
                    </option>
                })}
            </select>
        </div>
        <div class="field inline">
            <label for="email-domain">"Email domain"</label>
            <input id="email-domain" type="search" list="email-domains" autocomplete="off" spellcheck="false"
                prop:value=move || typed.get() on:input=on_input
                on:change=move |ev| apply(event_target_value(&ev)) />
            <datalist id="email-domains">
                <For each=domains key=|entry| entry.clone() let((domain, count))>
                    <option value=domain.clone()>{format!("{domain} ({count})")}</option>
                </For>
            </datalist>
        </div>
    }
}
