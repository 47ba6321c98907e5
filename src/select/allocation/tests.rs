//! Hand-computed examples of each rule, the checks before work, and the guarantees as properties.

use super::*;
use proptest::prelude::*;

fn school(uai: &str, score: f64, ips: f64, size: f64) -> Candidate {
    Candidate {
        uai: uai.into(),
        name: String::new(),
        academie: "NANTES".into(),
        departement: if uai < "0490000A" { "44" } else { "49" }.into(),
        level: "college".into(),
        score,
        ips,
        size,
        decision: String::new(),
    }
}

fn spec(toml_text: &str) -> AllocationSpec {
    #[derive(serde::Deserialize)]
    struct F {
        allocation: AllocationSpec,
    }
    toml::from_str::<F>(toml_text).unwrap().allocation
}

fn amounts(a: &Allocation) -> BTreeMap<String, f64> {
    a.shares
        .iter()
        .map(|s| (s.school.uai.clone(), s.amount))
        .collect()
}

fn three() -> Vec<Candidate> {
    vec![
        school("0440001A", 2.0, 80.0, 100.0),
        school("0440002B", 1.0, 95.0, 200.0),
        school("0440003C", -1.0, 110.0, 300.0),
    ]
}

#[test]
fn proportional_to_rank_by_hand() {
    // f = 3, 2, 1; w = 300, 400, 300 (sum 1000); 100 hours → 30, 40, 30 exactly.
    let v = spec("[allocation]\namount = 100\nsize = \"effectif\"\n")
        .check()
        .unwrap();
    let a = allocate(&v, &three()).unwrap();
    let m = amounts(&a);
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (30.0, 40.0, 30.0)
    );
    assert_eq!(a.envelopes[0].total, 100.0);
    assert_eq!(a.envelopes[0].per_size, 100.0 / 600.0);
    // Per pupil: 0.3, 0.2, 0.1; shares ordered by amount per pupil.
    assert_eq!(a.shares[0].per_size, 0.3);
    assert_eq!(a.shares[2].per_size, 0.1);
}

#[test]
fn largest_remainder_ties_go_to_the_needier() {
    // f = 3, 2, 1; sizes 1, 1.5, 3 → w = 3, 3, 3: 10 hours = 3.33 each; the one left over goes to
    // the neediest (f = 3, higher score).
    let mut s = three();
    s[0].size = 1.0;
    s[1].size = 1.5;
    s[2].size = 3.0;
    let v = spec("[allocation]\namount = 10\nsize = \"effectif\"\n")
        .check()
        .unwrap();
    let m = amounts(&allocate(&v, &s).unwrap());
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (4.0, 3.0, 3.0)
    );
}

#[test]
fn ips_classes_by_hand() {
    // IPS 80 → 1.5, 95 → 1.2, 110 → 1.0; w = 150, 240, 300 (690); 69 posts in halves:
    // 15, 24, 30 exactly.
    let v = spec(
        "[allocation]\namount = 69\nunit = \"posts\"\nstep = 0.5\nsize = \"effectif\"\nrule = \"classes\"\nbounds = [90, 100]\ncoefficients = [1.5, 1.2, 1.0]\n",
    )
    .check()
    .unwrap();
    let m = amounts(&allocate(&v, &three()).unwrap());
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (15.0, 24.0, 30.0)
    );
}

#[test]
fn progressive_with_floor_and_cap_by_hand() {
    // IPS 80 → 2, 95 → 1.5, 110 → 1; w = 200, 300, 300. 80 hours, no bounds: 20, 30, 30.
    let base = "[allocation]\namount = 80\nsize = \"effectif\"\nrule = \"progressive\"\nips_bounds = [80, 110]\ncoefficients = [2, 1]\n";
    let m = amounts(&allocate(&spec(base).check().unwrap(), &three()).unwrap());
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (20.0, 30.0, 30.0)
    );
    // Floor 25: the first is lifted to 25, the 55 left split 300:300 → 27.5 each; rounding: 27 + 28,
    // the half hour going to the needier (IPS 95).
    let v = spec(&format!("{base}floor = 25\n")).check().unwrap();
    let m = amounts(&allocate(&v, &three()).unwrap());
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (25.0, 28.0, 27.0)
    );
    // Cap 28: 28 + 28, the rest (24) to the first.
    let v = spec(&format!("{base}cap = 28\n")).check().unwrap();
    let m = amounts(&allocate(&v, &three()).unwrap());
    assert_eq!(
        (m["0440001A"], m["0440002B"], m["0440003C"]),
        (24.0, 28.0, 28.0)
    );
}

