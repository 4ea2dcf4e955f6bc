//! The import from file to results, natively: files as spreadsheets write
//! them, row checks, duplicates, existing emails, the resume rule (with the
//! mapping as stored) and the results file read back.

use super::check::{check_rows, email_key, Catalog, ExistingEmails};
use super::decoding::Encoding;
use super::mapping::{Mapping, Target};
use super::progress::{stored_counts, Import, Outcome, Skip, NO_ANSWER};
use super::results::{results_csv, results_file_name};
use super::table::{read_file, read_table, CsvTable};
use crate::api::model::{AttributeType, AttributeValue, Role, UserAttribute};
use crate::api::{ApiError, ErrorKind};

/// Roles named `names`, with the IDs `ro_0`, `ro_1`…
pub(super) fn roles_named(names: &[&str]) -> Vec<Role> {
    names
        .iter()
        .enumerate()
        .map(|(n, name)| Role {
            id: format!("ro_{n}"),
            name: (*name).to_owned(),
            is_system: false,
        })
        .collect()
}

fn roles() -> Vec<Role> {
    roles_named(&["Viewer", "Sales EMEA", "Finance", "Sales, Americas"])
}

fn attributes() -> Vec<UserAttribute> {
    let attribute = |id: &str, name: &str, label: &str, kind: &str, multiple| UserAttribute {
        id: id.to_owned(),
        name: name.to_owned(),
        label: label.to_owned(),
        kind: AttributeType::from(kind.to_owned()),
        allow_multiple_values: multiple,
    };
    vec![
        attribute("ua_1", "department", "Department", "STRING", false),
        attribute("ua_2", "regions", "Regions", "STRING", true),
        attribute("ua_3", "seats", "Licensed seats", "NUMBER", false),
        attribute("ua_4", "is_contractor", "Contractor", "BOOLEAN", false),
        attribute("ua_5", "contract_end", "Contract end", "TIME", false),
    ]
}

/// The import of `text` for a portal where `existing` emails are taken,
/// its columns mapped as guessed.
fn import(text: &str, existing: &[(&str, &str)]) -> Import {
    let table = read_table(text, Encoding::Utf8).unwrap();
    let mapping = Mapping::guess(&table.header, &attributes());
    import_mapped(&table, &mapping, existing)
}

/// The import of `table` mapped by `mapping`, which has no problems.
fn import_mapped(table: &CsvTable, mapping: &Mapping, existing: &[(&str, &str)]) -> Import {
    let (roles, attributes) = (roles(), attributes());
    assert_eq!(mapping.problems(&table.header, &attributes), []);
    let existing: ExistingEmails = existing
        .iter()
        .map(|(email, id)| (email_key(email), (*id).to_owned()))
        .collect();
    let catalog = Catalog {
        roles: &roles,
        attributes: &attributes,
    };
    check_rows("demo", table, mapping, catalog, &existing)
}

/// The problems of each row, `[]` for a row ready to create.
fn problems(import: &Import) -> Vec<Vec<String>> {
    import
        .progress
        .outcomes
        .iter()
        .map(|outcome| match outcome {
            Outcome::Pending => Vec::new(),
            Outcome::Skipped(Skip::Problems(problems)) => problems.clone(),
            other => vec![format!("{other:?}")],
        })
        .collect()
}

const HEADER: &str = "first_name,last_name,email,roles";

#[test]
fn a_good_row_becomes_the_body_the_dialog_would_send() {
    let text = "First_Name,last_name,email,password,locale,roles,Department,Regions,licensed seats,Contractor,contract_end\n\
        \" Ada \",Lovelace, Ada@Example.com ,\" s3cret \",fr-fr,viewer|ro_1,Sales,EMEA; APAC,012.50,yes,2026-05-01T09:30\n";
    let import = import(text, &[]);
    assert_eq!(problems(&import), [Vec::<String>::new()]);
    let user = import.plan.rows[0].new_user.clone().unwrap();
    assert_eq!(
        (user.first_name.as_str(), user.email.as_str()),
        ("Ada", "Ada@Example.com")
    );
    // Cells are trimmed, a password's too.
    assert_eq!(user.password.as_deref(), Some("s3cret"));
    assert_eq!(user.locale.as_deref(), Some("fr_FR"));
    assert_eq!(user.roles, ["ro_0", "ro_1"]);
    let values: Vec<(&str, &str)> = user
        .attributes
        .iter()
        .map(|AttributeValue { id, value }| (id.as_str(), value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("ua_1", "Sales"),
            ("ua_2", "EMEA"),
            ("ua_2", "APAC"),
            ("ua_3", "12.5"),
            ("ua_4", "true"),
            ("ua_5", "2026-05-01T09:30:00Z"),
        ]
    );
    assert_eq!(import.to_create(), 1);
}

