//! The administrator's locale's order of names and emails, by the
//! browser's `Intl.Collator`.
//!
//! A comparison per pair across the JS boundary would cost a sort of
//! 100,000 users seconds; instead the texts cross once, joined, are
//! sorted inside JS by the collator, and come back once, joined, as the
//! places the pure sort (`rules::order`) reads. Sorting 100,000 distinct
//! emails so still takes the collator about 150 ms: the results work the
//! places out once per walk, when the browser is idle (see `SortPlaces`).

use std::collections::HashSet;

use js_sys::{Array, Function, Intl, JsString, Object, Reflect};
use wasm_bindgen::JsCast;

use crate::features::access_review::rules::order::places;

/// What joins the texts while they cross: no name or email typed holds it.
const SEPARATOR: &str = "\u{0}";

/// The place of each of `texts` in the browser's locale's order.
pub fn collate(texts: &[String]) -> Vec<u32> {
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|text| seen.insert(*text))
        .collect();
    let array = JsString::from(distinct.join(SEPARATOR)).split(SEPARATOR);
    let compare = Intl::Collator::new(&Array::new(), &Object::new()).compare();
    // `Array.prototype.sort` with the collator's own compare: the whole
    // sort runs inside JS.
    if let Some(sort) = Reflect::get(&array, &"sort".into())
        .ok()
        .and_then(|sort| sort.dyn_into::<Function>().ok())
    {
        let _ = sort.call1(&array, &compare);
    }
    let ordered = String::from(array.join(SEPARATOR));
    let ordered: Vec<&str> = ordered.split(SEPARATOR).collect();
    places(&texts, &ordered)
}
