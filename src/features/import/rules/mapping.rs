//! Which field of a new user each column of an import file fills: first
//! guessed from the headers, then as the administrator chooses in the
//! mapping step; what keeps a mapping from being used (a required field no
//! column fills, a field filled from two columns); and the mapping as the
//! tab stores it with an interrupted import.
//!
//! Headers are compared as [`normalise`] makes them, without case, white
//! space, `_` or `-` (`First name`, `first-name`, `FirstName`); each field
//! also answers to the words people use for it (`Given name`, `Surname`,
//! `E-mail`, `Language`…), and a user attribute to its name or label.

use crate::api::model::UserAttribute;
use crate::text::format;

use super::results::{is_results_header, RESULT_COLUMNS};

/// What a column fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `first_name`.
    FirstName,
    /// `last_name`.
    LastName,
    /// `email`.
    Email,
    /// `password`.
    Password,
    /// `locale`.
    Locale,
    /// `roles`: role names or IDs (see [`super::roles`]).
    Roles,
    /// The user attribute at this index of the definitions.
    Attribute(usize),
}

/// One field every user has: what it is, its label in the mapping step,
/// its code in the stored mapping (the API's name for it), and the headers
/// that name it, normalised.
struct Field {
    target: Target,
    label: &'static str,
    code: &'static str,
    headers: &'static [&'static str],
}

/// The fields every user has, in the order the mapping step offers them.
const FIELDS: [Field; 6] = [
    Field {
        target: Target::FirstName,
        label: "First name",
        code: "first_name",
        headers: &["firstname", "givenname"],
    },
    Field {
        target: Target::LastName,
        label: "Last name",
        code: "last_name",
        headers: &["lastname", "surname", "familyname"],
    },
    Field {
        target: Target::Email,
        label: "Email",
        code: "email",
        headers: &["email", "emailaddress", "mail"],
    },
    Field {
        target: Target::Password,
        label: "Password",
        code: "password",
        headers: &["password"],
    },
    Field {
        target: Target::Locale,
        label: "Locale",
        code: "locale",
        headers: &["locale", "language"],
    },
    Field {
        target: Target::Roles,
        label: "Roles",
        code: "roles",
        headers: &["roles", "role"],
    },
];

/// The fields a row cannot do without: each must be filled by one column.
const REQUIRED: [Target; 3] = [Target::FirstName, Target::LastName, Target::Email];

/// An attribute's code in the stored mapping starts with this, then its ID.
const ATTRIBUTE_CODE: &str = "attribute:";

impl Target {
    /// The fields every user has, in the order the mapping step offers them.
    pub fn user_fields() -> impl Iterator<Item = Target> {
        FIELDS.iter().map(|field| field.target)
    }

    fn field(self) -> Option<&'static Field> {
        FIELDS.iter().find(|field| field.target == self)
    }

    /// The field's name as the mapping step shows it: "First name", or an
    /// attribute's label.
    pub fn label(self, attributes: &[UserAttribute]) -> &str {
        match self {
            Target::Attribute(index) => &attributes[index].label,
            fixed => fixed.field().map_or("", |field| field.label),
        }
    }

    /// The field's code: the API's name of a user field (`first_name`), or
    /// `attribute:` and the attribute's ID. The mapping step's options and
    /// the stored mapping use it.
    pub fn code(self, attributes: &[UserAttribute]) -> String {
        match self {
            Target::Attribute(index) => format!("{ATTRIBUTE_CODE}{}", attributes[index].id),
            fixed => fixed.field().map_or("", |field| field.code).to_owned(),
        }
    }

    /// The field `code` names, against `attributes`; `None` for a code of
    /// no field, or of an attribute the portal no longer has.
    pub fn from_code(code: &str, attributes: &[UserAttribute]) -> Option<Target> {
        match code.strip_prefix(ATTRIBUTE_CODE) {
            Some(id) => attributes
                .iter()
                .position(|attribute| attribute.id == id)
                .map(Target::Attribute),
            None => FIELDS
                .iter()
                .find(|field| field.code == code)
                .map(|field| field.target),
        }
    }
}

