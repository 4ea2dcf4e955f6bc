//! **Import CSV** on the users list: the button, the notice that offers to
//! resume an import a reload interrupted, and the **Import users** dialog,
//! whose parts share one [`Importer`]. Its other parts: choosing the file
//! (`choose`), mapping its columns (`mapping_step`), the rows worth a look
//! (`report`), the creates and their progress (`run`), and the progress
//! kept in the tab (`stored`).

use std::sync::Arc;

use leptos::ev::DragEvent;
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
use crate::ui::dialog::{focus_when_shown, Modal};
use crate::ui::download::{download, today};
use crate::ui::{on_demand, DialogLoading, ErrorPanel, OnDemand, Toasts};

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
            let on_close = Callback::new(move |()| {
                open.set(None);
                interrupted.set(stored::unfinished(&portal_id));
            });
            let client = client.clone();
            let load = move || import_dialog(client.clone(), resuming, on_close, on_imported);
            view! {
                <OnDemand load on_close loading=|| view! { <DialogLoading title="Import users" /> } />
            }
        })}
    }
}

on_demand! {
    /// **Import users**, with the CSV reader, the mapping and the creates:
    /// the largest dialog, and none of the first screen's business. It
    /// shares a chunk with Export CSV's writer (both need the CSV crate).
    pub(crate) fn import_dialog(
        client: PortalClient,
        resuming: bool,
        on_close: Callback<()>,
        on_imported: Callback<()>,
    ) in csv_files, preload preload_csv_files {
        view! { <ImportUsersDialog client resuming on_close on_imported /> }
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

/// What the parts of **Import users** share: where the dialog is, the file
/// chosen and its dry run, the creates, and the dialog itself.
#[derive(Clone, Copy)]
struct Importer {
    /// Where the dialog is.
    stage: RwSignal<Stage>,
    /// Whether the stage is one of choosing the file (choose, check,
    /// checked): the parts shown then stay while it changes.
    choosing: Memo<bool>,
    /// The file chosen, read.
    chosen: RwSignal<Chosen>,
    /// How its columns map, as the administrator left them.
    columns: ColumnMapping,
    /// How many files have been chosen, so a later choice wins over a
    /// read still under way.
    generation: StoredValue<u32>,
    /// The dry run of the file, once checked.
    checked: RwSignal<Option<Arc<Import>>>,
    /// The import once its creates have ended.
    ended: RwSignal<Option<Arc<Import>>>,
    /// The creates under way.
    run: Run,
    /// A file is dragged over the dialog.
    dragging: RwSignal<bool>,
    /// The roles and attributes the rows are checked against.
    catalogs: Catalogs,
    /// The tab's walk of the portal, for the emails that exist.
    walk: PortalWalk,
    /// The client to walk the portal and create the users with.
    client: StoredValue<PortalClient, LocalStorage>,
    /// The `<dialog>`.
    modal: Modal,
    /// Called when the dialog closes.
    on_close: Callback<()>,
    /// Called when the creates have ended, after the toast.
    on_imported: Callback<()>,
}

impl Importer {
    /// The dialog's state: choosing a file, or, `resuming`, walking the
    /// portal to resume the stored import.
    fn new(
        client: PortalClient,
        resuming: bool,
        on_close: Callback<()>,
        on_imported: Callback<()>,
    ) -> Importer {
        let catalogs = Catalogs::get();
        catalogs.load(&client);
        let walk = PortalWalk::get();
        if resuming {
            walk.start(&client);
        }
        let stage = RwSignal::new(if resuming {
            Stage::Resuming
        } else {
            Stage::Choose
        });
        let chosen = RwSignal::new(Chosen::None);
        let importer = Importer {
            stage,
            choosing: Memo::new(move |_| {
                matches!(
                    stage.get(),
                    Stage::Choose | Stage::Checking | Stage::Checked
                )
            }),
            chosen,
            columns: ColumnMapping::new(chosen, catalogs),
            generation: StoredValue::new(0),
            checked: RwSignal::new(None),
            ended: RwSignal::new(None),
            run: Run::new(),
            dragging: RwSignal::new(false),
            catalogs,
            walk,
            client: StoredValue::new_local(client),
            modal: Modal::open(),
            on_close,
            on_imported,
        };
        Effect::new(move || importer.walked());
        importer
    }

    /// Closes the dialog, the focus back on **Import CSV**.
    fn close(self) {
        self.modal.close();
        self.on_close.run(());
    }

    /// Whether the dialog resumes or creates: Escape does nothing then
    /// (what is sent must not go unseen).
    fn busy(self) -> bool {
        matches!(self.stage.get(), Stage::Running | Stage::Resuming)
    }

    /// Escape: closes the dialog, except while busy.
    fn escape(self) {
        if !untrack(|| self.busy()) {
            self.close();
        }
    }

    /// Another file, or a column mapped otherwise: any dry run is gone.
    fn unchecked(self) {
        self.stage.set(Stage::Choose);
        self.checked.set(None);
    }

    /// A file chosen or dropped: read, and any earlier dry run dropped.
    fn pick(self, file: web_sys::File) {
        self.unchecked();
        choose_file(file, self.chosen, self.generation);
    }

    /// **Check file**: walks the portal afresh (emails created since an
    /// earlier walk must be seen), then [`Importer::walked`] checks the rows.
    fn check(self) {
        // The focused button is about to be disabled: the dialog keeps focus.
        self.modal.focus_dialog();
        self.stage.set(Stage::Checking);
        let client = self.client.get_value();
        self.catalogs.load(&client);
        self.walk.start(&client);
    }

    /// Once the walk has ended: the dry run, or the resume rule and the
    /// creates. Run as an effect.
    fn walked(self) {
        let now = self.stage.get();
        if !matches!(now, Stage::Checking | Stage::Resuming)
            || !matches!(self.walk.state(), WalkState::Done { .. })
        {
            return;
        }
        let existing: ExistingEmails = self.walk.users().with_untracked(|users| {
            users
                .iter()
                .map(|user| (email_key(&user.email), user.id.clone()))
                .collect()
        });
        let (Some(Ok(roles)), Some(Ok(attributes))) =
            (self.catalogs.roles(), self.catalogs.attributes())
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
                    self.start(import);
                }
                // Unreadable, or the file no longer fits the portal's
                // attributes: the file is to be chosen again, and its
                // check skips the rows already created.
                None => {
                    stored::clear();
                    self.chosen.set(Some((
                        "The interrupted import".to_owned(),
                        Err(FileError::Unreadable),
                    )));
                    self.stage.set(Stage::Choose);
                }
            }
            return;
        }
        let Some((table, mapping)) = untrack(|| self.columns.ready()) else {
            return;
        };
        let portal_id = self
            .client
            .with_value(|c| c.session().portal_id().to_owned());
        let import = check_rows(&portal_id, &table, &mapping, catalog, &existing);
        self.checked.set(Some(Arc::new(import)));
        self.stage.set(Stage::Checked);
    }

    /// How many rows the dry run found ready to create (0 before it).
    fn ready(self) -> usize {
        let checked = self.stage.get() == Stage::Checked;
        self.checked
            .with(|import| import.as_ref().map_or(0, |import| import.to_create()))
            * usize::from(checked)
    }

    /// **Create N users**: the dry run's rows, one by one. A second click
    /// before the button goes starts nothing.
    fn create(self) {
        let import = self
            .checked
            .get_untracked()
            .filter(|_| self.stage.get_untracked() == Stage::Checked);
        if let Some(import) = import {
            self.start(Import::clone(&import));
        }
    }

    /// Creates the rows of `import`, then says how it went.
    fn start(self, import: Import) {
        self.stage.set(Stage::Running);
        let client = self.client.get_value();
        let toasts = Toasts::get();
        spawn_local(async move {
            if let Some(import) = create_all(import, client, self.run).await {
                toasts.success(imported_text(import.summary()), None);
                self.ended.try_set(Some(Arc::new(import)));
                self.stage.try_set(Stage::Finished);
                // The tab's walk no longer lists every user: Find walks
                // again when next used (Export always does).
                self.walk.outdate();
                self.on_imported.run(());
            }
        });
    }

    /// A file dragged over the dialog is accepted while a file may be chosen.
    fn drag_over(self, ev: DragEvent) {
        if self.choosing.get_untracked() {
            ev.prevent_default();
            self.dragging.set(true);
        }
    }

    /// A file dropped onto the dialog is chosen, while a file may be.
    fn drop_file(self, ev: DragEvent) {
        ev.prevent_default();
        self.dragging.set(false);
        let file = ev.data_transfer().and_then(|data| data.files()?.get(0));
        if let (true, Some(file)) = (self.choosing.get_untracked(), file) {
            self.pick(file);
        }
    }

    /// "Looking up the portal's users: 300 fetched…".
    fn walking_text(self) -> String {
        format!(
            "Looking up the portal's users: {} fetched…",
            self.walk.users().with(Vec::len)
        )
    }

    /// The walk's failure with **Retry**, while the dialog waits for it.
    fn walk_failure(self) -> Option<impl IntoView> {
        let waiting = matches!(self.stage.get(), Stage::Checking | Stage::Resuming);
        let WalkState::Stopped { error } = self.walk.state() else {
            return None;
        };
        let error = error.filter(|_| waiting)?;
        let client = self.client;
        Some(view! { <ErrorPanel error on_retry=move || self.walk.resume(&client.get_value()) /> })
    }

    /// The roles' or attributes' failure with **Retry**.
    fn catalogs_failure(self) -> Option<impl IntoView> {
        let error = self.catalogs.error()?;
        let client = self.client;
        Some(
            view! { <ErrorPanel error on_retry=move || self.catalogs.load(&client.get_value()) /> },
        )
    }

    /// The dry run: how many rows are ready, and the rows with problems.
    fn dry_run(self) -> Option<impl IntoView> {
        let import = self
            .checked
            .get()
            .filter(|_| self.stage.get() == Stage::Checked)?;
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
    }
}

