//! The portal's users as a CSV file that a spreadsheet program opens as it
//! should.
//!
//! UTF-8 with a byte order mark (Excel reads accents right only then),
//! RFC 4180 quoting and CRLF line ends by the `csv` crate, and every cell
//! that a spreadsheet could take for a formula neutralised.

use std::borrow::Cow;
use std::sync::Arc;

use csv::{Terminator, WriterBuilder};

use crate::api::model::{LastLogin, Role, User, UserAttribute};
use crate::text::time::format_iso8601_utc;

/// The byte order mark the file starts with.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The columns every file has, before one column per user attribute.
pub const FIXED_COLUMNS: [&str; 7] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "last_logged_at",
    "locale",
    "roles",
];

/// What joins several values in one cell (roles, multiple attribute values).
const JOIN: &str = ";";

/// Writing the CSV failed (it is written to memory, so only a bug can).
/// The `csv` crate's own error is not kept: its messages would bring its
/// and `std::io`'s formatting code into the wasm for a failure that
/// cannot happen.
#[derive(Debug, thiserror::Error)]
#[error("The CSV file could not be written.")]
pub struct CsvError;

/// `portal-{portalId}-users-{YYYY-MM-DD}.csv`, for the date `(year, month,
/// day)`; with `words` (the access review's filters, e.g.
/// `never-logged-in`), `portal-{portalId}-users-{words}-{YYYY-MM-DD}.csv`.
/// Characters a file name cannot safely hold become `_`.
pub fn file_name(portal_id: &str, words: &str, (year, month, day): (u32, u32, u32)) -> String {
    let portal = safe_file_part(portal_id);
    let words = match words {
        "" => String::new(),
        words => format!("{}-", safe_file_part(words)),
    };
    format!("portal-{portal}-users-{words}{year:04}-{month:02}-{day:02}.csv")
}

