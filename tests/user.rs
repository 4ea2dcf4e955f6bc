//! The user detail page and deleting users, in headless Chromium against
//! the emulator.
#![cfg(target_arch = "wasm32")]

mod support;

use portal_admin::api::{ErrorKind, User};
use portal_admin::features::users_list::rules::pagination::Pager;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn alert_dialog() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector("[role=alertdialog]")
        .ok()?
}

fn focused_text() -> String {
    focused().and_then(|e| e.text_content()).unwrap_or_default()
}

/// The write emulator's last page of users at `limit` rows: where a user
/// created last is listed.
async fn last_page(limit: u32) -> Pager {
    let (cursors, _) = page_cursors(WRITE_URL, limit).await;
    cursors
        .iter()
        .fold(Pager::first(limit), |pager, c| pager.next(c))
}

/// Opens the last list page, where `user` (created last) is listed, and
/// its row's delete confirmation.
async fn confirm_from_row(user: &User) -> Mounted {
    let app = mount_console(Some(WRITE_URL), &last_page(100).await.href());
    wait_find("button", &format!("Delete {}", user.email))
        .await
        .click();
    wait_for("the confirmation", alert_dialog).await;
    app
}

async fn is_gone(api: &str, id: &str) -> bool {
    matches!(client(api).get_user(id).await, Err(e) if e.kind == ErrorKind::NotFound)
}

#[wasm_bindgen_test]
async fn the_detail_page_shows_every_field() {
    let user = client(READ_URL)
        .list_users(None, 1)
        .await
        .unwrap()
        .items
        .remove(0);
    let _app = mount_console(Some(READ_URL), &format!("/users/{}", user.id));
    wait_find("heading", &user.full_name()).await;
    let card = text_of(".details").unwrap();
    for field in ["ID", "First name", "Last name", "Email", "Last login"] {
        assert!(card.contains(field), "{field} in {card}");
    }
    for value in [&user.id, &user.first_name, &user.last_name, &user.email] {
        assert!(card.contains(value.as_str()), "{value} in {card}");
    }
    wait_find("button", "Copy ID").await;
    let mail = wait_find("link", &user.email).await;
    assert_eq!(
        mail.get_attribute("href").unwrap(),
        format!("mailto:{}", user.email)
    );
    // A pasted link has no list position: back goes to the first page.
    let back = wait_find("link", "Back to users").await;
    assert_eq!(back.get_attribute("href").unwrap(), "/users");
}

#[wasm_bindgen_test]
async fn an_unknown_user_says_it_does_not_exist() {
    let _app = mount_console(Some(READ_URL), "/users/us_doesNotExist0");
    wait_for("the not-found state", || {
        text_of(".user-page").filter(|t| t.contains("This user does not exist or has been deleted"))
    })
    .await;
    wait_find("link", "Back to users").await;
}

#[wasm_bindgen_test]
async fn back_to_users_returns_to_the_list_page_it_came_from() {
    let app = mount_console(Some(READ_URL), "/users?limit=10");
    wait_for("page 1", || list_settled().then_some(())).await;
    // Page 3: its URL carries a trail of earlier cursors (`back=`), which
    // the row links leave out and Back to users must bring back.
    for page in ["page 2", "page 3"] {
        let before = current_url();
        wait_find("button", "Next page").await.click();
        wait_for(page, || {
            (list_settled() && current_url() != before).then_some(())
        })
        .await;
    }
    let list_url = current_url();
    assert!(list_url.contains("back="), "{list_url}");
    let name = row_names()[0].clone();
    let link = wait_find("link", &name).await;
    let href = link.get_attribute("href").unwrap();
    assert!(!href.contains("back=") && href.contains("after="), "{href}");
    link.click();
    wait_find("heading", &name).await;
    let user_url = current_url();
    wait_find("link", "Back to users").await.click();
    wait_for("the same list page", || {
        (current_url() == list_url && list_settled()).then_some(())
    })
    .await;
    assert_eq!(row_names()[0], name);

    // The list moves on to page 2; the user's page, reached again (the
    // browser's forward button, or a reload), still leads back to page 3.
    wait_find("button", "Previous page").await.click();
    wait_for("page 2", || {
        (list_settled() && current_url() != list_url).then_some(())
    })
    .await;
    drop(app);
    go_to(&user_url);
    let _app = remount();
    let back = wait_find("link", "Back to users").await;
    assert_eq!(back.get_attribute("href").unwrap(), list_url);
}

