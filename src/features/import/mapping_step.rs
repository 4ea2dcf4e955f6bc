//! The mapping step of **Import users**: once a file is read, a select
//! per column, labelled with the column's header, that says which field
//! the column fills (a user field, a user attribute, or nothing), first as
//! the console guesses from the headers; then what keeps the mapping from
//! being used ("Map a column to Email"). **Check file** waits for a
//! mapping without problems.

use std::sync::Arc;

use leptos::prelude::*;

use super::choose::Chosen;
use crate::api::UserAttribute;
use crate::app::catalogs::Catalogs;
use crate::features::import::rules::mapping::{column_name, Mapping, MappingProblem, Target};
use crate::features::import::rules::table::CsvTable;

/// A mapping with the table and the attribute definitions it was made
/// for.
#[derive(Clone)]
struct Mapped {
    table: Arc<CsvTable>,
    attributes: Arc<Vec<UserAttribute>>,
    mapping: Mapping,
}

impl Mapped {
    fn problems(&self) -> Vec<MappingProblem> {
        self.mapping.problems(&self.table.header, &self.attributes)
    }
}

/// The mapping of the chosen file: the console's guess, until the
/// administrator changes a column.
#[derive(Clone, Copy)]
pub(super) struct ColumnMapping {
    chosen: RwSignal<Chosen>,
    catalogs: Catalogs,
    /// The mapping as last changed by hand, for the table and definitions
    /// it was changed for: another file, or definitions fetched again,
    /// start from the guess.
    changed: RwSignal<Option<Mapped>>,
}

impl ColumnMapping {
    /// The mapping of the file in `chosen`, against the attributes in
    /// `catalogs`.
    pub fn new(chosen: RwSignal<Chosen>, catalogs: Catalogs) -> ColumnMapping {
        ColumnMapping {
            chosen,
            catalogs,
            changed: RwSignal::new(None),
        }
    }

    /// The chosen file's table and the attribute definitions, once both
    /// are in (tracked).
    fn inputs(self) -> Option<(Arc<CsvTable>, Arc<Vec<UserAttribute>>)> {
        let (_, Ok(table)) = self.chosen.get()? else {
            return None;
        };
        Some((table, self.catalogs.attributes()?.ok()?))
    }

    /// The mapping as it stands (tracked).
    fn current(self) -> Option<Mapped> {
        let (table, attributes) = self.inputs()?;
        let changed = self.changed.with(|changed| {
            changed
                .as_ref()
                .filter(|c| {
                    Arc::ptr_eq(&c.table, &table) && Arc::ptr_eq(&c.attributes, &attributes)
                })
                .map(|c| c.mapping.clone())
        });
        let mapping = changed.unwrap_or_else(|| Mapping::guess(&table.header, &attributes));
        Some(Mapped {
            table,
            attributes,
            mapping,
        })
    }

    /// The table and its mapping, once the mapping has no problems
    /// (tracked): what **Check file** checks.
    pub fn ready(self) -> Option<(Arc<CsvTable>, Mapping)> {
        let mapped = self.current()?;
        mapped
            .problems()
            .is_empty()
            .then_some((mapped.table, mapped.mapping))
    }

    /// What `column` fills (tracked).
    fn target(self, column: usize) -> Option<Target> {
        self.current()?.mapping.targets[column]
    }

    /// `column` now fills `target` (nothing, for `None`).
    fn choose(self, column: usize, target: Option<Target>) {
        if let Some(mut mapped) = untrack(|| self.current()) {
            mapped.mapping.targets[column] = target;
            self.changed.set(Some(mapped));
        }
    }
}

/// The mapping step of the file in `mapping`: the **Columns** heading, a
/// select per column of the file (columns without a header or anything
/// under it are left out), each with the column's first value (not shown
/// for a password), then the mapping's problems. Nothing until the file and the attribute
/// definitions are in. `disabled` says when the selects are off (the
/// portal is being walked); `on_change` is called after each change, which
/// an earlier dry run no longer matches. A plain function, as `file_field`
/// is: a component's props cost the wasm more than they help here.
pub(super) fn mapping_step(
    mapping: ColumnMapping,
    disabled: impl Fn() -> bool + Copy + Send + Sync + 'static,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Built again only for another file or other definitions: a change by
    // hand leaves the selects (and the focus) where they are.
    move || {
        let (table, attributes) = mapping.inputs()?;
        let fields = (0..table.header.len())
            .filter(|&column| !table.is_blank_column(column))
            .map(|column| column_field(mapping, &table, &attributes, column, disabled, on_change))
            .collect_view();
        let problems = move || {
            let problems = mapping.current()?.problems();
            (!problems.is_empty()).then(|| {
                let items = problems
                    .into_iter()
                    .map(|problem| view! { <li>{problem.to_string()}</li> })
                    .collect_view();
                view! { <ul class="error-message">{items}</ul> }
            })
        };
        Some(view! {
            <div class="import-mapping">
                <h3 id="import-mapping-title">"Columns"</h3>
                <div class="import-columns" role="group" aria-labelledby="import-mapping-title">{fields}</div>
                <div class="import-mapping-problems" role="status">{problems}</div>
            </div>
        })
    }
}

/// The select of `column` of `table`, labelled with its name, showing what
/// the column fills in `mapping`, with the column's first value under it;
/// `disabled` and `on_change` as for [`mapping_step`].
fn column_field(
    mapping: ColumnMapping,
    table: &CsvTable,
    attributes: &Arc<Vec<UserAttribute>>,
    column: usize,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
    on_change: impl Fn() + 'static,
) -> impl IntoView {
    let selected = untrack(|| mapping.target(column));
    let id = format!("import-column-{column}");
    let sample_id = format!("{id}-sample");
    let option = |target: Target| {
        view! {
            <option value=target.code(attributes) selected=selected == Some(target)>
                {target.label(attributes).to_owned()}
            </option>
        }
    };
    let user_fields = Target::user_fields().map(option).collect_view();
    let attribute_options = (0..attributes.len())
        .map(|index| option(Target::Attribute(index)))
        .collect_view();
    let sample = table.sample(column).map(|value| format!("e.g. {value}"));
    let described = sample.is_some().then(|| sample_id.clone());
    // A password stays off the screen, whichever column it comes from.
    let sample = sample.map(|sample| {
        move || match mapping.target(column) {
            Some(Target::Password) => "Not shown: a password".to_owned(),
            _ => sample.clone(),
        }
    });
    let definitions = attributes.clone();
    let on_pick = move |ev: leptos::ev::Event| {
        let target = Target::from_code(&event_target_value(&ev), &definitions);
        mapping.choose(column, target);
        on_change();
    };
    view! {
        <div class="field">
            <label for=id.clone()>{column_name(&table.header, column)}</label>
            <select id=id aria-describedby=described disabled=disabled on:change=on_pick>
                <optgroup label="User fields">{user_fields}</optgroup>
                {(!attributes.is_empty()).then(|| view! {
                    <optgroup label="User attributes">{attribute_options}</optgroup>
                })}
                <option value="" selected=selected.is_none()>"Ignore this column"</option>
            </select>
            {sample.map(|sample| view! { <p class="hint import-sample" id=sample_id>{sample}</p> })}
        </div>
    }
}
