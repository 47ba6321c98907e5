//! The method part of the report: the thresholds behind the criteria, who was analysed, the PCA, the
//! clusters, the orphan schools, and how robust the list is.

use super::markup::{tx, Html};
use super::parts::{figures, heads, section, table, ReportInput, Section};
use crate::i18n::Msg;
use crate::select::words;

/// The criteria's thresholds per territory, and who was analysed.
pub fn criteria(r: &ReportInput) -> Html {
    let l = r.labels;
    let a = r.analysis;
    let counts = l.f(
        Msg::AnalysedCounts,
        &[
            ("joined", &a.rows_in),
            ("excluded", &a.excluded.len()),
            ("dropped", &a.pca.rejected.len()),
            ("analysed", &a.pca.result.n),
        ],
    );
    let rows: Vec<Vec<String>> = r.selection.map_or(Vec::new(), |s| {
        s.schools
            .thresholds()
            .iter()
            .map(|t| {
                vec![
                    words::criterion_label(&t.criterion, l).into_owned(),
                    l.of(&t.variable).into_owned(),
                    t.op.to_string(),
                    if t.territory.is_empty() {
                        l.t(Msg::FixedThreshold).to_string()
                    } else {
                        t.territory.clone()
                    },
                    l.num(t.threshold, 2),
                ]
            })
            .collect()
    });
    let head = heads(
        l,
        &[
            Msg::Criterion,
            Msg::Indicator,
            Msg::Comparison,
            Msg::TerritoryHead,
            Msg::Threshold,
        ],
    );
    let mut body = vec![tx("p", &[], counts)];
    if !rows.is_empty() {
        body.push(tx("h3", &[], l.t(Msg::ThresholdsHeading)));
        body.push(table(&head, &rows, &[false, false, false, false, true]));
    }
    section("method", l.t(Msg::MethodHeading), body)
}

/// The PCA: eigenvalues, variables, supplementary categories, figures.
pub fn pca(r: &ReportInput) -> Html {
    let l = r.labels;
    let p = &r.analysis.pca.result;
    // One indicator (écoles: the IPS): nothing to summarise, nothing to cluster.
    if p.p < 2 {
        let names = p.var.names.join(", ");
        return section(
            "pca",
            l.t(Msg::PcaHeading),
            [tx("p", &[], l.f(Msg::PcaSkipped, &[("variables", &names)]))],
        );
    }
    let eig: Vec<Vec<String>> = p
        .eigenvalues
        .iter()
        .map(|e| {
            vec![
                e.component.to_string(),
                l.num(e.eigenvalue, 3),
                l.num(e.percentage_of_variance, 1),
                l.num(e.cumulative_percentage, 1),
            ]
        })
        .collect();
    let k = p.ncp.min(3);
    let mut vhead = vec![l.t(Msg::Indicator).to_string()];
    for s in 1..=k {
        vhead.push(l.f(Msg::CoordN, &[("k", &s)]));
        vhead.push(l.f(Msg::ContribN, &[("k", &s)]));
    }
    let vars: Vec<Vec<String>> = (0..p.p)
        .map(|j| {
            let mut row = vec![l.of(&p.var.names[j]).into_owned()];
            for s in 0..k {
                row.push(l.num(p.var.coord[j][s], 2));
                row.push(l.num(p.var.contrib[j][s], 1));
            }
            row
        })
        .collect();
    let mut num = vec![false];
    num.extend(std::iter::repeat_n(true, 2 * k));
    let mut body = vec![
        tx("p", &[], l.t(Msg::PcaIntro)),
        table(
            &heads(
                l,
                &[
                    Msg::Component,
                    Msg::Eigenvalue,
                    Msg::PctVariance,
                    Msg::CumulativePct,
                ],
            ),
            &eig,
            &[true, true, true, true],
        ),
        table(&vhead, &vars, &num),
    ];
    for q in &p.quali_sup {
        let rows: Vec<Vec<String>> = q
            .categories
            .iter()
            .enumerate()
            .map(|(c, cat)| {
                vec![
                    cat.clone(),
                    q.counts[c].to_string(),
                    l.num(q.coord[c][0], 2),
                    l.num(q.vtest[c][0], 1),
                ]
            })
            .collect();
        let head = [
            l.of(&q.variable).into_owned(),
            "n".into(),
            l.f(Msg::CoordN, &[("k", &1)]),
            l.f(Msg::VtestN, &[("k", &1)]),
        ];
        body.push(table(&head, &rows, &[false, true, true, true]));
    }
    body.push(figures(r, Section::Pca));
    section("pca", l.t(Msg::PcaHeading), body)
}

