//! A JSON export of the portal's API and the CSV written from it read as the same records and load
//! to the same table (the API extracts of `../shared/data/real/`; skipped, with `SKIPPED`, when absent).
//! Moved from `tests/json_inputs.rs`: it compares the raw records, which are internal to the crate.

use super::csv_reader::RawCsv;
use super::open::read_raw;
use super::{Column, LoadOptions};
use std::path::Path;

/// The derived `.csv` next to each `partial_api_*.json` (its records' `fields`, envelope dropped)
/// reads as the same records, and loads to the same table.
#[test]
fn api_json_and_its_csv_export_load_to_the_same_table() {
    let Some(real) = crate::testing::real_dir() else {
        return;
    };
    let opts = LoadOptions::default();
    for name in [
        "partial_api_ival_gt_latest_2regions",
        "partial_api_ips_colleges_ap2023_2regions",
        "partial_api_ips_lycees_ap2023_2regions",
        "partial_api_dnb_latest_2regions",
    ] {
        let json = real.join(format!("{name}.json"));
        let csv = real.join(format!("{name}.csv"));
        let a = read_raw(&json, &opts).unwrap();
        let b = read_raw(&csv, &opts).unwrap();
        assert_eq!(a.header, b.header, "{name}");
        let rows = |r: &RawCsv, p: &Path| -> Vec<Vec<String>> {
            r.fold_chunks(
                p,
                |_| Vec::new(),
                |v: &mut Vec<Vec<String>>, _, rec| {
                    v.push(rec.iter().map(|s| s.to_string()).collect())
                },
            )
            .unwrap()
            .concat()
        };
        let (ra, rb) = (rows(&a, &json), rows(&b, &csv));
        assert!(ra.len() > 300, "{name}");
        assert_eq!(ra.len(), rb.len(), "{name}");
        for (i, (x, y)) in ra.iter().zip(&rb).enumerate() {
            for (j, (u, v)) in x.iter().zip(y).enumerate() {
                // JSON numbers keep their text; the CSV wrote Python's repr: the same numbers.
                let same = u == v
                    || matches!((u.parse::<f64>(), v.parse::<f64>()), (Ok(p), Ok(q)) if p == q);
                assert!(
                    same,
                    "{name}: record {}, {}: '{u}' vs '{v}'",
                    i + 1,
                    a.header[j]
                );
            }
        }
        // Loaded: the same dataset, UAIs and values, whether the header is recognised or not.
        match (
            crate::data::load(&json, &opts),
            crate::data::load(&csv, &opts),
        ) {
            (Ok((ta, la)), Ok((tb, lb))) => {
                assert_eq!(la.dataset, lb.dataset, "{name}");
                assert_eq!(ta.uai, tb.uai, "{name}");
                assert!(ta.len() > 200, "{name}");
                assert_eq!(
                    ta.columns.keys().collect::<Vec<_>>(),
                    tb.columns.keys().collect::<Vec<_>>()
                );
                for (k, ca) in &ta.columns {
                    // Missing (NaN) equals missing.
                    let same = match (ca, &tb.columns[k]) {
                        (Column::Num(x), Column::Num(y)) => x
                            .iter()
                            .zip(y)
                            .all(|(p, q)| p == q || (p.is_nan() && q.is_nan())),
                        (x, y) => x == y,
                    };
                    assert!(same, "{name}: column {k} differs");
                }
                assert_eq!((la.rows, la.rows_kept), (lb.rows, lb.rows_kept), "{name}");
            }
            (Err(x), Err(y)) => {
                let (x, y) = (x.to_string(), y.to_string());
                assert_eq!(
                    x.replace(".json", ".csv")
                        .split_once(':')
                        .map(|s| s.1.to_string()),
                    y.split_once(':').map(|s| s.1.to_string()),
                    "{name}"
                );
            }
            (x, y) => panic!("{name}: {:?} vs {:?}", x.err(), y.err()),
        }
    }
}
