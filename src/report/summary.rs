//! The first part of the report: the decision, the list (with the downloadable CSV), the maps and every
//! listed school's explanation.

use super::markup::{cat, el, text, tx, Html};
use super::parts::{figures, heads, section, ReportInput, Section};
use crate::i18n::{Labels, Msg};
use crate::select::{words, SchoolResult, Selection};

/// Schools just outside the budget shown after the list.
pub const NEAR_MISSES: usize = 10;

/// The territory the selection is about ("académie NANTES"), when there is one.
pub fn territory(r: &ReportInput) -> Option<String> {
    let l = r.labels;
    let pop = r.selection.map(|s| &s.spec.population);
    let academies: Vec<String> = match pop {
        Some(p) if !p.academie.is_empty() => p.academie.clone(),
        _ => {
            let set: std::collections::BTreeSet<&str> = r
                .analysis
                .table
                .text("academie")
                .map(|v| v.iter().map(|x| x.as_str()).collect())
                .unwrap_or_default();
            if set.len() == 1 {
                set.into_iter().map(str::to_string).collect()
            } else {
                Vec::new()
            }
        }
    };
    if let Some(p) = pop.filter(|p| !p.departement.is_empty()) {
        return Some(l.f(
            Msg::DepartementNamed,
            &[("name", &p.departement.join(", "))],
        ));
    }
    (!academies.is_empty()).then(|| l.f(Msg::AcademieNamed, &[("name", &academies.join(", "))]))
}

