//! A partition as an [`HcpcResult`]: what to read next to it (notes on k, the ties of the tree) and a
//! k-means partition wrapped so that it is described, exported and drawn like an HCPC one.

use super::hcpc::HcpcResult;
use super::labels::number_and_summarise;
use super::ties::TieReport;
use crate::matrix::Points;

impl HcpcResult {
    /// What a user should read next to the partition: the notes on k and, when the tree has ties,
    /// whether the partition depends on them (printed as `note: ...` by the commands).
    pub fn messages(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        let t = &self.ties;
        if t.tied_merges > 0 {
            out.push(format!(
                "the Ward tree has {} tied merges (inertia gains equal within 1e-12): the tree cut at k = {} {} on how they are broken{}",
                t.tied_merges,
                self.k,
                if t.cut_depends_on_ties { "depends" } else { "does not depend" },
                if t.cut_depends_on_ties {
                    if t.partition_depends_on_ties {
                        ", and so does the consolidated partition"
                    } else {
                        ", the consolidated partition does not"
                    }
                } else {
                    ""
                }
            ));
        }
        out
    }

    /// Wrap a k-means partition of the principal coordinates so that it is described, exported and drawn
    /// like an HCPC one (no tree: `gains`, `within`, `ratios` are empty; clusters numbered by increasing
    /// first coordinate of their centre, as HCPC's).
    pub fn from_kmeans<P: Points + ?Sized>(
        coords: &P,
        weights: &[f64],
        km: &super::kmeans::KMeans,
    ) -> HcpcResult {
        Self::from_kmeans_ordered(coords, weights, km, None)
    }

    /// [`Self::from_kmeans`] with the centres summed over the rows in `order` (a canonical order: see
    /// `HcpcValidParams::fit_ranked`), so that clusters whose centres tie on the first coordinate
    /// are numbered the same way whatever the order of the rows.
    pub fn from_kmeans_ordered<P: Points + ?Sized>(
        coords: &P,
        weights: &[f64],
        km: &super::kmeans::KMeans,
        order: Option<&[usize]>,
    ) -> HcpcResult {
        let n = coords.n();
        let k = km.centres.len();
        let (clusters, centres, sizes, between_ratio) = match order {
            None => number_and_summarise(coords, weights, km.labels.clone(), k),
            Some(o) => {
                let view = crate::matrix::Reordered::new(coords, o);
                let w: Vec<f64> = o.iter().map(|&i| weights[i]).collect();
                let labels = o.iter().map(|&i| km.labels[i]).collect();
                let (lab, centres, sizes, between) = number_and_summarise(&view, &w, labels, k);
                let mut clusters = vec![0; n];
                for (r, &i) in o.iter().enumerate() {
                    clusters[i] = lab[r];
                }
                (clusters, centres, sizes, between)
            }
        };
        HcpcResult {
            k,
            k_automatic: false,
            gains: Vec::new(),
            within: Vec::new(),
            ratios: Vec::new(),
            tree_cut: clusters.clone(),
            clusters,
            order: Vec::new(),
            centres,
            sizes,
            between_ratio,
            consolidation: "kmeans".into(),
            leaves: n,
            distinct: km.distinct,
            notes: Vec::new(),
            ties: TieReport::default(),
            tied: Vec::new(),
            tree: super::ward::Tree {
                n,
                merges: Vec::new(),
            },
            leaf_of: Vec::new(),
        }
    }
}
