//! The import's progress in the tab's `sessionStorage`, so that a reload
//! mid-import can resume it: the plan (the portal ID, how the file's
//! columns were mapped, and the file's text), written once as the import
//! starts, and the progress, written before each create is sent and after
//! it ends (two entries, so the file is not written out again at every
//! step). Neither holds the service account key.

use crate::app::session::storage;
use crate::features::import::rules::check::Catalog;
use crate::features::import::rules::progress::{stored_counts, Import};

/// The entry holding the plan.
const PLAN_KEY: &str = "portal-admin.import";

/// The entry holding each row's outcome and the create in flight.
const PROGRESS_KEY: &str = "portal-admin.import.progress";

/// Stores the whole import; `false` when the browser refused (quota,
/// storage blocked): a reload would then lose the progress.
pub(super) fn save_plan(import: &Import) -> bool {
    set(PLAN_KEY, &import.plan_text()) && save_progress(import)
}

/// Stores the import's progress; `false` when the browser refused.
pub(super) fn save_progress(import: &Import) -> bool {
    set(PROGRESS_KEY, &import.progress_text())
}

/// The stored plan and progress texts.
fn texts() -> Option<(String, String)> {
    let storage = storage()?;
    let plan = storage.get_item(PLAN_KEY).ok()??;
    let progress = storage.get_item(PROGRESS_KEY).ok()??;
    Some((plan, progress))
}

/// How far a stored, unfinished import into `portal_id` is: rows ended,
/// rows to create.
pub(super) fn unfinished(portal_id: &str) -> Option<(usize, usize)> {
    let (plan, progress) = texts()?;
    let stored_portal = plan.split('\n').next()?;
    if stored_portal != portal_id {
        return None;
    }
    stored_counts(&progress)
}

/// The stored import, read back against `catalog`.
pub(super) fn load(catalog: Catalog<'_>) -> Option<Import> {
    let (plan, progress) = texts()?;
    Import::from_stored(&plan, &progress, catalog)
}

/// Forgets the stored import: it ended, or was discarded.
pub(super) fn clear() {
    if let Some(storage) = storage() {
        // Nothing to do if the browser refuses: nothing was kept.
        let _ = storage.remove_item(PLAN_KEY);
        let _ = storage.remove_item(PROGRESS_KEY);
    }
}

fn set(key: &str, value: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
}
