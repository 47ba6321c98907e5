//! Normalisation of headers and codes so that tables from different publishers join.

use super::table::Text;

/// Header normalisation: lower case, accents removed, every run of other characters → `_`.
/// `"VA du taux de réussite G"` → `"va_du_taux_de_reussite_g"`, `"Nom de l'établissement"` →
/// `"nom_de_l_etablissement"`: the snake_case and French-label exports then share one spelling.
/// Letters of every script are kept (`学校指数`, `Школа`), so such headers keep a name.
pub fn header_key(h: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(h.len());
    let mut pending = false;
    for c in h.trim().trim_start_matches('\u{feff}').nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let mapped: Option<&str> = match c {
            'œ' | 'Œ' => Some("oe"),
            'æ' | 'Æ' => Some("ae"),
            _ => None,
        };
        if mapped.is_some() || c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            match mapped {
                Some(m) => out.push_str(m),
                None => out.extend(c.to_lowercase()),
            }
        } else {
            pending = true;
        }
    }
    out
}

/// Département code: `001`/`01`/`1` → `01`; `2a` → `2A`; overseas `971`…`988` kept on 3 digits;
/// `02A` → `2A`. `Err` when the code is not a département.
pub fn departement(raw: &str) -> Result<Text, String> {
    let raw_t = raw.trim();
    // The usual spellings (`01`..`95`, `2A`, `2B`, `971`..`989`) are returned as they are, without
    // building intermediate strings (a million-row file has a million of them).
    let b = raw_t.as_bytes();
    match b {
        [b'0'..=b'9', b'0'..=b'9'] if raw_t != "00" && raw_t <= "95" => {
            return Ok(Text::new(raw_t))
        }
        [b'2', b'A' | b'B'] => return Ok(Text::new(raw_t)),
        [b'9', b'7' | b'8', b'0'..=b'9'] if ("971"..="989").contains(&raw_t) => {
            return Ok(Text::new(raw_t))
        }
        _ => {}
    }
    let s = raw_t.to_ascii_uppercase();
    let t = s.trim_start_matches('0');
    if t == "2A" || t == "2B" {
        return Ok(Text::new(t));
    }
    match t.parse::<u32>() {
        Ok(n @ 1..=95) if t.len() <= 2 => Ok(compact_str::format_compact!("{n:02}")),
        Ok(n @ 971..=989) => Ok(compact_str::format_compact!("{n}")),
        _ => Err(format!(
            "'{raw}' is not a département code (01-95, 2A, 2B, 971-989)"
        )),
    }
}

/// Sector: `public`/`PU`/`Public` → `public`; `privé sous contrat`/`PR`/`Privé` → `private`.
pub fn sector(raw: &str) -> Result<&'static str, String> {
    match raw.trim() {
        "public" | "Public" | "PUBLIC" | "PU" => return Ok("public"),
        "private" | "Private" | "PR" | "Privé" | "privé" | "PRIVE" => return Ok("private"),
        _ => {}
    }
    let k = header_key(raw);
    if k == "pu" || k.starts_with("public") {
        Ok("public")
    } else if k == "pr" || k.starts_with("prive") || k.starts_with("private") {
        Ok("private")
    } else {
        Err(format!(
            "'{raw}' is not a sector (public/PU/Public or privé/PR/Privé)"
        ))
    }
}

/// EP status: `REP+`, `REP`, `HORS EP`, `NON EP` (empty = not on the list = `NON EP`).
pub fn ep_status(raw: &str) -> Result<&'static str, String> {
    match raw.trim() {
        "REP+" => return Ok("REP+"),
        "REP" => return Ok("REP"),
        "HORS EP" => return Ok("HORS EP"),
        "NON EP" | "" => return Ok("NON EP"),
        _ => {}
    }
    let t = raw.trim().to_ascii_uppercase();
    let compact: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .collect();
    match compact.as_str() {
        "REP+" | "REPPLUS" | "REP+(ECLAIR)" => Ok("REP+"),
        "REP" => Ok("REP"),
        "HORSEP" => Ok("HORS EP"),
        "" | "NONEP" | "NON" | "AUCUNE" | "HORSEDUCATIONPRIORITAIRE" => Ok("NON EP"),
        _ => Err(format!(
            "'{raw}' is not an EP status (REP+, REP, HORS EP, NON EP)"
        )),
    }
}

