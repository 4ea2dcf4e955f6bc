//! The access review's pure rules, tested natively: the Last login choices
//! and their edges (`login`), the review's address (`address`), which
//! users match and how many each choice would show (`matching`), and the
//! order of the results (`order`).

pub mod address;
pub mod login;
pub mod matching;
pub mod order;
