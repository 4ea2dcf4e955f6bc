//! **Export CSV** on the users list: the walk's progress, Cancel, the
//! download, and the partial file after a cancel or a failure.

use std::cell::Cell;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::{PortalClient, Role, User, UserAttribute};
use crate::app::catalogs::Catalogs;
use crate::app::portal_walk::{PortalWalk, WalkState};
use crate::features::export::rules::{file_name, users_csv, CsvError};
use crate::text::format;
use crate::ui::download::{download, today};
use crate::ui::{on_demand, ErrorPanel, OnDemand};

/// How often the progress is announced to screen readers while it runs, in seconds.
const ANNOUNCE_EVERY_SECS: u32 = 5;

/// Why the file could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The CSV could not be written.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The browser refused the download.
    #[error("The browser did not accept the file for download.")]
    Download,
}

/// **Export CSV**: walks every page of the portal's users (the walk shared
/// with **Find a user**), shows the progress with **Cancel**, and
/// downloads `portal-{portalId}-users-{YYYY-MM-DD}.csv` when it ends. A
/// cancelled or failed walk offers **Download what was fetched**.
///
/// Only the button is on the first screen: the rest, with the CSV writer,
/// is fetched at the first press (`export_run`).
#[component]
pub fn ExportPanel(
    /// The client to walk the portal with.
    client: PortalClient,
) -> impl IntoView {
    let walk = PortalWalk::get();
    // From a press of Export CSV until its file is saved.
    let exporting = RwSignal::new(false);
    // Presses of Export CSV: each starts an export.
    let presses = RwSignal::new(0u32);
    let pressed = Memo::new(move |_| presses.get() > 0);
    let running = Memo::new(move |_| matches!(walk.state(), WalkState::Running { .. }));
    let export = move || {
        pressed.get().then(|| {
            let client = client.clone();
            let load = move || export_run(client.clone(), exporting, presses.into());
            view! { <OnDemand load loading=|| view! { <ExportLoading /> } /> }
        })
    };
    // No wrapper: the button sits among the page header's buttons, and the
    // progress and outcome take a line of their own below them.
    view! {
        <button type="button" class="button" disabled=move || exporting.get() && running.get()
            on:click=move |_| {
                exporting.set(true);
                presses.update(|n| *n += 1);
            }>
            "Export CSV"
        </button>
        {export}
    }
}

on_demand! {
    /// What follows a press of **Export CSV**: the walk's progress, the
    /// file, or why it stopped. Its chunk is Import CSV's: both need the
    /// CSV crate.
    fn export_run(
        client: PortalClient,
        exporting: RwSignal<bool>,
        presses: Signal<u32>,
    ) in csv_files {
        view! { <ExportRun client exporting presses /> }
    }
}

/// Export CSV's state while its code is fetched: the export has begun.
#[component]
fn ExportLoading() -> impl IntoView {
    view! {
        <div class="export-progress" aria-busy="true">
            <p class="progress-figures" role="status">"Preparing the export…"</p>
        </div>
    }
}

/// An export under way or ended: starts one at each press of **Export
/// CSV**, saves the file once every page and both catalogs are in.
#[component]
fn ExportRun(
    /// The client to walk the portal with.
    client: PortalClient,
    /// From a press of Export CSV until its file is saved.
    exporting: RwSignal<bool>,
    /// Presses of Export CSV.
    presses: Signal<u32>,
) -> impl IntoView {
    let walk = PortalWalk::get();
    let catalogs = Catalogs::get();
    let rate_limit: Signal<Option<crate::api::RateLimit>> = client.rate_limit().into();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let announced = RwSignal::new(String::new());
    let now = RwSignal::new(js_sys::Date::now());
    let running = Memo::new(move |_| matches!(walk.state(), WalkState::Running { .. }));
    let portal_id = client.session().portal_id().to_owned();

    let save = move |users: &[Arc<User>], roles: &[Role], attributes: &[UserAttribute]| {
        let result =
            save_csv(users, roles, attributes, &portal_id, "").map_err(|error| error.to_string());
        if let Ok(name) = &result {
            announced.set(format!(
                "Exported {} to {name}",
                format::count(users.len(), "user")
            ));
        }
        outcome.set(Some(result));
    };

    // Each press, this one included (the run is built by the first).
    Effect::new({
        let client = client.clone();
        move || {
            presses.track();
            outcome.set(None);
            catalogs.load(&client);
            if !running.get_untracked() {
                walk.start(&client);
            }
        }
    });

    // The file is saved once every page and both catalogs are in.
    Effect::new({
        let save = save.clone();
        move || {
            if !exporting.get() || !matches!(walk.state(), WalkState::Done { .. }) {
                return;
            }
            if let (Some(Ok(roles)), Some(Ok(attributes))) =
                (catalogs.roles(), catalogs.attributes())
            {
                exporting.set(false);
                walk.users()
                    .with_untracked(|users| save(users, &roles, &attributes));
            }
        }
    });

    tick_while_running(
        Memo::new(move |_| exporting.get() && running.get()),
        now,
        announced,
    );

    let download_partial = {
        let save = save.clone();
        move || {
            let roles = catalogs.roles().and_then(Result::ok).unwrap_or_default();
            let attributes = catalogs
                .attributes()
                .and_then(Result::ok)
                .unwrap_or_default();
            walk.users()
                .with_untracked(|users| save(users, &roles, &attributes));
        }
    };

    view! {
        {move || (exporting.get() && running.get()).then(|| view! { <ExportProgress rate_limit now /> })}
        {
            let client = client.clone();
            move || exporting.get().then(|| view! { <CatalogsFailed client=client.clone() /> })
        }
        {move || {
            let client = client.clone();
            exporting.get().then(|| view! { <ExportStopped client exporting on_download=download_partial.clone() /> })
        }}
        {move || {
            outcome.get().map(|outcome| match outcome {
                Ok(name) => view! { <p class="export-done" role="status">"Saved " <strong>{name}</strong></p> }.into_any(),
                Err(problem) => view! { <p class="error-message" role="alert">{problem}</p> }.into_any(),
            })
        }}
        // A status region: polite live announcements, apart from the list's own.
        <p class="visually-hidden" role="status">{move || announced.get()}</p>
    }
}

