//! The **Attributes** section of the **New user** dialog: an input, or a
//! list of inputs, per user attribute the portal defines.

use leptos::html;
use leptos::prelude::*;

use super::editor::{element_by_id, focus_by_id, Editor};
use crate::api::{AttributeType, UserAttribute};
use crate::features::create_user::rules::{
    forget_attribute_messages, Field, ValueControl, CHECKED,
};
use crate::ui::ErrorPanel;

/// The **Attributes** section, closed at first: every attribute once the
/// definitions are loaded, or why they are not.
#[component]
pub(super) fn AttributesField(
    /// The form being edited.
    editor: Editor,
    /// Loads the roles and attributes again, after a failure.
    reload_catalogs: Callback<()>,
) -> impl IntoView {
    let catalogs = editor.catalogs;
    let fields = move || match catalogs.attributes() {
        None => view! { <p class="hint" role="status">"Loading attributes…"</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=reload_catalogs /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="hint">"The portal defines no user attributes."</p> }.into_any()
        }
        Some(Ok(list)) => list
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, definition)| view! { <AttributeField editor index definition /> })
            .collect_view()
            .into_any(),
    };
    view! {
        <details class="attributes" id="new-user-attributes">
            <summary>"Attributes"</summary>
            <p class="hint">
                "Optional. Only what you fill in is sent: an empty field or an unchecked box leaves the attribute unset."
            </p>
            {fields}
        </details>
    }
}

/// The input, or the list of inputs, of one user attribute.
#[component]
fn AttributeField(
    /// The form being edited.
    editor: Editor,
    /// The attribute's position in the definitions.
    index: usize,
    /// The attribute.
    definition: UserAttribute,
) -> impl IntoView {
    let label = if definition.label.trim().is_empty() {
        definition.name.clone()
    } else {
        definition.label.clone()
    };
    if definition.allow_multiple_values {
        return view! { <MultipleValues editor index definition label /> }.into_any();
    }
    let field = Field::Attribute { index, value: 0 };
    let kind = definition.kind;
    let input = value_input(editor, field, definition.id, kind, None);
    let label = view! { <label for=field.id()>{label}</label> };
    if kind == AttributeType::Boolean {
        view! { <div class="field choice">{input} {label} {editor.message(field)}</div> }.into_any()
    } else {
        view! { <div class="field">{label} {input} {editor.message(field)}</div> }.into_any()
    }
}

/// An attribute that takes several values: one input per value, each with
/// **Remove**, then **Add value**.
#[component]
fn MultipleValues(
    /// The form being edited.
    editor: Editor,
    /// The attribute's position in the definitions.
    index: usize,
    /// The attribute.
    definition: UserAttribute,
    /// The attribute's name as shown.
    label: String,
) -> impl IntoView {
    let form = editor.form;
    let (kind, attribute_id) = (definition.kind, definition.id);
    let legend_id = format!("new-user-attribute-{index}-legend");
    let count = Memo::new({
        let attribute_id = attribute_id.clone();
        move |_| form.with(|f| f.values(&attribute_id).len())
    });
    let add_button = NodeRef::<html::Button>::new();
    let forget_messages = move || {
        editor
            .problems
            .update(|shown| forget_attribute_messages(shown, index))
    };
    let add = {
        let attribute_id = attribute_id.clone();
        move |_| {
            form.update(|f| f.add_value(&attribute_id));
            forget_messages();
            let new_field = Field::Attribute {
                index,
                value: count.get_untracked() - 1,
            };
            request_animation_frame(move || focus_by_id(&new_field.id()));
        }
    };
    let row = {
        let label = label.clone();
        move |value: usize| {
            let field = Field::Attribute { index, value };
            let name = format!("Value {} of {label}", value + 1);
            let remove_name = format!("Remove value {} of {label}", value + 1);
            let attribute_id = attribute_id.clone();
            let remove = {
                let attribute_id = attribute_id.clone();
                move |_| {
                    form.update(|f| f.remove_value(&attribute_id, value));
                    forget_messages();
                    // The value that moved up into this place, else **Add value**.
                    let next = Field::Attribute {
                        index,
                        value: value.min(count.get_untracked() - 1),
                    };
                    request_animation_frame(move || match element_by_id(&next.id()) {
                        Some(input) => {
                            let _ = input.focus();
                        }
                        None => {
                            if let Some(button) = add_button.get_untracked() {
                                let _ = button.focus();
                            }
                        }
                    });
                }
            };
            view! {
                <div class="value-row">
                    <div class="value-input">
                        {value_input(editor, field, attribute_id, kind, Some(name))}
                        <button type="button" class="button small subtle" aria-label=remove_name on:click=remove>
                            "Remove"
                        </button>
                    </div>
                    {editor.message(field)}
                </div>
            }
        }
    };
    view! {
        <fieldset class="field values">
            <legend id=legend_id.clone()>{label}</legend>
            <For each=move || 0..count.get() key=|value| *value children=row />
            <div>
                <button type="button" class="button small" node_ref=add_button aria-describedby=legend_id on:click=add>
                    "Add value"
                </button>
            </div>
        </fieldset>
    }
}

/// The control for one value of an attribute, as [`ValueControl`] says.
fn value_input(
    editor: Editor,
    field: Field,
    attribute_id: String,
    kind: AttributeType,
    aria_label: Option<String>,
) -> impl IntoView {
    let Field::Attribute { value, .. } = field else {
        return ().into_any();
    };
    let form = editor.form;
    let current = {
        let attribute_id = attribute_id.clone();
        move || {
            form.with(|f| {
                f.values(&attribute_id)
                    .get(value)
                    .cloned()
                    .unwrap_or_default()
            })
        }
    };
    let set = move |text: String| {
        form.update(|f| f.set_value(&attribute_id, value, text));
        editor.changed(field);
    };
    match ValueControl::for_kind(kind) {
        ValueControl::Checkbox => view! {
            <input type="checkbox" id=field.id() aria-label=aria_label
                aria-invalid=editor.invalid(field) aria-describedby=editor.described_by(field, None)
                prop:checked=move || current() == CHECKED
                on:change=move |ev| set(if event_target_checked(&ev) { CHECKED.to_owned() } else { String::new() }) />
        }
        .into_any(),
        ValueControl::Input { input_type, inputmode } => view! {
            <input type=input_type inputmode=inputmode id=field.id() aria-label=aria_label autocomplete="off"
                aria-invalid=editor.invalid(field) aria-describedby=editor.described_by(field, None)
                prop:value=current
                on:input=move |ev| set(event_target_value(&ev))
                on:blur=move |_| editor.check(field) />
        }
        .into_any(),
    }
}
