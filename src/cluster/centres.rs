//! The nearest of k centres, for k-means: a scan of the centres for small k, a k-d tree of the centres
//! for large k (the `kk` pre-clustering into 1,000 groups), with the same answer bit for bit.
//!
//! # Algorithm
//! The answer is the centre with the least squared distance [`d2`], ties to the smallest index (what a
//! scan in index order keeping strict improvements finds). From [`INDEXED_FROM`] centres on, a k-d tree
//! (median split on the widest coordinate, buckets of [`BUCKET`] centres, bounding boxes) is searched
//! from a guess (the point's previous centre): a node is skipped only when the squared distance from the
//! point to its box exceeds the best distance found by a relative 1e-9 — far more than the rounding of
//! either value —, so every centre whose computed distance could equal or beat the best is computed,
//! with the scan's formula. The tree is rebuilt at each pass (k log k, negligible against n). Before
//! the tree, each point walks the sorted list of its previous centre's nearest centres, which most
//! often settles it ([`Neighbours`]).

/// Centres from which the k-d tree replaces the scan.
pub(crate) const INDEXED_FROM: usize = 24;

/// Centres per leaf bucket.
const BUCKET: usize = 4;

/// Relative slack of the pruning test (see the module documentation).
const SLACK: f64 = 1e-9;

/// Squared Euclidean distance, summed in coordinate order (the one formula of k-means).
pub(crate) fn d2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The nearest centre by a scan: (index, squared distance), ties to the smallest index.
pub(crate) fn scan(p: &[f64], centres: &[Vec<f64>]) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (l, c) in centres.iter().enumerate() {
        let d = d2(p, c);
        if d < best.1 {
            best = (l, d);
        }
    }
    best
}

/// Whether a squared distance bounded below by `lb` may equal or beat `best`.
#[inline]
pub(crate) fn may_beat(lb: f64, best: f64) -> bool {
    lb <= best + best * SLACK + f64::MIN_POSITIVE * 1e10
}

#[derive(Debug, Clone)]
struct Node {
    /// Children, or `usize::MAX` for a bucket `items[start..end]`.
    left: usize,
    right: usize,
    start: usize,
    end: usize,
}

/// The centres of one pass, searched by scan or k-d tree (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct Centres<'a> {
    centres: &'a [Vec<f64>],
    nodes: Vec<Node>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    items: Vec<usize>,
}

impl<'a> Centres<'a> {
    /// Prepare the search of `centres` (all of the same dimension).
    pub fn new(centres: &'a [Vec<f64>]) -> Self {
        let mut s = Centres {
            centres,
            nodes: Vec::new(),
            lo: Vec::new(),
            hi: Vec::new(),
            items: (0..centres.len()).collect(),
        };
        if centres.len() >= INDEXED_FROM {
            s.split(0, centres.len());
        }
        s
    }

    fn split(&mut self, start: usize, end: usize) -> usize {
        let d = self.centres[0].len();
        let node = self.nodes.len();
        let (mut lo, mut hi) = (vec![f64::INFINITY; d], vec![f64::NEG_INFINITY; d]);
        for &l in &self.items[start..end] {
            for (k, &x) in self.centres[l].iter().enumerate() {
                lo[k] = lo[k].min(x);
                hi[k] = hi[k].max(x);
            }
        }
        let axis = (0..d)
            .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])))
            .unwrap_or(0);
        self.lo.extend_from_slice(&lo);
        self.hi.extend_from_slice(&hi);
        self.nodes.push(Node {
            left: usize::MAX,
            right: usize::MAX,
            start,
            end,
        });
        if end - start > BUCKET {
            let mid = start + (end - start) / 2;
            let c = self.centres;
            self.items[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
                c[a][axis].total_cmp(&c[b][axis]).then(a.cmp(&b))
            });
            let left = self.split(start, mid);
            let right = self.split(mid, end);
            self.nodes[node].left = left;
            self.nodes[node].right = right;
        }
        node
    }

    /// Squared distance from `x` to the box of `node`.
    #[inline]
    fn box_d2(&self, node: usize, x: &[f64]) -> f64 {
        let d = x.len();
        let (lo, hi) = (
            &self.lo[node * d..(node + 1) * d],
            &self.hi[node * d..(node + 1) * d],
        );
        let mut s = 0.0;
        for k in 0..d {
            let g = (lo[k] - x[k]).max(x[k] - hi[k]).max(0.0);
            s += g * g;
        }
        s
    }

    /// The nearest centre of `x`: (index, squared distance), ties to the smallest index — exactly
    /// [`scan`]'s answer. `guess` (any index below k, best the previous centre of `x`) starts the
    /// search; `stack` is scratch space.
    pub fn nearest(&self, x: &[f64], guess: usize, stack: &mut Vec<(usize, f64)>) -> (usize, f64) {
        if self.nodes.is_empty() {
            return scan(x, self.centres);
        }
        let guess = guess.min(self.centres.len() - 1);
        let mut best = (guess, d2(x, &self.centres[guess]));
        if !best.1.is_finite() {
            return scan(x, self.centres);
        }
        stack.clear();
        stack.push((0, self.box_d2(0, x)));
        while let Some((node, lb)) = stack.pop() {
            if !may_beat(lb, best.1) {
                continue;
            }
            let nd = &self.nodes[node];
            if nd.left == usize::MAX {
                for &l in &self.items[nd.start..nd.end] {
                    if l != best.0 {
                        let d = d2(x, &self.centres[l]);
                        if d < best.1 || (d == best.1 && l < best.0) {
                            best = (l, d);
                        }
                    }
                }
            } else {
                let (l, r) = (nd.left, nd.right);
                let (bl, br) = (self.box_d2(l, x), self.box_d2(r, x));
                if bl <= br {
                    stack.push((r, br));
                    stack.push((l, bl));
                } else {
                    stack.push((l, bl));
                    stack.push((r, br));
                }
            }
        }
        best
    }
}

