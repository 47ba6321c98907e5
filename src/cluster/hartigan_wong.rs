//! k-means by Hartigan and Wong (1979), algorithm AS 136, as R's `kmeans(algorithm = "Hartigan-Wong")`.
//!
//! # Parameters
//! Points (n × d), initial centres (k × d), maximum iterations (R's `iter.max`, 10 in HCPC).
//!
//! # Returns
//! [`HwResult`]: cluster of each point (0-based), centres, sizes, within sums of squares, iterations and a
//! status telling whether it converged.
//!
//! # Algorithm
//! The optimal-transfer and quick-transfer stages of AS 136, step for step, so that the consolidation of
//! HCPC gives FactoMineR's partition (the stages depend on the order of the points: give them in the
//! same order as R does). Written here because no Rust crate implements Hartigan–Wong; linfa's KMeans is
//! Lloyd-type (and biases small clusters, see DEVELOPERS notes in the brief).

use serde::Serialize;

const BIG: f64 = 1.0e30;

/// Outcome of Hartigan–Wong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HwResult {
    /// Cluster of each point (0-based, index of its initial centre).
    pub labels: Vec<usize>,
    /// Final centres.
    pub centres: Vec<Vec<f64>>,
    /// Points per cluster.
    pub sizes: Vec<usize>,
    /// Within-cluster sums of squares.
    pub wss: Vec<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// `converged`, `max_iterations` (R warns "did not converge"), `empty_cluster` or `quick_transfer_limit`.
    pub status: String,
}

fn d2(a: &[f64], c: &[f64]) -> f64 {
    a.iter().zip(c).map(|(x, y)| (x - y) * (x - y)).sum()
}

struct State<'a> {
    a: &'a [Vec<f64>],
    c: Vec<Vec<f64>>,
    ic1: Vec<usize>,
    ic2: Vec<usize>,
    nc: Vec<usize>,
    an1: Vec<f64>,
    an2: Vec<f64>,
    ncp: Vec<i64>,
    d: Vec<f64>,
    itran: Vec<bool>,
    live: Vec<i64>,
    indx: usize,
}

impl State<'_> {
    fn transfer(&mut self, i: usize, l1: usize, l2: usize) {
        let al1 = self.nc[l1] as f64;
        let alw = al1 - 1.0;
        let al2 = self.nc[l2] as f64;
        let alt = al2 + 1.0;
        for j in 0..self.c[l1].len() {
            let x = self.a[i][j];
            self.c[l1][j] = (self.c[l1][j] * al1 - x) / alw;
            self.c[l2][j] = (self.c[l2][j] * al2 + x) / alt;
        }
        self.nc[l1] -= 1;
        self.nc[l2] += 1;
        self.an2[l1] = alw / al1;
        self.an1[l1] = if alw > 1.0 { alw / (alw - 1.0) } else { BIG };
        self.an1[l2] = alt / al2;
        self.an2[l2] = alt / (alt + 1.0);
        self.ic1[i] = l2;
        self.ic2[i] = l1;
    }

    /// Optimal-transfer stage (AS 136.1). Indices are 1-based in the comparisons, as in the original.
    fn optra(&mut self) {
        let m = self.a.len() as i64;
        let k = self.c.len();
        for l in 0..k {
            if self.itran[l] {
                self.live[l] = m + 1;
            }
        }
        for i0 in 0..self.a.len() {
            let i = i0 as i64 + 1;
            self.indx += 1;
            let l1 = self.ic1[i0];
            let mut l2 = self.ic2[i0];
            let ll = l2;
            if self.nc[l1] != 1 {
                if self.ncp[l1] != 0 {
                    self.d[i0] = d2(&self.a[i0], &self.c[l1]) * self.an1[l1];
                }
                let mut r2 = d2(&self.a[i0], &self.c[l2]) * self.an2[l2];
                for l in 0..k {
                    if (i >= self.live[l1] && i >= self.live[l]) || l == l1 || l == ll {
                        continue;
                    }
                    let rr = r2 / self.an2[l];
                    let mut dc = 0.0;
                    let mut skip = false;
                    for (x, y) in self.a[i0].iter().zip(&self.c[l]) {
                        dc += (x - y) * (x - y);
                        if dc >= rr {
                            skip = true;
                            break;
                        }
                    }
                    if skip {
                        continue;
                    }
                    r2 = dc * self.an2[l];
                    l2 = l;
                }
                if r2 >= self.d[i0] {
                    self.ic2[i0] = l2;
                } else {
                    self.indx = 0;
                    self.live[l1] = m + i;
                    self.live[l2] = m + i;
                    self.ncp[l1] = i;
                    self.ncp[l2] = i;
                    self.transfer(i0, l1, l2);
                }
            }
            if self.indx == self.a.len() {
                return;
            }
        }
        for l in 0..k {
            self.itran[l] = false;
            self.live[l] -= m;
        }
    }

    /// Quick-transfer stage (AS 136.2). Returns false when the step limit is hit.
    fn qtran(&mut self, max_steps: i64) -> bool {
        let m = self.a.len() as i64;
        let mut icoun: i64 = 0;
        let mut istep: i64 = 0;
        loop {
            for i0 in 0..self.a.len() {
                icoun += 1;
                istep += 1;
                if istep >= max_steps {
                    return false;
                }
                let l1 = self.ic1[i0];
                let l2 = self.ic2[i0];
                if self.nc[l1] != 1 {
                    if istep <= self.ncp[l1] {
                        self.d[i0] = d2(&self.a[i0], &self.c[l1]) * self.an1[l1];
                    }
                    if istep < self.ncp[l1] || istep < self.ncp[l2] {
                        let r2 = self.d[i0] / self.an2[l2];
                        let mut dd = 0.0;
                        let mut skip = false;
                        for (x, y) in self.a[i0].iter().zip(&self.c[l2]) {
                            dd += (x - y) * (x - y);
                            if dd >= r2 {
                                skip = true;
                                break;
                            }
                        }
                        if !skip {
                            icoun = 0;
                            self.indx = 0;
                            self.itran[l1] = true;
                            self.itran[l2] = true;
                            self.ncp[l1] = istep + m;
                            self.ncp[l2] = istep + m;
                            self.transfer(i0, l1, l2);
                        }
                    }
                }
                if icoun == m {
                    return true;
                }
            }
        }
    }
}

