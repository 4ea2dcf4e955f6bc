//! **Import CSV** without the browser: the file's bytes decoded
//! ([`decoding`]) and read as a table ([`table`]), its columns mapped to a
//! new user's fields ([`mapping`]), each row checked with the **New user**
//! dialog's rules ([`check`]; its roles cell split by [`roles`]), the
//! import's progress and the rule that resumes it after a reload
//! ([`progress`]), and the results file ([`results`]).

pub mod check;
pub mod decoding;
pub mod mapping;
pub mod progress;
pub mod results;
pub mod roles;
pub mod table;

#[cfg(test)]
mod tests;
