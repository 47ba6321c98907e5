//! A spatial index of the active clusters of a Ward tree in construction, answering "which cluster
//! costs the least inertia to merge with this one?" without scanning every cluster.
//!
//! # Why
//! The nearest-neighbour chain ([`super::ward`]) asks for the nearest neighbour of the chain's top about
//! 2n–3n times; a scan of every active cluster makes that O(n²) gain evaluations (4·10⁸ at 20,000
//! schools). This index answers the same question exactly — the same neighbour, the same gain, bit for
//! bit — by visiting only the clusters that could beat the best found so far.
//!
//! # Algorithm
//! A k-d tree over the centroids (median split on the widest coordinate, buckets of [`BUCKET`] clusters)
//! whose nodes hold a bounding box and the smallest weight below them. The inertia gain of merging `t`
//! with `j` is `w_t w_j / (w_t + w_j) · ‖g_t − g_j‖²`, increasing in `w_j`, so
//! `w_t w / (w_t + w) · dist²(g_t, box)`, with `w` the node's smallest weight, bounds from below the gain
//! of every cluster in the node; a node whose bound exceeds the best gain found (by a relative 1e-9, far
//! more than the rounding of either value, and far more than the tie tolerance of
//! [`super::ward::TIE`]) is skipped, so every
//! cluster whose computed gain could equal or beat the best is evaluated, with the very formula and
//! order of operations of a scan.
//!
//! A merged cluster stays in the bucket of the cluster it extends (its new centroid lies between the
//! two merged ones); a merged-away cluster leaves its bucket; after each merge the boxes and smallest
//! weights of the two buckets and of the nodes above them are fitted again (O(depth · d)), and the tree
//! is rebuilt from the active clusters when half of them are gone. The chain only needs a neighbour
//! cheaper than its previous element, so a search is capped at that element's gain.

/// Clusters per leaf bucket.
const BUCKET: usize = 8;

/// Relative slack of the pruning test (see the module documentation).
const SLACK: f64 = 1e-9;

/// A node of the tree: a bucket (`items[start..start + len]`) or two children.
#[derive(Debug, Clone)]
struct Node {
    /// Children (`usize::MAX` for a bucket).
    left: usize,
    right: usize,
    /// Parent (`usize::MAX` for the root).
    parent: usize,
    /// Bucket range in `items` (live items first).
    start: usize,
    len: usize,
    /// Active clusters below.
    count: usize,
    /// Smallest weight below (may be lower than the true one: a valid bound).
    min_w: f64,
}

/// Clusters by id: centroid (row-major, `d` per id), weight, whether active.
#[derive(Debug, Clone)]
pub(crate) struct Clusters {
    pub d: usize,
    pub centroid: Vec<f64>,
    pub weight: Vec<f64>,
    pub active: Vec<bool>,
}

impl Clusters {
    /// Centroid of cluster `id`.
    #[inline]
    pub fn at(&self, id: usize) -> &[f64] {
        &self.centroid[id * self.d..(id + 1) * self.d]
    }

    /// The inertia gain of merging `a` and `b`: `Σ_k (x_ak − x_bk)²` summed in coordinate order from
    /// 0, times `w_a w_b / (w_a + w_b)` — the one formula every search uses (symmetric bit for bit).
    #[inline]
    pub fn gain(&self, a: usize, b: usize) -> f64 {
        let (x, y) = (self.at(a), self.at(b));
        let mut s = 0.0;
        for k in 0..self.d {
            s += (x[k] - y[k]) * (x[k] - y[k]);
        }
        let (wa, wb) = (self.weight[a], self.weight[b]);
        s * (wa * wb / (wa + wb))
    }
}

/// The index (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct WardIndex {
    nodes: Vec<Node>,
    /// Boxes: `lo[node * d + k]`, `hi[node * d + k]`.
    lo: Vec<f64>,
    hi: Vec<f64>,
    items: Vec<usize>,
    /// Bucket node and position in `items` of each id.
    bucket: Vec<usize>,
    slot: Vec<usize>,
    /// Active clusters when the tree was built.
    built: usize,
    active: usize,
    stack: Vec<(usize, f64)>,
    near: Vec<(f64, usize)>,
}

impl WardIndex {
    /// Index the active clusters of `c`.
    pub fn new(c: &Clusters) -> Self {
        let n = c.active.len();
        let mut index = WardIndex {
            nodes: Vec::new(),
            lo: Vec::new(),
            hi: Vec::new(),
            items: Vec::new(),
            bucket: vec![usize::MAX; n],
            slot: vec![usize::MAX; n],
            built: 0,
            active: 0,
            stack: Vec::new(),
            near: Vec::new(),
        };
        index.rebuild(c);
        index
    }

