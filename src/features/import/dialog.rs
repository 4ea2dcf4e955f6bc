//! **Import CSV** on the users list: the button, the notice that offers to
//! resume an import a reload interrupted, and the **Import users** dialog.
//! Its parts: choosing the file (`choose`), mapping its columns
//! (`mapping_step`), the rows worth a look (`report`), the creates and
//! their progress (`run`), and the progress kept in the tab (`stored`).

use std::sync::Arc;

use leptos::ev::DragEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::choose::{choose_file, file_field, Chosen};
use super::mapping_step::{mapping_step, ColumnMapping};
use super::report::{not_created_rows, problem_rows, report_table};
use super::run::{create_all, import_progress, Run};
use super::stored;
use crate::api::PortalClient;
use crate::app::catalogs::Catalogs;
use crate::app::portal_walk::{PortalWalk, WalkState};
use crate::features::import::rules::check::{check_rows, email_key, Catalog, ExistingEmails};
use crate::features::import::rules::progress::{Import, Summary};
use crate::features::import::rules::results::{results_csv, results_file_name};
use crate::features::import::rules::table::FileError;
use crate::text::format;
use crate::ui::dialog::{dialog_keydown, focus_when_shown, focused_element, return_focus};
use crate::ui::download::{download, today};
use crate::ui::{ErrorPanel, Toasts};

/// Where the dialog is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Choosing a file, or a file chosen.
    Choose,
    /// **Check file** pressed: the portal is walked, then the rows checked.
    Checking,
    /// The dry run is shown.
    Checked,
    /// Resuming after a reload: the portal is walked first.
    Resuming,
    /// Creating.
    Running,
    /// Ended: the summary and **Download results**.
    Finished,
}

/// **Import CSV**, which opens **Import users**; above the list, when an
/// import of this portal was interrupted by a reload, a notice with
/// **Resume import** and **Discard**.
#[component]
pub fn ImportCsv(
    /// The client to walk the portal and create the users with.
    client: PortalClient,
    /// Called when an import has ended, to show the new users.
    #[prop(into)]
    on_imported: Callback<()>,
) -> impl IntoView {
    // Rows ended and rows to create of an import a reload interrupted;
    // looked up again when the dialog closes (a new import replaces it).
    let portal_id = client.session().portal_id().to_owned();
    let interrupted = RwSignal::new(stored::unfinished(&portal_id));
    // `Some` while the dialog is open: whether it resumes the stored import.
    let open = RwSignal::new(None::<bool>);
    let notice = move || {
        interrupted.get().map(|(done, total)| {
            let text = format!(
                "An import into this portal was interrupted: {done} of {total} users done."
            );
            view! {
                <div class="import-notice" role="status">
                    <p>{text}</p>
                    <button type="button" class="button primary small" on:click=move |_| {
                        interrupted.set(None);
                        open.set(Some(true));
                    }>
                        "Resume import"
                    </button>
                    <button type="button" class="button small" on:click=move |_| {
                        stored::clear();
                        interrupted.set(None);
                    }>"Discard"</button>
                </div>
            }
        })
    };
    view! {
        <button type="button" class="button" on:click=move |_| {
            interrupted.set(None);
            open.set(Some(false));
        }>"Import CSV"</button>
        {notice}
        {move || open.get().map(|resuming| {
            let portal_id = portal_id.clone();
            let on_close = move || {
                open.set(None);
                interrupted.set(stored::unfinished(&portal_id));
            };
            view! { <ImportUsersDialog client=client.clone() resuming on_close on_imported /> }
        })}
    }
}

/// The toast after an import: "Imported 12 users", with the failures.
fn imported_text(summary: Summary) -> String {
    let imported = format!("Imported {}", format::count(summary.created, "user"));
    match summary.failed {
        0 => imported,
        failed => format!("{imported}; {failed} failed"),
    }
}

