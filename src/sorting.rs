//! The one sort of the app: positions in a list, in an order the caller
//! gives. std's stable sort is compiled anew for each element type and
//! comparison; the A–Z list, the release check's plan and the releases by
//! day each had their copy. Sorting positions through one comparison type
//! needs one: 6.4 KB less WebAssembly before compression (twiggy, after
//! wasm-opt, 2026-12-02).

use std::cmp::Ordering;

/// Sorts `positions` by `cmp`, stable: equal ones keep their order.
pub fn sort_positions(positions: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_comparison_and_keeps_ties_in_order() {
        let keys = [3, 1, 2, 1, 3];
        let mut positions: Vec<usize> = (0..keys.len()).collect();
        sort_positions(&mut positions, &mut |a, b| keys[a].cmp(&keys[b]));
        assert_eq!(positions, vec![1, 3, 2, 0, 4]);
    }
}
