//! The **New user** dialog in headless Chromium against the write
//! emulator: every field reaches the API, invalid forms send nothing, one
//! click makes one user, and errors keep what was typed.
#![cfg(target_arch = "wasm32")]

mod support;

use std::collections::HashMap;

use leptos::prelude::document;
use portal_admin::api::{AttributeValue, UserAttribute};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn dialog() -> Option<web_sys::Element> {
    find("dialog", "New user").map(Into::into)
}

async fn dialog_closed() {
    wait_for("the dialog to close", || dialog().is_none().then_some(())).await;
}

/// Opens the dialog from **New user** on the list, as a keyboard user
/// would, and waits for the roles and attributes to load.
async fn open_dialog() -> web_sys::HtmlElement {
    let opener = wait_find("button", "New user").await;
    opener.focus().unwrap();
    opener.click();
    wait_for("the dialog", dialog).await;
    wait_for("the roles", || {
        document().get_element_by_id("new-user-role-0")
    })
    .await;
    wait_for("the attributes", || {
        document().get_element_by_id("new-user-attribute-0-0")
    })
    .await;
    opener
}

/// Whether `element` has focus.
fn has_focus(element: &web_sys::HtmlElement) -> bool {
    focused().is_some_and(|f| {
        wasm_bindgen::JsValue::from(f) == wasm_bindgen::JsValue::from(element.clone())
    })
}

/// The ID of the focused element.
fn focused_id() -> String {
    focused().map(|e| e.id()).unwrap_or_default()
}

/// A unique email for a new user.
fn unique_email(name: &str) -> String {
    let unique = (js_sys::Math::random() * 1e9) as u64;
    format!(
        "{name}.{}.{unique}@example.test",
        js_sys::Date::now() as u64
    )
}

fn check(label: &str) {
    let checkbox = find("checkbox", label).unwrap_or_else(|| panic!("checkbox {label:?}"));
    checkbox.click();
}

fn is_checked(label: &str) -> bool {
    find("checkbox", label)
        .map(|c| c.unchecked_into::<web_sys::HtmlInputElement>().checked())
        .unwrap_or(false)
}

/// Fills the required fields (and the Viewer role) for a valid form.
async fn fill_required(email: &str) {
    fill("First name", "Grace").await;
    fill("Last name", "Hopper").await;
    fill("Email", email).await;
    check("Viewer (system)");
}

/// Opens or closes the **Attributes** section, as a click on it does.
fn toggle_attributes() {
    let summary = document()
        .query_selector("#new-user-attributes summary")
        .unwrap()
        .unwrap();
    summary.unchecked_into::<web_sys::HtmlElement>().click();
}

fn create_button() -> web_sys::HtmlElement {
    find("button", "Create user").expect("the Create user button")
}

/// POSTs the write emulator has received to create users.
async fn creates() -> usize {
    requests_to(WRITE_URL, "POST", "/users").await
}

/// Waits for the message `text` and checks it is tied to the field `id`.
async fn message_for(id: &str, text: &str) {
    let field = wait_for(&format!("{text:?} under {id}"), || {
        let field = document().get_element_by_id(id)?;
        let described = field.get_attribute("aria-describedby")?;
        described
            .split_whitespace()
            .any(|ref_id| {
                document()
                    .get_element_by_id(ref_id)
                    .and_then(|m| m.text_content())
                    .is_some_and(|t| t == text)
            })
            .then_some(field)
    })
    .await;
    if field.tag_name() != "FIELDSET" {
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{id}"
        );
    }
}

fn attribute_id(definitions: &[UserAttribute], name: &str) -> String {
    definitions
        .iter()
        .find(|a| a.name == name)
        .unwrap()
        .id
        .clone()
}