/// **Import users**: a **CSV file** (chosen or dropped), its columns,
/// **Check file** (every row checked, the portal walked for existing
/// emails, nothing sent), **Create N users** one by one with **Pause**,
/// **Resume** and **Cancel**, then the summary and **Download results**.
/// Opened with an interrupted import, it walks the portal and resumes it.
#[component]
fn ImportUsersDialog(
    /// The client to walk the portal and create the users with.
    client: PortalClient,
    /// Whether to resume the import a reload interrupted, instead of
    /// choosing a file.
    resuming: bool,
    /// Called when the dialog closes.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called when the creates have ended, after the toast.
    #[prop(into)]
    on_imported: Callback<()>,
) -> impl IntoView {
    let opener = StoredValue::new_local(focused_element());
    let dialog = NodeRef::<html::Div>::new();
    let catalogs = Catalogs::get();
    catalogs.load(&client);
    let walk = PortalWalk::get();
    let portal_id = client.session().portal_id().to_owned();

    let stage = RwSignal::new(if resuming {
        Stage::Resuming
    } else {
        Stage::Choose
    });
    if resuming {
        walk.start(&client);
    }
    let chosen = RwSignal::new(Chosen::None);
    let generation = StoredValue::new(0u32);
    let checked = RwSignal::new(None::<Arc<Import>>);
    let ended = RwSignal::new(None::<Arc<Import>>);
    let run = Run::new();
    let dragging = RwSignal::new(false);

    let columns = ColumnMapping::new(chosen, catalogs);
    let toasts = Toasts::get();

    let start = {
        let client = client.clone();
        move |import: Import| {
            stage.set(Stage::Running);
            let client = client.clone();
            spawn_local(async move {
                if let Some(import) = create_all(import, client.clone(), run).await {
                    toasts.success(imported_text(import.summary()), None);
                    ended.try_set(Some(Arc::new(import)));
                    stage.try_set(Stage::Finished);
                    // The tab's walk no longer lists every user: Find walks
                    // again when next used (Export always does).
                    walk.outdate();
                    on_imported.run(());
                }
            });
        }
    };

    // Once the walk has ended: the dry run, or the resume rule and the creates.
    Effect::new({
        let start = start.clone();
        move || {
            let now = stage.get();
            if !matches!(now, Stage::Checking | Stage::Resuming)
                || !matches!(walk.state(), WalkState::Done { .. })
            {
                return;
            }
            let existing: ExistingEmails = walk.users().with_untracked(|users| {
                users
                    .iter()
                    .map(|user| (email_key(&user.email), user.id.clone()))
                    .collect()
            });
            let (Some(Ok(roles)), Some(Ok(attributes))) = (catalogs.roles(), catalogs.attributes())
            else {
                return;
            };
            let catalog = Catalog {
                roles: &roles,
                attributes: &attributes,
            };
            if now == Stage::Resuming {
                match stored::load(catalog) {
                    Some(mut import) => {
                        import.resume(&existing);
                        start(import);
                    }
                    // Unreadable, or the file no longer fits the portal's
                    // attributes: the file is to be chosen again, and its
                    // check skips the rows already created.
                    None => {
                        stored::clear();
                        chosen.set(Some((
                            "The interrupted import".to_owned(),
                            Err(FileError::Unreadable),
                        )));
                        stage.set(Stage::Choose);
                    }
                }
                return;
            }
            let Some((table, mapping)) = untrack(|| columns.ready()) else {
                return;
            };
            let import = check_rows(&portal_id, &table, &mapping, catalog, &existing);
            checked.set(Some(Arc::new(import)));
            stage.set(Stage::Checked);
        }
    });

    let focus_dialog = move || {
        if let Some(dialog) = dialog.get_untracked() {
            let _ = dialog.focus();
        }
    };
    let check = {
        let client = client.clone();
        move |_| {
            // The focused button is about to be disabled: the dialog keeps focus.
            focus_dialog();
            stage.set(Stage::Checking);
            catalogs.load(&client);
            // A fresh walk: emails created since an earlier one must be seen.
            walk.start(&client);
        }
    };
    // Another file, or a column mapped otherwise: any dry run is gone.
    let unchecked = move || {
        stage.set(Stage::Choose);
        checked.set(None);
    };
    let pick = move |file: web_sys::File| {
        unchecked();
        choose_file(file, chosen, generation);
    };
    let close = move || {
        return_focus(opener.get_value());
        on_close.run(());
    };
    let busy = move || matches!(stage.get_untracked(), Stage::Running | Stage::Resuming);
    let on_keydown = dialog_keydown(dialog, busy, close);
    let choosing = Memo::new(move |_| {
        matches!(
            stage.get(),
            Stage::Choose | Stage::Checking | Stage::Checked
        )
    });
    let on_dragover = move |ev: DragEvent| {
        if choosing.get_untracked() {
            ev.prevent_default();
            dragging.set(true);
        }
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev.data_transfer().and_then(|data| data.files()?.get(0));
        if let (true, Some(file)) = (choosing.get_untracked(), file) {
            pick(file);
        }
    };

    let walk_failure = {
        let client = client.clone();
        move || {
            let waiting = matches!(stage.get(), Stage::Checking | Stage::Resuming);
            let WalkState::Stopped { error } = walk.state() else {
                return None;
            };
            let client = client.clone();
            let error = error.filter(|_| waiting)?;
            Some(view! { <ErrorPanel error on_retry=move || walk.resume(&client) /> })
        }
    };
    let catalogs_failure = {
        let client = client.clone();
        move || {
            let error = catalogs.error()?;
            let client = client.clone();
            Some(view! { <ErrorPanel error on_retry=move || catalogs.load(&client) /> })
        }
    };
    let walking_text = move || {
        format!(
            "Looking up the portal's users: {} fetched…",
            walk.users().with(Vec::len)
        )
    };

    // Each step's next action takes the focus when shown (**Create N
    // users**, **Pause**, **Download results**): the control that had it is gone.
    let create_button = NodeRef::new();
    focus_when_shown(create_button);
    let dry_run = move || {
        let import = checked.get().filter(|_| stage.get() == Stage::Checked)?;
        let ready = import.to_create();
        let rows = import.plan.rows.len();
        let problems = problem_rows(&import);
        let summary = format!(
            "{}: {ready} ready, {} with problems",
            format::count(rows, "row"),
            rows - ready
        );
        Some(view! {
            <p class="import-summary" role="status"><strong>{summary}</strong></p>
            {(!problems.is_empty()).then(|| view! {
                {report_table("Rows with problems", "Problems", problems)}
            })}
            {(ready == 0).then(|| view! {
                <p>"No row is ready to create: fix the rows in the file and choose it again."</p>
            })}
        })
    };
    let choose_actions = {
        let start = start.clone();
        move || {
            let ready = checked
                .with(|import| import.as_ref().map_or(0, |import| import.to_create()))
                * usize::from(stage.get() == Stage::Checked);
            let start = start.clone();
            view! {
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="button" class="button" class:primary=move || ready == 0
                        disabled=move || stage.get() == Stage::Checking || columns.ready().is_none()
                        on:click=check.clone()>
                        "Check file"
                    </button>
                    {(ready > 0).then(|| view! {
                        <button type="button" class="button primary" node_ref=create_button
                            on:click=move |_| {
                                // A second click before the button goes starts nothing.
                                let import = checked.get_untracked().filter(|_| stage.get_untracked() == Stage::Checked);
                                if let Some(import) = import {
                                    start(Import::clone(&import));
                                }
                            }>
                            {format!("Create {}", format::count(ready, "user"))}
                        </button>
                    })}
                </div>
            }
        }
    };
    let choose_stage = {
        let walk_failure = walk_failure.clone();
        move || {
            view! {
                {file_field(chosen, pick, move || stage.get() == Stage::Checking)}
                {mapping_step(columns, move || stage.get() == Stage::Checking, unchecked)}
                // One reactive block for all that follows the file (each
                // reactive block costs the wasm its own code); the buttons
                // stay apart, so the one under the pointer is not rebuilt.
                {let (catalogs_failure, walk_failure) = (catalogs_failure.clone(), walk_failure.clone());
                move || view! {
                    {catalogs_failure()}
                    {(stage.get() == Stage::Checking).then(|| view! { <p role="status">{walking_text()}</p> })}
                    {walk_failure()}
                    {dry_run()}
                }}
                {choose_actions.clone()}
            }
        }
    };

    let download_failed = RwSignal::new(false);
    let download_button = NodeRef::new();
    focus_when_shown(download_button);
    let finished_stage = move || {
        let import = ended.get()?;
        let portal_id = import.plan.portal_id.clone();
        let save = {
            let import = import.clone();
            move |_| {
                let saved = results_csv(&import)
                    .ok()
                    .and_then(|bytes| {
                        download(&bytes, &results_file_name(&portal_id, today())).ok()
                    })
                    .is_some();
                download_failed.set(!saved);
            }
        };
        let not_created = not_created_rows(&import);
        Some(view! {
            <p class="import-summary" role="status"><strong>{import.summary().to_string()}</strong></p>
            {(!not_created.is_empty()).then(|| view! {
                {report_table("Rows not created", "Result", not_created)}
            })}
            {move || download_failed.get().then(|| view! {
                <p class="error-message" role="alert">"The browser did not accept the file for download."</p>
            })}
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| close()>"Close"</button>
                <button type="button" class="button primary" node_ref=download_button on:click=save>
                    "Download results"
                </button>
            </div>
        })
    };

    let body = {
        let client = client.clone();
        move || {
            if choosing.get() {
                return choose_stage().into_any();
            }
            match stage.get() {
                Stage::Resuming => view! {
                    <p role="status">{walking_text}</p>
                    {walk_failure.clone()}
                }
                .into_any(),
                Stage::Running => import_progress(run, client.clone()).into_any(),
                _ => finished_stage().into_any(),
            }
        }
    };

    view! {
        <div class="dialog-backdrop">
            <div class="dialog import-users" class:dragging=move || dragging.get() role="dialog" aria-modal="true"
                aria-labelledby="import-users-title" tabindex="-1" node_ref=dialog on:keydown=on_keydown
                on:dragover=on_dragover on:dragleave=move |_| dragging.set(false) on:drop=on_drop>
                <h2 id="import-users-title">"Import users"</h2>
                {body}
            </div>
        </div>
    }
}
