//! The self-contained HTML report: every plot inlined as SVG, every data string escaped, no network.

use crate::data::Inputs;
use crate::pipeline::Analysis;
use crate::plot::Lang;
use crate::select::Selection;
use std::fmt::Write;

/// Escape text for HTML (element content and attribute values).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn num(x: f64, d: usize) -> String {
    if !x.is_finite() {
        String::new()
    } else {
        format!("{x:.d$}")
    }
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// What the report shows.
pub struct ReportInput<'a> {
    /// Loaded inputs.
    pub inputs: &'a Inputs,
    /// SHA-256 of each input file (same order as `inputs.loads`).
    pub hashes: &'a [String],
    /// Analysis.
    pub analysis: &'a Analysis,
    /// Selection, when run.
    pub selection: Option<&'a Selection>,
    /// (section, title, SVG) figures.
    pub figures: &'a [(String, String, String)],
    /// Parameters as text lines.
    pub parameters: &'a [String],
    /// Language.
    pub lang: Lang,
}

fn figures(out: &mut String, r: &ReportInput, section: &str) {
    for (s, title, svg) in r.figures {
        if s == section {
            let _ = write!(
                out,
                "<figure><div class=\"svg\">{svg}</div><figcaption>{}</figcaption></figure>\n",
                esc(title)
            );
        }
    }
}