impl Centres<'_> {
    /// Whether the k-d tree is used (from [`INDEXED_FROM`] centres on).
    pub fn indexed(&self) -> bool {
        !self.nodes.is_empty()
    }
}

/// Centres listed as each centre's neighbours. In five dimensions a point near a corner of its cell
/// reaches past its centre's 32 nearest centres and falls back on the tree; with 128, the 10 Lloyd
/// passes of the `kk = 1000` pre-clustering at 100,000 schools took 0.17-0.19 s instead of 0.30 s
/// (64: 0.24 s; 256: no better), 2026-11-30. The answer does not depend on it.
const NEIGHBOURS: usize = 128;

/// Each centre's [`NEIGHBOURS`] nearest other centres, by squared distance (ties by index), and the
/// squared distance below which every other centre is listed (`cutoff`: ∞ when all are).
///
/// A point `x` whose previous centre is `a`, at distance `r`, can only be nearer to a centre `j` than
/// to the best found so far (squared distance `b`) when `‖c_a − c_j‖ < r + √b` (triangle
/// inequality): the list of `a` is walked in order of distance and stops there (by a relative 1e-9,
/// see [`may_beat`]); when it ends before that reach, the k-d tree finishes the search. The answer is
/// a scan's, bit for bit; most points compute a few distances (Elkan 2003's idea, with sorted
/// neighbours).
#[derive(Debug, Clone)]
pub(crate) struct Neighbours {
    lists: Vec<Vec<(f64, usize)>>,
    cutoff: Vec<f64>,
}

impl Neighbours {
    /// The neighbours of `centres` (none below [`INDEXED_FROM`] centres, or in tests that ask for
    /// the full search: every point then goes to the tree).
    pub fn new(centres: &[Vec<f64>]) -> Self {
        use rayon::prelude::*;
        let k = centres.len();
        #[cfg(test)]
        let full = FULL_SEARCH.with(std::cell::Cell::get);
        #[cfg(not(test))]
        let full = false;
        if full || k < INDEXED_FROM {
            return Neighbours {
                lists: vec![Vec::new(); k],
                cutoff: vec![0.0; k],
            };
        }
        let cmp = |x: &(f64, usize), y: &(f64, usize)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
        let (lists, cutoff): (Vec<_>, Vec<_>) = (0..k)
            .into_par_iter()
            .map(|a| {
                let mut all: Vec<(f64, usize)> = (0..k)
                    .filter(|&j| j != a)
                    .map(|j| (d2(&centres[a], &centres[j]), j))
                    .collect();
                let cut = if all.len() > NEIGHBOURS {
                    all.select_nth_unstable_by(NEIGHBOURS, cmp);
                    let c = all[NEIGHBOURS].0;
                    all.truncate(NEIGHBOURS);
                    c
                } else {
                    f64::INFINITY
                };
                all.sort_unstable_by(cmp);
                (all, cut)
            })
            .unzip();
        Neighbours { lists, cutoff }
    }

    /// The nearest centre of `x`, whose previous centre (or guess) is `a`: `(index, squared
    /// distance)`, exactly [`scan`]'s answer.
    pub fn nearest(
        &self,
        search: &Centres,
        x: &[f64],
        a: usize,
        stack: &mut Vec<(usize, f64)>,
    ) -> (usize, f64) {
        let own = d2(x, &search.centres[a]);
        let r = own.sqrt();
        if !r.is_finite() {
            return search.nearest(x, a, stack);
        }
        let mut best = (a, own);
        for &(dd, j) in &self.lists[a] {
            let reach = r + best.1.sqrt();
            if !may_beat(dd, reach * reach) {
                return best;
            }
            let d = d2(x, &search.centres[j]);
            if d < best.1 || (d == best.1 && j < best.0) {
                best = (j, d);
            }
        }
        let reach = r + best.1.sqrt();
        if !may_beat(self.cutoff[a], reach * reach) {
            best
        } else {
            search.nearest(x, best.0, stack)
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Tests: every point is searched in the k-d tree (no neighbour list), the reference the lists
    /// must not change.
    pub(crate) static FULL_SEARCH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_tree_finds_the_scans_centre_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for (k, d, grid) in [
            (30, 2, true),
            (200, 5, false),
            (100, 3, true),
            (24, 1, false),
            (1000, 5, false),
        ] {
            let draw = |rng: &mut ChaCha8Rng| -> Vec<f64> {
                (0..d)
                    .map(|_| {
                        if grid {
                            rng.random_range(0..5) as f64 * 0.5
                        } else {
                            rng.random::<f64>() * 6.0 - 3.0
                        }
                    })
                    .collect()
            };
            // Grid centres repeat (exact ties between centres, the smallest index must win).
            let centres: Vec<Vec<f64>> = (0..k).map(|_| draw(&mut rng)).collect();
            let index = Centres::new(&centres);
            let lists = Neighbours::new(&centres);
            let mut stack = Vec::new();
            for i in 0..2000 {
                let x = draw(&mut rng);
                let guess = (i * 7) % k;
                let expected = scan(&x, &centres);
                assert_eq!(index.nearest(&x, guess, &mut stack), expected, "{x:?}");
                if k >= INDEXED_FROM {
                    assert_eq!(lists.nearest(&index, &x, guess, &mut stack), expected);
                }
            }
        }
    }
}