/// **Import users**: a **CSV file** (chosen or dropped), its columns,
/// **Check file** (every row checked, the portal walked for existing
/// emails, nothing sent), **Create N users** one by one with **Pause**,
/// **Resume** and **Cancel**, then the summary and **Download results**.
/// Opened with an interrupted import, it walks the portal and resumes it.
/// The focus starts on the **CSV file** input, the first control.
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
    let importer = Importer::new(client, resuming, on_close, on_imported);
    let Importer {
        stage,
        choosing,
        run,
        dragging,
        modal,
        ..
    } = importer;
    let body = move || {
        if choosing.get() {
            return view! { <ChooseStage importer /> }.into_any();
        }
        match stage.get() {
            Stage::Resuming => view! {
                <p role="status">{move || importer.walking_text()}</p>
                {move || importer.walk_failure()}
            }
            .into_any(),
            Stage::Running => import_progress(run, importer.client.get_value()).into_any(),
            _ => view! { <FinishedStage importer /> }.into_any(),
        }
    };
    view! {
        <dialog class="dialog import-users" class:dragging=move || dragging.get()
            aria-labelledby="import-users-title" tabindex="-1" closedby=Modal::closed_by(move || importer.busy())
            node_ref=modal.dialog on:cancel=modal.on_cancel(move || importer.escape()) on:close=modal.on_close()
            on:dragover=move |ev| importer.drag_over(ev) on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev| importer.drop_file(ev)>
            <h2 id="import-users-title">"Import users"</h2>
            {body}
        </dialog>
    }
}