#[test]
fn times_with_an_offset_and_false_booleans() {
    let text = "first_name,last_name,email,roles,contract_end,is_contractor\n\
        A,B,a@example.com,Viewer,2026-05-01T11:30:00+02:00,no\n";
    let import = import(text, &[]);
    let user = import.plan.rows[0].new_user.clone().unwrap();
    assert_eq!(user.attributes.len(), 1, "false is not sent");
    assert_eq!(user.attributes[0].value, "2026-05-01T09:30:00Z");
    assert_eq!(user.locale.as_deref(), Some("en_US"));
}

#[test]
fn each_rule_names_its_column() {
    let text = "first_name,last_name,Email,roles,locale,seats,Contractor,contract_end\n\
        ,Lovelace,ada@,Viewer,xx_XX,twelve,maybe,tomorrow\n\
        Bob,B,bob@example.com,,,,,\n\
        Cy,C,cy@example.com,Admin;Viewer,,,,\n\
        Di,D,di@example.com,Viewer\n";
    let import = import(text, &[]);
    assert_eq!(
        problems(&import),
        [
            vec![
                "Unknown locale \"xx_XX\"",
                "Contractor: Enter true or false (or yes/no, 1/0).",
                "first_name: Enter a first name.",
                "Email: Enter an email address like name@example.com.",
                "seats: Enter a number, like 12 or 3.5.",
                "contract_end: Enter a complete date and time.",
            ],
            vec!["roles: List at least one role, by name or ID."],
            vec!["Unknown role \"Admin\""],
            vec!["This row has 4 fields; the header has 8."],
        ]
    );
    assert_eq!(import.to_create(), 0);
}

#[test]
fn without_a_roles_column_every_row_needs_one() {
    let import = import("first_name,last_name,email\nA,B,a@example.com\n", &[]);
    assert_eq!(
        problems(&import),
        [vec!["roles: List at least one role, by name or ID."]]
    );
}

#[test]
fn an_email_repeated_in_the_file_keeps_the_first() {
    let text = format!(
        "{HEADER}\nA,B,a@example.com,Viewer\nC,D,b@example.com,Viewer\nE,F, A@EXAMPLE.com ,Viewer\n"
    );
    let import = import(&text, &[]);
    assert_eq!(
        problems(&import),
        [vec![], vec![], vec!["email repeated in row 2".to_owned()]]
    );
}

#[test]
fn emails_in_the_portal_are_skipped() {
    let text = format!("{HEADER}\nA,B,Taken@Example.com,Viewer\nC,D,new@example.com,Viewer\n");
    let import = import(&text, &[("taken@example.com", "us_1")]);
    assert_eq!(
        import.progress.outcomes,
        [Outcome::Skipped(Skip::AlreadyExists), Outcome::Pending]
    );
    assert_eq!(import.plan.rows[0].new_user, None);
    assert_eq!(import.to_create(), 1);
    assert_eq!(import.next_pending().map(|(index, _)| index), Some(1));
}

fn four_rows() -> Import {
    let text = format!(
        "{HEADER}\nA,A,a@example.com,Viewer\nB,B,b@example.com,Viewer\nC,C,c@example.com,Viewer\nD,D,d@example.com,Viewer\n"
    );
    import(&text, &[])
}

