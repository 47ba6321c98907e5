//! Normalisation of headers and codes so that tables from different publishers join.

use super::table::Text;

/// Header normalisation: lower case, accents removed, every run of non-alphanumerics → `_`.
/// `"VA du taux de réussite G"` → `"va_du_taux_de_reussite_g"`, `"Nom de l'établissement"` →
/// `"nom_de_l_etablissement"`: the snake_case and French-label exports then share one spelling.
pub fn header_key(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut pending = false;
    for c in h.trim().trim_start_matches('\u{feff}').chars() {
        let mapped: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'î' | 'ï' | 'Î' | 'Ï' => "i",
            'ô' | 'ö' | 'Ô' | 'Ö' => "o",
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => "u",
            'ç' | 'Ç' => "c",
            'œ' | 'Œ' => "oe",
            _ => "",
        };
        if !mapped.is_empty() {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.push_str(mapped);
        } else if c.is_ascii_alphanumeric() {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.push(c.to_ascii_lowercase());
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

/// Parse a number, accepting a decimal comma; `None` when the text is not a finite number.
pub fn number(raw: &str, decimal_comma: bool) -> Option<f64> {
    let t = raw.trim();
    if let Some(x) = short_decimal(t.as_bytes(), decimal_comma) {
        return Some(x);
    }
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
            let want = t.trim().parse::<f64>().ok().filter(|x| x.is_finite());
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
    }
}
