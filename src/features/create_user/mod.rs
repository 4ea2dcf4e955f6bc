//! **New user**: the dialog that creates one user (`dialog`), its fields
//! (`form`, `roles`, `attributes`), its buttons (`actions`), the state they
//! share (`editor`), and the form's rules (`rules`), which Import CSV
//! checks every row with.

mod actions;
mod attributes;
mod dialog;
mod editor;
mod form;
mod roles;
pub mod rules;

pub use dialog::CreateUserDialog;
