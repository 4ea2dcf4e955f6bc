//! Which field of a new user each column of an import file fills, by its
//! header: the fixed columns by name, any other by a user attribute's name
//! or label, all case-insensitively; the rest are ignored and listed.

use crate::api::model::UserAttribute;

use super::results::{is_results_header, RESULT_COLUMNS};
use super::table::FileError;

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
    /// `roles`: role names or IDs separated by `;` or `|`.
    Roles,
    /// The user attribute at this index of the definitions.
    Attribute(usize),
}

/// The fixed columns, by their header name.
const FIXED: [(&str, Target); 6] = [
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("email", Target::Email),
    ("password", Target::Password),
    ("locale", Target::Locale),
    ("roles", Target::Roles),
];

/// The columns every file must have.
const REQUIRED: [(&str, Target); 3] = [
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("email", Target::Email),
];

/// What each column of a file fills, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// One entry per column of the header: its target, or `None` when ignored.
    pub targets: Vec<Option<Target>>,
}

impl Mapping {
    /// Maps `header` against the fixed columns and `attributes`; a file
    /// without `first_name`, `last_name` or `email` is refused.
    ///
    /// The columns a results file adds (`status`, `user_id`, `message`,
    /// `request_id`) are ignored when all four are there, even if an
    /// attribute has one of their names: such a file is imported again as
    /// it was first read.
    pub fn new(header: &[String], attributes: &[UserAttribute]) -> Result<Mapping, FileError> {
        let results_file = is_results_header(header);
        let targets: Vec<Option<Target>> = header
            .iter()
            .map(|name| {
                let is = |other: &str| name.eq_ignore_ascii_case(other);
                if results_file && RESULT_COLUMNS.iter().any(|column| is(column)) {
                    return None;
                }
                FIXED
                    .iter()
                    .find(|(fixed, _)| is(fixed))
                    .map(|&(_, target)| target)
                    .or_else(|| {
                        let by = |key: fn(&UserAttribute) -> &str| {
                            attributes.iter().position(|a| is(key(a)))
                        };
                        by(|a| &a.name)
                            .or_else(|| by(|a| &a.label))
                            .map(Target::Attribute)
                    })
            })
            .collect();
        if let Some((name, _)) = REQUIRED
            .iter()
            .find(|(_, target)| !targets.contains(&Some(*target)))
        {
            return Err(FileError::MissingColumn(name));
        }
        Ok(Mapping { targets })
    }

    /// The column that fills `target`, if one does.
    pub fn column(&self, target: Target) -> Option<usize> {
        self.targets.iter().position(|t| *t == Some(target))
    }

    /// The mapping as the dialog lists it: each used column's header and
    /// the field it fills ("Department (attribute)").
    pub fn used(&self, header: &[String], attributes: &[UserAttribute]) -> Vec<(String, String)> {
        self.targets
            .iter()
            .zip(header)
            .filter_map(|(target, name)| {
                let field = match (*target)? {
                    Target::FirstName => "First name".to_owned(),
                    Target::LastName => "Last name".to_owned(),
                    Target::Email => "Email".to_owned(),
                    Target::Password => "Password".to_owned(),
                    Target::Locale => "Locale".to_owned(),
                    Target::Roles => "Roles".to_owned(),
                    Target::Attribute(index) => format!("{} (attribute)", attributes[index].label),
                };
                Some((name.clone(), field))
            })
            .collect()
    }

    /// The headers of the ignored columns, as written; unnamed ones are
    /// left out.
    pub fn ignored<'a>(&self, header: &'a [String]) -> Vec<&'a str> {
        self.targets
            .iter()
            .zip(header)
            .filter(|(target, name)| target.is_none() && !name.is_empty())
            .map(|(_, name)| name.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::AttributeType;

    pub(crate) fn attribute(id: &str, name: &str, label: &str) -> UserAttribute {
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

    #[test]
    fn fixed_columns_by_name_in_any_case() {
        let header = header(&[
            "EMAIL",
            "First_Name",
            "last_name",
            "Roles",
            "locale",
            "Password",
        ]);
        let mapping = Mapping::new(&header, &[]).unwrap();
        assert_eq!(
            mapping.targets,
            [
                Some(Target::Email),
                Some(Target::FirstName),
                Some(Target::LastName),
                Some(Target::Roles),
                Some(Target::Locale),
                Some(Target::Password),
            ]
        );
        assert_eq!(mapping.column(Target::Roles), Some(3));
    }

    #[test]
    fn attributes_by_name_or_label_and_the_rest_ignored() {
        let attributes = [
            attribute("ua_1", "department", "Department"),
            attribute("ua_2", "seats", "Licensed seats"),
        ];
        let header = header(&[
            "first_name",
            "last_name",
            "email",
            "licensed SEATS",
            "Department",
            "id",
            "",
            "nickname",
        ]);
        let mapping = Mapping::new(&header, &attributes).unwrap();
        assert_eq!(mapping.column(Target::Attribute(1)), Some(3));
        assert_eq!(mapping.column(Target::Attribute(0)), Some(4));
        assert_eq!(mapping.ignored(&header), ["id", "nickname"]);
        let used = mapping.used(&header, &attributes);
        assert_eq!(
            used[3],
            (
                "licensed SEATS".to_owned(),
                "Licensed seats (attribute)".to_owned()
            )
        );
        assert_eq!(used[0], ("first_name".to_owned(), "First name".to_owned()));
        assert_eq!(used.len(), 5);
    }

    #[test]
    fn a_required_column_missing() {
        let missing = |names: &[&str]| Mapping::new(&header(names), &[]).unwrap_err();
        assert_eq!(
            missing(&["first_name", "last_name"]),
            FileError::MissingColumn("email")
        );
        assert_eq!(
            missing(&["email", "firstname", "last_name"]),
            FileError::MissingColumn("first_name")
        );
        assert!(missing(&["email"])
            .to_string()
            .contains("first_name, last_name and email"));
    }

    #[test]
    fn result_columns_are_ignored_in_a_results_file_only() {
        let attributes = [attribute("ua_1", "status", "Status")];
        let plain = header(&["first_name", "last_name", "email", "status"]);
        let mapping = Mapping::new(&plain, &attributes).unwrap();
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
        let mapping = Mapping::new(&results, &attributes).unwrap();
        assert_eq!(mapping.column(Target::Attribute(0)), None);
        assert_eq!(
            mapping.ignored(&results),
            ["status", "user_id", "message", "request_id"]
        );
    }
}
