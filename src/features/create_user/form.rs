//! The fields of a new user in the **New user** dialog: names, email,
//! password, roles, locale and attributes.

use leptos::prelude::*;

use super::attributes::AttributesField;
use super::editor::Editor;
use super::roles::RolesField;
use crate::features::create_user::rules::{password_from_random, Field, LOCALES};
use crate::ui::CopyButton;

/// Every field of the new user, in order; **First name** takes focus as
/// the dialog opens (`autofocus`, which a modal dialog honours).
#[component]
pub(super) fn NewUserFields(
    /// The form being edited.
    editor: Editor,
    /// Loads the roles and attributes again, after a failure.
    reload_catalogs: Callback<()>,
) -> impl IntoView {
    let form = editor.form;
    view! {
        <div class="field-pair">
            <TextField editor field=Field::FirstName label="First name" autofocus=true />
            <TextField editor field=Field::LastName label="Last name" />
        </div>
        <TextField editor field=Field::Email label="Email" kind="email" />
        <PasswordField editor />
        <RolesField editor reload_catalogs />
        <div class="field">
            <label for=Field::Locale.id()>"Locale"</label>
            <select id=Field::Locale.id() on:change=move |ev| form.update(|f| f.locale = event_target_value(&ev))>
                {LOCALES.iter().map(|&locale| view! {
                    <option value=locale.code selected=move || form.with(|f| f.locale == locale.code)>
                        {locale.option_text()}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <AttributesField editor reload_catalogs />
    }
}

/// **Password**, with **Show password**, **Generate password** and, once
/// there is one, **Copy password**.
#[component]
fn PasswordField(
    /// The form being edited.
    editor: Editor,
) -> impl IntoView {
    let form = editor.form;
    let show_password = RwSignal::new(false);
    let password = Memo::new(move |_| form.with(|f| f.password.clone()));
    let generate_password = move |_| {
        if let Some(generated) = random_password() {
            form.update(|f| f.password = generated);
            editor.changed(Field::Password);
            show_password.set(true);
        }
    };
    view! {
        <TextField editor field=Field::Password label="Password" autocomplete="new-password"
            kind=Signal::derive(move || if show_password.get() { "text" } else { "password" })
            hint_id="new-user-password-hint">
            <div class="field-actions">
                <button type="button" class="button small" aria-pressed=move || show_password.get().to_string()
                    on:click=move |_| show_password.update(|shown| *shown = !*shown)>
                    "Show password"
                </button>
                <button type="button" class="button small" on:click=generate_password>
                    "Generate password"
                </button>
                {move || {
                    let text = password.get();
                    (!text.is_empty()).then(|| view! { <CopyButton text label="Copy password" /> })
                }}
            </div>
            <p class="hint" id="new-user-password-hint">
                "What the user types at their first login. Leave it empty and the portal decides how the user gets in."
            </p>
        </TextField>
    }
}

/// One of the four text fields (**First name**, **Last name**, **Email**,
/// **Password**) with its label and message.
#[component]
fn TextField(
    /// The form being edited.
    editor: Editor,
    /// Which of the four fields.
    field: Field,
    /// The label.
    label: &'static str,
    /// The input's `type`.
    #[prop(into, default = Signal::stored("text"))]
    kind: Signal<&'static str>,
    /// The browser's `autocomplete`: off by default, since the administrator
    /// types someone else's details.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The ID of a hint among `children` that describes the field.
    #[prop(optional)]
    hint_id: Option<&'static str>,
    /// Whether the input takes the focus as the dialog opens.
    #[prop(optional)]
    autofocus: bool,
    /// What follows the input: buttons, a hint.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let form = editor.form;
    view! {
        <div class="field">
            <label for=field.id()>{label}</label>
            <input id=field.id() type=kind autocomplete=autocomplete autofocus=autofocus
                aria-invalid=editor.invalid(field) aria-describedby=editor.described_by(field, hint_id)
                prop:value=move || form.with(|f| f.text(field).to_owned())
                on:input=move |ev| {
                    form.update(|f| f.set_text(field, event_target_value(&ev)));
                    editor.changed(field);
                }
                on:blur=move |_| editor.check(field) />
            {children.map(|children| children())}
            {editor.message(field)}
        </div>
    }
}

/// A strong password from `crypto.getRandomValues`.
fn random_password() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    // A draw fails when it lacks a character class (about one in nine):
    // sixteen draws all failing does not happen in practice.
    (0..16).find_map(|_| {
        let mut bytes = [0u8; 64];
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        password_from_random(&bytes)
    })
}