#[wasm_bindgen_test]
async fn a_user_with_every_field_reaches_the_api() {
    let api = client(WRITE_URL);
    let roles = api.list_all_roles().await.unwrap();
    let definitions = api.list_all_user_attributes().await.unwrap();
    let _app = mount_console(Some(WRITE_URL), "/users");
    let opener = open_dialog().await;
    assert_eq!(
        focused_id(),
        "new-user-first-name",
        "focus starts in the dialog"
    );

    let email = unique_email("ada");
    fill("First name", "  Ada ").await;
    fill("Last name", "Lovelace").await;
    fill("Email", &format!(" {email} ")).await;
    fill("Password", "correct horse").await;
    check("Admin Builder (system)");
    check("Sales EMEA");
    let locale: web_sys::HtmlSelectElement = wait_find("combobox", "Locale").await.unchecked_into();
    assert_eq!(locale.value(), "en_US");
    locale.set_value("fr_FR");
    locale
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();

    toggle_attributes();
    fill("Department", " Sales ").await;
    fill("Value 1 of Regions", "EMEA").await;
    wait_find("button", "Add value").await.click();
    fill("Value 2 of Regions", "APAC").await;
    fill("Licensed seats", "12.50").await;
    check("Contractor");
    set_labelled("Contract end", "2026-05-01T09:30").await;
    fill("Legacy ID", "L-42").await;

    let before = creates().await;
    create_button().click();
    dialog_closed().await;
    let toast = wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains(&format!("Created {email}")))
    })
    .await;
    assert!(toast.contains("Open user"), "{toast}");
    assert_eq!(creates().await, before + 1);
    assert!(has_focus(&opener), "focus returns to New user");

    let link = wait_find("link", "Open user").await;
    let href = link.get_attribute("href").unwrap();
    let id = js_sys::decode_uri_component(href.strip_prefix("/users/").unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    let user = api.get_user(&id).await.unwrap();
    assert_eq!(
        (
            user.first_name.as_str(),
            user.last_name.as_str(),
            user.email.as_str()
        ),
        ("Ada", "Lovelace", email.as_str())
    );
    let role_id = |name: &str| roles.iter().find(|r| r.name == name).unwrap().id.clone();
    assert_eq!(
        user.roles,
        vec![role_id("Admin Builder"), role_id("Sales EMEA")]
    );
    assert_eq!(user.locale.as_deref(), Some("fr_FR"));

    let local = js_sys::Date::new(&"2026-05-01T09:30".into());
    let contract_end = local
        .to_iso_string()
        .as_string()
        .unwrap()
        .replace(".000Z", "Z");
    let value = |name: &str, value: &str| AttributeValue {
        id: attribute_id(&definitions, name),
        value: value.to_owned(),
    };
    let mut expected = vec![
        value("department", "Sales"),
        value("regions", "EMEA"),
        value("regions", "APAC"),
        value("seats", "12.5"),
        value("is_contractor", "true"),
        value("contract_end", &contract_end),
        value("legacy_id", "L-42"),
    ];
    let mut sent = user.attributes.clone();
    expected.sort_by(|a, b| (&a.id, &a.value).cmp(&(&b.id, &b.value)));
    sent.sort_by(|a, b| (&a.id, &a.value).cmp(&(&b.id, &b.value)));
    assert_eq!(sent, expected);
}

#[wasm_bindgen_test]
async fn every_validation_message_shows_and_nothing_is_sent() {
    let _app = mount_console(Some(WRITE_URL), "/users");
    open_dialog().await;
    let before = creates().await;

    create_button().click();
    message_for("new-user-first-name", "Enter a first name.").await;
    message_for("new-user-last-name", "Enter a last name.").await;
    message_for("new-user-email", "Enter an email address.").await;
    message_for("new-user-roles", "Choose at least one role.").await;
    wait_for("focus on the first invalid field", || {
        (focused_id() == "new-user-first-name").then_some(())
    })
    .await;

    // Checked when left: the email's shape.
    fill("First name", "Grace").await;
    fill("Last name", "Hopper").await;
    fill("Email", "grace.example.com").await;
    let email = find("textbox", "Email").unwrap();
    email.focus().unwrap();
    email.blur().unwrap();
    message_for(
        "new-user-email",
        "Enter an email address like name@example.com.",
    )
    .await;
    // Fixing a field takes its message away as soon as it is right.
    fill("Email", &unique_email("grace")).await;
    wait_for("the email message gone", || {
        (document()
            .get_element_by_id("new-user-email-error")
            .is_none())
        .then_some(())
    })
    .await;

    check("Viewer (system)");
    wait_for("the roles message gone", || {
        (document()
            .get_element_by_id("new-user-roles-error")
            .is_none())
        .then_some(())
    })
    .await;
    toggle_attributes();
    fill("Licensed seats", "twelve").await;
    // Closed again: a failed submit opens it to show the field.
    toggle_attributes();
    create_button().click();
    message_for("new-user-attribute-2-0", "Enter a number, like 12 or 3.5.").await;
    wait_for("focus on the number", || {
        (focused_id() == "new-user-attribute-2-0").then_some(())
    })
    .await;
    assert!(
        document()
            .query_selector("#new-user-attributes[open]")
            .unwrap()
            .is_some(),
        "the attributes opened to show the field"
    );

    sleep(300).await;
    assert_eq!(
        creates().await,
        before,
        "no request while the form is invalid"
    );
}

#[wasm_bindgen_test]
async fn a_double_submit_creates_one_user() {
    let _app = mount_console(Some(WRITE_URL), "/users");

    // Two clicks in a row.
    open_dialog().await;
    let email = unique_email("twice");
    fill_required(&email).await;
    let before = creates().await;
    let button = create_button();
    button.click();
    button.click();
    dialog_closed().await;
    wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains(&format!("Created {email}")))
    })
    .await;
    sleep(300).await;
    assert_eq!(creates().await, before + 1, "two clicks, one POST");

    // Enter twice: the form's implicit submission.
    open_dialog().await;
    let email = unique_email("enter");
    fill_required(&email).await;
    let form = document().query_selector("dialog form").unwrap().unwrap();
    let request_submit = js_sys::Reflect::get(&form, &"requestSubmit".into()).unwrap();
    let request_submit: js_sys::Function = request_submit.unchecked_into();
    request_submit.call0(&form).unwrap();
    request_submit.call0(&form).unwrap();
    dialog_closed().await;
    sleep(300).await;
    assert_eq!(creates().await, before + 2, "Enter twice, one more POST");
}

