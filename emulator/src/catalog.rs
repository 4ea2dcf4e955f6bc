//! Roles and user attribute definitions: fixed at start, so they live
//! outside the lock that guards the users.

use crate::model::{Attribute, Role};

/// The roles and user attributes of the emulated account.
pub(crate) struct Catalog {
    pub(crate) roles: Vec<Role>,
    pub(crate) attributes: Vec<Attribute>,
}

impl Catalog {
    /// The role with this ID.
    pub(crate) fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.id == id)
    }

    /// The user attribute with this ID.
    pub(crate) fn attribute(&self, id: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| attribute.id == id)
    }
}
