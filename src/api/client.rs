//! [`PortalClient`]: the endpoints, and the browser transport under them.
//!
//! This is the only part of the API module that touches the browser, and
//! every request goes through gloo-net's `Request`. Each attempt gets its
//! own `AbortController`, whose signal the request carries: a guard aborts
//! it when the attempt's future is dropped (a `LocalResource` re-running, a
//! page unmounting), so an answer nobody waits for any more is never read
//! and can never overwrite newer state; a timer aborts it after
//! [`TIMEOUT_SECS`] seconds.

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use gloo_net::http::Request;
use gloo_timers::{callback::Timeout, future::TimeoutFuture};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use web_sys::{AbortController, AbortSignal};

use super::error::ApiError;
use super::headers::{RateLimit, ResponseMeta};
use super::retry::{already_applied, Failure, Method, RetryNotice, RetryPolicy};
use super::url;
use crate::api::decode::decode;
use crate::api::model::{DeleteReply, Deleted, NewUser, Page, Role, User, UserAttribute};
use crate::app::session::{page_origin, Session};

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
    key_refused: ArcRwSignal<bool>,
}

/// A 2xx answer (or a delete found already done), ready to decode.
struct Reply {
    status: u16,
    body: Vec<u8>,
    request_id: Option<String>,
    /// A retried delete answered 404: an earlier attempt deleted the user.
    already_applied: bool,
}

/// Any answer, before it is judged.
struct Answer {
    status: u16,
    meta: ResponseMeta,
    body: Vec<u8>,
}

/// Where a request goes: a path under the API base URL and its query,
/// which gloo-net encodes.
struct Target<'a> {
    path: &'a str,
    query: &'a [(&'static str, String)],
}

impl<'a> Target<'a> {
    /// A path without a query.
    fn path(path: &'a str) -> Target<'a> {
        Target { path, query: &[] }
    }
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
                key_refused: ArcRwSignal::new(false),
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
        let path = url::users(self.session().portal_id());
        let query = url::page_query(after, Some(limit));
        self.get(Target {
            path: &path,
            query: &query,
        })
        .await
    }

    /// One user of the portal.
    pub async fn get_user(&self, id: &str) -> Result<User, ApiError> {
        let path = url::user(self.session().portal_id(), id);
        self.get(Target::path(&path)).await
    }

    /// Creates a user and returns it as the API stored it.
    ///
    /// Not retried except on 429: after any other failure the user may
    /// exist, and a second attempt could make a duplicate.
    pub async fn create_user(&self, new_user: &NewUser) -> Result<User, ApiError> {
        let body = new_user.to_json();
        let path = url::users(self.session().portal_id());
        let reply = self
            .send(Method::Post, Target::path(&path), Some(&body))
            .await?;
        self.decode(&reply)
    }

    /// Deletes a user. When a retried attempt finds the user already gone
    /// (an earlier attempt deleted it but its answer was lost), this is a
    /// success with [`Deleted::already`] set.
    pub async fn delete_user(&self, id: &str) -> Result<Deleted, ApiError> {
        let path = url::user(self.session().portal_id(), id);
        let reply = self.send(Method::Delete, Target::path(&path), None).await?;
        if reply.already_applied {
            return Ok(Deleted {
                id: id.to_owned(),
                already: true,
            });
        }
        self.decode::<DeleteReply>(&reply)?
            .deleted(id)
            .ok_or_else(|| ApiError::not_deleted(reply.status, reply.request_id.as_deref()))
    }

