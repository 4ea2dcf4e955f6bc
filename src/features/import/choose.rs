//! Choosing the file in **Import users**: the **CSV file** input, what the
//! file must hold, the file's errors, and how its columns are mapped.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

use crate::features::import::rules::mapping::Mapping;
use crate::features::import::rules::table::{
    read_table, CsvTable, FileError, LIMITS_TEXT, MAX_BYTES,
};
use crate::text::format;

/// A file chosen: its name, and its table or why it was refused.
pub(super) type Chosen = Option<(String, Result<Arc<CsvTable>, FileError>)>;

/// Reads `file` into `chosen`; a later choice overrides a read still
/// under way (`generation` counts the choices).
pub(super) fn choose_file(file: File, chosen: RwSignal<Chosen>, generation: StoredValue<u32>) {
    generation.update_value(|n| *n += 1);
    let mine = generation.get_value();
    leptos::task::spawn_local(async move {
        let name = file.name();
        let table = read_file(&file).await.map(Arc::new);
        if generation.try_get_value() == Some(mine) {
            chosen.try_set(Some((name, table)));
        }
    });
}

async fn read_file(file: &File) -> Result<CsvTable, FileError> {
    // Refused before reading: a huge file is never loaded into memory.
    if file.size() > MAX_BYTES as f64 {
        return Err(FileError::TooLarge);
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| FileError::Unreadable)?;
    read_table(&js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The **CSV file** input with what the file must hold and its limits,
/// then the file chosen (`chosen`) or its error. `on_pick` takes a file
/// the administrator chose; `disabled` says when choosing is off (the
/// portal is being walked). A plain function, not a component: a
/// component's props cost the wasm more than they help here.
pub(super) fn file_field(
    chosen: RwSignal<Chosen>,
    on_pick: impl Fn(File) + Copy + Send + Sync + 'static,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.and_then(|input| input.files()?.get(0)) {
            on_pick(file);
        }
    };
    view! {
        <p class="hint" id="import-columns">
            "Columns are matched by their header: " <code>"first_name"</code> ", " <code>"last_name"</code>
            " and " <code>"email"</code> " are required; " <code>"password"</code> ", " <code>"locale"</code>
            " and " <code>"roles"</code> " (role names or IDs separated by ; or |) are optional; any other column "
            "named after a user attribute (its name or label) fills that attribute. Times are ISO 8601: "
            "without an offset they are read as UTC."
        </p>
        <div class="field">
            <label for="import-file">"CSV file"</label>
            <input id="import-file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint import-columns"
                disabled=disabled on:change=on_change />
            <p class="hint" id="import-file-hint">{LIMITS_TEXT} ". You can also drop the file onto this dialog."</p>
        </div>
        {move || chosen.with(|chosen| match chosen {
            Some((name, Err(error))) => Some(view! {
                <p class="error-message" role="alert">{format!("{name}: {error}")}</p>
            }.into_any()),
            Some((name, Ok(table))) => Some(view! {
                <p class="import-file-name">
                    <strong>{name.clone()}</strong> {format!(": {}", format::count(table.rows.len(), "row"))}
                </p>
            }.into_any()),
            None => None,
        })}
    }
}

/// How the file's columns are read: each `used` column (header and
/// field), then the `ignored` headers.
pub(super) fn mapping_list(used: Vec<(String, String)>, ignored: Vec<String>) -> impl IntoView {
    view! {
        <div class="import-mapping">
            <h3 id="import-mapping-title">"Columns"</h3>
            <ul aria-labelledby="import-mapping-title">
                {used.into_iter().map(|(column, field)| view! {
                    <li><code>{column}</code> " → " {field}</li>
                }).collect_view()}
            </ul>
            {(!ignored.is_empty()).then(|| view! {
                <p>"Ignored columns: " {ignored.join(", ")}</p>
            })}
        </div>
    }
}

/// Mapping of `header` against `attributes`, as the list shows it.
pub(super) fn mapping_lists(
    mapping: &Mapping,
    header: &[String],
    attributes: &[crate::api::UserAttribute],
) -> (Vec<(String, String)>, Vec<String>) {
    let ignored = mapping.ignored(header).into_iter().map(str::to_owned);
    (mapping.used(header, attributes), ignored.collect())
}
