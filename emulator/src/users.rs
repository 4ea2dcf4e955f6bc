//! The portal's users: the only state that changes.

use std::collections::HashSet;

use serde_json::Value;

use crate::ids::object_id;
use crate::model::User;
use crate::new_user::NewUser;
use crate::prng::SplitMix64;

/// The email of a new user is already used by another user of the portal.
#[derive(Debug, thiserror::Error)]
#[error("email \"{0}\" is already in use in this portal")]
pub(crate) struct EmailInUse(pub(crate) String);

/// Users in creation order, and the emails in use.
pub(crate) struct Users {
    list: Vec<User>,
    /// Lowercased, since emails are unique regardless of case.
    emails: HashSet<String>,
    next_seq: u64,
    rng: SplitMix64,
}

impl Users {
    /// Starts from `seeded` users (in creation order); new IDs come from `id_seed`.
    pub(crate) fn new(seeded: Vec<User>, id_seed: u64) -> Users {
        Users {
            emails: seeded
                .iter()
                .map(|user| user.email.to_lowercase())
                .collect(),
            next_seq: seeded.last().map_or(1, |user| user.seq + 1),
            list: seeded,
            rng: SplitMix64::new(id_seed),
        }
    }

    /// Every user, oldest first.
    pub(crate) fn list(&self) -> &[User] {
        &self.list
    }

    /// The user with this ID.
    pub(crate) fn get(&self, id: &str) -> Option<&User> {
        self.list.iter().find(|user| user.id == id)
    }

    /// Creates a user at the end of the list.
    pub(crate) fn create(
        &mut self,
        new: NewUser,
        last_logged_at: Value,
    ) -> Result<User, EmailInUse> {
        if !self.emails.insert(new.email.to_lowercase()) {
            return Err(EmailInUse(new.email));
        }
        let id = loop {
            let id = object_id("us_", &mut self.rng);
            if self.get(&id).is_none() {
                break id;
            }
        };
        let user = User {
            seq: self.next_seq,
            id,
            first_name: new.first_name,
            last_name: new.last_name,
            email: new.email,
            last_logged_at,
            locale: new.locale,
            roles: new.roles,
            attributes: new.attributes,
        };
        self.next_seq += 1;
        self.list.push(user.clone());
        Ok(user)
    }

    /// Deletes the user with this ID; false if there is none.
    pub(crate) fn delete(&mut self, id: &str) -> bool {
        let Some(index) = self.list.iter().position(|user| user.id == id) else {
            return false;
        };
        let user = self.list.remove(index);
        self.emails.remove(&user.email.to_lowercase());
        true
    }
}
