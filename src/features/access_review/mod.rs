//! **Access review**: every user of the portal filtered by Find's text,
//! Last login and Email domain, sorted, selected and exported at once,
//! over the tab's walk of the portal. The two filters sit on the users
//! list's toolbar (`filters`); the results, with their counts, sort,
//! **Select all N matching** and **Export matching**, are fetched on
//! demand (`results`).

mod collation;
mod filters;
mod results;
pub mod rules;

pub use filters::ReviewFilters;
pub use results::{ReviewResults, ReviewWiring};