/// Run Hartigan–Wong from the given centres. Needs 2 <= k < n (as R).
pub fn hartigan_wong(points: &[Vec<f64>], centres: &[Vec<f64>], iter_max: usize) -> HwResult {
    let m = points.len();
    let k = centres.len();
    let mut st = State {
        a: points,
        c: centres.to_vec(),
        ic1: vec![0; m],
        ic2: vec![1.min(k.saturating_sub(1)); m],
        nc: vec![0; k],
        an1: vec![0.0; k],
        an2: vec![0.0; k],
        ncp: vec![-1; k],
        d: vec![0.0; m],
        itran: vec![true; k],
        live: vec![0; k],
        indx: 0,
    };
    let finish = |st: State, iterations: usize, status: &str| {
        let d = st.c.first().map_or(0, Vec::len);
        let mut c = vec![vec![0.0; d]; k];
        for (i, &l) in st.ic1.iter().enumerate() {
            for j in 0..d {
                c[l][j] += st.a[i][j];
            }
        }
        for l in 0..k {
            if st.nc[l] > 0 {
                c[l].iter_mut().for_each(|v| *v /= st.nc[l] as f64);
            }
        }
        let mut wss = vec![0.0; k];
        for (i, &l) in st.ic1.iter().enumerate() {
            wss[l] += d2(&st.a[i], &c[l]);
        }
        HwResult {
            labels: st.ic1,
            centres: c,
            sizes: st.nc,
            wss,
            iterations,
            status: status.into(),
        }
    };
    if k < 2 || k >= m {
        let labels = vec![0; m];
        st.ic1 = labels;
        st.nc = vec![0; k.max(1)];
        if k >= 1 {
            st.nc[0] = m;
        }
        return finish(st, 0, "converged");
    }
    // Two closest centres of each point.
    for i in 0..m {
        let (mut c1, mut c2) = (0, 1);
        let mut dt = [d2(&points[i], &st.c[0]), d2(&points[i], &st.c[1])];
        if dt[0] > dt[1] {
            (c1, c2) = (1, 0);
            dt.swap(0, 1);
        }
        for l in 2..k {
            let mut db = 0.0;
            let mut skip = false;
            for (x, y) in points[i].iter().zip(&st.c[l]) {
                db += (x - y) * (x - y);
                if db >= dt[1] {
                    skip = true;
                    break;
                }
            }
            if skip {
                continue;
            }
            if db >= dt[0] {
                dt[1] = db;
                c2 = l;
            } else {
                dt[1] = dt[0];
                c2 = c1;
                dt[0] = db;
                c1 = l;
            }
        }
        st.ic1[i] = c1;
        st.ic2[i] = c2;
    }
    let d = points[0].len();
    st.c = vec![vec![0.0; d]; k];
    for i in 0..m {
        let l = st.ic1[i];
        st.nc[l] += 1;
        for j in 0..d {
            st.c[l][j] += points[i][j];
        }
    }
    for l in 0..k {
        if st.nc[l] == 0 {
            return finish(st, 0, "empty_cluster");
        }
        let aa = st.nc[l] as f64;
        st.c[l].iter_mut().for_each(|v| *v /= aa);
        st.an2[l] = aa / (aa + 1.0);
        st.an1[l] = if aa > 1.0 { aa / (aa - 1.0) } else { BIG };
    }
    let max_qtr = (50 * m).min(i32::MAX as usize) as i64;
    for ij in 1..=iter_max {
        st.optra();
        if st.indx == m {
            return finish(st, ij, "converged");
        }
        if !st.qtran(max_qtr) {
            return finish(st, ij, "quick_transfer_limit");
        }
        if k == 2 {
            return finish(st, ij, "converged");
        }
        st.ncp.iter_mut().for_each(|v| *v = 0);
    }
    finish(st, iter_max, "max_iterations")
}