/// `text` fit for a file name: characters a file name cannot safely hold
/// become `_`.
pub fn safe_file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A cell as written: one that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` (OWASP's rule against CSV formula
/// injection), so a spreadsheet shows it as text instead of running it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The whole file for `users`, in their order: the header
/// `id,first_name,last_name,email,last_logged_at,locale,roles`, then one
/// column per user attribute of `attributes` (its name as header, values
/// joined with `;`), then one per attribute ID a user holds that the
/// catalog does not know (the ID as header). Roles are named from `roles`
/// and joined with `;`; a role ID it does not know stays as the ID. Login
/// times are ISO 8601 in UTC, empty for never.
pub fn users_csv(
    users: &[Arc<User>],
    roles: &[Role],
    attributes: &[UserAttribute],
) -> Result<Vec<u8>, CsvError> {
    // The catalogs are short (tens of entries): found by a plain search,
    // which costs the wasm less than a hash map.
    let role_name = |id: &str| {
        roles
            .iter()
            .find(|role| role.id == id)
            .map(|role| role.name.as_str())
    };
    let mut headers: Vec<&str> = attributes.iter().map(|a| a.name.as_str()).collect();
    // The attribute ID of each column after the fixed ones.
    let mut column_ids: Vec<&str> = attributes.iter().map(|a| a.id.as_str()).collect();
    for value in users.iter().flat_map(|user| &user.attributes) {
        if !column_ids.contains(&value.id.as_str()) {
            column_ids.push(&value.id);
            headers.push(&value.id);
        }
    }
    let column_of = |id: &str| column_ids.iter().position(|column| *column == id);

    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let fail = |_| CsvError;
    writer
        .write_record(
            FIXED_COLUMNS
                .iter()
                .chain(&headers)
                .map(|h| neutralise(h).into_owned()),
        )
        .map_err(fail)?;
    for user in users {
        let mut values = vec![Vec::<&str>::new(); headers.len()];
        for value in &user.attributes {
            if let Some(column) = column_of(&value.id) {
                values[column].push(&value.value);
            }
        }
        let role_cell = user
            .roles
            .iter()
            .map(|id| role_name(id).unwrap_or(id))
            .collect::<Vec<_>>()
            .join(JOIN);
        let login = match user.last_login {
            LastLogin::Never => String::new(),
            LastLogin::At(ms) => format_iso8601_utc(ms),
        };
        let fixed = [
            user.id.clone(),
            user.first_name.clone(),
            user.last_name.clone(),
            user.email.clone(),
            login,
            user.locale.clone().unwrap_or_default(),
            role_cell,
        ];
        let cells = fixed
            .into_iter()
            .chain(values.iter().map(|values| values.join(JOIN)));
        writer
            .write_record(cells.map(|cell| neutralise(&cell).into_owned()))
            .map_err(fail)?;
    }
    writer.into_inner().map_err(|_| CsvError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{AttributeType, AttributeValue};

    fn user(id: &str, first_name: &str, last_name: &str) -> Arc<User> {
        Arc::new(User {
            id: id.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: format!("{id}@example.com"),
            last_login: LastLogin::Never,
            locale: None,
            roles: Vec::new(),
            attributes: Vec::new(),
        })
    }

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes.strip_prefix(BOM).expect("a BOM")).unwrap()
    }

    fn attribute(id: &str, name: &str) -> UserAttribute {
        UserAttribute {
            id: id.into(),
            name: name.into(),
            label: name.to_uppercase(),
            kind: AttributeType::String,
            allow_multiple_values: true,
        }
    }

    #[test]
    fn an_empty_portal_is_a_header_with_a_bom() {
        let bytes = users_csv(&[], &[], &[attribute("ua_1", "team")]).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(
            text(&bytes),
            "id,first_name,last_name,email,last_logged_at,locale,roles,team\r\n"
        );
    }

    #[test]
    fn rows_name_roles_and_attributes_and_keep_unknown_ids() {
        let mut ada = User::clone(&user("us_1", "Ada", "Lovelace"));
        ada.last_login = LastLogin::At(1_709_647_629_500.0);
        ada.locale = Some("fr_FR".into());
        ada.roles = vec!["ro_1".into(), "ro_gone".into(), "ro_2".into()];
        ada.attributes = vec![
            AttributeValue {
                id: "ua_2".into(),
                value: "Paris".into(),
            },
            AttributeValue {
                id: "ua_1".into(),
                value: "blue".into(),
            },
            AttributeValue {
                id: "ua_x".into(),
                value: "?".into(),
            },
            AttributeValue {
                id: "ua_1".into(),
                value: "red".into(),
            },
        ];
        let roles = [
            Role {
                id: "ro_1".into(),
                name: "Admin".into(),
                is_system: true,
            },
            Role {
                id: "ro_2".into(),
                name: "Viewer".into(),
                is_system: false,
            },
        ];
        let attributes = [attribute("ua_1", "team"), attribute("ua_2", "city")];
        let bytes = users_csv(
            &[Arc::new(ada), user("us_2", "Bob", "")],
            &roles,
            &attributes,
        )
        .unwrap();
        assert_eq!(
            text(&bytes),
            concat!(
                "id,first_name,last_name,email,last_logged_at,locale,roles,team,city,ua_x\r\n",
                "us_1,Ada,Lovelace,us_1@example.com,2024-03-05T14:07:09Z,fr_FR,Admin;ro_gone;Viewer,blue;red,Paris,?\r\n",
                "us_2,Bob,,us_2@example.com,,,,,,\r\n",
            )
        );
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let hostile = user("us_1", "Smith, \"Jo\"", "line\nbreak\r\nend");
        let bytes = users_csv(&[hostile], &[], &[]).unwrap();
        assert_eq!(
            text(&bytes).lines().nth(1).unwrap(),
            "us_1,\"Smith, \"\"Jo\"\"\",\"line"
        );
        assert!(text(&bytes).contains("\"line\nbreak\r\nend\",us_1@example.com,,,\r\n"));
    }

    #[test]
    fn formulas_are_neutralised() {
        for cell in ["=1+2", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "Ada", " =1", "a=b", "'quoted", "1-2", "é"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
        let bytes = users_csv(
            &[user("us_1", "=HYPERLINK(\"http://x\")", "-")],
            &[],
            &[attribute("ua_1", "@team")],
        )
        .unwrap();
        assert_eq!(
            text(&bytes),
            concat!(
                "id,first_name,last_name,email,last_logged_at,locale,roles,'@team\r\n",
                "us_1,\"'=HYPERLINK(\"\"http://x\"\")\",'-,us_1@example.com,,,,\r\n",
            )
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(
            file_name("demo", "", (2026, 3, 4)),
            "portal-demo-users-2026-03-04.csv"
        );
        assert_eq!(
            file_name("a/b c", "", (2026, 12, 31)),
            "portal-a_b_c-users-2026-12-31.csv"
        );
        assert_eq!(
            file_name("demo", "never-logged-in-matching-a/b", (2026, 12, 7)),
            "portal-demo-users-never-logged-in-matching-a_b-2026-12-07.csv"
        );
    }
}