#[test]
fn need_classes_and_envelopes_per_departement() {
    let mut s = three();
    s.push(school("0490001X", 3.0, 70.0, 50.0));
    s.push(school("0490002Y", 0.0, 100.0, 50.0));
    // Need classes at the median: above it coefficient 2, else 1. In 44, scores 2, 1, −1: median 1
    // → f = 2, 1, 1; w = 200, 200, 300 (700): 70 hours → 20, 20, 30. In 49, scores 3, 0: median 1.5
    // → f = 2, 1; w = 100, 50: 30 hours → 20, 10.
    let v = spec(
        "[allocation]\namount = 100\nsize = \"effectif\"\nrule = \"classes\"\nclasses_of = \"need\"\nbounds = [0.5]\ncoefficients = [1, 2]\nper = \"departement\"\nenvelopes = { \"44\" = 70, \"49\" = 30 }\n",
    )
    .check()
    .unwrap();
    let a = allocate(&v, &s).unwrap();
    let m = amounts(&a);
    assert_eq!(
        (
            m["0440001A"],
            m["0440002B"],
            m["0440003C"],
            m["0490001X"],
            m["0490002Y"]
        ),
        (20.0, 20.0, 30.0, 20.0, 10.0)
    );
    assert_eq!(a.envelopes.len(), 2);
    assert_eq!((a.envelopes[0].total, a.envelopes[1].total), (70.0, 30.0));
}