/// The clusters: how many, their description, figures.
pub fn clusters(r: &ReportInput) -> Html {
    let l = r.labels;
    let a = r.analysis;
    let Some(h) = &a.hcpc else {
        // One indicator: the PCA section already says that neither PCA nor clustering ran.
        return match a.clustering_skipped() {
            Some(crate::analysis::ClusteringSkipped::TurnedOff) => section(
                "clusters",
                l.t(Msg::ClustersHeading),
                [tx("p", &[], l.t(Msg::ClustersTurnedOff))],
            ),
            _ => Html::empty(),
        };
    };
    let sizes: Vec<String> = h.sizes.iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<String>> = a
        .cluster_variables
        .iter()
        .map(|d| {
            vec![
                d.cluster.to_string(),
                l.of(&d.variable).into_owned(),
                l.num(d.v_test, 2),
                l.num(d.mean_in_cluster, 2),
                l.num(d.overall_mean, 2),
                format!("{:.1e}", d.p_value),
            ]
        })
        .collect();
    let head = heads(
        l,
        &[
            Msg::ClusterHead,
            Msg::Indicator,
            Msg::Vtest,
            Msg::MeanInCluster,
            Msg::OverallMean,
            Msg::PValue,
        ],
    );
    let intro = l.f(
        Msg::ClustersIntro,
        &[
            ("k", &h.k),
            ("sizes", &sizes.join(", ")),
            ("ratio", &l.num(100.0 * h.between_ratio, 1)),
        ],
    );
    section(
        "clusters",
        l.t(Msg::ClustersHeading),
        [
            tx("p", &[], intro),
            table(&head, &rows, &[true, false, true, true, true, true]),
            figures(r, Section::Clusters),
        ],
    )
}

/// Orphan schools per académie and their map.
pub fn orphans(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(s) = r.selection else {
        return Html::empty();
    };
    let rows: Vec<Vec<String>> = s
        .orphan_counts
        .iter()
        .map(|(k, c)| {
            vec![
                if k == "ALL" {
                    l.t(Msg::Total).to_string()
                } else {
                    k.clone()
                },
                c.threshold.to_string(),
                c.cluster.to_string(),
                c.neighbourhood.to_string(),
                c.all_three.to_string(),
            ]
        })
        .collect();
    let head = heads(
        l,
        &[
            Msg::AcademieHead,
            Msg::OrphanThreshold,
            Msg::OrphanCluster,
            Msg::OrphanNeighbourhood,
            Msg::OrphanAllThree,
        ],
    );
    section(
        "orphans",
        l.t(Msg::OrphansHeading),
        [
            tx("p", &[], l.t(Msg::OrphansIntro)),
            table(&head, &rows, &[false, true, true, true, true]),
            figures(r, Section::Orphans),
        ],
    )
}

/// Sensitivity of the list and the comparison schools' balance.
pub fn robustness(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(s) = r.selection else {
        return Html::empty();
    };
    let variants: Vec<Vec<String>> = s
        .sensitivity
        .variants
        .iter()
        .map(|v| {
            vec![
                v.kind.describe(l),
                v.selected.to_string(),
                l.num(v.jaccard, 2),
            ]
        })
        .collect();
    let balance: Vec<Vec<String>> = s
        .matching
        .balance
        .iter()
        .map(|b| {
            vec![
                l.of(&b.variable).into_owned(),
                l.num(b.mean_selected, 2),
                l.num(b.mean_controls, 2),
                l.num(b.smd_before, 2),
                l.num(b.mean_matched, 2),
                l.num(b.smd_after, 2),
            ]
        })
        .collect();
    let bhead = heads(
        l,
        &[
            Msg::Indicator,
            Msg::MeanSelected,
            Msg::MeanComparable,
            Msg::SmdBefore,
            Msg::MeanMatched,
            Msg::SmdAfter,
        ],
    );
    let mut body = Vec::new();
    if !variants.is_empty() {
        body.push(tx(
            "p",
            &[],
            l.f(
                Msg::BootstrapJaccard,
                &[("j", &l.num(s.sensitivity.bootstrap_mean_jaccard, 2))],
            ),
        ));
        let head = heads(l, &[Msg::Variant, Msg::SelectedHead, Msg::Jaccard]);
        body.push(table(&head, &variants, &[false, true, true]));
    }
    if !balance.is_empty() {
        body.push(tx("h3", &[], l.t(Msg::BalanceHeading)));
        body.push(tx("p", &[("class", "note")], l.t(Msg::BalanceNote)));
        body.push(table(
            &bhead,
            &balance,
            &[false, true, true, true, true, true],
        ));
    }
    section("robustness", l.t(Msg::RobustnessHeading), body)
}
