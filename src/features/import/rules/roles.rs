//! A roles cell as people write it: role names or IDs separated by `;`,
//! `|` or `,`, where a role whose own name holds a separator ("Sales,
//! EMEA") is still one role.

use crate::api::model::Role;

/// What separates the roles of a cell.
const SEPARATORS: [char; 3] = [';', '|', ','];

/// The roles listed in `cell`, each trimmed, empty ones left out.
///
/// The cell is cut at every separator; then, from the left, the longest
/// run of pieces that is, as written, a role's exact name is taken whole
/// (the whole cell, or part of it), and any other piece is one role.
pub fn split_roles<'a>(cell: &'a str, roles: &[Role]) -> Vec<&'a str> {
    // Where each piece starts and ends in the cell.
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in cell.match_indices(SEPARATORS) {
        pieces.push((start, at));
        start = at + 1;
    }
    pieces.push((start, cell.len()));
    // The most pieces a role's name spans: a run longer than that cannot
    // be a name, so a long cell is not compared run by run.
    let longest = roles
        .iter()
        .map(|role| role.name.matches(SEPARATORS).count() + 1)
        .max()
        .unwrap_or(1);
    let is_name = |text: &str| roles.iter().any(|role| role.name == text);
    let mut found = Vec::new();
    let mut first = 0;
    while first < pieces.len() {
        let last = (first + 1..(first + longest).min(pieces.len()))
            .rev()
            .find(|&last| is_name(cell[pieces[first].0..pieces[last].1].trim()))
            .unwrap_or(first);
        let text = cell[pieces[first].0..pieces[last].1].trim();
        if !text.is_empty() {
            found.push(text);
        }
        first = last + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::tests::roles_named as roles;
    use super::*;

    #[test]
    fn commas_semicolons_and_bars_separate() {
        let roles = roles(&["Finance", "Marketing", "Viewer"]);
        assert_eq!(
            split_roles("Finance, Marketing", &roles),
            ["Finance", "Marketing"]
        );
        assert_eq!(
            split_roles(" Finance;Marketing | Viewer ,, ", &roles),
            ["Finance", "Marketing", "Viewer"]
        );
        assert_eq!(split_roles("  ", &roles), Vec::<&str>::new());
        // Unknown names are listed as written, to be named in a problem.
        assert_eq!(split_roles("Wizard,ro_1", &roles), ["Wizard", "ro_1"]);
    }

    #[test]
    fn a_role_whose_name_holds_a_comma_is_taken_whole() {
        let roles = roles(&["Sales, EMEA", "Sales", "Viewer", "A; B | C"]);
        assert_eq!(split_roles("Sales, EMEA", &roles), ["Sales, EMEA"]);
        assert_eq!(
            split_roles("Viewer; Sales, EMEA", &roles),
            ["Viewer", "Sales, EMEA"]
        );
        assert_eq!(
            split_roles("Sales, EMEA, Viewer", &roles),
            ["Sales, EMEA", "Viewer"]
        );
        assert_eq!(
            split_roles("A; B | C,Viewer", &roles),
            ["A; B | C", "Viewer"]
        );
        // Only the exact name holds together: other spacing or case splits.
        assert_eq!(split_roles("Sales,EMEA", &roles), ["Sales", "EMEA"]);
        assert_eq!(split_roles("sales, emea", &roles), ["sales", "emea"]);
    }
}
