//! `portal-emulator`: a local stand-in for the Partner Portal API (see
//! `shared/portal-api.md`), for demos of the Portal Admin console and for
//! every browser test, over real HTTP.
//!
//! Start it in-process with [`router`] and [`serve`], or run the binary.

mod api;
mod app;
mod auth;
mod body;
mod catalog;
mod chaos;
pub mod cli;
mod config;
mod control;
mod csp;
mod cursor;
mod datetime;
mod errors;
mod ids;
mod limits;
mod model;
mod names;
mod new_user;
mod paging;
mod panics;
mod prng;
mod record;
mod request_id;
mod routes;
mod seed;
mod static_files;
mod users;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, Method, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{any, get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::cors::{Any, CorsLayer};

pub use config::Config;
pub use static_files::StaticError;

use app::App;
use chaos::Chaos;
use cursor::Cursors;
use errors::ApiError;
use limits::RateLimiter;
use prng::mix;
use record::RequestLog;
use request_id::REQUEST_ID;
use static_files::StaticSite;
use users::Users;

/// The emulator's routes for `config`: the API under `/v1`, the control
/// routes under `/_emulator`, and the console for other GETs with `--static`.
pub fn router(config: Config) -> Result<Router, StaticError> {
    let site = config
        .static_dir
        .as_deref()
        .map(StaticSite::load)
        .transpose()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    let seeded = seed::seed(config.users, config.seed, now);
    // Derived streams of the one seed, so each use gets its own sequence.
    let app = Arc::new(App {
        portal: config.portal,
        keys: config.keys,
        max_limit: config.max_limit,
        catalog: seeded.catalog,
        users: Mutex::new(Users::new(seeded.users, mix(config.seed ^ 0x05EE_D1D5))),
        cursors: Cursors::new(mix(config.seed ^ 0xC0_5502)),
        limiter: (config.rate_limit > 0)
            .then(|| RateLimiter::new(config.rate_limit, config.rate_window)),
        chaos: Chaos::new(
            config.fail_rate,
            config.latency,
            config.answer_delay,
            mix(config.seed ^ 0xFA11),
        ),
        log: RequestLog::default(),
    });

    // Layers run outside-in from the last one added.
    let api = Router::new()
        .route("/v1", any(api::dispatch))
        .route("/v1/{*rest}", any(api::dispatch))
        .layer(from_fn_with_state(app.clone(), chaos::delay_answer))
        .layer(from_fn_with_state(app.clone(), chaos::inject))
        .layer(from_fn_with_state(app.clone(), limits::enforce))
        .layer(from_fn_with_state(app.clone(), chaos::delay))
        .layer(from_fn(panics::catch))
        .layer(cors())
        .layer(from_fn_with_state(app.clone(), record::record));
    let control = Router::new()
        .route("/_emulator/requests", get(control::requests))
        .route("/_emulator/fail-next", post(control::fail_next))
        .route("/_emulator/users", post(control::users))
        .layer(from_fn(panics::catch))
        .layer(cors());
    let routes = Router::new().merge(api).merge(control);
    let routes = match site {
        Some(site) => routes.fallback_service(site.router()),
        None => routes.fallback(|uri: Uri| async move { ApiError::no_endpoint(uri.path()) }),
    };
    Ok(routes.layer(from_fn(request_id::stamp)).with_state(app))
}

/// Serves `router` on `listener` until the process ends.
pub async fn serve(router: Router, listener: TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router).await
}

/// CORS for the API and the control routes: any origin, no credentials.
/// The layer answers preflights itself, so they never meet authentication,
/// rate limiting or injected failures.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE, ACCEPT])
        // What a console on another origin needs to read.
        .expose_headers([
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderName::from_static("x-ratelimit-reset"),
            RETRY_AFTER,
            REQUEST_ID,
        ])
        .max_age(Duration::from_secs(600))
}