#[wasm_bindgen_test]
async fn deleting_from_the_detail_page_returns_to_the_list() {
    let user = create_test_user(WRITE_URL, "Detail").await;
    let _app = mount_console(Some(WRITE_URL), &format!("/users/{}?limit=10", user.id));
    wait_find("button", "Delete user").await.click();
    let dialog = wait_for("the confirmation", alert_dialog).await;
    let text = dialog.text_content().unwrap();
    assert!(
        text.contains(&user.full_name()) && text.contains(&user.email),
        "{text}"
    );
    assert_eq!(focused_text(), "Cancel", "focus starts on Cancel");
    wait_find("button", "Delete").await.click();
    wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains(&format!("Deleted {}", user.email)))
    })
    .await;
    wait_for("the list", || {
        (current_url() == "/users?limit=10").then_some(())
    })
    .await;
    assert!(is_gone(WRITE_URL, &user.id).await);
}

#[wasm_bindgen_test]
async fn cancel_and_escape_delete_nothing_and_give_focus_back() {
    let user = create_test_user(WRITE_URL, "Kept").await;
    let _app = mount_console(Some(WRITE_URL), &format!("/users/{}", user.id));
    let opener = wait_find("button", "Delete user").await;
    opener.focus().unwrap();
    opener.click();
    wait_for("the confirmation", alert_dialog).await;
    wait_find("button", "Cancel").await.click();
    wait_for("closed", || alert_dialog().is_none().then_some(())).await;
    assert_eq!(focused_text(), "Delete user", "focus returns to the opener");

    opener.click();
    let dialog = wait_for("the confirmation", alert_dialog).await;
    escape(&dialog);
    wait_for("closed", || alert_dialog().is_none().then_some(())).await;
    assert_eq!(requests_to(WRITE_URL, "DELETE", &user.id).await, 0);
    assert!(!is_gone(WRITE_URL, &user.id).await);
}

#[wasm_bindgen_test]
async fn a_double_click_sends_one_delete_from_a_list_row() {
    let user = create_test_user(WRITE_URL, "Twice").await;
    let _app = confirm_from_row(&user).await;
    let delete = wait_find("button", "Delete").await;
    delete.click();
    delete.click();
    wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains(&format!("Deleted {}", user.email)))
    })
    .await;
    wait_for("the row gone", || {
        (!row_names().contains(&user.full_name())).then_some(())
    })
    .await;
    assert_eq!(
        requests_to(WRITE_URL, "DELETE", &user.id).await,
        1,
        "exactly one DELETE"
    );
    assert!(is_gone(WRITE_URL, &user.id).await);
}

#[wasm_bindgen_test]
async fn a_failed_delete_keeps_the_user_and_shows_the_request_id() {
    let user = create_test_user(WRITE_URL, "Failing").await;
    let _app = confirm_from_row(&user).await;
    control(
        &format!("{WRITE_URL}/_emulator/fail-next"),
        "POST",
        Some(r#"{"count":1,"status":500}"#),
    )
    .await;
    wait_find("button", "Delete").await.click();
    wait_find("button", "Copy request ID").await;
    assert!(alert_dialog().is_some(), "the dialog stays open");
    assert!(
        row_names().contains(&user.full_name()),
        "the user stays listed"
    );
    assert!(!is_gone(WRITE_URL, &user.id).await);
    // Retry from the dialog.
    wait_find("button", "Retry").await.click();
    wait_for("closed", || alert_dialog().is_none().then_some(())).await;
    assert!(is_gone(WRITE_URL, &user.id).await);
}

#[wasm_bindgen_test]
async fn an_already_deleted_user_is_reported_and_removed() {
    let user = create_test_user(WRITE_URL, "Gone").await;
    let _app = confirm_from_row(&user).await;
    client(WRITE_URL).delete_user(&user.id).await.unwrap();
    wait_find("button", "Delete").await.click();
    wait_for("the toast", || {
        text_of(".toasts").filter(|t| t.contains("was already deleted"))
    })
    .await;
    wait_for("the row gone", || {
        (!row_names().contains(&user.full_name())).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn emptying_the_last_page_moves_back_a_page() {
    // Fill the last page of 10, then add one user alone on a new last page.
    let (_, count) = page_cursors(WRITE_URL, 10).await;
    for _ in 0..(10 - count % 10) % 10 {
        create_test_user(WRITE_URL, "Filler").await;
    }
    let lonely = create_test_user(WRITE_URL, "Lonely").await;
    let last_page = last_page(10).await;
    let _app = mount_console(Some(WRITE_URL), &last_page.href());
    wait_for("the lonely row", || {
        (list_settled() && row_names() == vec![lonely.full_name()]).then_some(())
    })
    .await;
    wait_find("button", &format!("Delete {}", lonely.email))
        .await
        .click();
    wait_find("button", "Delete").await.click();
    let previous = last_page.previous();
    wait_for("the page before", || {
        (current_url() == previous.href() && list_settled() && row_names().len() == 10)
            .then_some(())
    })
    .await;
    assert!(text_of(".page-number")
        .unwrap()
        .starts_with(&format!("Page {}", previous.page())));
}

#[wasm_bindgen_test]
async fn a_refused_key_on_a_users_page_returns_to_connect() {
    expect_refused_key_at("/users/us_anyone").await;
}
