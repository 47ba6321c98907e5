//! Ties in the Ward tree: which merges tie, and whether the partition at the chosen k depends on them
//! (which FactoMineR does not tell).
//!
//! # Why
//! When two candidate merges cost the same inertia (a grid of schools, symmetric profiles, duplicated
//! groups), Ward's tree is not unique: which merge happens first is decided by the order of the rows, or
//! by rounding noise (R's `hclust` on the same data in reverse order cuts a 3×3 grid into 4 clusters
//! instead of 3). ciblage breaks every tie the same way whatever the order of the rows (rows sorted
//! by first coordinate then UAI), and says whether the result hangs on such a tie.
//!
//! # Algorithm
//! Identical schools are merged before the tree is built (their zero-cost merges cannot tie with
//! anything that matters: [`super::hcpc`]), so only merges of distinct points are examined. Two merges
//! tie when their gains differ by at most [`TIE`] relative to the larger (adjacent in height order).
//! When no merge ties — the usual case — nothing else is computed (an O(n) scan of the heights). When
//! some do, the partition at the chosen k is said to depend on the ties when either
//! - the last merge made and the first merge undone by the cut tie (and the second is not built on the
//!   first): undoing the other one is an equally valid cut; or
//! - the tree built again with every near-tie broken the other way ([`Ties::OtherWay`]) is cut
//!   differently at k. That tree is only built when some step of the chain would choose differently
//!   under the other rule ([`super::ward::ward_checked`] watches every search); otherwise it is the
//!   same tree, bit for bit.
//!
//! The same alternatives are consolidated as the chosen cut is, and `partition_depends_on_ties` tells
//! whether the final partition changes too. This is a check against the two tie-breaking orders, not
//! an enumeration of every tree the ties allow.

use super::ward::{Tree, TIE};
use serde::Serialize;

/// What the ties of the tree do to the partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TieReport {
    /// Merges of distinct points whose inertia gain ties (within a relative 1e-12) with another
    /// merge's.
    pub tied_merges: usize,
    /// Schools merged at zero cost with an identical school before the tree (exact duplicates).
    pub duplicate_merges: usize,
    /// Whether the tree cut at the chosen k changes when the ties are broken the other way.
    pub cut_depends_on_ties: bool,
    /// Whether the final (consolidated) partition changes too.
    pub partition_depends_on_ties: bool,
}

fn tie(a: f64, b: f64) -> bool {
    a > 0.0 && b > 0.0 && (a - b).abs() <= TIE * a.max(b)
}

/// For each merge of `tree` (in height order), whether its gain ties with a neighbour's.
pub fn tied(tree: &Tree) -> Vec<bool> {
    let m = &tree.merges;
    (0..m.len())
        .map(|r| {
            (r > 0 && tie(m[r - 1].height, m[r].height))
                || (r + 1 < m.len() && tie(m[r].height, m[r + 1].height))
        })
        .collect()
}

/// The leaf partitions, other than the cut of `tree` at `k`, that an equally valid tie-breaking gives:
/// the last merge done swapped with the first undone when they tie, and the cut of `other_way()` (the
/// tree rebuilt with ties broken the other way), which is only built when `tied` has a tie.
pub fn alternative_cuts(
    tree: &Tree,
    tied: &[bool],
    k: usize,
    other_way: impl FnOnce() -> Tree,
) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if !tied.iter().any(|t| *t) || k < 1 || k > tree.n {
        return out;
    }
    let nl = tree.n;
    let done = nl - k;
    if done >= 1 && done < tree.merges.len() {
        let (last, next) = (&tree.merges[done - 1], &tree.merges[done]);
        let last_node = nl + done - 1;
        if tie(last.height, next.height) && next.a != last_node && next.b != last_node {
            out.push(tree.partition((0..done - 1).chain([done])));
        }
    }
    out.push(other_way().cut(k));
    out
}

/// Do two labelings give the same partition (labels compared up to renumbering)?
pub fn same_partition(a: &[usize], b: &[usize]) -> bool {
    super::labels::renumber(a) == super::labels::renumber(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ward::{ward, ward_with, Ties};

    #[test]
    fn square_corners_tie_and_the_cut_into_two_depends_on_it() {
        // Four corners of a square: the four sides tie; cutting into 2 clusters pairs them either way.
        let pts = vec![
            vec![0.0, 0.0],
            vec![1.0, 0.0],
            vec![0.0, 1.0],
            vec![1.0, 1.0],
        ];
        let w = vec![1.0; 4];
        let t = ward(&pts, &w);
        let flags = tied(&t);
        assert_eq!(flags, vec![true, true, false]);
        let alts = alternative_cuts(&t, &flags, 2, || ward_with(&pts, &w, Ties::OtherWay));
        let cut = t.cut(2);
        assert!(
            alts.iter().any(|a| !same_partition(a, &cut)),
            "{cut:?} {alts:?}"
        );
        // Cut into 3: the two first merges tie, either may be undone.
        let alts = alternative_cuts(&t, &flags, 3, || ward_with(&pts, &w, Ties::OtherWay));
        assert!(alts.iter().any(|a| !same_partition(a, &t.cut(3))));
    }

    #[test]
    fn distinct_gains_have_no_tie_and_no_alternative() {
        let pts = vec![vec![0.0], vec![1.0], vec![3.0], vec![7.0]];
        let w = vec![1.0; 4];
        let t = ward(&pts, &w);
        let flags = tied(&t);
        assert!(flags.iter().all(|f| !f));
        let alts = alternative_cuts(&t, &flags, 2, || panic!("no rebuild without a tie"));
        assert!(alts.is_empty());
        assert!(same_partition(&[1, 1, 2], &[2, 2, 1]));
        assert!(!same_partition(&[1, 2, 2], &[1, 1, 2]));
    }
}
