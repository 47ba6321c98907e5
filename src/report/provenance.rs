//! The last part of the report: input files (by name, with their shortened SHA-256), joins, the
//! configuration (a compact table, collapsed), and the sources' credits.

use super::markup::{el, tx, Html};
use super::parts::{heads, section, table, ReportInput};
use crate::i18n::Msg;

/// Characters of a SHA-256 shown (the full one is in `manifest.json` and in the cell's title).
pub const SHA_SHOWN: usize = 12;

/// The file name of a path as written in an input report (never the machine's folders).
pub fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// Inputs, joins, configuration, credits.
pub fn inputs(r: &ReportInput) -> Html {
    let l = r.labels;
    let head = heads(
        l,
        &[
            Msg::File,
            Msg::Dataset,
            Msg::Period,
            Msg::Rows,
            Msg::Kept,
            Msg::Rejected,
            Msg::OtherPeriods,
            Msg::Sha256,
        ],
    );
    let joins: Vec<Vec<String>> = r
        .inputs
        .joins
        .iter()
        .map(|j| {
            vec![
                file_name(&j.left),
                file_name(&j.right),
                j.kind.clone(),
                j.matched.to_string(),
                j.left_only.to_string(),
                j.right_only.to_string(),
            ]
        })
        .collect();
    let jhead = heads(
        l,
        &[
            Msg::Left,
            Msg::Right,
            Msg::Join,
            Msg::Matched,
            Msg::LeftOnly,
            Msg::RightOnly,
        ],
    );
    let no = [("translate", "no")];
    let files = r.inputs.loads.iter().map(|x| {
        el(
            "tr",
            &[],
            [
                tx("td", &no, file_name(&x.path)),
                tx("td", &no, &x.dataset),
                tx("td", &no, x.period.clone().unwrap_or_default()),
                tx("td", &[("class", "n")], x.rows.to_string()),
                tx("td", &[("class", "n")], x.rows_kept.to_string()),
                tx("td", &[("class", "n")], x.rows_rejected.to_string()),
                tx("td", &[("class", "n")], x.rows_filtered.to_string()),
                el(
                    "td",
                    &[("title", &x.sha256)],
                    [tx(
                        "code",
                        &[],
                        x.sha256.chars().take(SHA_SHOWN).collect::<String>(),
                    )],
                ),
            ],
        )
    });
    let files = el(
        "table",
        &[],
        [
            el(
                "thead",
                &[],
                [el("tr", &[], head.iter().map(|h| tx("th", &[], h)))],
            ),
            el("tbody", &[], files),
        ],
    );
    let config: Vec<Vec<String>> = r
        .config
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    let mut body = vec![files];
    if !joins.is_empty() {
        body.push(el(
            "div",
            &no,
            [table(
                &jhead,
                &joins,
                &[false, false, false, true, true, true],
            )],
        ));
    }
    body.push(el(
        "details",
        &[],
        [
            tx("summary", &[], l.t(Msg::ConfigSummary)),
            el(
                "div",
                &no,
                [table(
                    &heads(l, &[Msg::Setting, Msg::Value]),
                    &config,
                    &[false, false],
                )],
            ),
        ],
    ));
    body.push(tx("p", &[("class", "note")], l.t(Msg::Credits)));
    section("inputs", l.t(Msg::InputsHeading), body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_drop_the_folders() {
        assert_eq!(super::file_name("/home/x/data/ips.csv"), "ips.csv");
        assert_eq!(super::file_name("C:\\data\\ips.csv"), "ips.csv");
        assert_eq!(super::file_name("ips.csv"), "ips.csv");
    }
}
