//! Keyboard focus for modal dialogs: kept inside while open, given back to
//! the control that opened the dialog when it closes.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// What can take focus inside a dialog, in DOM order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// On Tab from the last focusable element of `dialog`, focus the first; on
/// Shift+Tab from the first, the last. Call it from the dialog's keydown.
pub fn keep_tab_inside(dialog: &HtmlElement, ev: &KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    // Not those the style sheet hides: they have no offset parent.
    let focusable: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|element| element.offset_parent().is_some())
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        ev.prevent_default();
        return;
    };
    let active = focused_element();
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if ev.shift_key() && (!inside || active.as_ref() == Some(first)) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (!inside || active.as_ref() == Some(last)) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A modal dialog's keydown handler: Escape closes it with `close` unless
/// `busy` (a request under way must not be left unseen), and Tab stays
/// inside `dialog`.
pub fn dialog_keydown(
    dialog: NodeRef<html::Div>,
    busy: impl Fn() -> bool + 'static,
    close: impl Fn() + 'static,
) -> impl Fn(KeyboardEvent) + 'static {
    move |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            if !busy() {
                close();
            }
        } else if let Some(dialog) = dialog.get() {
            keep_tab_inside(&dialog, &ev);
        }
    }
}

/// Gives `button` the focus as soon as it is on the page: the control a
/// dialog starts on.
pub fn focus_when_shown(button: NodeRef<html::Button>) {
    Effect::new(move || {
        if let Some(button) = button.get() {
            let _ = button.focus();
        }
    });
}

/// The element that has focus now: the opener, when called as a dialog opens.
pub fn focused_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

/// Gives focus back to `opener` if it is still on the page (a deleted row's
/// button is not), else to the page's main content.
pub fn return_focus(opener: Option<HtmlElement>) {
    let target = opener.filter(|o| o.is_connected()).or_else(|| {
        web_sys::window()?
            .document()?
            .get_element_by_id("main")?
            .dyn_into()
            .ok()
    });
    if let Some(target) = target {
        let _ = target.focus();
    }
}