#[wasm_bindgen_test]
async fn an_email_in_use_keeps_every_field() {
    let taken = client(WRITE_URL)
        .list_users(None, 1)
        .await
        .unwrap()
        .items
        .remove(0)
        .email;
    let _app = mount_console(Some(WRITE_URL), "/users");
    open_dialog().await;
    fill_required(&taken).await;
    fill("Password", "s3cret!").await;
    create_button().click();
    let panel = wait_for("the error", || text_of("dialog .error-panel")).await;
    assert!(
        panel.contains("already in use") && panel.contains("HTTP 400"),
        "{panel}"
    );
    assert!(panel.contains("Request ID"), "{panel}");
    assert!(dialog().is_some());
    assert_eq!(value_of("First name"), "Grace");
    assert_eq!(value_of("Last name"), "Hopper");
    assert_eq!(value_of("Email"), taken);
    assert_eq!(value_of("Password"), "s3cret!");
    assert!(is_checked("Viewer (system)"));

    // Fix and submit again.
    let email = unique_email("fixed");
    fill("Email", &email).await;
    create_button().click();
    dialog_closed().await;
    wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains(&format!("Created {email}")))
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_server_error_is_not_retried_and_keeps_every_field() {
    let _app = mount_console(Some(WRITE_URL), "/users");
    open_dialog().await;
    let email = unique_email("failing");
    fill_required(&email).await;
    let before = creates().await;
    control(
        &format!("{WRITE_URL}/_emulator/fail-next"),
        "POST",
        Some(r#"{"count":1,"status":500}"#),
    )
    .await;
    create_button().click();
    let panel = wait_for("the error", || text_of("dialog .error-panel")).await;
    assert!(
        panel.contains("HTTP 500") && panel.contains("Request ID"),
        "{panel}"
    );
    // Longer than any retry backoff.
    sleep(1_500).await;
    assert_eq!(
        creates().await,
        before + 1,
        "a failed create is not retried"
    );
    assert_eq!(value_of("Email"), email);
    assert_eq!(value_of("First name"), "Grace");
    assert!(is_checked("Viewer (system)"));

    create_button().click();
    dialog_closed().await;
    assert_eq!(creates().await, before + 2);
}

#[wasm_bindgen_test]
async fn escape_closes_at_once_when_blank_and_asks_when_not() {
    let _app = mount_console(Some(WRITE_URL), "/users");
    let opener = open_dialog().await;
    let before = creates().await;
    escape(&dialog().unwrap());
    dialog_closed().await;
    assert!(has_focus(&opener), "focus back on New user");

    open_dialog().await;
    fill("First name", "Half").await;
    escape(&dialog().unwrap());
    wait_find("button", "Keep editing").await;
    assert!(text_of("dialog").unwrap().contains("Discard changes?"));
    wait_for("focus on Keep editing", || {
        (focused().and_then(|f| f.text_content()).as_deref() == Some("Keep editing")).then_some(())
    })
    .await;
    // Escape again is Keep editing.
    escape(&dialog().unwrap());
    wait_for("the question gone", || {
        find("button", "Keep editing").is_none().then_some(())
    })
    .await;
    assert_eq!(value_of("First name"), "Half");
    wait_for("focus back in the field", || {
        (focused_id() == "new-user-first-name").then_some(())
    })
    .await;

    // Cancel asks too; Discard closes.
    wait_find("button", "Cancel").await.click();
    wait_find("button", "Discard").await.click();
    dialog_closed().await;
    assert!(has_focus(&opener), "focus back on New user");
    assert_eq!(creates().await, before);
}

/// A modal named by its heading. Tab and Shift+Tab staying inside it take
/// real key presses: the e2e suite's `keyboard.rs` presses them.
#[wasm_bindgen_test]
async fn the_dialog_is_a_modal_named_by_its_heading() {
    let _app = mount_console(Some(WRITE_URL), "/users");
    open_dialog().await;
    let dialog = dialog().unwrap();
    assert!(dialog.matches(":modal").unwrap(), "shown with showModal()");
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("new-user-title")
    );
    assert_eq!(text_of("#new-user-title").as_deref(), Some("New user"));
    escape(&dialog);
    dialog_closed().await;
}

#[wasm_bindgen_test]
async fn every_role_is_offered_and_system_roles_are_marked() {
    // The client walks every page of roles (the API client's tests cover
    // the paging); the dialog must show them all.
    let roles = client(WRITE_URL).list_all_roles().await.unwrap();
    assert_eq!(roles.len(), 24);
    let _app = mount_console(Some(WRITE_URL), "/users");
    open_dialog().await;
    let boxes = document()
        .query_selector_all("#new-user-roles input[type=checkbox]")
        .unwrap();
    assert_eq!(boxes.length() as usize, roles.len());
    let names: HashMap<&str, bool> = roles
        .iter()
        .map(|r| (r.name.as_str(), r.is_system))
        .collect();
    for (name, system) in names {
        let label = if system {
            format!("{name} (system)")
        } else {
            name.to_owned()
        };
        assert!(find("checkbox", &label).is_some(), "{label}");
    }
}
