//! The API's endpoints.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::app::App;
use crate::auth::authenticate;
use crate::body::json_object;
use crate::cursor::Stream;
use crate::errors::ApiError;
use crate::model::User;
use crate::new_user;
use crate::paging::{page, ListParams};
use crate::routes::Route;

/// Handles every `/v1/...` request.
pub(crate) async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    handle(&app, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn handle(app: &App, request: Request) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let route = Route::parse(&parts.method, parts.uri.path())?;
    // Authentication comes first: without a key nothing else is revealed,
    // not even whether a portal exists.
    authenticate(&parts.headers, &app.keys)?;
    let list = |stream| ListParams::from_uri(&parts.uri, app.max_limit, &app.cursors, stream);
    let response = match route {
        Route::ListUsers { portal } => {
            app.check_portal(&portal)?;
            let params = list(Stream::Users)?;
            let users = app.users();
            Json(page(users.list(), &params, &app.cursors, Stream::Users)).into_response()
        }
        Route::CreateUser { portal } => {
            app.check_portal(&portal)?;
            Json(create_user(app, &parts.headers, body, false).await?).into_response()
        }
        Route::GetUser { portal, user } => {
            app.check_portal(&portal)?;
            let users = app.users();
            Json(users.get(&user).ok_or_else(|| user_not_found(&user))?).into_response()
        }
        Route::DeleteUser { portal, user } => {
            app.check_portal(&portal)?;
            if !app.users().delete(&user) {
                return Err(user_not_found(&user));
            }
            Json(json!({"id": user, "isDeleted": true})).into_response()
        }
        Route::ListRoles => {
            let params = list(Stream::Roles)?;
            Json(page(
                &app.catalog.roles,
                &params,
                &app.cursors,
                Stream::Roles,
            ))
            .into_response()
        }
        Route::GetRole { role } => {
            let found = app.catalog.role(&role);
            Json(found.ok_or_else(|| ApiError::not_found(format!("role \"{role}\" not found")))?)
                .into_response()
        }
        Route::ListAttributes => {
            let params = list(Stream::Attributes)?;
            let attributes = &app.catalog.attributes;
            Json(page(attributes, &params, &app.cursors, Stream::Attributes)).into_response()
        }
        Route::GetAttribute { attribute } => {
            let found = app.catalog.attribute(&attribute).ok_or_else(|| {
                ApiError::not_found(format!("user attribute \"{attribute}\" not found"))
            })?;
            Json(found).into_response()
        }
    };
    Ok(response)
}

/// Validates a `NewUser` body and creates the user. With `keep_last_login`
/// (the control API) the body's `last_logged_at` is stored verbatim;
/// otherwise the new user has never logged in.
pub(crate) async fn create_user(
    app: &App,
    headers: &HeaderMap,
    body: Body,
    keep_last_login: bool,
) -> Result<User, ApiError> {
    let fields = json_object(headers, body).await?;
    let new = new_user::parse(&fields, &app.catalog)?;
    let last_logged_at = match fields.get("last_logged_at") {
        Some(value) if keep_last_login => value.clone(),
        _ => Value::Null,
    };
    app.users()
        .create(new, last_logged_at)
        .map_err(|err| ApiError::bad_request(err.to_string()))
}

fn user_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("user \"{id}\" not found"))
}
