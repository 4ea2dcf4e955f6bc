//! New user: the dialog that creates one user, with roles and attributes, keeping what was typed through any error.

use leptos::ev::{FocusEvent, KeyboardEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::api::{ApiError, AttributeType, NewUser, PortalClient, Role, User, UserAttribute};
use crate::catalogs::Catalogs;
use crate::components::focus_trap::{focused_element, keep_tab_inside, return_focus};
use crate::components::{CopyButton, ErrorPanel, RetryNotice};
use crate::new_user_form::{password_from_random, Field, NewUserForm, Problems, CHECKED, LOCALES};

/// The **New user** dialog: names, email, an optional password, roles,
/// locale and attributes, checked as the administrator goes, then one
/// POST. Nothing typed is lost to an error: failures stay in the dialog,
/// with the request ID, and every field keeps its value.
#[component]
pub fn CreateUserDialog(
    /// The client to create the user with.
    client: PortalClient,
    /// Called when the dialog closes without creating a user.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called with the user the API created; the dialog is done.
    #[prop(into)]
    on_created: Callback<User>,
) -> impl IntoView {
    let opener = StoredValue::new_local(focused_element());
    let dialog = NodeRef::<html::Div>::new();
    let first_name = NodeRef::<html::Input>::new();
    let failure_area = NodeRef::<html::Div>::new();
    let cancel_button = NodeRef::<html::Button>::new();
    let keep_editing_button = NodeRef::<html::Button>::new();

    // The roles and attributes are fetched once per session, shared with
    // the user page and the export.
    let catalogs = Catalogs::get();
    catalogs.load(&client);
    let reload_catalogs = Callback::new({
        let client = client.clone();
        move |()| catalogs.load(&client)
    });
    let editor = Editor {
        form: RwSignal::new(NewUserForm::default()),
        problems: RwSignal::new(Problems::new()),
        catalogs,
    };
    let form = editor.form;

    let notice_client = client.clone();
    let create = Action::new_local(move |new_user: &NewUser| {
        let (client, new_user) = (client.clone(), new_user.clone());
        async move { client.create_user(&new_user).await }
    });
    let pending = create.pending();
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match create.value().get() {
        Some(Ok(user)) => {
            return_focus(opener.get_value());
            on_created.run(user);
        }
        Some(Err(error)) => {
            failure.set(Some(error));
            // Read out by its alert role; focused so Tab continues from it.
            if let Some(area) = failure_area.get_untracked() {
                let _ = area.focus();
            }
        }
        None => {}
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // `pending` turns true as the POST is dispatched, before the button
        // is disabled: a second click or Enter in between stops here.
        if pending.get_untracked() {
            return;
        }
        let definitions = editor.definitions();
        match form.with_untracked(|f| f.to_new_user(&definitions, local_time_ms)) {
            Ok(new_user) => {
                editor.problems.set(Problems::new());
                failure.set(None);
                // The focused control is about to be disabled; the dialog
                // keeps focus so Escape and Tab still reach it.
                if let Some(dialog) = dialog.get_untracked() {
                    let _ = dialog.focus();
                }
                create.dispatch_local(new_user);
            }
            Err(problems) => {
                let first = problems.keys().next().copied();
                editor.problems.set(problems);
                if let Some(field) = first {
                    focus_field(field);
                }
            }
        }
    };

    let asking_to_discard = RwSignal::new(false);
    let focus_before_asking = StoredValue::new_local(None::<HtmlElement>);
    let close = move || {
        return_focus(opener.get_value());
        on_cancel.run(());
    };
    let close_or_ask = move || {
        if pending.get_untracked() {
            return;
        }
        if form.with_untracked(NewUserForm::is_blank) {
            close();
        } else {
            focus_before_asking.set_value(focused_element());
            asking_to_discard.set(true);
        }
    };
    let keep_editing = move || {
        asking_to_discard.set(false);
        let back = focus_before_asking.get_value().filter(|e| e.is_connected());
        // Asked from **Cancel**, which the question replaced: back to the new one.
        request_animation_frame(move || {
            let target = back.or_else(|| cancel_button.get_untracked().map(|b| b.into()));
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    };

    Effect::new(move || {
        if let Some(input) = first_name.get() {
            let _ = input.focus();
        }
    });
    Effect::new(move || {
        if let Some(button) = keep_editing_button.get() {
            let _ = button.focus();
        }
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            if asking_to_discard.get_untracked() {
                keep_editing();
            } else {
                close_or_ask();
            }
        }
        // Every control is disabled while the POST runs: focus stays on the dialog.
        "Tab" if pending.get_untracked() => ev.prevent_default(),
        _ => {
            if let Some(dialog) = dialog.get_untracked() {
                keep_tab_inside(&dialog, &ev);
            }
        }
    };

    let show_password = RwSignal::new(false);
    let password = Memo::new(move |_| form.with(|f| f.password.clone()));
    let generate_password = move |_| {
        if let Some(generated) = random_password() {
            form.update(|f| f.password = generated);
            editor.changed(Field::Password);
            show_password.set(true);
        }
    };

    let roles_view = move || {
        match catalogs.roles() {
        None => view! { <p class="hint" role="status">"Loading roles…"</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=reload_catalogs /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="hint">"The portal has no roles to grant."</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <div class="choices">
                {list.iter().cloned().enumerate().map(|(index, role)| view! { <RoleChoice editor index role /> }).collect_view()}
            </div>
        }
        .into_any(),
    }
    };
    let attributes_view = move || match catalogs.attributes() {
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

    let actions = move || {
        if asking_to_discard.get() {
            view! {
                <div class="discard-confirm" role="group" aria-labelledby="discard-title">
                    <p id="discard-title"><strong>"Discard changes?"</strong></p>
                    <p>"What you entered in this form will be lost."</p>
                    <div class="dialog-actions">
                        <button type="button" class="button" node_ref=keep_editing_button on:click=move |_| keep_editing()>
                            "Keep editing"
                        </button>
                        <button type="button" class="button danger" on:click=move |_| close()>
                            "Discard"
                        </button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="dialog-actions">
                    <button type="button" class="button" node_ref=cancel_button on:click=move |_| close_or_ask()>
                        "Cancel"
                    </button>
                    <button type="submit" class="button primary" aria-busy=move || pending.get().to_string()>
                        {move || {
                            if pending.get() {
                                view! { <span class="spinner" aria-hidden="true"></span> " Creating…" }.into_any()
                            } else {
                                "Create user".into_any()
                            }
                        }}
                    </button>
                </div>
            }
            .into_any()
        }
    };

    view! {
        <div class="dialog-backdrop">
            <div class="dialog create-user" role="dialog" aria-modal="true" aria-labelledby="new-user-title"
                tabindex="-1" node_ref=dialog on:keydown=on_keydown>
                <h2 id="new-user-title">"New user"</h2>
                <form novalidate on:submit=submit>
                    <fieldset class="form-body" disabled=move || pending.get()>
                        <div class="field-pair">
                            <TextField editor field=Field::FirstName label="First name" input_ref=first_name />
                            <TextField editor field=Field::LastName label="Last name" />
                        </div>
                        <TextField editor field=Field::Email label="Email" kind="email" />
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
                        <fieldset class="field roles" id=Field::Roles.id() tabindex="-1"
                            aria-describedby=editor.described_by(Field::Roles, None)
                            on:focusout=move |ev: FocusEvent| {
                                if focus_leaves(&ev) {
                                    editor.check(Field::Roles);
                                }
                            }>
                            <legend>"Roles"</legend>
                            {roles_view}
                            {editor.message(Field::Roles)}
                        </fieldset>
                        <div class="field">
                            <label for=Field::Locale.id()>"Locale"</label>
                            <select id=Field::Locale.id() on:change=move |ev| form.update(|f| f.locale = event_target_value(&ev))>
                                {LOCALES.iter().map(|&(code, name)| view! {
                                    <option value=code selected=move || form.with(|f| f.locale == code)>
                                        {format!("{name} · {code}")}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <details class="attributes" id="new-user-attributes">
                            <summary>"Attributes"</summary>
                            <p class="hint">
                                "Optional. Only what you fill in is sent: an empty field or an unchecked box leaves the attribute unset."
                            </p>
                            {attributes_view}
                        </details>
                        <RetryNotice client=notice_client />
                        <div class="dialog-failure" tabindex="-1" node_ref=failure_area>
                            {move || failure.get().map(|error| view! { <ErrorPanel error /> })}
                        </div>
                        {actions}
                    </fieldset>
                </form>
            </div>
        </div>
    }
}

/// The form's state, shared by the dialog's parts.
#[derive(Clone, Copy)]
struct Editor {
    /// What has been entered.
    form: RwSignal<NewUserForm>,
    /// The messages shown: a field gets one when it is left or the form is
    /// submitted, and loses it as soon as its value is fixed.
    problems: RwSignal<Problems>,
    /// The attribute definitions the form is built from.
    catalogs: Catalogs,
}

impl Editor {
    /// The attribute definitions, or none while they load or failed to.
    fn definitions(self) -> Vec<UserAttribute> {
        untrack(|| self.catalogs.attributes())
            .and_then(Result::ok)
            .map(|list| list.to_vec())
            .unwrap_or_default()
    }

    /// Checks one field and shows or clears its message.
    fn check(self, field: Field) {
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
    fn changed(self, field: Field) {
        if self
            .problems
            .with_untracked(|shown| shown.contains_key(&field))
        {
            self.check(field);
        }
    }

    /// `aria-invalid` for a field.
    fn invalid(self, field: Field) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy {
        move || {
            self.problems
                .with(|shown| shown.contains_key(&field))
                .then_some("true")
        }
    }

    /// `aria-describedby` for a field: its hint, and its message when shown.
    fn described_by(
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
    fn message(self, field: Field) -> impl IntoView {
        move || {
            self.problems
                .with(|shown| shown.get(&field).copied())
                .map(|problem| {
                    view! { <p class="field-error" id=field.error_id()>{problem.to_string()}</p> }
                })
        }
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
    /// The input, for focusing it.
    #[prop(optional)]
    input_ref: NodeRef<html::Input>,
    /// What follows the input: buttons, a hint.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let form = editor.form;
    view! {
        <div class="field">
            <label for=field.id()>{label}</label>
            <input id=field.id() type=kind autocomplete=autocomplete node_ref=input_ref
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

/// The checkbox of one role; system roles say so in their label.
#[component]
fn RoleChoice(
    /// The form being edited.
    editor: Editor,
    /// The role's position in the list, for its element ID.
    index: usize,
    /// The role.
    role: Role,
) -> impl IntoView {
    let form = editor.form;
    let id = format!("new-user-role-{index}");
    let (checked_id, toggled_id) = (role.id.clone(), role.id);
    view! {
        <div class="choice">
            <input type="checkbox" id=id.clone() aria-invalid=editor.invalid(Field::Roles)
                prop:checked=move || form.with(|f| f.roles.contains(&checked_id))
                on:change=move |ev| {
                    form.update(|f| f.set_role(&toggled_id, event_target_checked(&ev)));
                    editor.changed(Field::Roles);
                } />
            <label for=id>
                {role.name} {role.is_system.then_some(view! { " " <span class="tag">"(system)"</span> })}
            </label>
        </div>
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
    let (kind, attribute_id) = (definition.kind, definition.id);
    if !definition.allow_multiple_values {
        let field = Field::Attribute { index, value: 0 };
        let input = value_input(editor, field, attribute_id, kind, None);
        let label = view! { <label for=field.id()>{label}</label> };
        return if kind == AttributeType::Boolean {
            view! { <div class="field choice">{input} {label} {editor.message(field)}</div> }
                .into_any()
        } else {
            view! { <div class="field">{label} {input} {editor.message(field)}</div> }.into_any()
        };
    }

    let form = editor.form;
    let legend_id = format!("new-user-attribute-{index}-legend");
    let count = Memo::new({
        let attribute_id = attribute_id.clone();
        move |_| form.with(|f| f.values(&attribute_id).len())
    });
    let add_button = NodeRef::<html::Button>::new();
    // Positions shift when a value is added or removed: old messages would
    // point at the wrong value.
    let forget_messages = move || {
        editor.problems.update(|shown| {
            shown.retain(
                |field, _| !matches!(field, Field::Attribute { index: i, .. } if *i == index),
            )
        });
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
    .into_any()
}

/// The control for one value of an attribute: a checkbox for BOOLEAN
/// (checked sends "true", unchecked sends nothing), a `datetime-local` for
/// TIME, text for the rest. NUMBER is a text input with a decimal keypad: a
/// `type="number"` input empties itself on "12,5" or "twelve", so the
/// administrator would never hear that it was not taken.
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
    if kind == AttributeType::Boolean {
        return view! {
            <input type="checkbox" id=field.id() aria-label=aria_label
                aria-invalid=editor.invalid(field) aria-describedby=editor.described_by(field, None)
                prop:checked=move || current() == CHECKED
                on:change=move |ev| set(if event_target_checked(&ev) { CHECKED.to_owned() } else { String::new() }) />
        }
        .into_any();
    }
    let (input_type, inputmode) = match kind {
        AttributeType::Number => ("text", Some("decimal")),
        AttributeType::Time => ("datetime-local", None),
        _ => ("text", None),
    };
    view! {
        <input type=input_type inputmode=inputmode id=field.id() aria-label=aria_label autocomplete="off"
            aria-invalid=editor.invalid(field) aria-describedby=editor.described_by(field, None)
            prop:value=current
            on:input=move |ev| set(event_target_value(&ev))
            on:blur=move |_| editor.check(field) />
    }
    .into_any()
}

/// Moves focus to a field: the first role's checkbox for **Roles**, after
/// opening **Attributes** for an attribute. Waits a frame, so the field is
/// announced with its new message.
fn focus_field(field: Field) {
    if matches!(field, Field::Attribute { .. }) {
        if let Some(section) = element_by_id("new-user-attributes") {
            let _ = section.set_attribute("open", "");
        }
    }
    let target = match field {
        Field::Roles => "new-user-role-0".to_owned(),
        _ => field.id(),
    };
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

fn focus_by_id(id: &str) {
    if let Some(element) = element_by_id(id) {
        let _ = element.focus();
    }
}

fn element_by_id(id: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

/// Whether focus is leaving the element the focusout listener is on (not
/// just moving between its children).
fn focus_leaves(ev: &FocusEvent) -> bool {
    let Some(group) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    else {
        return true;
    };
    let to = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    !group.contains(to.as_ref())
}

/// A `datetime-local` value, read in the browser's time zone, as epoch
/// milliseconds.
fn local_time_ms(text: &str) -> Option<f64> {
    // A date-time without an offset is local time for `Date` (ES2015 on).
    let ms = js_sys::Date::new(&JsValue::from_str(text)).get_time();
    ms.is_finite().then_some(ms)
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
