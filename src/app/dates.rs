//! Dates and times as an administrator reads them, in the browser's locale
//! (`Intl`): "3 days ago" and "March 4, 2026 at 12:30:05 PM".
//!
//! The two formatters are made once per page: building an `Intl` formatter
//! costs far more than using one, and a page of a thousand users formats a
//! thousand login times.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::text::format::relative_unit;

thread_local! {
    static RELATIVE: Intl::RelativeTimeFormat = {
        let options = Object::new();
        set(&options, "numeric", "auto");
        Intl::RelativeTimeFormat::new(&Array::new(), &options)
    };
    static ABSOLUTE: Function = {
        let options = Object::new();
        set(&options, "dateStyle", "long");
        set(&options, "timeStyle", "medium");
        Intl::DateTimeFormat::new(&Array::new(), &options).format()
    };
}

/// "3 days ago" for an epoch time in milliseconds, in the browser's locale.
pub fn relative(epoch_ms: f64) -> String {
    let (value, unit) = relative_unit((epoch_ms - Date::now()) / 1000.0);
    RELATIVE.with(|format| format.format(value, unit).into())
}

/// The full date and time, e.g. "March 4, 2026 at 12:30:05 PM", in the browser's locale.
pub fn absolute(epoch_ms: f64) -> String {
    ABSOLUTE.with(|format| {
        format
            .call1(&JsValue::NULL, &JsValue::from_f64(epoch_ms))
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    })
}

fn set(object: &Object, key: &str, value: &str) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(object, &key.into(), &value.into());
}
