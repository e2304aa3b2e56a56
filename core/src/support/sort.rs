//! Stable sorting with one copy of the sort in the WebAssembly module.
//!
//! The standard library's sort is compiled once per element type and comparison: every
//! `sort_by` of the engine added 3–5 KB of sort code to the `.wasm`. In the WebAssembly build,
//! [`sort_by`] sorts the positions of the elements (one instance, shared by every caller) and
//! then moves the elements to their places; native builds call the standard library's sort
//! directly, as fast as before.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (equal elements keep their order), as `v.sort_by(cmp)` does.
pub(crate) fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
    #[cfg(target_arch = "wasm32")]
    by_positions(v, cmp);
}

/// [`sort_by`] through a sort of the positions `0..v.len()`.
#[cfg(any(test, target_arch = "wasm32"))]
fn by_positions<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    positions(&mut order, &mut |a, b| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    // Element `order[k]` goes to place `k`: each cycle of the permutation is walked once, every
    // step putting one element in its place; a place done is marked by `order[k] == k`.
    for start in 0..order.len() {
        let mut at = start;
        while let Some(&from) = order.get(at) {
            if from == start {
                break;
            }
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        if let Some(o) = order.get_mut(at) {
            *o = at;
        }
    }
}

/// The one instance of the standard library's stable sort.
#[cfg(any(test, target_arch = "wasm32"))]
#[inline(never)]
fn positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The WebAssembly build's sort gives what the standard library's stable sort gives,
        /// equal keys included (each element carries its first position to tell them apart).
        #[test]
        fn sorting_by_positions_is_the_standard_stable_sort(keys in prop::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            by_positions(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }

    #[test]
    fn sorting_by_positions_reverses_and_keeps_ties() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by_positions(&mut v, |a, b| b.0.cmp(&a.0));
        assert_eq!(v, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }
}