/// A header as compared: ASCII letters in lower case, without white
/// space, `_` or `-` (other letters keep their case: Unicode's case tables
/// would cost the wasm kilobytes, for headers that are ASCII in practice).
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '-')))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What the mapping step calls `column`: its header, or for a column
/// without one, "Column" and its letter as a spreadsheet shows it ("Column
/// C", "Column AB").
pub fn column_name(header: &[String], column: usize) -> String {
    if !header[column].is_empty() {
        return header[column].clone();
    }
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    let letters: String = letters.into_iter().rev().collect();
    format!("Column {letters}")
}

/// Why a mapping cannot be used yet; `Display` is the message shown.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MappingProblem {
    /// A required field no column fills: its label.
    #[error("Map a column to {0}")]
    Unmapped(&'static str),
    /// A field filled from more than one column: its label, and the
    /// columns' names.
    #[error("{field} is mapped from {}: {}. Keep one and set the others to \"Ignore this column\".", format::count(.columns.len(), "column"), quoted(.columns))]
    Twice {
        /// The field's label.
        field: String,
        /// The columns that fill it, by name.
        columns: Vec<String>,
    },
}

/// `"a", "b" and "c"`.
fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// What each column of a file fills, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// One entry per column of the header: its target, or `None` when ignored.
    pub targets: Vec<Option<Target>>,
}

impl Mapping {
    /// The mapping the console proposes for `header`: each column whose
    /// normalised header names a user field (or one of its other words),
    /// else a user attribute (by name, then label), fills it; the others
    /// are ignored. Two columns may fill one field: that is a problem for
    /// the administrator to settle, not a guess to make.
    ///
    /// The columns a results file adds (`status`, `user_id`, `message`,
    /// `request_id`) are ignored when all four are there, even if an
    /// attribute has one of their names: such a file is imported again as
    /// it was first read.
    pub fn guess(header: &[String], attributes: &[UserAttribute]) -> Mapping {
        let results_file = is_results_header(header);
        let targets = header
            .iter()
            .map(|name| {
                let is_result = |column: &&str| name.eq_ignore_ascii_case(column);
                if results_file && RESULT_COLUMNS.iter().any(is_result) {
                    return None;
                }
                let key = normalise(name);
                if key.is_empty() {
                    return None;
                }
                let names = |text: &str| normalise(text) == key;
                FIELDS
                    .iter()
                    .find(|field| field.headers.contains(&key.as_str()))
                    .map(|field| field.target)
                    .or_else(|| {
                        let by = |part: fn(&UserAttribute) -> &str| {
                            attributes.iter().position(|a| names(part(a)))
                        };
                        by(|a| &a.name)
                            .or_else(|| by(|a| &a.label))
                            .map(Target::Attribute)
                    })
            })
            .collect();
        Mapping { targets }
    }

    /// The column that fills `target`, if one does (the first, if several
    /// do: a mapping with problems is never used).
    pub fn column(&self, target: Target) -> Option<usize> {
        self.targets.iter().position(|t| *t == Some(target))
    }

    /// What keeps the mapping from being used, in the order shown: each
    /// required field no column fills, then each field filled from more
    /// than one column (named as [`column_name`] names them).
    pub fn problems(&self, header: &[String], attributes: &[UserAttribute]) -> Vec<MappingProblem> {
        let unmapped = REQUIRED
            .iter()
            .filter(|&&target| self.column(target).is_none())
            .map(|&target| MappingProblem::Unmapped(target.field().map_or("", |f| f.label)));
        let twice = self
            .targets
            .iter()
            .enumerate()
            .filter_map(|(column, target)| {
                let target = (*target)?;
                // Each field once: at the first of its columns.
                if self.column(target) != Some(column) {
                    return None;
                }
                let columns: Vec<String> = (column..self.targets.len())
                    .filter(|&other| self.targets[other] == Some(target))
                    .map(|other| column_name(header, other))
                    .collect();
                (columns.len() > 1).then(|| MappingProblem::Twice {
                    field: target.label(attributes).to_owned(),
                    columns,
                })
            });
        unmapped.chain(twice).collect()
    }

