//! Files the console hands the administrator: a CSV offered as a download
//! (Export CSV, Import CSV's results), named with the browser's local date.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// The browser's local date, `(year, month, day)`, for a file's name.
pub fn today() -> (u32, u32, u32) {
    let today = js_sys::Date::new_0();
    (
        today.get_full_year(),
        today.get_month() + 1,
        today.get_date(),
    )
}

/// Offers `bytes` as a file named `name`, through a link to a blob.
pub fn download(bytes: &[u8], name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let link: HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started by the next task; the blob's memory goes
    // once the URL is revoked.
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        Duration::from_secs(10),
    );
    Ok(())
}