/// A level's heading in a report over several levels: its kind of school, capitalised ("Écoles").
pub fn level_heading(r: &ReportInput) -> String {
    let w = level(r);
    let mut c = w.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The levels of a report over several levels side by side: schools analysed, eligible, the
/// budget, selected, and the shortfall when fewer are eligible than the budget.
pub fn levels_table(parts: &[(&str, ReportInput)]) -> Html {
    let Some((_, first)) = parts.first() else {
        return cat([]);
    };
    let l = first.labels;
    let header = heads(
        l,
        &[
            Msg::Level,
            Msg::LevelsAnalysed,
            Msg::LevelsEligible,
            Msg::Budget,
            Msg::SelectedHeading,
            Msg::LevelsShortfall,
        ],
    );
    let rows: Vec<Vec<String>> = parts
        .iter()
        .map(|(_, r)| {
            let s = r.selection;
            let count =
                |f: &dyn Fn(&Selection) -> usize| s.map_or(String::new(), |s| f(s).to_string());
            vec![
                level_heading(r),
                r.analysis.pca.result.n.to_string(),
                count(&|s| s.schools.eligible.iter().filter(|x| **x).count()),
                count(&|s| s.spec.budget.n),
                count(&|s| s.selected.len()),
                s.and_then(|s| s.shortfall())
                    .map(|(eligible, n)| l.f(Msg::Shortfall, &[("eligible", &eligible), ("n", &n)]))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    section(
        "levels",
        l.t(Msg::LevelsHeading),
        [
            text(l.t(Msg::LevelsNote)),
            super::parts::table(&header, &rows, &[false, true, true, true, true, false]),
        ],
    )
}

/// The kind of school, from the datasets read ("collèges").
fn level(r: &ReportInput) -> &'static str {
    let l = r.labels;
    let has = |d: &str| r.inputs.loads.iter().any(|x| x.dataset == d);
    l.t(if has("ips-colleges") || has("ivac") {
        Msg::LevelColleges
    } else if has("ival-pro") {
        Msg::LevelLyceesPro
    } else if has("ival-gt") {
        Msg::LevelLyceesGt
    } else if has("ips-lycees") {
        Msg::LevelLycees
    } else if has("ips-ecoles") {
        Msg::LevelEcoles
    } else {
        Msg::LevelSchools
    })
}

fn sector(l: &Labels, s: &str) -> String {
    match s {
        "public" => l.t(Msg::SectorPublic).into(),
        "private" => l.t(Msg::SectorPrivate).into(),
        "all" => l.t(Msg::SectorAll).into(),
        other => other.into(),
    }
}

/// Data vintages: "IPS des collèges 2022-2023 ; valeur ajoutée (IVAC) session 2023 ; …".
fn vintages(r: &ReportInput) -> String {
    let l = r.labels;
    r.inputs
        .loads
        .iter()
        .map(|x| {
            let name = match x.dataset.as_str() {
                "ips-colleges" => l.t(Msg::DsIpsColleges).to_string(),
                "ips-ecoles" => l.t(Msg::DsIpsEcoles).to_string(),
                "ips-lycees" => l.t(Msg::DsIpsLycees).to_string(),
                "ips-legacy" => l.t(Msg::DsIpsLegacy).to_string(),
                "ivac" => l.t(Msg::DsIvac).to_string(),
                "ival-gt" => l.t(Msg::DsIvalGt).to_string(),
                "ival-pro" => l.t(Msg::DsIvalPro).to_string(),
                "ep-list" => l.t(Msg::DsEp).to_string(),
                "annuaire" => l.t(Msg::DsAnnuaire).to_string(),
                "geoloc" => l.t(Msg::DsGeoloc).to_string(),
                _ => super::provenance::file_name(&x.path),
            };
            match (&x.period, x.dataset.as_str()) {
                (Some(p), "ivac" | "ival-gt" | "ival-pro") => {
                    l.f(Msg::DsSession, &[("name", &name), ("p", p)])
                }
                (Some(p), _) => format!("{name} {p}"),
                (None, _) => name,
            }
        })
        .collect::<Vec<_>>()
        .join(l.t(Msg::ListSeparator))
}

/// The first screen: what was decided.
pub fn decision(r: &ReportInput) -> Html {
    let l = r.labels;
    let a = r.analysis;
    let s = r.selection;
    let sector_name = s.map_or_else(
        || "public".to_string(),
        |s| s.spec.population.sector.clone(),
    );
    let item = |k: Msg, v: Html| cat([tx("dt", &[], l.t(k)), el("dd", &[], [v])]);
    let mut items = vec![
        item(
            Msg::Level,
            text(l.f(
                Msg::LevelLine,
                &[("level", &level(r)), ("sector", &sector(l, &sector_name))],
            )),
        ),
        item(
            Msg::Territory,
            text(territory(r).unwrap_or_else(|| l.t(Msg::AllTerritories).to_string())),
        ),
    ];
    let mut after = Vec::new();
    if let Some(s) = s {
        let eligible = s.schools.eligible.iter().filter(|x| **x).count();
        items.push(item(
            Msg::Budget,
            text(words::budget_sentence(&s.spec.budget, l)),
        ));
        items.push(item(
            Msg::SelectedHeading,
            tx(
                "strong",
                &[],
                l.f(
                    count_message(r),
                    &[
                        ("n", &s.selected.len()),
                        ("eligible", &eligible),
                        ("analysed", &a.pca.result.n),
                    ],
                ),
            ),
        ));
        if let Some((eligible, n)) = s.shortfall() {
            items.push(item(
                Msg::Budget,
                text(l.f(Msg::Shortfall, &[("eligible", &eligible), ("n", &n)])),
            ));
        }
        let criteria = words::criteria_sentences(&s.spec, l);
        items.push(item(
            Msg::Criteria,
            cat([
                text(words::combine_sentence(s.spec.criteria.combine, l)),
                el("ul", &[], criteria.iter().map(|c| tx("li", &[], c))),
                text(format!("{}.", words::score_sentence(&s.spec.score, l))),
            ]),
        ));
        items.push(item(Msg::Orphans, text(orphan_line(s, l))));
        after.push(el(
            "p",
            &[],
            [
                tx(
                    "a",
                    &[
                        ("class", "download"),
                        ("href", &csv_uri(r, s)),
                        ("download", &csv_name(l)),
                    ],
                    l.t(Msg::DownloadCsv),
                ),
                text(" "),
                tx("span", &[("class", "note")], l.t(Msg::DownloadCsvNote)),
            ],
        ));
    }
    items.push(cat([
        tx("dt", &[], l.t(Msg::DataVintages)),
        tx("dd", &[], vintages(r)),
    ]));
    let dl = el("dl", &[("class", "decision")], items);
    section(
        "decision",
        l.t(Msg::DecisionHeading),
        std::iter::once(dl).chain(after),
    )
}

/// "{n} écoles retenues", "{n} lycées retenus"; "établissements" for collèges and the rest.
fn count_message(r: &ReportInput) -> Msg {
    let has = |d: &str| r.inputs.loads.iter().any(|x| x.dataset == d);
    if has("ips-ecoles") {
        Msg::SelectedCountEcoles
    } else if has("ips-lycees") || has("ival-gt") || has("ival-pro") {
        Msg::SelectedCountLycees
    } else if r.in_levels && (has("ips-colleges") || has("ivac")) {
        Msg::SelectedCountColleges
    } else {
        Msg::SelectedCount
    }
}

fn orphan_line(s: &Selection, l: &Labels) -> String {
    let all = s.orphan_counts.get("ALL").cloned().unwrap_or_default();
    let reference = s.reference.as_ref().map(|r| {
        l.f(
            Msg::OrphanReference,
            &[
                ("file", &r.file),
                ("analysed", &r.analysed),
                ("listed", &r.listed),
            ],
        )
    });
    match (s.spec.orphans.enabled, reference) {
        (false, None) => return l.t(Msg::OrphansNotComputed).to_string(),
        (false, Some(r)) => {
            return l.f(
                Msg::OrphanLineReferenceOnly,
                &[("threshold", &all.threshold), ("reference", &r)],
            )
        }
        (true, Some(r)) => {
            return l.f(
                Msg::OrphanLineReference,
                &[
                    ("threshold", &all.threshold),
                    ("reference", &r),
                    ("cluster", &all.cluster),
                    ("neighbourhood", &all.neighbourhood),
                ],
            )
        }
        (true, None) => {}
    }
    l.f(
        Msg::OrphanLine,
        &[
            ("threshold", &all.threshold),
            ("cluster", &all.cluster),
            ("neighbourhood", &all.neighbourhood),
        ],
    )
}

fn csv_name(l: &Labels) -> String {
    format!("{}.csv", l.t(Msg::CsvFileName))
}

/// Selected schools in rank order, then the eligible ones just outside the budget.
fn listed(s: &Selection, l: &Labels) -> (Vec<SchoolResult>, Vec<SchoolResult>) {
    let mut chosen: Vec<SchoolResult> = (0..s.schools.len())
        .filter(|&i| s.schools.selected[i])
        .map(|i| s.schools.get_in(i, l))
        .collect();
    chosen.sort_by(|a, b| (a.rank, &a.uai).cmp(&(b.rank, &b.uai)));
    let mut near: Vec<SchoolResult> = (0..s.schools.len())
        .filter(|&i| s.schools.eligible[i] && !s.schools.selected[i])
        .map(|i| s.schools.get_in(i, l))
        .collect();
    near.sort_by(|a, b| (a.rank, &a.uai).cmp(&(b.rank, &b.uai)));
    near.truncate(NEAR_MISSES);
    (chosen, near)
}

/// The selection as CSV in the report's language (stable column codes, French spreadsheet dialect in a
/// French report), as a data URI.
fn csv_uri(r: &ReportInput, s: &Selection) -> String {
    use crate::output::{csv_string, Cell, Dialect};
    use base64::Engine;
    let l = r.labels;
    let vars: Vec<&String> = r.analysis.pca.result.var.names.iter().collect();
    let mut header: Vec<&str> = vec![
        "rank",
        "uai",
        "name",
        "academie",
        "departement",
        "ep_status",
        "score",
    ];
    header.extend(vars.iter().map(|v| v.as_str()));
    header.push("explanation");
    let (chosen, near) = listed(s, l);
    let rows: Vec<Vec<Cell>> = chosen
        .iter()
        .chain(&near)
        .map(|x| {
            let i = (0..s.schools.len())
                .find(|&i| *s.schools.uai(i) == x.uai)
                .unwrap_or(0);
            let mut row: Vec<Cell> = vec![
                Cell::Num(x.rank.map_or(f64::NAN, |r| r as f64)),
                x.uai.to_string().into(),
                x.name.clone().into(),
                x.academie.clone().into(),
                x.departement.clone().into(),
                x.ep_status.clone().into(),
                Cell::Num(x.score),
            ];
            row.extend(
                vars.iter()
                    .map(|v| Cell::Num(crate::select::rules::values(r.analysis, v)[i])),
            );
            row.push(x.reasons().into());
            row
        })
        .collect();
    let dialect = match l.lang {
        crate::i18n::Lang::Fr => Dialect::ExcelFr,
        crate::i18n::Lang::En => Dialect::Standard,
    };
    let text = csv_string(&header, &rows, dialect).unwrap_or_default();
    format!(
        "data:text/csv;charset=utf-8;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

/// The list of selected schools, each linked to its explanation, then the next ones.
pub fn list(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(s) = r.selection else {
        return Html::empty();
    };
    let (chosen, near) = listed(s, l);
    let no = [("translate", "no")];
    let row = |x: &SchoolResult| -> Html {
        el(
            "tr",
            &[],
            [
                tx(
                    "td",
                    &[("class", "n")],
                    x.rank.map(|r| r.to_string()).unwrap_or_default(),
                ),
                el(
                    "td",
                    &no,
                    [tx("a", &[("href", &format!("#school-{}", x.uai))], &x.name)],
                ),
                tx("td", &no, x.uai.as_str()),
                tx("td", &no, &x.departement),
                tx("td", &no, &x.ep_status),
                tx("td", &[("class", "n")], l.num(x.score, 3)),
            ],
        )
    };
    let head = heads(
        l,
        &[
            Msg::Rank,
            Msg::School,
            Msg::Uai,
            Msg::DepartementHead,
            Msg::EpHead,
            Msg::NeedScore,
        ],
    );
    let tbl = |rows: &[SchoolResult]| {
        el(
            "table",
            &[],
            [
                el(
                    "thead",
                    &[],
                    [el("tr", &[], head.iter().map(|h| tx("th", &[], h)))],
                ),
                el("tbody", &[], rows.iter().map(row)),
            ],
        )
    };
    let mut body = vec![
        tx("p", &[("class", "note")], l.t(Msg::ListNote)),
        tbl(&chosen),
    ];
    if !near.is_empty() {
        body.push(tx("h3", &[], l.t(Msg::NearMissHeading)));
        body.push(tbl(&near));
    }
    section("list", l.t(Msg::ListHeading), body)
}

/// The maps section.
pub fn maps(r: &ReportInput) -> Html {
    if !r.figures.iter().any(|f| f.section == Section::Maps) {
        return Html::empty();
    }
    let mut body = vec![figures(r, Section::Maps)];
    // Selected schools the maps cannot show are named (they stay in the list and the tables).
    if let Some(s) = r.selection {
        let t = &r.analysis.table;
        let (lat, lon) = (t.num("latitude"), t.num("longitude"));
        let missing =
            |i: usize| lat.is_none_or(|v| v[i].is_nan()) || lon.is_none_or(|v| v[i].is_nan());
        let mut off: Vec<(usize, String)> = (0..s.schools.len())
            .filter(|&i| s.schools.selected[i] && missing(i))
            .map(|i| {
                let name = t.get("name", i);
                (
                    s.schools.rank[i].unwrap_or(usize::MAX),
                    format!("{name} ({})", t.uai[i]),
                )
            })
            .collect();
        off.sort();
        if !off.is_empty() {
            let list: Vec<String> = off.into_iter().map(|x| x.1).collect();
            body.push(tx(
                "p",
                &[],
                r.labels.f(
                    Msg::MapSelectedWithoutCoordinates,
                    &[("n", &list.len()), ("list", &list.join(", "))],
                ),
            ));
        }
    }
    section("maps", r.labels.t(Msg::MapsHeading), body)
}

/// Every listed school's explanation (anchor `school-UAI`).
pub fn details(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(s) = r.selection else {
        return Html::empty();
    };
    let (chosen, near) = listed(s, l);
    let school = |x: &SchoolResult| -> Html {
        use crate::select::spec::Within;
        let mut lines: Vec<Html> = x
            .checks
            .iter()
            .map(|c| {
                tx(
                    "li",
                    &[("class", if c.passed { "pass" } else { "fail" })],
                    &c.text,
                )
            })
            .collect();
        if let Some(rank) = x.rank {
            lines.push(tx(
                "li",
                &[],
                l.f(
                    Msg::ScoreRank,
                    &[("score", &l.num(x.score, 4)), ("rank", &rank)],
                ),
            ));
        }
        if let Some(m) = &x.near_miss {
            lines.push(tx("li", &[], m));
        }
        lines.push(tx(
            "li",
            &[],
            l.f(
                Msg::OrphanFlags,
                &[
                    ("threshold", &words::yes_no(x.orphan_threshold, l)),
                    ("cluster", &words::yes_no(x.orphan_cluster, l)),
                    ("neighbourhood", &words::yes_no(x.orphan_neighbourhood, l)),
                ],
            ),
        ));
        let place = format!(
            "{}, {}, {}",
            words::territory(Within::Academie, &x.academie, l),
            words::territory(Within::Departement, &x.departement, l),
            x.ep_status
        );
        el(
            "div",
            &[("class", "school"), ("id", &format!("school-{}", x.uai))],
            [
                tx(
                    "h3",
                    &[("translate", "no")],
                    format!("{} ({})", x.name, x.uai),
                ),
                tx("p", &[("class", "note"), ("translate", "no")], place),
                el("ul", &[], lines),
                el(
                    "p",
                    &[],
                    [tx("a", &[("href", "#list")], l.t(Msg::BackToList))],
                ),
            ],
        )
    };
    section(
        "details",
        l.t(Msg::DetailsHeading),
        chosen.iter().chain(&near).map(school).collect::<Vec<_>>(),
    )
}
