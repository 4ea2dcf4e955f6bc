//! The portal's roles and user attributes, fetched once per session and
//! shared by every screen that names them: the create dialog, the user
//! page and the CSV export.

use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, PortalClient, Role, UserAttribute};
use crate::app::session::Session;

/// One catalog: not asked for yet or loading (`None`), loaded, or failed.
pub type Loaded<T> = Option<Result<Arc<Vec<T>>, ApiError>>;

/// One list fetched once, with whether a fetch is under way.
struct Catalog<T: Send + Sync + 'static> {
    value: RwSignal<Loaded<T>>,
    loading: StoredValue<bool>,
    /// Counts [`Catalog::clear`]s, so that a fetch for an earlier session
    /// never fills the list of the next.
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Catalog<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Catalog<T> {}

impl<T: Send + Sync + 'static> Catalog<T> {
    fn new() -> Catalog<T> {
        Catalog {
            value: RwSignal::new(None),
            loading: StoredValue::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// Runs `fetch` unless the list is loaded or being loaded; a failed
    /// one is fetched again.
    fn load(self, fetch: impl Future<Output = Result<Vec<T>, ApiError>> + 'static) {
        let loaded = self
            .value
            .with_untracked(|value| matches!(value, Some(Ok(_))));
        if loaded || self.loading.get_value() {
            return;
        }
        self.loading.set_value(true);
        self.value.set(None);
        let generation = self.generation.get_value();
        spawn_local(async move {
            let result = fetch.await.map(Arc::new);
            if self.generation.try_get_value() == Some(generation) {
                self.loading.set_value(false);
                self.value.set(Some(result));
            }
        });
    }

    fn clear(self) {
        self.generation.update_value(|n| *n += 1);
        self.loading.set_value(false);
        self.value.set(None);
    }
}

/// The roles and user attribute definitions of the open session.
#[derive(Clone, Copy)]
pub struct Catalogs {
    roles: Catalog<Role>,
    attributes: Catalog<UserAttribute>,
    session: StoredValue<Option<Session>>,
}

impl Catalogs {
    /// Provides empty catalogs to the whole console.
    pub fn provide() {
        provide_context(Catalogs {
            roles: Catalog::new(),
            attributes: Catalog::new(),
            session: StoredValue::new(None),
        });
    }

    /// The catalogs provided by [`crate::App`].
    pub fn get() -> Catalogs {
        expect_context()
    }

    /// Fetches both lists through `client`, each unless it is already
    /// loaded for `client`'s session or on its way; call it again to retry
    /// a failed one.
    pub fn load(&self, client: &PortalClient) {
        let session = client.session();
        if self
            .session
            .with_value(|loaded_for| loaded_for.as_ref() != Some(session))
        {
            self.session.set_value(Some(session.clone()));
            self.roles.clear();
            self.attributes.clear();
        }
        let roles_client = client.clone();
        self.roles
            .load(async move { roles_client.list_all_roles().await });
        let attributes_client = client.clone();
        self.attributes
            .load(async move { attributes_client.list_all_user_attributes().await });
    }

    /// The roles (tracked).
    pub fn roles(&self) -> Loaded<Role> {
        self.roles.value.get()
    }

    /// The user attribute definitions (tracked).
    pub fn attributes(&self) -> Loaded<UserAttribute> {
        self.attributes.value.get()
    }

    /// Why a list could not be fetched, the roles' failure first (tracked).
    pub fn error(&self) -> Option<ApiError> {
        self.roles()
            .and_then(Result::err)
            .or_else(|| self.attributes().and_then(Result::err))
    }
}
