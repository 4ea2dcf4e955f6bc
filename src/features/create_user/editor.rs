//! The state the **New user** dialog's parts share, and the browser calls
//! they need: focusing an element by ID, reading a `datetime-local` value.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::api::UserAttribute;
use crate::app::catalogs::Catalogs;
use crate::features::create_user::rules::{Field, NewUserForm, Problems};

/// The form's state, shared by the dialog's parts.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    /// What has been entered.
    pub form: RwSignal<NewUserForm>,
    /// The messages shown: a field gets one when it is left or the form is
    /// submitted, and loses it as soon as its value is fixed.
    pub problems: RwSignal<Problems>,
    /// The attribute definitions the form is built from.
    pub catalogs: Catalogs,
}

impl Editor {
    /// An empty form, built from `catalogs`.
    pub fn new(catalogs: Catalogs) -> Self {
        Editor {
            form: RwSignal::new(NewUserForm::default()),
            problems: RwSignal::new(Problems::new()),
            catalogs,
        }
    }

    /// The attribute definitions, or none while they load or failed to.
    pub fn definitions(self) -> Vec<UserAttribute> {
        untrack(|| self.catalogs.attributes())
            .and_then(Result::ok)
            .map(|list| list.to_vec())
            .unwrap_or_default()
    }

    /// Checks one field and shows or clears its message.
    pub fn check(self, field: Field) {
        let definitions = self.definitions();
        // A blur can arrive while the dialog is being taken down.
        let Some(problem) = self
            .form
            .try_with_untracked(|f| f.check(field, &definitions, local_time_ms))
        else {
            return;
        };
        self.problems.try_update(|shown| match problem {
            Some(problem) => shown.insert(field, problem),
            None => shown.remove(&field),
        });
    }

    /// After an edit: a field showing a message is checked again, so the
    /// message goes as soon as the value is fixed.
    pub fn changed(self, field: Field) {
        if self
            .problems
            .with_untracked(|shown| shown.contains_key(&field))
        {
            self.check(field);
        }
    }

    /// `aria-invalid` for a field.
    pub fn invalid(self, field: Field) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy {
        move || {
            self.problems
                .with(|shown| shown.contains_key(&field))
                .then_some("true")
        }
    }

    /// `aria-describedby` for a field: its hint, and its message when shown.
    pub fn described_by(
        self,
        field: Field,
        hint_id: Option<&'static str>,
    ) -> impl Fn() -> Option<String> + Send + Sync + Copy {
        move || {
            let message = self
                .problems
                .with(|shown| shown.contains_key(&field))
                .then(|| field.error_id());
            let ids: Vec<String> = hint_id
                .map(str::to_owned)
                .into_iter()
                .chain(message)
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// The message under a field, when it has one.
    pub fn message(self, field: Field) -> impl IntoView {
        move || {
            self.problems
                .with(|shown| shown.get(&field).copied())
                .map(|problem| {
                    view! { <p class="field-error" id=field.error_id()>{problem.to_string()}</p> }
                })
        }
    }
}

/// Moves focus to a field, after opening **Attributes** for an attribute.
/// Waits a frame, so the field is announced with its new message.
pub(super) fn focus_field(field: Field) {
    if matches!(field, Field::Attribute { .. }) {
        if let Some(section) = element_by_id("new-user-attributes") {
            let _ = section.set_attribute("open", "");
        }
    }
    let target = field.focus_id();
    request_animation_frame(move || {
        // No role to check (none loaded): the group itself.
        match element_by_id(&target) {
            Some(element) => {
                let _ = element.focus();
            }
            None => focus_by_id(&Field::Roles.id()),
        }
    });
}

/// Focuses the element with this ID, if there is one.
pub(super) fn focus_by_id(id: &str) {
    if let Some(element) = element_by_id(id) {
        let _ = element.focus();
    }
}

/// The element with this ID, if there is one.
pub(super) fn element_by_id(id: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

/// A `datetime-local` value, read in the browser's time zone, as epoch
/// milliseconds.
pub(super) fn local_time_ms(text: &str) -> Option<f64> {
    // A date-time without an offset is local time for `Date` (ES2015 on).
    let ms = js_sys::Date::new(&JsValue::from_str(text)).get_time();
    ms.is_finite().then_some(ms)
}