/// Why the roles or attributes a CSV file names could not be fetched, with
/// **Retry**; nothing while they load or once they are in.
#[component]
pub fn CatalogsFailed(
    /// The client a Retry fetches them with.
    client: PortalClient,
) -> impl IntoView {
    let catalogs = Catalogs::get();
    move || {
        let client = client.clone();
        catalogs
            .error()
            .map(|error| view! { <ErrorPanel error on_retry=move || catalogs.load(&client) /> })
    }
}

/// A clock while the walk runs (`ticking`): the wait countdown's `now`, and
/// the progress announced every few seconds.
fn tick_while_running(ticking: Memo<bool>, now: RwSignal<f64>, announced: RwSignal<String>) {
    let walk = PortalWalk::get();
    Effect::new(move |handle: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = handle {
            handle.clear();
        }
        ticking
            .get()
            .then(|| {
                let ticks = Cell::new(0u32);
                set_interval_with_handle(
                    move || {
                        now.set(js_sys::Date::now());
                        ticks.set(ticks.get() + 1);
                        if ticks.get().is_multiple_of(ANNOUNCE_EVERY_SECS) {
                            announced.set(format!(
                                "Exporting: {} fetched",
                                format::count(walk.users().with_untracked(Vec::len), "user")
                            ));
                        }
                    },
                    Duration::from_secs(1),
                )
                .ok()
            })
            .flatten()
    });
}

/// The export's progress while the walk runs: users and pages fetched, the
/// rate-limit budget, the wait for the next page, and **Cancel**. The
/// figures change with every page; the structure, and so the Cancel button
/// under the pointer, stays.
#[component]
fn ExportProgress(
    /// The client's last rate-limit figures.
    rate_limit: Signal<Option<crate::api::RateLimit>>,
    /// The clock the wait is counted down by.
    now: RwSignal<f64>,
) -> impl IntoView {
    let walk = PortalWalk::get();
    let summary = move || {
        format!(
            "{} fetched",
            format::count(walk.users().with(Vec::len), "user")
        )
    };
    let budget = move || match rate_limit.get() {
        Some(rate) => format!(
            "rate-limit budget {} of {} requests, resets in {} s",
            rate.remaining, rate.limit, rate.reset_secs
        ),
        None => "rate-limit budget not reported".to_owned(),
    };
    let waiting = move || match walk.state() {
        WalkState::Running {
            waiting_until: Some(until),
        } => {
            let secs = ((until - now.get()) / 1000.0).ceil().max(0.0) as u32;
            format!(" · next page in {secs} s")
        }
        _ => String::new(),
    };
    view! {
        <div class="export-progress">
            <div class="progress-track" role="progressbar" aria-label="Exporting users" aria-valuetext=summary>
                <span class="progress-bar"></span>
            </div>
            <p class="progress-figures">
                {summary} " · " {move || format::count(walk.pages() as usize, "page")} " · " {budget} {waiting}
            </p>
            <button type="button" class="button small" on:click=move |_| walk.cancel()>"Cancel"</button>
        </div>
    }
}

/// Why the export stopped short (cancelled, or an error with **Retry**),
/// and **Download what was fetched**. Nothing while the walk has not stopped.
#[component]
fn ExportStopped(
    /// The client a Retry walks on with.
    client: PortalClient,
    /// Set again by a Retry: the file is saved once the walk is done.
    exporting: RwSignal<bool>,
    /// **Download what was fetched** pressed.
    #[prop(into)]
    on_download: Callback<()>,
) -> impl IntoView {
    let walk = PortalWalk::get();
    move || {
        let WalkState::Stopped { error } = walk.state() else {
            return None;
        };
        let fetched = walk.users().with(Vec::len);
        let client = client.clone();
        let reason = match error {
            None => {
                view! { <p>{format!("Export cancelled after {}.", format::count(fetched, "user"))}</p> }
                    .into_any()
            }
            Some(error) => view! {
                <p>{format!("The export stopped after {}.", format::count(fetched, "user"))}</p>
                <ErrorPanel error on_retry=move || {
                    exporting.set(true);
                    walk.resume(&client);
                } />
            }
            .into_any(),
        };
        Some(view! {
            <div class="export-stopped">
                {reason}
                <button type="button" class="button" on:click=move |_| on_download.run(())>"Download what was fetched"</button>
            </div>
        })
    }
}

/// Writes the CSV of `users` and hands it to the browser as a download
/// named for the portal, `words` (the access review's filters, or none)
/// and today; returns the file's name.
pub fn save_csv(
    users: &[Arc<User>],
    roles: &[Role],
    attributes: &[UserAttribute],
    portal_id: &str,
    words: &str,
) -> Result<String, ExportError> {
    let bytes = users_csv(users, roles, attributes)?;
    let name = file_name(portal_id, words, today());
    download(&bytes, &name).map_err(|_| ExportError::Download)?;
    Ok(name)
}