/// Choosing the file: the **CSV file** input, how its columns map, the
/// walk while the file is checked, the dry run, and the buttons.
#[component]
fn ChooseStage(
    /// The dialog's state.
    importer: Importer,
) -> impl IntoView {
    let stage = importer.stage;
    view! {
        {file_field(importer.chosen, move |file| importer.pick(file), move || stage.get() == Stage::Checking)}
        {mapping_step(importer.columns, move || stage.get() == Stage::Checking, move || importer.unchecked())}
        // One reactive block for all that follows the file (each reactive
        // block costs the wasm its own code); the buttons stay apart, so
        // the one under the pointer is not rebuilt.
        {move || view! {
            {importer.catalogs_failure()}
            {(stage.get() == Stage::Checking).then(|| view! { <p role="status">{importer.walking_text()}</p> })}
            {importer.walk_failure()}
            {importer.dry_run()}
        }}
        <ChooseActions importer />
    }
}

/// **Cancel**, **Check file**, and once the dry run found rows ready,
/// **Create N users** (which takes the focus).
#[component]
fn ChooseActions(
    /// The dialog's state.
    importer: Importer,
) -> impl IntoView {
    let stage = importer.stage;
    // The dry run's next step takes the focus when shown: **Check file**
    // gave it to the dialog as it was disabled.
    let create_button = NodeRef::new();
    focus_when_shown(create_button);
    move || {
        let ready = importer.ready();
        view! {
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| importer.close()>"Cancel"</button>
                <button type="button" class="button" class:primary=move || ready == 0
                    disabled=move || stage.get() == Stage::Checking || importer.columns.ready().is_none()
                    on:click=move |_| importer.check()>
                    "Check file"
                </button>
                {(ready > 0).then(|| view! {
                    <button type="button" class="button primary" node_ref=create_button
                        on:click=move |_| importer.create()>
                        {format!("Create {}", format::count(ready, "user"))}
                    </button>
                })}
            </div>
        }
    }
}

/// The end of the import: the summary, the rows not created, **Close** and
/// **Download results** (which takes the focus: the control that had it,
/// **Pause**, is gone).
#[component]
fn FinishedStage(
    /// The dialog's state.
    importer: Importer,
) -> impl IntoView {
    let download_failed = RwSignal::new(false);
    let download_button = NodeRef::new();
    focus_when_shown(download_button);
    move || {
        let import = importer.ended.get()?;
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
                <button type="button" class="button" on:click=move |_| importer.close()>"Close"</button>
                <button type="button" class="button primary" node_ref=download_button on:click=save>
                    "Download results"
                </button>
            </div>
        })
    }
}
