//! Each row of an import file checked with the **New user** dialog's own
//! rules (a [`NewUserForm`] is filled from the row), plus what only a file
//! can get wrong: a ragged row, an unknown role or locale, an email
//! repeated in the file or already in the portal.

use std::collections::{HashMap, HashSet};

use crate::api::model::{AttributeType, Role, UserAttribute};
use crate::features::create_user::rules::{Field, NewUserForm, Problem, CHECKED, LOCALES};
use crate::text::time::parse_iso8601_ms;

use super::mapping::{column_name, Mapping, Target};
use super::progress::{Import, ImportRow, Outcome, Plan, Progress, Skip};
use super::roles::split_roles;
use super::table::{CsvRow, CsvTable};

/// The emails of the portal's users, compared as [`email_key`] makes
/// them, with each user's ID.
pub type ExistingEmails = HashMap<String, String>;

/// An email as compared: trimmed, ASCII letters lowercase (the full
/// Unicode case tables would cost the wasm kilobytes for addresses that
/// are ASCII in practice).
pub fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// The roles and attribute definitions the rows are checked against.
#[derive(Clone, Copy)]
pub struct Catalog<'a> {
    /// The portal's roles, found by ID or name.
    pub roles: &'a [Role],
    /// The user attribute definitions the mapping was made with.
    pub attributes: &'a [UserAttribute],
}

/// Checks every row of `table`, read through `mapping` (which has no
/// problems), and makes the import: each row ready (pending, with its
/// request body) or skipped, with why. Of rows that share an email, the
/// first is kept and the others are problems.
pub fn check_rows(
    portal_id: &str,
    table: &CsvTable,
    mapping: &Mapping,
    catalog: Catalog<'_>,
    existing: &ExistingEmails,
) -> Import {
    // The emails seen so far, and each row's, to find the first row of a
    // repeated one (a set of strings is already in the wasm; a map from
    // email to line would add its own code for a rare case).
    let mut seen: HashSet<String> = HashSet::new();
    let mut keys: Vec<String> = Vec::with_capacity(table.rows.len());
    let mut rows: Vec<ImportRow> = Vec::with_capacity(table.rows.len());
    let mut outcomes = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let reader = RowReader {
            row,
            header: &table.header,
            mapping,
        };
        let email = reader.cell(Target::Email).trim().to_owned();
        let key = email_key(&email);
        let mut form = NewUserForm::default();
        let mut problems = reader.fill(&mut form, catalog);
        if !key.is_empty() && !seen.insert(key.clone()) {
            if let Some(first) = keys.iter().position(|earlier| *earlier == key) {
                problems.push(format!("email repeated in row {}", rows[first].line));
            }
        }
        let exists = existing.contains_key(&key);
        let new_user = if problems.is_empty() && !exists {
            form.to_new_user(catalog.attributes, parse_iso8601_ms).ok()
        } else {
            None
        };
        outcomes.push(if exists {
            Outcome::Skipped(Skip::AlreadyExists)
        } else if new_user.is_none() {
            Outcome::Skipped(Skip::Problems(problems))
        } else {
            Outcome::Pending
        });
        rows.push(ImportRow {
            line: row.line,
            cells: row.cells.clone(),
            email,
            new_user,
        });
        keys.push(key);
    }
    Import {
        plan: Plan {
            portal_id: portal_id.to_owned(),
            source: table.text.clone(),
            mapping: mapping.to_text(catalog.attributes),
            header: table.header.clone(),
            rows,
        },
        progress: Progress {
            outcomes,
            in_flight: None,
        },
    }
}

/// One row, read through the mapping.
struct RowReader<'a> {
    row: &'a CsvRow,
    header: &'a [String],
    mapping: &'a Mapping,
}