    fn rebuild(&mut self, c: &Clusters) {
        self.items = (0..c.active.len()).filter(|&i| c.active[i]).collect();
        self.nodes.clear();
        self.lo.clear();
        self.hi.clear();
        self.active = self.items.len();
        self.built = self.active;
        if self.items.is_empty() {
            return;
        }
        self.split(c, 0, self.items.len(), usize::MAX);
    }

    /// Build the subtree over `items[start..end]`; returns its node.
    fn split(&mut self, c: &Clusters, start: usize, end: usize, parent: usize) -> usize {
        let d = c.d;
        let node = self.nodes.len();
        let (mut lo, mut hi) = (vec![f64::INFINITY; d], vec![f64::NEG_INFINITY; d]);
        let mut min_w = f64::INFINITY;
        for &id in &self.items[start..end] {
            for (k, &x) in c.at(id).iter().enumerate() {
                lo[k] = lo[k].min(x);
                hi[k] = hi[k].max(x);
            }
            min_w = min_w.min(c.weight[id]);
        }
        self.lo.extend_from_slice(&lo);
        self.hi.extend_from_slice(&hi);
        self.nodes.push(Node {
            left: usize::MAX,
            right: usize::MAX,
            parent,
            start,
            len: end - start,
            count: end - start,
            min_w,
        });
        if end - start <= BUCKET {
            for s in start..end {
                let id = self.items[s];
                self.bucket[id] = node;
                self.slot[id] = s;
            }
            return node;
        }
        // Median split on the widest coordinate (ties in the coordinate broken by id: the tree, like
        // everything else here, is a function of the data alone).
        let axis = (0..d)
            .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])))
            .unwrap_or(0);
        let mid = start + (end - start) / 2;
        self.items[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
            c.at(a)[axis].total_cmp(&c.at(b)[axis]).then(a.cmp(&b))
        });
        let left = self.split(c, start, mid, node);
        let right = self.split(c, mid, end, node);
        self.nodes[node].left = left;
        self.nodes[node].right = right;
        node
    }

    /// Cluster `b` is merged into `a`: `b` leaves its bucket, and the boxes and smallest weights of
    /// the buckets of `a` (whose centroid and weight, already in `c`, changed) and `b` and of the nodes
    /// above them are fitted again. Rebuilds the tree when half of the clusters it was built on are
    /// gone.
    pub fn merged(&mut self, c: &Clusters, a: usize, b: usize) {
        // Remove b from its bucket (swap with the bucket's last live item).
        let node = self.bucket[b];
        let (start, len) = (self.nodes[node].start, self.nodes[node].len);
        let (s, last) = (self.slot[b], start + len - 1);
        let moved = self.items[last];
        self.items.swap(s, last);
        self.slot[moved] = s;
        self.slot[b] = last;
        self.nodes[node].len -= 1;
        self.bucket[b] = usize::MAX;
        let mut up = node;
        while up != usize::MAX {
            self.nodes[up].count -= 1;
            up = self.nodes[up].parent;
        }
        self.active -= 1;
        if self.active * 2 < self.built && self.active > BUCKET {
            self.rebuild(c);
            return;
        }
        self.refit(c, node);
        let na = self.bucket[a];
        if na != node {
            self.refit(c, na);
        }
    }

    /// Fit the box and smallest weight of bucket `node` to its live clusters, then of every node above
    /// it to its children (an empty node has an empty box: +∞ below, −∞ above).
    fn refit(&mut self, c: &Clusters, node: usize) {
        let d = c.d;
        let nd = &self.nodes[node];
        let (start, len) = (nd.start, nd.len);
        let (lo, hi) = (
            &mut self.lo[node * d..(node + 1) * d],
            &mut self.hi[node * d..(node + 1) * d],
        );
        lo.fill(f64::INFINITY);
        hi.fill(f64::NEG_INFINITY);
        let mut min_w = f64::INFINITY;
        for &id in &self.items[start..start + len] {
            for (k, &x) in c.at(id).iter().enumerate() {
                lo[k] = lo[k].min(x);
                hi[k] = hi[k].max(x);
            }
            min_w = min_w.min(c.weight[id]);
        }
        self.nodes[node].min_w = min_w;
        let mut up = self.nodes[node].parent;
        while up != usize::MAX {
            let (l, r) = (self.nodes[up].left, self.nodes[up].right);
            for k in 0..d {
                self.lo[up * d + k] = self.lo[l * d + k].min(self.lo[r * d + k]);
                self.hi[up * d + k] = self.hi[l * d + k].max(self.hi[r * d + k]);
            }
            self.nodes[up].min_w = self.nodes[l].min_w.min(self.nodes[r].min_w);
            up = self.nodes[up].parent;
        }
    }

    /// Lower bound of the gain of merging `t` (centroid `x`, weight `wt`) with any cluster of `node`.
    #[inline]
    fn bound(&self, node: usize, d: usize, x: &[f64], wt: f64) -> f64 {
        let (lo, hi) = (
            &self.lo[node * d..(node + 1) * d],
            &self.hi[node * d..(node + 1) * d],
        );
        let mut s = 0.0;
        for k in 0..d {
            let g = (lo[k] - x[k]).max(x[k] - hi[k]).max(0.0);
            s += g * g;
        }
        let w = self.nodes[node].min_w;
        s * (wt * w / (wt + w))
    }

    /// Whether a node bounded below by `lb` may hold a cluster whose gain is at most `best`.
    #[inline]
    fn may_hold(lb: f64, best: f64) -> bool {
        lb <= best + best * SLACK + f64::MIN_POSITIVE * 1e10
    }

    /// Visit every active cluster other than `skip` that may have a gain at most `limit(best)`, where
    /// `best` is what `visit(id, gain)` returns (the running bound, never increasing).
    fn search(
        &mut self,
        c: &Clusters,
        t: usize,
        skip: [usize; 2],
        mut best: f64,
        mut visit: impl FnMut(usize, f64) -> f64,
    ) {
        if self.nodes.is_empty() {
            return;
        }
        let d = c.d;
        let x = c.at(t);
        let wt = c.weight[t];
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push((0, self.bound(0, d, x, wt)));
        while let Some((node, lb)) = stack.pop() {
            let nd = &self.nodes[node];
            if nd.count == 0 || !Self::may_hold(lb, best) {
                continue;
            }
            if nd.left == usize::MAX {
                for &id in &self.items[nd.start..nd.start + nd.len] {
                    if id != skip[0] && id != skip[1] {
                        best = visit(id, c.gain(t, id));
                    }
                }
            } else {
                // Nearer child last, so that it is popped first.
                let (l, r) = (nd.left, nd.right);
                let (bl, br) = (self.bound(l, d, x, wt), self.bound(r, d, x, wt));
                if bl <= br {
                    stack.push((r, br));
                    stack.push((l, bl));
                } else {
                    stack.push((l, bl));
                    stack.push((r, br));
                }
            }
        }
        self.stack = stack;
    }

    /// The active cluster other than `t` and `prev` whose merge with `t` gains the least inertia, ties
    /// to the smallest id: `(gain, id)`, or `(∞, usize::MAX)` when there is none — exactly, whenever
    /// that least gain is at most `cap`; when it is above `cap` (the chain's previous element then
    /// wins: its gain is `cap`), what is returned is some gain above `cap`, or none. With `other_way =
    /// Some(tie)`, among the clusters whose gain is within a relative `tie` (far below the pruning
    /// slack) of the least, the largest id, and its gain (what [`super::ward::Ties::OtherWay`] asks).
    pub fn nearest(
        &mut self,
        c: &Clusters,
        t: usize,
        prev: Option<usize>,
        cap: f64,
        other_way: Option<f64>,
    ) -> (f64, usize) {
        let skip = [t, prev.unwrap_or(usize::MAX)];
        let mut best = (f64::INFINITY, usize::MAX);
        self.search(c, t, skip, cap, |id, g| {
            if g < best.0 || (g == best.0 && id < best.1) {
                best = (g, id);
            }
            best.0.min(cap)
        });
        if let (Some(tie), true) = (other_way, best.1 != usize::MAX) {
            let limit = best.0 + tie * best.0;
            let mut chosen = best.1;
            self.search(c, t, skip, limit, |id, g| {
                if g <= limit && id > chosen {
                    chosen = id;
                }
                limit
            });
            best = (c.gain(t, chosen), chosen);
        }
        best
    }

    /// [`Self::nearest`] without `other_way`, and what `other_way = Some(tie)` would have answered on
    /// the same clusters — found in the same search (every cluster within `tie` of the least gain is
    /// visited: the pruning slack is far larger): `(gain, id, other-way id)`.
    pub fn nearest_watching(
        &mut self,
        c: &Clusters,
        t: usize,
        prev: Option<usize>,
        cap: f64,
        tie: f64,
    ) -> (f64, usize, usize) {
        let skip = [t, prev.unwrap_or(usize::MAX)];
        let mut best = (f64::INFINITY, usize::MAX);
        // Clusters within `tie` of the best so far (a superset of those within `tie` of the least).
        let mut near = std::mem::take(&mut self.near);
        near.clear();
        self.search(c, t, skip, cap, |id, g| {
            if g < best.0 || (g == best.0 && id < best.1) {
                best = (g, id);
            }
            if g <= best.0 + tie * best.0 {
                near.push((g, id));
            }
            best.0.min(cap)
        });
        let limit = best.0 + tie * best.0;
        let other = near
            .iter()
            .filter(|x| x.0 <= limit)
            .map(|x| x.1)
            .fold(best.1, |a, b| if a == usize::MAX { b } else { a.max(b) });
        self.near = near;
        (best.0, best.1, other)
    }
}