/// A period cell: a school year (`2022-2023`) or a session (`2023`) as written; a date
/// (`2025-01-01`, `2025-01-01T00:00:00+00:00`, as some API exports write the DNB session) is read as
/// its year.
pub fn period(s: &str) -> &str {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
    {
        &s[..4]
    } else {
        s
    }
}

/// Parse a number, accepting a decimal comma; `None` when the text is not a finite number.
///
/// Also read, where they cannot mean anything else: a percentage in points (`93,20%` → 93.2, never
/// 0.932), digit groups separated by spaces (`1 234,5`, also with a no-break space: French thousands),
/// and a thousands separator followed by the other decimal mark (`1.234,5` or `1,234.5`).
pub fn number(raw: &str, decimal_comma: bool) -> Option<f64> {
    let t = raw.trim();
    if let Some(x) = short_decimal(t.as_bytes(), decimal_comma) {
        return Some(x);
    }
    plain_number(t, decimal_comma).or_else(|| written_number(t, decimal_comma))
}

/// The forms of [`number`] beyond a plain decimal (only tried when that fails: never on the cells of a
/// clean file).
fn written_number(t: &str, decimal_comma: bool) -> Option<f64> {
    if t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(p) = t.strip_suffix('%') {
        let p = p.trim_end_matches([' ', '\u{a0}', '\u{202f}']);
        return plain_number(p, decimal_comma).or_else(|| grouped(p, decimal_comma));
    }
    grouped(t, decimal_comma)
}

/// `1 234 567,5` (groups of three digits after spaces) or `1.234,5` / `1,234.5`.
fn grouped(t: &str, decimal_comma: bool) -> Option<f64> {
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let spaced = body.contains([' ', '\u{a0}', '\u{202f}']);
    let (int, frac, sep): (&str, Option<&str>, Option<char>) = if spaced {
        match body.rfind([',', '.']) {
            Some(i) => (&body[..i], Some(&body[i + 1..]), None),
            None => (body, None, None),
        }
    } else {
        // Both marks: the last one is the decimal mark, the other separates thousands.
        let (c, d) = (body.rfind(','), body.rfind('.'));
        match (c, d) {
            (Some(c), Some(d)) if c > d && decimal_comma => {
                (&body[..c], Some(&body[c + 1..]), Some('.'))
            }
            (Some(c), Some(d)) if d > c => (&body[..d], Some(&body[d + 1..]), Some(',')),
            _ => return None,
        }
    };
    let groups: Vec<&str> = match sep {
        Some(s) => int.split(s).collect(),
        None => int.split([' ', '\u{a0}', '\u{202f}']).collect(),
    };
    let ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    let mut s = String::with_capacity(t.len());
    if neg {
        s.push('-');
    }
    groups.iter().for_each(|g| s.push_str(g));
    if let Some(f) = frac {
        s.push('.');
        s.push_str(f);
    }
    parse_float(&s).filter(|x| x.is_finite())
}

/// A plain decimal (optionally with a decimal comma), as `str::parse` reads it.
fn plain_number(t: &str, decimal_comma: bool) -> Option<f64> {
    let v = match memchr::memchr(b',', t.as_bytes()) {
        Some(_) if decimal_comma => {
            // A short number is rewritten on the stack, a long one (never seen in practice) on the heap.
            let mut buf = [0u8; 64];
            if t.len() <= buf.len() {
                for (d, s) in buf.iter_mut().zip(t.bytes()) {
                    *d = if s == b',' { b'.' } else { s };
                }
                parse_float(std::str::from_utf8(&buf[..t.len()]).ok()?)
            } else {
                t.replace(',', ".").parse::<f64>().ok()
            }
        }
        _ => parse_float(t),
    };
    v.filter(|x| x.is_finite())
}

