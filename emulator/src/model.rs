//! The objects the API serves, serialised with the contract's JSON keys.

use serde::Serialize;
use serde_json::Value;

/// A portal user. Besides the contract's keys it carries `locale`, `roles`
/// and `attributes`: clients ignore unknown keys, and browser tests use them
/// to check what a create form sent.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct User {
    /// Position in the creation sequence; cursors point here.
    #[serde(skip)]
    pub(crate) seq: u64,
    pub(crate) id: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    /// Raw JSON: an ISO 8601 string or `null` normally, anything through the control API.
    pub(crate) last_logged_at: Value,
    pub(crate) locale: String,
    pub(crate) roles: Vec<String>,
    pub(crate) attributes: Vec<AttributeValue>,
}

/// One value of a user attribute held by a user.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct AttributeValue {
    pub(crate) id: String,
    pub(crate) value: String,
}

/// A role that can be granted to users.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Role {
    #[serde(skip)]
    pub(crate) seq: u64,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) is_system: bool,
}

/// The definition of a user attribute.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Attribute {
    #[serde(skip)]
    pub(crate) seq: u64,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) label: String,
    #[serde(rename = "type")]
    pub(crate) kind: AttributeKind,
    pub(crate) allow_multiple_values: bool,
}

/// The type of a user attribute's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum AttributeKind {
    String,
    Number,
    Boolean,
    Time,
    Unknown,
}

impl AttributeKind {
    /// The name used in JSON and in messages.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AttributeKind::String => "STRING",
            AttributeKind::Number => "NUMBER",
            AttributeKind::Boolean => "BOOLEAN",
            AttributeKind::Time => "TIME",
            AttributeKind::Unknown => "UNKNOWN",
        }
    }
}

/// Anything that has a place in a chronological list.
pub(crate) trait Sequenced {
    /// Position in the creation sequence, strictly increasing in list order.
    fn seq(&self) -> u64;
}

impl Sequenced for User {
    fn seq(&self) -> u64 {
        self.seq
    }
}

impl Sequenced for Role {
    fn seq(&self) -> u64 {
        self.seq
    }
}

impl Sequenced for Attribute {
    fn seq(&self) -> u64 {
        self.seq
    }
}
