//! One user's page: every field the API gives, Copy ID, Delete user, Back to users.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{ErrorKind, LastLogin, PortalClient, User};
use crate::app::catalogs::{Catalogs, Loaded};
use crate::app::console_state::ConsoleState;
use crate::app::dates;
use crate::app::navigation::inside_console;
use crate::features::delete::{DeleteConfirm, DeleteOutcome};
use crate::features::user::rules::{named_attributes, role_names, ValueText};
use crate::features::users_list::remembered;
use crate::features::users_list::rules::pagination::return_href;
use crate::text::percent;
use crate::ui::{CopyButton, ErrorPanel, LatestOnly, RetryNotice, Toasts};

use crate::features::users_list::list_query::{list_position, review};

/// One user, everything the API says about them.
#[component]
pub fn UserPage() -> impl IntoView {
    let console = ConsoleState::get();
    let Some(client) = console.client() else {
        return ().into_any();
    };
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // The list position travels in the query; a pasted link has none: page one.
    let back_href = Memo::new(move |_| {
        let query = query.read();
        if query.get_str("limit").is_none() {
            return "/users".to_string();
        }
        // The query comes from the URL and the remembered one from storage;
        // a result of Find a user returns to the search.
        let list = return_href(&list_position(&query), remembered::list_query);
        inside_console(&review(&query).added_to(&list))
    });
    let reloads = RwSignal::new(0u32);
    let latest = LatestOnly::new();
    let user = LocalResource::new({
        let client = client.clone();
        move || {
            let (id, _) = (id.get(), reloads.get());
            let client = client.clone();
            async move { latest.run(client.get_user(&id)).await }
        }
    });

    let body = {
        let client = client.clone();
        move || match user.get().flatten() {
            None => view! { <DetailSkeleton /> }.into_any(),
            Some(Ok(user)) => {
                view! { <UserCard user client=client.clone() back_href=back_href.get() /> }
                    .into_any()
            }
            Some(Err(error)) if error.kind == ErrorKind::NotFound => view! {
                <div class="card empty-state" role="alert">
                    <h1>"User not found"</h1>
                    <p>"This user does not exist or has been deleted."</p>
                </div>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <h1>"User"</h1>
                <ErrorPanel error on_retry=move || reloads.update(|n| *n += 1) />
            }
            .into_any(),
        }
    };

    view! {
        <section class="page user-page">
            <p class="back"><A href=move || back_href.get()><span aria-hidden="true">"← "</span>"Back to users"</A></p>
            <RetryNotice client=client.clone() />
            {body}
        </section>
    }
    .into_any()
}

/// The user's fields, as a card, with **Delete user**.
#[component]
fn UserCard(
    /// The user shown.
    user: User,
    /// The client to delete with.
    client: PortalClient,
    /// The list page to return to after a delete.
    back_href: String,
) -> impl IntoView {
    let navigate = use_navigate();
    let toasts = Toasts::get();
    let confirming = RwSignal::new(false);
    let facts = view! { <RolesAndAttributes user=user.clone() client=client.clone() /> };
    let email = user.email.clone();
    let on_done = move |outcome: DeleteOutcome| {
        toasts.success(outcome.message(&email), None);
        navigate(&back_href, Default::default());
    };
    let confirm = {
        let user = user.clone();
        move || {
            confirming.get().then(|| {
                let on_done = on_done.clone();
                view! {
                    <DeleteConfirm user=user.clone() client=client.clone()
                        on_cancel=move || confirming.set(false) on_done=move |o| on_done(o) />
                }
            })
        }
    };
    let mailto = percent::mailto_href(&user.email);
    let login = match user.last_login {
        LastLogin::Never => "Never".to_string(),
        LastLogin::At(ms) => format!("{} ({})", dates::absolute(ms), dates::relative(ms)),
    };
    view! {
        <h1 class="user-name">{user.full_name()}</h1>
        <dl class="card details">
            <div>
                <dt>"ID"</dt>
                <dd><code>{user.id.clone()}</code> " " <CopyButton text=user.id.clone() label="Copy ID" /></dd>
            </div>
            <div><dt>"First name"</dt><dd>{user.first_name.clone()}</dd></div>
            <div><dt>"Last name"</dt><dd>{user.last_name.clone()}</dd></div>
            <div><dt>"Email"</dt><dd><a href=mailto>{user.email.clone()}</a></dd></div>
            <div><dt>"Last login"</dt><dd>{login}</dd></div>
            {user.locale.clone().map(|locale| view! { <div><dt>"Locale"</dt><dd>{locale}</dd></div> })}
        </dl>
        {facts}
        <div class="card-actions">
            <button type="button" class="button danger" on:click=move |_| confirming.set(true)>"Delete user"</button>
        </div>
        {confirm}
    }
}

