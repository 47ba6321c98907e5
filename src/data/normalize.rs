//! Normalisation of headers and codes so that tables from different publishers join.

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
pub fn departement(raw: &str) -> Result<String, String> {
    let s = raw.trim().to_ascii_uppercase();
    let t = s.trim_start_matches('0');
    if t == "2A" || t == "2B" {
        return Ok(t.to_string());
    }
    match t.parse::<u32>() {
        Ok(n @ 1..=95) if t.len() <= 2 => Ok(format!("{n:02}")),
        Ok(n @ 971..=989) => Ok(n.to_string()),
        _ => Err(format!(
            "'{raw}' is not a département code (01-95, 2A, 2B, 971-989)"
        )),
    }
}

/// Sector: `public`/`PU`/`Public` → `public`; `privé sous contrat`/`PR`/`Privé` → `private`.
pub fn sector(raw: &str) -> Result<&'static str, String> {
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
    let v = if decimal_comma && t.contains(',') {
        t.replace(',', ".").parse::<f64>().ok()
    } else {
        t.parse::<f64>().ok()
    };
    v.filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
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