/// `str::parse::<f64>` through `fast-float2` (the algorithm the standard library's parser comes from,
/// without its overhead): the same correctly rounded value; whatever `fast-float2` refuses goes to
/// `str::parse`. A property test checks that the finite numbers read are those `str::parse` reads.
fn parse_float(t: &str) -> Option<f64> {
    match fast_float2::parse::<f64, _>(t) {
        Ok(x) => Some(x),
        Err(_) => t.parse::<f64>().ok(),
    }
}

/// The short decimals that fill official files (`-0.3`, `98,7`, `540`): at most 15 digits, so the digits
/// read as an integer `m < 2^53` and `m / 10^k` (k <= 15) is one correctly rounded IEEE division of two
/// exact values, the same bits `str::parse` gives (Clinger's fast path) without its general machinery.
/// `None` for anything else (exponents, signs other than a leading `-`, more digits), which then goes
/// through `str::parse`.
fn short_decimal(b: &[u8], decimal_comma: bool) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut m, mut n, mut frac, mut point) = (0u64, 0usize, 0usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                n += 1;
                frac += usize::from(point);
            }
            b'.' if !point => point = true,
            b',' if !point && decimal_comma => point = true,
            _ => return None,
        }
    }
    // Digits on both sides of a point ("5." and ".5" go to str::parse), at most 15 of them.
    if n == 0 || n > 15 || (point && (frac == 0 || frac == n)) {
        return None;
    }
    let x = m as f64 / POW10[frac];
    Some(if neg { -x } else { x })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numbers_read_as_str_parse_does(t in "[-+0-9.eE infaNIty]{0,12}") {
            // As str::parse, except French digit groups (`-1 234.5`), read without their spaces.
            let u = t.trim();
            let body = u.strip_prefix('-').unwrap_or(u);
            let int = body.split('.').next().unwrap_or("");
            let groups: Vec<&str> = int.split(' ').collect();
            let grouped = groups.len() >= 2
                && body.split('.').count() <= 2
                && body.split('.').nth(1).is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
                && (1..=3).contains(&groups[0].len())
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
            let want = if grouped { u.replace(' ', "") } else { u.to_string() }
                .parse::<f64>().ok().filter(|x| x.is_finite());
            prop_assert_eq!(super::number(&t, false).map(f64::to_bits), want.map(f64::to_bits));
        }

        #[test]
        fn long_decimals_read_as_str_parse_does(x in any::<f64>(), digits in 1usize..20) {
            let t = format!("{x:.digits$}");
            let want = t.parse::<f64>().ok().filter(|x| x.is_finite());
            prop_assert_eq!(super::number(&t, false).map(f64::to_bits), want.map(f64::to_bits));
        }

        #[test]
        fn short_decimals_read_as_str_parse_does(
            neg in any::<bool>(), int in "[0-9]{1,9}", frac in proptest::option::of("[0-9]{1,8}"),
        ) {
            let t = format!("{}{}{}", if neg { "-" } else { "" }, int, frac.map(|f| format!(".{f}")).unwrap_or_default());
            let want: f64 = t.parse().unwrap();
            prop_assert_eq!(super::number(&t, false).map(f64::to_bits), Some(want.to_bits()));
            prop_assert_eq!(super::number(&t.replace('.', ","), true).map(f64::to_bits), Some(want.to_bits()));
        }
    }

    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            header_key("VA du taux de réussite G"),
            "va_du_taux_de_reussite_g"
        );
        assert_eq!(header_key("\u{feff}num_ligne"), "num_ligne");
        assert_eq!(
            header_key("Nom de l'établissement"),
            "nom_de_l_etablissement"
        );
        assert_eq!(
            header_key("Taux d'accès 6eme 3eme"),
            "taux_d_acces_6eme_3eme"
        );
        assert_eq!(header_key("Ecart-type de l'IPS"), "ecart_type_de_l_ips");
        assert_eq!(header_key("学校指数"), "学校指数");
        assert_eq!(header_key("Школа №1"), "школа_1");
        assert_eq!(header_key("Année scolaire"), "annee_scolaire");
        assert_eq!(header_key("Cœur"), "coeur");
        assert_eq!(header_key("  "), "");
    }

    #[test]
    fn codes() {
        for r in ["001", "01", "1"] {
            assert_eq!(departement(r).as_deref(), Ok("01"));
        }
        assert_eq!(departement("02A").as_deref(), Ok("2A"));
        assert_eq!(departement("971").as_deref(), Ok("971"));
        assert!(departement("96").is_err());
        assert!(departement("abc").is_err());
        assert!(departement("00").is_err());
        assert!(departement("96").is_err());
        assert!(departement("990").is_err());
        assert_eq!(departement(" 2B ").as_deref(), Ok("2B"));
        assert_eq!(departement("2b").as_deref(), Ok("2B"));
        assert_eq!(departement("988").as_deref(), Ok("988"));
        assert_eq!(departement("44").as_deref(), Ok("44"));
        assert_eq!(number(" 1,5e2 ", true), Some(150.0));
        assert_eq!(number("-0,25", true), Some(-0.25));
        assert_eq!(
            number("-0", false).map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(number("5.", false), Some(5.0));
        assert_eq!(number(".5", false), Some(0.5));
        assert_eq!(number("1,5", false), None);
        assert_eq!(number("1.2.3", false), None);
        assert_eq!(number("-", false), None);
        assert_eq!(
            number("123456789012345678", false),
            Some(123456789012345678.0)
        );
        assert_eq!(
            number("0.1234567890123456789", false),
            Some(0.1234567890123456789)
        );
        assert_eq!(sector("Privé"), Ok("private"));
        assert_eq!(ep_status(" REP "), Ok("REP"));
        assert_eq!(ep_status("rep"), Ok("REP"));
        assert_eq!(sector("privé sous contrat"), Ok("private"));
        assert_eq!(sector("PU"), Ok("public"));
        assert_eq!(sector("Public"), Ok("public"));
        assert!(sector("mixte").is_err());
        assert_eq!(ep_status("rep+"), Ok("REP+"));
        assert_eq!(ep_status("HORS EP"), Ok("HORS EP"));
        assert_eq!(ep_status(""), Ok("NON EP"));
        assert_eq!(number("12,5", true), Some(12.5));
        assert_eq!(number("12,5", false), None);
        assert_eq!(number("NaN", false), None);
        // Written forms: percentages in points, French thousands.
        assert_eq!(number("93,20%", true), Some(93.2));
        assert_eq!(number("81,7 %", true), Some(81.7));
        assert_eq!(number("-5%", true), Some(-5.0));
        assert_eq!(number("%", true), None);
        assert_eq!(number("1 234,5", true), Some(1234.5));
        assert_eq!(number("1\u{a0}234\u{a0}567", true), Some(1234567.0));
        assert_eq!(number("1\u{202f}234,5", true), Some(1234.5));
        assert_eq!(number("1.234,5", true), Some(1234.5));
        assert_eq!(number("1,234.5", false), Some(1234.5));
        assert_eq!(
            number("1,234", true),
            Some(1.234),
            "a lone comma is the decimal mark"
        );
        assert_eq!(number("12 34", true), None, "groups of three only");
        assert_eq!(number("None", true), None);
        assert_eq!(number("1 234 %", true), Some(1234.0));
        assert_eq!(period("2025-01-01T00:00:00+00:00"), "2025");
        assert_eq!(period("2022-2023"), "2022-2023");
        assert_eq!(period("2023"), "2023");
    }
}
