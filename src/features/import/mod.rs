//! **Import CSV**: the button, the resume notice and the **Import users**
//! dialog (`dialog`); choosing the file (`choose`), mapping its columns
//! (`mapping_step`), the rows worth a look (`report`), the creates and
//! their progress (`run`), the progress kept in the tab (`stored`), and
//! the pure rules (`rules`).

mod choose;
mod dialog;
mod mapping_step;
mod report;
pub mod rules;
mod run;
mod stored;

pub(crate) use dialog::preload_csv_files;
pub use dialog::ImportCsv;