#[test]
fn the_resume_rule() {
    let mut import = four_rows();
    import.send(0);
    import.answered(0, Outcome::Created("us_a".to_owned()));
    import.send(1);
    // A reload now: row 1's create was sent, and the portal has it; row 3
    // was made by someone else meanwhile.
    let mut found = import.clone();
    let existing: ExistingEmails = [
        ("a@example.com", "us_a"),
        ("b@example.com", "us_b"),
        ("d@example.com", "us_d"),
    ]
    .iter()
    .map(|(email, id)| (email.to_string(), id.to_string()))
    .collect();
    found.resume(&existing);
    assert_eq!(
        found.progress.outcomes,
        [
            Outcome::Created("us_a".to_owned()),
            Outcome::Created("us_b".to_owned()),
            Outcome::Pending,
            Outcome::Skipped(Skip::AlreadyExists),
        ]
    );
    assert_eq!(found.progress.in_flight, None);
    assert_eq!(found.next_pending().map(|(index, _)| index), Some(2));

    // The in-flight create never arrived: that row is sent again.
    let mut lost = import.clone();
    lost.resume(&ExistingEmails::new());
    assert_eq!(lost.progress.outcomes[1], Outcome::Pending);
    assert_eq!(lost.next_pending().map(|(index, _)| index), Some(1));
    assert!(!lost.is_finished());

    // The key was refused for it: nothing was written, the row waits again
    // and is stored as waiting, not in flight.
    let mut refused = import.clone();
    refused.unsent();
    assert_eq!(refused.progress.in_flight, None);
    assert_eq!(refused.next_pending().map(|(index, _)| index), Some(1));
    assert!(refused.progress_text().starts_with("\nc\tus_a\np\n"));
}

/// `import` written out as the tab stores it and read back.
fn stored_and_read_back(import: &Import) -> Option<Import> {
    let (roles, attributes) = (roles(), attributes());
    let catalog = Catalog {
        roles: &roles,
        attributes: &attributes,
    };
    let (plan, progress) = (import.plan_text(), import.progress_text());
    assert!(!plan.contains("sk:") && !progress.contains("sk:"));
    Import::from_stored(&plan, &progress, catalog)
}

#[test]
fn stored_progress_reads_back_as_it_was() {
    let mut import = four_rows();
    import.answered(0, Outcome::Created("us_a".to_owned()));
    import.answered(
        2,
        Outcome::Failed("Bad\tthing\nhere".to_owned(), Some("req_2".to_owned())),
    );
    import.send(1);
    assert_eq!(
        import.progress_text(),
        "1\nc\tus_a\np\nf\tBad thing here\treq_2\np"
    );
    assert_eq!(stored_counts(&import.progress_text()), Some((2, 4)));
    let mut expected = import.clone();
    expected.progress.outcomes[2] =
        Outcome::Failed("Bad thing here".to_owned(), Some("req_2".to_owned()));
    assert_eq!(stored_and_read_back(&import), Some(expected));

    // Existing at the dry run, found existing later, a problem in the file.
    let text = format!(
        "{HEADER}\nA,A,taken@example.com,Viewer\nB,B,b@example.com,Viewer\nC,C,c@,Viewer\n"
    );
    let mut import = self::import(&text, &[("taken@example.com", "us_t")]);
    import.resume(&[("b@example.com".to_owned(), "us_b".to_owned())].into());
    assert_eq!(import.progress_text(), "\ne\nE\nx");
    assert_eq!(stored_counts(&import.progress_text()), None, "it has ended");
    assert_eq!(stored_and_read_back(&import), Some(import));
}

#[test]
fn stored_texts_that_do_not_fit_are_refused() {
    let import = four_rows();
    let (roles, attributes) = (roles(), attributes());
    let catalog = Catalog {
        roles: &roles,
        attributes: &attributes,
    };
    let plan = import.plan_text();
    for progress in ["", "\np\np", "9\np\np\np\np", "\np\np\np\nz"] {
        assert_eq!(
            Import::from_stored(&plan, progress, catalog),
            None,
            "{progress:?}"
        );
    }
    assert_eq!(Import::from_stored("demo", "\np", catalog), None);
    // A plan stored before the mapping was: its second line is the header.
    let (portal, rest) = plan.split_once('\n').unwrap();
    let (_, file) = rest.split_once('\n').unwrap();
    let old = format!("{portal}\n{file}");
    assert_eq!(Import::from_stored(&old, "\np\np\np\np", catalog), None);
}