/// The user's **Roles** by name (system roles marked) and **Attributes**
/// by label, their values formatted by type, from the session's catalogs.
#[component]
fn RolesAndAttributes(
    /// The user shown.
    user: User,
    /// The client to fetch the catalogs with.
    client: PortalClient,
) -> impl IntoView {
    let catalogs = Catalogs::get();
    catalogs.load(&client);
    let retry = Callback::new(move |()| catalogs.load(&client));
    let User {
        roles, attributes, ..
    } = user;
    let roles_view = move || {
        by_catalog(
            catalogs.roles(),
            roles.is_empty(),
            ("No roles", "Loading roles…"),
            retry,
            |catalog| {
                view! {
                <ul class="role-list">
                    {role_names(&roles, catalog).into_iter().map(|role| view! {
                        <li>{role.name} {role.is_system.then(|| view! { " " <span class="badge">"System"</span> })}</li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
            },
        )
    };
    let attributes_view = move || {
        by_catalog(
            catalogs.attributes(),
            attributes.is_empty(),
            ("No attributes", "Loading attributes…"),
            retry,
            |catalog| {
                view! {
                    <dl class="details">
                        {named_attributes(&attributes, catalog).into_iter().map(|attribute| {
                            let values = attribute.values.into_iter().map(|value| match value {
                                ValueText::Text(text) => text,
                                ValueText::Time(ms) => dates::absolute(ms),
                            }).collect::<Vec<_>>().join(", ");
                            view! { <div><dt>{attribute.label}</dt><dd>{values}</dd></div> }
                        }).collect_view()}
                    </dl>
                }
                .into_any()
            },
        )
    };
    view! {
        <section class="card facts" aria-labelledby="user-roles">
            <h2 id="user-roles">"Roles"</h2>
            {roles_view}
        </section>
        <section class="card facts" aria-labelledby="user-attributes">
            <h2 id="user-attributes">"Attributes"</h2>
            {attributes_view}
        </section>
    }
}

/// What the user holds of one catalog: `(none, loading)` say there is
/// nothing to name or that the catalog is on its way; a failed catalog
/// shows its error with **Retry**; a loaded one is shown by `show`.
fn by_catalog<T>(
    loaded: Loaded<T>,
    none_held: bool,
    (none, loading): (&'static str, &'static str),
    retry: Callback<()>,
    show: impl FnOnce(&[T]) -> AnyView,
) -> AnyView {
    match loaded {
        _ if none_held => view! { <p class="hint">{none}</p> }.into_any(),
        None => view! { <p class="hint" role="status">{loading}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=retry /> }.into_any(),
        Some(Ok(catalog)) => show(&catalog),
    }
}

/// Grey blocks the size of the card, while the user (or the page's code)
/// loads.
#[component]
pub fn DetailSkeleton() -> impl IntoView {
    view! {
        <div aria-busy="true">
            <h1 class="user-name"><span class="bone wide"></span></h1>
            <div class="card details skeleton" aria-hidden="true">
                {(0..5).map(|_| view! { <div><span class="bone short"></span><span class="bone"></span></div> }).collect_view()}
            </div>
            <p class="visually-hidden" role="status">"Loading user…"</p>
        </div>
    }
}