    /// One page of the roles, oldest first; `limit` `None` lets the API choose.
    pub async fn list_roles(
        &self,
        after: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Role>, ApiError> {
        let query = url::page_query(after, limit);
        self.get(Target {
            path: url::ROLES,
            query: &query,
        })
        .await
    }

    /// Every role, walking all the pages.
    pub async fn list_all_roles(&self) -> Result<Vec<Role>, ApiError> {
        self.all_pages(url::ROLES).await
    }

    /// One role.
    pub async fn get_role(&self, id: &str) -> Result<Role, ApiError> {
        self.get(Target::path(&url::role(id))).await
    }

    /// One page of the user attribute definitions, oldest first; `limit`
    /// `None` lets the API choose.
    pub async fn list_user_attributes(
        &self,
        after: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<UserAttribute>, ApiError> {
        let query = url::page_query(after, limit);
        self.get(Target {
            path: url::USER_ATTRIBUTES,
            query: &query,
        })
        .await
    }

    /// Every user attribute definition, walking all the pages.
    pub async fn list_all_user_attributes(&self) -> Result<Vec<UserAttribute>, ApiError> {
        self.all_pages(url::USER_ATTRIBUTES).await
    }

    /// One user attribute definition.
    pub async fn get_user_attribute(&self, id: &str) -> Result<UserAttribute, ApiError> {
        self.get(Target::path(&url::user_attribute(id))).await
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

    /// Whether the API has refused the key (401) for any request but a
    /// single create: the console signs out once, whichever screen asked
    /// (see `ConsoleState::provide`).
    pub fn key_refused(&self) -> ArcReadSignal<bool> {
        self.inner.key_refused.read_only()
    }

    /// Marks the key refused, for a 401 met by a run of writes: a run of
    /// creates keeps its progress to resume, so unlike a single create
    /// (whose dialog keeps what was typed) it signs the console out.
    pub(super) fn refuse_key(&self) {
        if !self.inner.key_refused.get_untracked() {
            self.inner.key_refused.set(true);
        }
    }

    async fn get<T: DeserializeOwned>(&self, target: Target<'_>) -> Result<T, ApiError> {
        let reply = self.send(Method::Get, target, None).await?;
        self.decode(&reply)
    }

    async fn all_pages<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        // A server that hands out a cursor twice would otherwise be walked forever.
        let mut seen = HashSet::new();
        let mut after: Option<String> = None;
        loop {
            let query = url::page_query(after.as_deref(), Some(ALL_PAGES_LIMIT));
            let page: Page<T> = self
                .get(Target {
                    path,
                    query: &query,
                })
                .await?;
            items.extend(page.items);
            match page.next {
                None => return Ok(items),
                Some(next) if !seen.insert(next.clone()) => return Err(ApiError::repeated_cursor()),
                Some(next) => after = Some(next),
            }
        }
    }

    fn decode<T: DeserializeOwned>(&self, reply: &Reply) -> Result<T, ApiError> {
        decode(&reply.body).map_err(|error| {
            ApiError::unexpected(
                reply.status,
                &String::from_utf8_lossy(&reply.body),
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
        target: Target<'_>,
        body: Option<&str>,
    ) -> Result<Reply, ApiError> {
        let session = self.session();
        let api_base = url::api_base(session.base_url(), &page_origin());
        let address = format!("{api_base}{}", target.path);
        let mut earlier_maybe_applied = false;
        let mut attempt = 1;
        loop {
            let (failure, error) = match self.attempt(method, &address, target.query, body).await {
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
                        &String::from_utf8_lossy(&answer.body),
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
                // A create's 401 is left to its dialog, which keeps what was
                // typed; any other ends the session (see `key_refused`).
                if error.is_unauthorized() && method != Method::Post {
                    self.inner.key_refused.set(true);
                }
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
        address: &str,
        query: &[(&'static str, String)],
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
            address,
            query,
            self.session().key(),
            body,
            &controller.signal(),
        )
        .map_err(|_| Failure::Network)?;
        let response = request.send().await.map_err(no_answer)?;
        let headers = response.headers();
        let meta = ResponseMeta::read(|name| headers.get(name));
        let body = response.binary().await.map_err(no_answer)?;
        Ok(Answer {
            status: response.status(),
            meta,
            body,
        })
    }
}

/// The request for one attempt, built by gloo-net.
///
/// The query goes through gloo-net's `query()`: given a URL that already
/// holds one, its builder appends a stray `&`. Its header setter throws on
/// a value the browser refuses, so the key reaching it is always one that
/// [`Session::new`] checked to be printable ASCII without spaces: a valid
/// `Authorization` value.
fn build_request(
    method: Method,
    address: &str,
    query: &[(&'static str, String)],
    key: &str,
    body: Option<&str>,
    signal: &AbortSignal,
) -> Result<Request, gloo_net::Error> {
    let builder = match method {
        Method::Get => Request::get(address),
        Method::Post => Request::post(address),
        Method::Delete => Request::delete(address),
    }
    .query(query.iter().map(|(name, value)| (*name, value)))
    .header("Accept", "application/json")
    .header("Authorization", &format!("Bearer {key}"))
    .abort_signal(Some(signal));
    match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
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