#[test]
fn cancel_failures_and_the_summary() {
    let mut import = four_rows();
    import.answered(0, Outcome::Created("us_a".to_owned()));
    let network = ApiError {
        kind: ErrorKind::Network,
        status: None,
        message: "unreachable".to_owned(),
        request_id: None,
    };
    import.answered(1, Outcome::failed(&network));
    assert_eq!(
        import.progress.outcomes[1],
        Outcome::Failed(NO_ANSWER.to_owned(), None)
    );
    let server = ApiError {
        kind: ErrorKind::Server,
        status: Some(503),
        message: "Service Unavailable".to_owned(),
        request_id: Some("req_9".to_owned()),
    };
    assert_eq!(
        Outcome::failed(&server),
        Outcome::Failed(server.to_string(), Some("req_9".to_owned()))
    );
    assert_eq!(import.done(), 2);
    let mut refused = import.clone();
    import.skip_pending(Skip::Cancelled);
    assert!(import.is_finished());
    assert_eq!(
        import.summary().to_string(),
        "Created 1, skipped 2, failed 1"
    );

    // After a 403 the rows not sent say why, and keep saying it once
    // stored and read back.
    refused.skip_pending(Skip::NotAllowed);
    assert_eq!(
        refused.progress.outcomes[2],
        Outcome::Skipped(Skip::NotAllowed)
    );
    assert_eq!(
        Skip::NotAllowed.message(),
        "not sent: the key may not create users (HTTP 403)"
    );
    assert!(refused.progress_text().ends_with("\nn\nn"));
    assert_eq!(stored_and_read_back(&refused), Some(refused));
}

#[test]
fn the_results_file_imports_again() {
    let text = "first_name,last_name,email,roles,id\n\
        A,A,a@example.com,Viewer,x\n\
        \"=B\",B,b@example.com,Viewer,y\n\
        C,C,c@,Viewer,z\n\
        D,D,d@example.com,Viewer\n";
    let mut import = import(text, &[]);
    import.answered(0, Outcome::Created("us_a".to_owned()));
    import.answered(
        1,
        Outcome::Failed("Service Unavailable".to_owned(), Some("req_1".to_owned())),
    );
    let bytes = results_csv(&import).unwrap();
    let written = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(
        written,
        "first_name,last_name,email,roles,id,status,user_id,message,request_id\r\n\
         A,A,a@example.com,Viewer,x,created,us_a,,\r\n\
         '=B,B,b@example.com,Viewer,y,failed,,Service Unavailable,req_1\r\n\
         C,C,c@,Viewer,z,skipped,,problem in file: email: Enter an email address like name@example.com.,\r\n\
         D,D,d@example.com,Viewer,,skipped,,problem in file: This row has 4 fields; the header has 5.,\r\n"
    );

    // Read back as an import once a@ exists: the result columns are
    // ignored, the created row is skipped, the failed one is ready again
    // with its name as it was.
    let again = read_file(&bytes, |_| None).unwrap();
    let attributes = attributes();
    let mapping = Mapping::guess(&again.header, &attributes);
    assert_eq!(mapping.targets[4..], [None; 5], "id and the results");
    let roles = roles();
    let existing: ExistingEmails = [("a@example.com".to_owned(), "us_a".to_owned())].into();
    let catalog = Catalog {
        roles: &roles,
        attributes: &attributes,
    };
    let second = check_rows("demo", &again, &mapping, catalog, &existing);
    assert_eq!(
        second.progress.outcomes[0],
        Outcome::Skipped(Skip::AlreadyExists)
    );
    assert_eq!(second.progress.outcomes[1], Outcome::Pending);
    assert_eq!(
        second.plan.rows[1].new_user.as_ref().unwrap().first_name,
        "=B"
    );
    // The ragged row comes back padded to the header, so it is ready too.
    assert_eq!(second.to_create(), 2);

    // Its results replace the first ones rather than adding columns.
    let bytes = results_csv(&second).unwrap();
    let third = read_file(&bytes, |_| None).unwrap();
    assert_eq!(third.header, again.header);
    assert_eq!(
        third.rows[0].cells[5..],
        ["skipped", "", "already exists", ""]
    );
}

#[test]
fn results_file_names() {
    assert_eq!(
        results_file_name("demo", (2026, 3, 4)),
        "demo-import-results-2026-03-04.csv"
    );
    assert_eq!(
        results_file_name("a/b", (2026, 12, 31)),
        "a_b-import-results-2026-12-31.csv"
    );
}