impl RowReader<'_> {
    /// The cell that fills `target`; empty when no column does or the row
    /// is too short.
    fn cell(&self, target: Target) -> &str {
        self.mapping
            .column(target)
            .and_then(|column| self.row.cells.get(column))
            .map_or("", String::as_str)
    }

    /// The header of the column that fills `target`, as written (see
    /// [`column_name`]), to name it in a problem; the fixed name when no
    /// column does.
    fn column_name(&self, target: Target) -> String {
        match self.mapping.column(target) {
            Some(column) => column_name(self.header, column),
            None => match target {
                Target::Roles => "roles".to_owned(),
                _ => String::new(),
            },
        }
    }

    /// Fills `form` from the row and returns its problems: the form's own,
    /// by column, then those of roles, locale and booleans.
    fn fill(&self, form: &mut NewUserForm, catalog: Catalog<'_>) -> Vec<String> {
        let mut problems = Vec::new();
        let (found, width) = (self.row.cells.len(), self.header.len());
        if found != width {
            problems.push(format!(
                "This row has {found} fields; the header has {width}."
            ));
        }
        form.first_name = self.cell(Target::FirstName).to_owned();
        form.last_name = self.cell(Target::LastName).to_owned();
        form.email = self.cell(Target::Email).to_owned();
        form.password = self.cell(Target::Password).to_owned();

        let roles_cell = self.cell(Target::Roles);
        for name in split_roles(roles_cell, catalog.roles) {
            let role = catalog
                .roles
                .iter()
                .find(|role| role.id == name)
                // By name in any ASCII case: Unicode's case tables would
                // cost the wasm kilobytes (an exact name always matches).
                .or_else(|| {
                    catalog
                        .roles
                        .iter()
                        .find(|role| role.name.eq_ignore_ascii_case(name))
                });
            match role {
                Some(role) => form.set_role(&role.id, true),
                None => problems.push(format!("Unknown role \"{name}\"")),
            }
        }

        let locale = self.cell(Target::Locale).trim();
        if !locale.is_empty() {
            let wanted = locale.replace('-', "_");
            match LOCALES
                .iter()
                .find(|l| l.code.eq_ignore_ascii_case(&wanted))
            {
                Some(known) => form.locale = known.code.to_owned(),
                None => problems.push(format!("Unknown locale \"{locale}\"")),
            }
        }

        for (index, definition) in catalog.attributes.iter().enumerate() {
            let text = self.cell(Target::Attribute(index));
            let values: Vec<&str> = if definition.allow_multiple_values {
                split_values(text).collect()
            } else {
                vec![text]
            };
            for (position, value) in values.into_iter().enumerate() {
                let value = if definition.kind == AttributeType::Boolean {
                    match boolean(value) {
                        Some(checked) => checked,
                        None => {
                            problems.push(format!(
                                "{}: Enter true or false (or yes/no, 1/0).",
                                self.column_name(Target::Attribute(index))
                            ));
                            ""
                        }
                    }
                } else {
                    value
                };
                if position > 0 {
                    form.add_value(&definition.id);
                }
                form.set_value(&definition.id, position, value.to_owned());
            }
        }

        for (field, problem) in form.problems(catalog.attributes, parse_iso8601_ms) {
            let target = match field {
                Field::FirstName => Target::FirstName,
                Field::LastName => Target::LastName,
                Field::Email => Target::Email,
                Field::Password => Target::Password,
                Field::Locale => Target::Locale,
                // Unknown roles are named already; an empty cell is reworded.
                Field::Roles if !roles_cell.trim().is_empty() => continue,
                Field::Roles => Target::Roles,
                Field::Attribute { index, .. } => Target::Attribute(index),
            };
            let message = match problem {
                Problem::NoRole => "List at least one role, by name or ID.".to_owned(),
                other => other.to_string(),
            };
            problems.push(format!("{}: {message}", self.column_name(target)));
        }
        problems
    }
}

/// The values of an attribute's cell that holds several, separated by `;`
/// or `|` (not `,`, which values such as "Paris, France" hold), trimmed,
/// empty ones left out.
fn split_values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|'])
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// A BOOLEAN cell as the form holds it: [`CHECKED`] for true, empty for
/// false or not set, `None` when it is neither.
fn boolean(cell: &str) -> Option<&'static str> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(CHECKED),
        "false" | "no" | "0" | "" => Some(""),
        _ => None,
    }
}
