//! **Export CSV**: every user of the portal in one file (`panel`), written
//! by the pure CSV rules (`rules`).

mod panel;
pub mod rules;

pub use panel::{save_csv, CatalogsFailed, ExportError, ExportPanel};
