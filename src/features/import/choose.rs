//! Choosing the file in **Import users**: the **CSV file** input, what the
//! file must hold, the file read (Windows-1252 by the browser's own
//! `TextDecoder`), and the file's errors.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement, TextDecoder};

use crate::features::import::rules::table::{
    read_file, CsvTable, FileError, LIMITS_TEXT, MAX_BYTES,
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
        let table = read_chosen(&file).await.map(Arc::new);
        if generation.try_get_value() == Some(mine) {
            chosen.try_set(Some((name, table)));
        }
    });
}

async fn read_chosen(file: &File) -> Result<CsvTable, FileError> {
    // Refused before reading: a huge file is never loaded into memory.
    if file.size() > MAX_BYTES as f64 {
        return Err(FileError::TooLarge);
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| FileError::Unreadable)?;
    read_file(&js_sys::Uint8Array::new(&buffer).to_vec(), windows_1252)
}

/// `bytes` decoded as Windows-1252 by the browser, which knows the
/// encoding already: a table of it in the wasm would only add bytes.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    TextDecoder::new_with_label("windows-1252")
        .ok()?
        .decode_with_u8_array(bytes)
        .ok()
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
            "Each column fills the field its header names (such as " <code>"First name"</code> ", "
            <code>"Surname"</code> " or " <code>"E-mail"</code> ", or a user attribute's name or label); you can "
            "change what each column fills before checking the file. First name, last name and email are "
            "required; password, locale and roles (role names or IDs separated by ; | or ,) are optional. "
            "Times are ISO 8601: without an offset they are read as UTC."
        </p>
        <div class="field">
            <label for="import-file">"CSV file"</label>
            // Excel's "Unicode Text" is a tab-separated .txt file.
            <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" aria-describedby="import-file-hint import-columns"
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
                {table.encoding.note().map(|note| view! { <p class="hint warning import-encoding">{note}</p> })}
            }.into_any()),
            None => None,
        })}
    }
}
