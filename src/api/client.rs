//! [`PortalClient`]: the endpoints, and the browser transport under them.
//!
//! This is the only part of the API module that touches the browser. Each
//! attempt gets its own `AbortController`: a guard aborts it when the
//! attempt's future is dropped (a `LocalResource` re-running, a page
//! unmounting), so an answer nobody waits for any more is never read and
//! can never overwrite newer state; a timer aborts it after
//! [`TIMEOUT_SECS`] seconds.

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use gloo_timers::{callback::Timeout, future::TimeoutFuture};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

use super::error::ApiError;
use super::headers::{RateLimit, ResponseMeta};
use super::retry::{already_applied, Failure, Method, RetryNotice, RetryPolicy};
use super::types::{Deleted, NewUser, Page, Role, User, UserAttribute};
use super::url;
use crate::json::{self, FromJson};
use crate::session::Session;

/// How long one attempt may take, in seconds, before it is aborted.
pub const TIMEOUT_SECS: u32 = 15;

/// The page size used when walking every page of a list.
const ALL_PAGES_LIMIT: u32 = 100;

/// A client of the Partner Portal API for one [`Session`].
///
/// Cloning is cheap and clones share the [`rate_limit`](Self::rate_limit)
/// and [`retry_notice`](Self::retry_notice) signals, so one client can be
/// provided as context to every screen.
#[derive(Clone, Debug)]
pub struct PortalClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    session: Session,
    policy: RetryPolicy,
    rate_limit: ArcRwSignal<Option<RateLimit>>,
    retry_notice: ArcRwSignal<Option<RetryNotice>>,
}

/// A 2xx answer (or a delete found already done), ready to decode.
struct Reply {
    status: u16,
    body: String,
    request_id: Option<String>,
    /// A retried delete answered 404: an earlier attempt deleted the user.
    already_applied: bool,
}

/// Any answer, before it is judged.
struct Answer {
    status: u16,
    meta: ResponseMeta,
    body: String,
}

impl PortalClient {
    /// Makes a client that calls the API as `session`.
    pub fn new(session: Session) -> PortalClient {
        PortalClient {
            inner: Arc::new(Inner {
                session,
                policy: RetryPolicy::default(),
                rate_limit: ArcRwSignal::new(None),
                retry_notice: ArcRwSignal::new(None),
            }),
        }
    }

    /// The session this client calls the API as.
    pub fn session(&self) -> &Session {
        &self.inner.session
    }