/// A file as a person writes one: their own headers, roles listed with
/// commas, a role whose name holds one, an attribute by its label.
#[test]
fn a_spreadsheet_as_people_write_it() {
    let text = "Given name,Surname,E-mail address,Role,Language,Licensed seats\n\
        Ada,Lovelace,ada@example.com,\"Finance, Viewer\",fr-FR,3\n\
        Bob,Byron,bob@example.com,\"Sales, Americas\",,\n\
        Cy,Cole,cy@example.com,\"Viewer; Sales, Americas, Finance\",,\n\
        Di,Dee,di@example.com,\"Finance, Wizard\",,\n";
    let import = import(text, &[]);
    assert_eq!(
        problems(&import),
        [
            vec![],
            vec![],
            vec![],
            vec!["Unknown role \"Wizard\"".to_owned()]
        ]
    );
    let roles = |row: usize| import.plan.rows[row].new_user.clone().unwrap().roles;
    assert_eq!(roles(0), ["ro_2", "ro_0"]);
    assert_eq!(roles(1), ["ro_3"]);
    assert_eq!(roles(2), ["ro_0", "ro_3", "ro_2"]);
    let ada = import.plan.rows[0].new_user.clone().unwrap();
    assert_eq!(ada.locale.as_deref(), Some("fr_FR"));
    assert_eq!(ada.attributes[0].value, "3");
    // The results file keeps the file's own headers.
    let results = results_csv(&import).unwrap();
    assert!(std::str::from_utf8(&results[3..])
        .unwrap()
        .starts_with("Given name,Surname,E-mail address,Role,Language,Licensed seats,status,"));
}

/// A column mapped by hand, and the import stored mid-way: read back, it
/// maps the file the same way, and not as the headers would guess.
#[test]
fn a_column_mapped_by_hand_is_stored_with_the_import() {
    let text = "First name,Last name,Contact,Work email,roles\n\
        A,A,a@home.example,a@work.example,Viewer\n\
        B,B,b@home.example,b@work.example,Viewer\n";
    let table = read_table(text, Encoding::Utf8).unwrap();
    let definitions = attributes();
    let mut mapping = Mapping::guess(&table.header, &definitions);
    assert_eq!(
        mapping.problems(&table.header, &definitions)[0].to_string(),
        "Map a column to Email"
    );
    mapping.targets[3] = Some(Target::Email);
    let mut import = import_mapped(&table, &mapping, &[]);
    assert_eq!(import.plan.rows[0].email, "a@work.example");
    assert_eq!(import.plan.mapping, "first_name\tlast_name\t\temail\troles");
    import.send(0);
    let back = stored_and_read_back(&import).unwrap();
    assert_eq!(back, import);
    assert_eq!(back.next_pending().unwrap().1.email, "a@work.example");
    // A stored mapping that no longer holds (Email mapped nowhere) is refused.
    let (roles, attributes) = (roles(), attributes());
    let catalog = Catalog {
        roles: &roles,
        attributes: &attributes,
    };
    let plan = import.plan_text().replacen("\temail\t", "\t\t", 1);
    assert_eq!(
        Import::from_stored(&plan, &import.progress_text(), catalog),
        None
    );
}

/// The three files the issue names, as bytes: Excel's UTF-8 with a BOM
/// and CRLF, Excel's Windows-1252, Excel's "Unicode Text" (UTF-16 LE, tab
/// separated), each with René Müller intact.
#[test]
fn excel_files_in_each_encoding() {
    let rows = [
        ("First name", "Last name", "Email", "Roles"),
        ("René", "Müller", "rene@example.com", "Viewer"),
    ];
    let csv: String = rows
        .iter()
        .map(|(a, b, c, d)| format!("{a},{b},{c},{d}\r\n"))
        .collect();
    let utf8_bom = ["\u{feff}".as_bytes(), csv.as_bytes()].concat();
    let windows_1252: Vec<u8> = csv.chars().map(|c| c as u32 as u8).collect();
    let tabs: String = rows
        .iter()
        .map(|(a, b, c, d)| format!("{a}\t{b}\t{c}\t{d}\r\n"))
        .collect();
    let unicode_text: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(tabs.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let latin1 = |bytes: &[u8]| Some(bytes.iter().map(|&b| char::from(b)).collect());
    for (bytes, encoding) in [
        (utf8_bom, Encoding::Utf8),
        (windows_1252, Encoding::Windows1252),
        (unicode_text, Encoding::Utf16Le),
    ] {
        let table = read_file(&bytes, latin1).unwrap();
        assert_eq!(table.encoding, encoding);
        let mapping = Mapping::guess(&table.header, &attributes());
        let import = import_mapped(&table, &mapping, &[]);
        let user = import.plan.rows[0].new_user.clone().unwrap();
        assert_eq!(
            (user.first_name.as_str(), user.last_name.as_str()),
            ("René", "Müller"),
            "{encoding:?}"
        );
    }
}