#[test]
fn settings_are_checked_before_work_naming_the_key() {
    let cases = [
        ("amount = 10.5\nsize = \"e\"\n", "allocation.amount"),
        ("amount = 10\nstep = 3\nsize = \"e\"\n", "allocation.amount"),
        ("amount = 10\nstep = 0\nsize = \"e\"\n", "allocation.step"),
        ("amount = 10\nsize = \"e\"\nfloor = 0.5\n", "allocation.floor"),
        ("amount = 10\nsize = \"e\"\nfloor = 4\ncap = 3\n", "allocation.cap"),
        ("amount = 10\nsize = \"e\"\nrule = \"classes\"\nbounds = [90, 100]\ncoefficients = [1, 2, 3]\n", "allocation.coefficients"),
        ("amount = 10\nsize = \"e\"\nrule = \"classes\"\nbounds = [100, 90]\ncoefficients = [3, 2, 1]\n", "allocation.bounds"),
        ("amount = 10\nsize = \"e\"\nrule = \"progressive\"\nips_bounds = [110, 80]\ncoefficients = [2, 1]\n", "allocation.ips_bounds"),
        ("amount = 10\nsize = \"e\"\nrule = \"progressive\"\nips_bounds = [80, 110]\ncoefficients = [1, 2]\n", "allocation.coefficients"),
        ("amount = 10\nsize = \"e\"\nper = \"departement\"\nenvelopes = { \"44\" = 4, \"49\" = 5 }\n", "allocation.amount"),
        ("amount = 10\nsize = \"e\"\nper = \"departement\"\n", "allocation.envelopes"),
    ];
    for (body, key) in cases {
        let e = spec(&format!("[allocation]\n{body}")).check().unwrap_err();
        assert_eq!(e.exit_code(), 2, "{body}");
        let Error::Setting(s) = &e else { panic!("{e}") };
        assert_eq!(s.key, key, "{body}: {e}");
    }
    // Against the schools: Σ floors > envelope, envelope > Σ caps.
    let e = allocate(
        &spec("[allocation]\namount = 100\nsize = \"e\"\nfloor = 40\n")
            .check()
            .unwrap(),
        &three(),
    )
    .unwrap_err();
    // The bound is a whole number of steps (100 / 3 = 33.33…: a floor of 33 hours fits).
    assert!(
        e.to_string()
            .contains("at most 33 (3 schools share the envelope of 100, in steps of 1)"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 2);
    let e = allocate(
        &spec("[allocation]\namount = 10\nstep = 0.5\nsize = \"e\"\nfloor = 4\n")
            .check()
            .unwrap(),
        &three(),
    )
    .unwrap_err();
    // 20 half-units over 3 schools: at most 6 half-units each, 3.
    assert!(e.to_string().contains("at most 3 ("), "{e}");
    let e = allocate(
        &spec("[allocation]\namount = 100\nsize = \"e\"\ncap = 30\n")
            .check()
            .unwrap(),
        &three(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    // 100 / 3 = 33.33…: a cap of 34 reaches the envelope, 33 does not.
    assert!(e.to_string().contains("at least 34 ("), "{e}");
    // A school without size: a data error naming it.
    let mut s = three();
    s[1].size = f64::NAN;
    let e = allocate(
        &spec("[allocation]\namount = 100\nsize = \"effectif\"\n")
            .check()
            .unwrap(),
        &s,
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(e.to_string().contains("UAI 0440002B"), "{e}");
}

#[test]
fn the_template_is_a_valid_allocation() {
    let v = spec(TEMPLATE).check().unwrap();
    assert_eq!(v.envelopes[""], 1000);
    assert_eq!((v.floor, v.cap), (10, 100));
    assert_eq!(
        v.rule,
        Rule::Progressive {
            ips_bounds: [80.0, 110.0],
            coefficients: [2.0, 1.0]
        }
    );
}

fn rule_specs() -> Vec<String> {
    vec![
        String::new(),
        "transform = \"exp\"\n".into(),
        "rule = \"classes\"\nbounds = [90, 100, 105]\ncoefficients = [2, 1.5, 1.2, 1]\n".into(),
        "rule = \"classes\"\nclasses_of = \"need\"\nbounds = [0.25, 0.75]\ncoefficients = [1, 1.5, 3]\n".into(),
        "rule = \"progressive\"\nips_bounds = [85, 115]\ncoefficients = [2.5, 1]\n".into(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Totals exact, bounds respected, never more than a needier school of the same size, the same
    /// amounts whatever the order of the schools.
    #[test]
    fn guarantees_hold(
        rows in prop::collection::vec((-30i32..30, 70u32..130, 1u32..6), 2..40),
        rule in 0usize..5,
        units in 1u64..500,
        floor in 0u64..4,
        cap_extra in prop::option::of(0u64..40),
        half in any::<bool>(),
    ) {
        let step = if half { 0.5 } else { 1.0 };
        let schools: Vec<Candidate> = rows
            .iter()
            .enumerate()
            .map(|(k, &(s, ips, size))| {
                let digits = format!("{:07}", 440000 + k);
                let uai = format!("{digits}{}", crate::data::uai::check_letter(&digits).unwrap());
                // Sizes in a few values so that schools of equal size exist.
                school(&uai, s as f64 / 10.0, ips as f64, (size * 100) as f64)
            })
            .collect();
        let n = schools.len() as u64;
        let total = floor * n + units;
        let cap = cap_extra.map(|c| (total / n + 1 + c).max(floor));
        let mut text = format!(
            "[allocation]\namount = {}\nstep = {step}\nsize = \"e\"\nfloor = {}\n{}",
            total as f64 * step,
            floor as f64 * step,
            rule_specs()[rule]
        );
        if let Some(c) = cap {
            text.push_str(&format!("cap = {}\n", c as f64 * step));
        }
        let v = spec(&text).check().unwrap();
        let a = allocate(&v, &schools).unwrap();
        let sum: f64 = a.shares.iter().map(|s| s.amount).sum();
        prop_assert!((sum - total as f64 * step).abs() < 1e-9, "{} != {}", sum, total as f64 * step);
        for s in &a.shares {
            prop_assert!(s.amount >= floor as f64 * step - 1e-9);
            if let Some(c) = cap {
                prop_assert!(s.amount <= c as f64 * step + 1e-9);
            }
            prop_assert!(((s.amount / step) - (s.amount / step).round()).abs() < 1e-9);
        }
        let reads_ips = rule::reads_ips(&v.rule);
        for x in &a.shares {
            for y in &a.shares {
                let needier = if reads_ips { x.school.ips < y.school.ips } else { x.school.score > y.school.score };
                if x.school.size == y.school.size && needier {
                    prop_assert!(x.amount >= y.amount, "{} (needier) got {} < {} of {}", x.school.uai, x.amount, y.amount, y.school.uai);
                }
            }
        }
        let mut rev = schools.clone();
        rev.reverse();
        prop_assert_eq!(amounts(&allocate(&v, &rev).unwrap()), amounts(&a));
    }
}