    /// One page of the portal's users, oldest first.
    pub async fn list_users(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<User>, ApiError> {
        let path = url::with_page(&url::users(self.session().portal_id()), after, Some(limit));
        self.get(&path, Page::from_json).await
    }

    /// One user of the portal.
    pub async fn get_user(&self, id: &str) -> Result<User, ApiError> {
        self.get(&url::user(self.session().portal_id(), id), decode)
            .await
    }

    /// Creates a user and returns it as the API stored it.
    ///
    /// Not retried except on 429: after any other failure the user may
    /// exist, and a second attempt could make a duplicate.
    pub async fn create_user(&self, new_user: &NewUser) -> Result<User, ApiError> {
        let body = new_user.to_json();
        let reply = self
            .send(
                Method::Post,
                &url::users(self.session().portal_id()),
                Some(&body),
            )
            .await?;
        self.decode(&reply, decode)
    }

    /// Deletes a user. When a retried attempt finds the user already gone
    /// (an earlier attempt deleted it but its answer was lost), this is a
    /// success with [`Deleted::already`] set.
    pub async fn delete_user(&self, id: &str) -> Result<Deleted, ApiError> {
        let reply = self
            .send(
                Method::Delete,
                &url::user(self.session().portal_id(), id),
                None,
            )
            .await?;
        if reply.already_applied {
            return Ok(Deleted {
                id: id.to_owned(),
                already: true,
            });
        }
        self.decode(&reply, |body| Deleted::from_json(body, id))?
            .ok_or_else(|| ApiError::not_deleted(reply.status, reply.request_id.as_deref()))
    }

    /// One page of the roles, oldest first; `limit` `None` lets the API choose.
    pub async fn list_roles(
        &self,
        after: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Role>, ApiError> {
        self.get(&url::with_page(url::ROLES, after, limit), Page::from_json)
            .await
    }

    /// Every role, walking all the pages.
    pub async fn list_all_roles(&self) -> Result<Vec<Role>, ApiError> {
        self.all_pages(url::ROLES).await
    }

    /// One role.
    pub async fn get_role(&self, id: &str) -> Result<Role, ApiError> {
        self.get(&url::role(id), decode).await
    }

    /// One page of the user attribute definitions, oldest first; `limit`
    /// `None` lets the API choose.
    pub async fn list_user_attributes(
        &self,
        after: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<UserAttribute>, ApiError> {
        self.get(
            &url::with_page(url::USER_ATTRIBUTES, after, limit),
            Page::from_json,
        )
        .await
    }

    /// Every user attribute definition, walking all the pages.
    pub async fn list_all_user_attributes(&self) -> Result<Vec<UserAttribute>, ApiError> {
        self.all_pages(url::USER_ATTRIBUTES).await
    }

    /// One user attribute definition.
    pub async fn get_user_attribute(&self, id: &str) -> Result<UserAttribute, ApiError> {
        self.get(&url::user_attribute(id), decode).await
    }

    /// The rate-limit figures of the last answer that carried them.
    ///
    /// A reference-counted signal, not an arena one: views read it on every
    /// answer, and an arena signal made per read would live as long as the
    /// view's owner (the header's is the whole session).
    pub fn rate_limit(&self) -> ArcReadSignal<Option<RateLimit>> {
        self.inner.rate_limit.read_only()
    }

    /// The retry being waited for, if any; `None` again once it starts.
    pub fn retry_notice(&self) -> ArcReadSignal<Option<RetryNotice>> {
        self.inner.retry_notice.read_only()
    }

    async fn get<T>(
        &self,
        path: &str,
        parse: impl FnOnce(&str) -> Result<T, json::Error>,
    ) -> Result<T, ApiError> {
        let reply = self.send(Method::Get, path, None).await?;
        self.decode(&reply, parse)
    }

    async fn all_pages<T: FromJson>(&self, path: &str) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        // A server that hands out a cursor twice would otherwise be walked forever.
        let mut seen = HashSet::new();
        let mut after: Option<String> = None;
        loop {
            let page: Page<T> = self
                .get(
                    &url::with_page(path, after.as_deref(), Some(ALL_PAGES_LIMIT)),
                    Page::from_json,
                )
                .await?;
            items.extend(page.items);
            match page.next {
                None => return Ok(items),
                Some(next) if !seen.insert(next.clone()) => return Err(ApiError::repeated_cursor()),
                Some(next) => after = Some(next),
            }
        }
    }

    fn decode<T>(
        &self,
        reply: &Reply,
        parse: impl FnOnce(&str) -> Result<T, json::Error>,
    ) -> Result<T, ApiError> {
        parse(&reply.body).map_err(|error| {
            ApiError::unexpected(
                reply.status,
                &reply.body,
                &error.to_string(),
                reply.request_id.as_deref(),
            )
            .redact(self.session().key())
        })
    }

    /// Sends a request, retrying as [`RetryPolicy`] allows, and returns the
    /// 2xx answer or the error of the last attempt.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<Reply, ApiError> {
        let session = self.session();
        let api_base = url::api_base(session.base_url(), &page_origin());
        let target = format!("{api_base}{path}");
        let mut earlier_maybe_applied = false;
        let mut attempt = 1;
        loop {
            let (failure, error) = match self.attempt(method, &target, body).await {
                Ok(answer) => {
                    if let Some(rate_limit) = answer.meta.rate_limit {
                        self.inner.rate_limit.set(Some(rate_limit));
                    }
                    let applied = already_applied(method, answer.status, earlier_maybe_applied);
                    if (200..300).contains(&answer.status) || applied {
                        return Ok(Reply {
                            status: answer.status,
                            body: answer.body,
                            request_id: answer.meta.request_id,
                            already_applied: applied,
                        });
                    }
                    let retry_after_secs = answer.meta.retry_after_secs;
                    let error = ApiError::from_response(
                        answer.status,
                        &answer.body,
                        answer.meta.request_id.as_deref(),
                        retry_after_secs,
                    );
                    (
                        Failure::Status {
                            status: answer.status,
                            retry_after_secs,
                        },
                        error,
                    )
                }
                Err(Failure::Timeout) => (Failure::Timeout, ApiError::timeout(TIMEOUT_SECS)),
                Err(failure) => (failure, ApiError::network(&api_base)),
            };
            let Some(retry) =
                self.inner
                    .policy
                    .next(method, attempt, failure, js_sys::Math::random())
            else {
                return Err(error.redact(session.key()));
            };
            earlier_maybe_applied |= failure.maybe_applied();
            attempt += 1;
            let notice = RetryNotice {
                attempt,
                reason: retry.reason,
                retry_at_ms: js_sys::Date::now() + retry.delay_ms,
            };
            let _shown = NoticeGuard::show(&self.inner.retry_notice, notice);
            TimeoutFuture::new(retry.delay_ms.ceil() as u32).await;
        }
    }

    /// One attempt: an answer with any status, or why there was none.
    async fn attempt(
        &self,
        method: Method,
        target: &str,
        body: Option<&str>,
    ) -> Result<Answer, Failure> {
        let controller = AbortController::new().map_err(|_| Failure::Network)?;
        let _abort_on_drop = AbortOnDrop(controller.clone());
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(TIMEOUT_SECS * 1000, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        // The browser's own error says nothing useful and may quote the
        // request, so only whether the timer fired is kept.
        let no_answer = |_| {
            if timed_out.get() {
                Failure::Timeout
            } else {
                Failure::Network
            }
        };

        let request = build_request(
            method,
            target,
            self.session().key(),
            body,
            &controller.signal(),
        )
        .map_err(|_| Failure::Network)?;
        let response: Response = fetch(&request).await.map_err(no_answer)?;
        let headers = response.headers();
        let meta = ResponseMeta::read(|name| headers.get(name).ok().flatten());
        let body = text(&response).await.map_err(no_answer)?;
        Ok(Answer {
            status: response.status(),
            meta,
            body,
        })
    }
}

/// The browser request for one attempt.
///
/// Built and sent with `web_sys` alone: gloo-net's builder re-serialized
/// the URL (appending a stray `&` to an existing query) and threw, instead
/// of returning an error, on a header it could not set.
fn build_request(
    method: Method,
    target: &str,
    key: &str,
    body: Option<&str>,
    signal: &AbortSignal,
) -> Result<web_sys::Request, JsValue> {
    let headers = Headers::new()?;
    headers.set("Accept", "application/json")?;
    headers.set("Authorization", &format!("Bearer {key}"))?;
    let init = RequestInit::new();
    init.set_method(match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Delete => "DELETE",
    });
    if let Some(body) = body {
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    web_sys::Request::new_with_str_and_init(target, &init)
}

/// Sends `request` with the browser's `fetch`.
async fn fetch(request: &web_sys::Request) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    JsFuture::from(window.fetch_with_request(request)).await?.dyn_into()
}

/// The whole body of `response`, as text.
async fn text(response: &Response) -> Result<String, JsValue> {
    JsFuture::from(response.text()?).await?.as_string().ok_or(JsValue::NULL)
}

/// Aborts the fetch when dropped. Aborting a finished fetch does nothing,
/// so the guard need not know whether the answer came.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Shows a retry notice while a retry is awaited, and takes it down when
/// dropped (the retry starting, or the caller giving up on the request),
/// unless another request has put up its own since.
struct NoticeGuard {
    signal: ArcRwSignal<Option<RetryNotice>>,
    shown: RetryNotice,
}

impl NoticeGuard {
    fn show(signal: &ArcRwSignal<Option<RetryNotice>>, notice: RetryNotice) -> NoticeGuard {
        signal.set(Some(notice.clone()));
        NoticeGuard {
            signal: signal.clone(),
            shown: notice,
        }
    }
}

impl Drop for NoticeGuard {
    fn drop(&mut self) {
        if self
            .signal
            .with_untracked(|current| current.as_ref() == Some(&self.shown))
        {
            self.signal.set(None);
        }
    }
}

/// Decodes a single object.
fn decode<T: FromJson>(body: &str) -> Result<T, json::Error> {
    json::decode(body, "answer")
}

/// The console's own origin, where the API is reverse-proxied by default.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}