/// Render the report.
pub fn render(r: &ReportInput) -> String {
    let l = r.lang;
    let a = r.analysis;
    let p = &a.pca.result;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
body{{font-family:sans-serif;max-width:1150px;margin:auto;padding:1em;color:#222}}table{{border-collapse:collapse;margin:.5em 0;font-size:13px}}\
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}}th{{background:#eef}}figure{{margin:1em 0}}\
.svg svg{{max-width:100%;height:auto}}h2{{border-bottom:2px solid #336;margin-top:2em}}.note{{color:#555}}</style></head><body>\n",
        if l == Lang::Fr { "fr" } else { "en" },
        esc(l.t("ciblage report", "Rapport ciblage"))
    );
    let _ = write!(
        o,
        "<h1>{}</h1>\n<p class=\"note\">ciblage {} — {}</p>\n",
        esc(l.t(
            "School targeting report",
            "Rapport de ciblage des établissements"
        )),
        env!("CARGO_PKG_VERSION"),
        esc(l.t(
            "all figures are embedded; this file needs no network",
            "toutes les figures sont incluses ; ce fichier ne nécessite aucun réseau"
        ))
    );

    // Inputs.
    let _ = write!(
        o,
        "<section id=\"inputs\"><h2>{}</h2>\n",
        esc(l.t("Inputs and parameters", "Données et paramètres"))
    );
    let rows: Vec<Vec<String>> = r
        .inputs
        .loads
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                x.path.clone(),
                x.dataset.clone(),
                r.hashes.get(i).cloned().unwrap_or_default(),
                x.period.clone().unwrap_or_default(),
                x.rows.to_string(),
                x.rows_kept.to_string(),
                x.rows_rejected.to_string(),
                x.rows_filtered.to_string(),
            ]
        })
        .collect();
    table(
        &mut o,
        &[
            "file",
            "dataset",
            "sha256",
            "period",
            "rows",
            "kept",
            "rejected",
            "other periods",
        ],
        &rows,
    );
    let rows: Vec<Vec<String>> = r
        .inputs
        .joins
        .iter()
        .map(|j| {
            vec![
                j.left.clone(),
                j.right.clone(),
                j.kind.clone(),
                j.matched.to_string(),
                j.left_only.to_string(),
                j.right_only.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        table(
            &mut o,
            &[
                "left",
                "right",
                "join",
                "matched",
                "left only",
                "right only",
            ],
            &rows,
        );
    }
    let _ = write!(
        o,
        "<p>{}: {} ; {}: {} ; {}: {} ; {}: {}</p>\n<ul>",
        esc(l.t(
            "schools in the joined table",
            "établissements de la table jointe"
        )),
        a.rows_in,
        esc(l.t("excluded by filters", "exclus par les filtres")),
        a.excluded.len(),
        esc(l.t("dropped for missing values", "écartés (valeurs manquantes)")),
        a.pca.rejected.len(),
        esc(l.t("analysed", "analysés")),
        p.n
    );
    for line in r.parameters {
        let _ = write!(o, "<li>{}</li>", esc(line));
    }
    o.push_str("</ul></section>\n");

    // PCA.
    let _ = write!(
        o,
        "<section id=\"pca\"><h2>{}</h2>\n",
        esc(l.t(
            "Principal component analysis",
            "Analyse en composantes principales"
        ))
    );
    let rows: Vec<Vec<String>> = p
        .eigenvalues
        .iter()
        .map(|e| {
            vec![
                e.component.to_string(),
                num(e.eigenvalue, 4),
                num(e.percentage_of_variance, 2),
                num(e.cumulative_percentage, 2),
            ]
        })
        .collect();
    table(
        &mut o,
        &["component", "eigenvalue", "% of variance", "cumulative %"],
        &rows,
    );
    let k = p.ncp.min(3);
    let mut header = vec!["variable".to_string()];
    for s in 1..=k {
        header.push(format!("coord {s}"));
        header.push(format!("contrib {s}"));
    }
    let rows: Vec<Vec<String>> = (0..p.p)
        .map(|j| {
            let mut r = vec![p.var.names[j].clone()];
            for s in 0..k {
                r.push(num(p.var.coord[j][s], 3));
                r.push(num(p.var.contrib[j][s], 2));
            }
            r
        })
        .collect();
    table(
        &mut o,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
    );
    for q in &p.quali_sup {
        let rows: Vec<Vec<String>> = q
            .categories
            .iter()
            .enumerate()
            .map(|(c, cat)| {
                vec![
                    cat.clone(),
                    q.counts[c].to_string(),
                    num(q.coord[c][0], 3),
                    num(q.vtest[c][0], 2),
                    num(q.coord[c].get(1).copied().unwrap_or(f64::NAN), 3),
                    num(q.vtest[c].get(1).copied().unwrap_or(f64::NAN), 2),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                q.variable.as_str(),
                "n",
                "coord 1",
                "v-test 1",
                "coord 2",
                "v-test 2",
            ],
            &rows,
        );
    }
    figures(&mut o, r, "pca");
    o.push_str("</section>\n");

    // Clusters.
    if let Some(h) = &a.hcpc {
        let _ = write!(
            o,
            "<section id=\"clusters\"><h2>{}</h2>\n<p>k = {} ({}); {}: {:?}; {}: {:.3}</p>\n",
            esc(l.t("Clusters", "Classes")),
            h.k,
            if h.k_automatic {
                "W(k)/W(k-1)"
            } else {
                "fixed"
            },
            esc(l.t("sizes", "effectifs")),
            h.sizes,
            esc(l.t("between / total inertia", "inertie inter / totale")),
            h.between_ratio
        );
        let rows: Vec<Vec<String>> = a
            .cluster_variables
            .iter()
            .map(|d| {
                vec![
                    d.cluster.to_string(),
                    d.variable.clone(),
                    num(d.v_test, 2),
                    num(d.mean_in_cluster, 2),
                    num(d.overall_mean, 2),
                    format!("{:.2e}", d.p_value),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                "cluster",
                "variable",
                "v-test",
                "mean in cluster",
                "overall mean",
                "p-value",
            ],
            &rows,
        );
        let rows: Vec<Vec<String>> = a
            .cluster_categories
            .iter()
            .map(|d| {
                vec![
                    d.cluster.to_string(),
                    d.category.clone(),
                    num(d.pct_of_cluster_in_category, 1),
                    num(d.pct_overall, 1),
                    num(d.v_test, 2),
                ]
            })
            .collect();
        table(
            &mut o,
            &["cluster", "category", "% of cluster", "% overall", "v-test"],
            &rows,
        );
        figures(&mut o, r, "clusters");
        o.push_str("</section>\n");
    }

    // Selection.
    if let Some(s) = r.selection {
        let _ = write!(
            o,
            "<section id=\"selection\"><h2>{}</h2>\n",
            esc(l.t("Selection", "Sélection"))
        );
        let eligible = s.schools.eligible.iter().filter(|x| **x).count();
        let _ = write!(
            o,
            "<p>{} {eligible}, {} {}.</p>\n",
            esc(l.t("eligible schools:", "établissements éligibles :")),
            esc(l.t("selected:", "retenus :")),
            s.selected.len()
        );
        let mut chosen: Vec<_> = (0..s.schools.len())
            .filter(|&i| s.schools.selected[i])
            .map(|i| s.schools.get(i))
            .collect();
        chosen.sort_by_key(|x| (x.rank, x.uai.clone()));
        let rows: Vec<Vec<String>> = chosen
            .iter()
            .map(|x| {
                vec![
                    x.rank.map(|r| r.to_string()).unwrap_or_default(),
                    x.uai.to_string(),
                    x.name.clone(),
                    x.academie.clone(),
                    x.ep_status.clone(),
                    num(x.score, 3),
                    x.reasons(),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                "rank",
                "UAI",
                "name",
                "académie",
                "EP",
                "score",
                "explanation",
            ],
            &rows,
        );
        let near: Vec<Vec<String>> = (0..s.schools.len())
            .filter(|&i| s.schools.eligible[i] && !s.schools.selected[i])
            .take(10)
            .map(|i| s.schools.get(i))
            .map(|x| {
                vec![
                    x.uai.to_string(),
                    x.name.clone(),
                    x.near_miss.clone().unwrap_or_default(),
                ]
            })
            .collect();
        if !near.is_empty() {
            let _ = write!(
                o,
                "<h3>{}</h3>",
                esc(l.t("Just outside the budget", "Juste hors budget"))
            );
            table(&mut o, &["UAI", "name", "what would bring it in"], &near);
        }
        figures(&mut o, r, "selection");
        o.push_str("</section>\n");
        let _ = write!(
            o,
            "<section id=\"orphans\"><h2>{}</h2>\n",
            esc(l.t("Orphan schools", "Établissements orphelins"))
        );
        let rows: Vec<Vec<String>> = s
            .orphan_counts
            .iter()
            .map(|(k, c)| {
                vec![
                    k.clone(),
                    c.threshold.to_string(),
                    c.cluster.to_string(),
                    c.neighbourhood.to_string(),
                    c.all_three.to_string(),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                "académie",
                "threshold (REP median)",
                "cluster",
                "neighbourhood",
                "all three",
            ],
            &rows,
        );
        figures(&mut o, r, "orphans");
        o.push_str("</section>\n");
        let _ = write!(
            o,
            "<section id=\"sensitivity\"><h2>{}</h2>\n<p>{}: {:.3}</p>\n",
            esc(l.t("Sensitivity", "Sensibilité")),
            esc(l.t(
                "mean Jaccard overlap of bootstrap lists with the main list",
                "recouvrement de Jaccard moyen des listes bootstrap avec la liste principale"
            )),
            s.sensitivity.bootstrap_mean_jaccard
        );
        let rows: Vec<Vec<String>> = s
            .sensitivity
            .variants
            .iter()
            .map(|v| vec![v.name.clone(), v.selected.to_string(), num(v.jaccard, 3)])
            .collect();
        table(&mut o, &["variant", "selected", "Jaccard"], &rows);
        o.push_str("</section>\n");
        let _ = write!(
            o,
            "<section id=\"matching\"><h2>{}</h2>\n",
            esc(l.t(
                "Comparison schools and balance",
                "Établissements de comparaison et équilibre"
            ))
        );
        let rows: Vec<Vec<String>> = s
            .matching
            .balance
            .iter()
            .map(|b| {
                vec![
                    b.variable.clone(),
                    num(b.mean_selected, 2),
                    num(b.mean_controls, 2),
                    num(b.smd_before, 3),
                    num(b.mean_matched, 2),
                    num(b.smd_after, 3),
                ]
            })
            .collect();
        table(
            &mut o,
            &[
                "variable",
                "mean selected",
                "mean comparable",
                "SMD before",
                "mean matched",
                "SMD after",
            ],
            &rows,
        );
        o.push_str("</section>\n");
    }
    o.push_str("</body></html>\n");
    o
}