    /// The mapping as the tab stores it: each column's [`Target::code`],
    /// empty for an ignored one, tab-separated on one line.
    pub fn to_text(&self, attributes: &[UserAttribute]) -> String {
        let codes: Vec<String> = self
            .targets
            .iter()
            .map(|target| target.map_or_else(String::new, |t| t.code(attributes)))
            .collect();
        codes.join("\t")
    }

    /// A mapping read back from [`Mapping::to_text`] against `attributes`;
    /// `None` when a code names nothing the portal has.
    pub fn from_text(text: &str, attributes: &[UserAttribute]) -> Option<Mapping> {
        let targets = text
            .split('\t')
            .map(|code| match code {
                "" => Some(None),
                code => Target::from_code(code, attributes).map(Some),
            })
            .collect::<Option<_>>()?;
        Some(Mapping { targets })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::AttributeType;

    fn attribute(id: &str, name: &str, label: &str) -> UserAttribute {
        UserAttribute {
            id: id.to_owned(),
            name: name.to_owned(),
            label: label.to_owned(),
            kind: AttributeType::String,
            allow_multiple_values: false,
        }
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    fn guess(names: &[&str]) -> Vec<Option<Target>> {
        Mapping::guess(&header(names), &[]).targets
    }

    fn problems(names: &[&str]) -> Vec<String> {
        let header = header(names);
        let mapping = Mapping::guess(&header, &[]);
        let problems = mapping.problems(&header, &[]);
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn headers_without_case_spaces_underscores_or_hyphens() {
        for name in [
            "First name",
            "first-name",
            "FirstName",
            "first_name",
            " FIRST  NAME ",
        ] {
            assert_eq!(guess(&[name]), [Some(Target::FirstName)], "{name:?}");
        }
        assert_eq!(
            guess(&["EMAIL", "Last_Name", "Roles", "locale", "Password"]),
            [
                Some(Target::Email),
                Some(Target::LastName),
                Some(Target::Roles),
                Some(Target::Locale),
                Some(Target::Password),
            ]
        );
        assert_eq!(normalise("E-mail address"), "emailaddress");
    }

    #[test]
    fn each_alias() {
        let aliases = [
            ("Given name", Target::FirstName),
            ("Surname", Target::LastName),
            ("Family name", Target::LastName),
            ("E-mail", Target::Email),
            ("Email address", Target::Email),
            ("Mail", Target::Email),
            ("Role", Target::Roles),
            ("Roles", Target::Roles),
            ("Language", Target::Locale),
            ("Locale", Target::Locale),
        ];
        for (name, target) in aliases {
            assert_eq!(guess(&[name]), [Some(target)], "{name:?}");
        }
        // Words that are not aliases are ignored, not guessed at.
        assert_eq!(guess(&["Name", "First", "Mobile", "id", ""]), [None; 5]);
    }

    #[test]
    fn attributes_by_name_or_label_the_same_way() {
        let attributes = [
            attribute("ua_1", "department", "Department"),
            attribute("ua_2", "seats", "Licensed seats"),
            attribute("ua_3", "cost_center", "Cost centre"),
            attribute("ua_4", "mail", "Mail stop"),
        ];
        let header = header(&[
            "licensed-SEATS",
            "DEPARTMENT",
            "Cost Center",
            "cost centre",
            "Mail",
            "Mail stop",
        ]);
        let mapping = Mapping::guess(&header, &attributes);
        assert_eq!(
            mapping.targets,
            [
                Some(Target::Attribute(1)),
                Some(Target::Attribute(0)),
                Some(Target::Attribute(2)),
                Some(Target::Attribute(2)),
                // A user field's word comes before an attribute's name.
                Some(Target::Email),
                Some(Target::Attribute(3)),
            ]
        );
        assert_eq!(Target::Attribute(1).label(&attributes), "Licensed seats");
        assert_eq!(Target::Email.label(&attributes), "Email");
    }

    #[test]
    fn a_missing_required_field_is_a_problem_not_a_refusal() {
        assert_eq!(
            problems(&["first_name", "last_name", "email"]),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(&["Name", "Surname", "Contact"]),
            ["Map a column to First name", "Map a column to Email"]
        );
        assert_eq!(
            problems(&["nickname"]),
            [
                "Map a column to First name",
                "Map a column to Last name",
                "Map a column to Email",
            ]
        );
    }

    #[test]
    fn a_field_mapped_twice_is_refused() {
        assert_eq!(
            problems(&["First name", "Last name", "Email", "E-mail"]),
            ["Email is mapped from 2 columns: \"Email\" and \"E-mail\". Keep one and set the others to \"Ignore this column\"."]
        );
        // By hand: three columns to Roles, one of them without a header.
        let header = header(&["First name", "Last name", "Email", "Role", "", "Groups"]);
        let mut mapping = Mapping::guess(&header, &[]);
        mapping.targets[4] = Some(Target::Roles);
        mapping.targets[5] = Some(Target::Roles);
        assert_eq!(
            mapping.problems(&header, &[])[0].to_string(),
            "Roles is mapped from 3 columns: \"Role\", \"Column E\" and \"Groups\". Keep one and set the others to \"Ignore this column\"."
        );
        mapping.targets[4] = None;
        mapping.targets[5] = None;
        assert_eq!(mapping.problems(&header, &[]), []);
    }

    #[test]
    fn result_columns_are_ignored_in_a_results_file_only() {
        let attributes = [attribute("ua_1", "status", "Status")];
        let plain = header(&["first_name", "last_name", "email", "status"]);
        let mapping = Mapping::guess(&plain, &attributes);
        assert_eq!(mapping.column(Target::Attribute(0)), Some(3));
        let results = header(&[
            "first_name",
            "last_name",
            "email",
            "status",
            "user_id",
            "message",
            "request_id",
        ]);
        let mapping = Mapping::guess(&results, &attributes);
        assert_eq!(mapping.targets[3..], [None; 4]);
    }

    #[test]
    fn columns_without_a_header_are_named_by_letter() {
        let header = header(&[""; 30]);
        assert_eq!(column_name(&header, 0), "Column A");
        assert_eq!(column_name(&header, 25), "Column Z");
        assert_eq!(column_name(&header, 27), "Column AB");
        assert_eq!(column_name(&["Mail".to_owned()], 0), "Mail");
    }

    #[test]
    fn the_stored_mapping_reads_back_against_the_attributes() {
        let attributes = [
            attribute("ua_1", "department", "Department"),
            attribute("ua_2", "seats", "Licensed seats"),
        ];
        let mapping = Mapping {
            targets: vec![
                Some(Target::Email),
                None,
                Some(Target::Attribute(1)),
                Some(Target::FirstName),
                Some(Target::Roles),
            ],
        };
        let text = mapping.to_text(&attributes);
        assert_eq!(text, "email\t\tattribute:ua_2\tfirst_name\troles");
        assert_eq!(Mapping::from_text(&text, &attributes), Some(mapping));
        // The attribute is gone, or the code is no field's.
        assert_eq!(Mapping::from_text(&text, &attributes[..1]), None);
        assert_eq!(Mapping::from_text("email\tnickname", &attributes), None);
        assert_eq!(
            Mapping::from_text("", &attributes).map(|m| m.targets),
            Some(vec![None])
        );
    }
}
