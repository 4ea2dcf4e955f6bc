//! Modal dialogs on the platform: a `<dialog>` shown with `showModal()`.
//! The browser makes the page behind it inert (so Tab and Shift+Tab stay
//! in the dialog, or go on to the browser's own controls, never to the
//! page), moves the focus in (to the control marked `autofocus`, else the
//! first one) and turns Escape into a `cancel` event. [`Modal`] adds what
//! the browser leaves to the page: Escape as the dialog's own **Cancel**,
//! refused while a run is busy, and the focus given back to the control
//! that opened the dialog.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement};

/// One modal dialog: its `<dialog>` (bind [`Modal::dialog`] as its
/// `node_ref`, [`Modal::closed_by`] as its `closedby`, [`Modal::on_cancel`]
/// and [`Modal::on_close`] as its `cancel` and `close` handlers) and the
/// control that opened it.
#[derive(Clone, Copy)]
pub struct Modal {
    /// The `<dialog>` element, shown modally as soon as it is on the page.
    pub dialog: NodeRef<html::Dialog>,
    /// What had the focus when the dialog was made: the control that opened it.
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
    /// Set by [`Modal::close`]: a `close` event after it is the dialog's own.
    closed: StoredValue<bool>,
    /// What had the focus when the browser closed the dialog though its
    /// `cancel` was refused (see [`Modal::on_cancel`]).
    refocus: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl Modal {
    /// A modal dialog opened by the control that has the focus now; it is
    /// shown modally once its `<dialog>` is on the page.
    pub fn open() -> Modal {
        let modal = Modal {
            dialog: NodeRef::new(),
            opener: StoredValue::new_local(focused_element()),
            closed: StoredValue::new(false),
            refocus: StoredValue::new_local(None),
        };
        Effect::new(move || {
            if let Some(dialog) = modal.dialog.get() {
                let _ = dialog.show_modal();
            }
        });
        modal
    }

    /// Closes the dialog and gives the focus back to the control that
    /// opened it if it is still on the page (a deleted row's button is
    /// not), else to the page's main content. Call it before the dialog
    /// leaves the page: while it is shown modally, the page is inert and
    /// takes no focus.
    pub fn close(self) {
        self.closed.set_value(true);
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
        return_focus(self.opener.get_value());
    }

    /// The `closedby` attribute: `none` while `busy`, so that Escape does
    /// nothing then. Chromium lets a page refuse a `cancel` only once per
    /// user action: a second Escape in a row would close the dialog
    /// whatever [`Modal::on_cancel`] says.
    pub fn closed_by(busy: impl Fn() -> bool + 'static) -> impl Fn() -> Option<&'static str> {
        move || busy().then_some("none")
    }

    /// The `cancel` handler (Escape): runs `escape`, the dialog's
    /// **Cancel** path, which closes it with [`Modal::close`], asks first,
    /// or does nothing while a run is busy. The browser never closes the
    /// dialog by itself, so what it shows always matches its state.
    pub fn on_cancel(self, escape: impl Fn() + 'static) -> impl Fn(Event) + 'static {
        move |ev: Event| {
            ev.prevent_default();
            // A `cancel` refused once per user action only (see
            // `closed_by`): the browser closes the dialog after this one,
            // and `on_close` shows it again if `escape` keeps it open.
            if !ev.cancelable() {
                self.refocus.set_value(focused_element());
            }
            escape();
        }
    }

    /// The `close` handler: a dialog the browser closed though its
    /// **Cancel** path kept it open (an Escape it did not let the page
    /// refuse, see [`Modal::on_cancel`]) is shown again, the focus where
    /// it was.
    pub fn on_close(self) -> impl Fn(Event) + 'static {
        move |_| {
            // A dialog gone from the page has nothing to show again.
            if self.closed.try_get_value() != Some(false) {
                return;
            }
            let Some(dialog) = self.dialog.get_untracked() else {
                return;
            };
            if dialog.is_connected() && dialog.show_modal().is_ok() {
                let focus = self.refocus.get_value().filter(|e| e.is_connected());
                if let Some(element) = focus {
                    let _ = element.focus();
                }
            }
        }
    }

    /// Gives the dialog itself the focus: the control that had it is about
    /// to be disabled, and the focus must stay inside.
    pub fn focus_dialog(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            let _ = dialog.focus();
        }
    }
}

/// Gives `button` the focus as soon as it is on the page: a dialog's next
/// step shows its control in place of the one that had the focus.
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

/// Gives focus back to `opener` if it is still on the page, else to the
/// page's main content.
fn return_focus(opener: Option<HtmlElement>) {
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
