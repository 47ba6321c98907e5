//! UAI (unité administrative immatriculée): 7 digits and a check letter.
//!
//! The check letter is `"ABCDEFGHJKLMNPRSTUVWXYZ"[n mod 23]` where `n` is the 7 digits read as a number
//! (letters I, O and Q are skipped). This holds for every UAI of the official files in
//! `../shared/data/real/`; lower-case letters occur there and are accepted after upper-casing.

const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// The check letter of seven digits (`"0010005"` → `'A'`), or `None` if `digits` is not 7 ASCII digits.
pub fn check_letter(digits: &str) -> Option<char> {
    let b = digits.as_bytes();
    if b.len() != 7 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
    Some(LETTERS[(n % 23) as usize] as char)
}

/// Normalise a UAI (trim, upper-case) and check it; `Err` explains what is wrong.
pub fn normalize(raw: &str) -> Result<String, String> {
    let s = raw.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err("empty UAI".into());
    }
    let b = s.as_bytes();
    if b.len() != 8 {
        return Err(format!(
            "a UAI has 8 characters (7 digits + check letter), found {}",
            s.chars().count()
        ));
    }
    // `get`: the 8 bytes may hold a multi-byte character (then not 7 digits either).
    let Some((digits, expected)) = s.get(..7).and_then(|d| Some((d, check_letter(d)?))) else {
        return Err("the first 7 characters of a UAI must be digits".into());
    };
    let got = b[7] as char;
    if got != expected {
        return Err(format!(
            "wrong check letter '{got}', expected '{expected}' for {digits} (typo in the UAI?)"
        ));
    }
    Ok(s)
}

/// [`normalize`] into a `Text` (no allocation): the form every table keeps.
pub fn normalize_text(raw: &str) -> Result<super::table::Text, String> {
    let t = raw.trim();
    let b = t.as_bytes();
    // Already upper case with a right check letter: the common case, checked without building a string.
    if b.len() == 8
        && t.get(..7)
            .and_then(check_letter)
            .is_some_and(|c| c as u8 == b[7])
    {
        return Ok(super::table::Text::new(t));
    }
    normalize(raw).map(super::table::Text::from)
}

/// Build a valid UAI from a 7-digit number (used by the synthetic sample).
pub fn from_number(n: u32) -> String {
    let digits = format!("{:07}", n % 10_000_000);
    let letter = LETTERS[(n % 10_000_000 % 23) as usize] as char;
    format!("{digits}{letter}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_uais() {
        assert_eq!(normalize("0010005A").as_deref(), Ok("0010005A"));
        assert_eq!(normalize("0333494u").as_deref(), Ok("0333494U"));
        assert!(normalize("0010005B").unwrap_err().contains("expected 'A'"));
        assert!(normalize("001000A").is_err());
        assert!(normalize("00100X5A").is_err());
        assert!(normalize("").is_err());
        assert!(normalize("é0010005A").is_err());
        assert!(normalize_text("000000é").is_err());
        assert_eq!(normalize_text(" 0333494u ").as_deref(), Ok("0333494U"));
        assert_eq!(normalize_text("0010005A").as_deref(), Ok("0010005A"));
        assert_eq!(
            normalize_text("0010005B"),
            normalize("0010005B").map(Into::into)
        );
    }

    #[test]
    fn generated_uais_are_valid() {
        for n in [0u32, 1, 22, 23, 440008, 9_999_999] {
            let u = from_number(n);
            assert_eq!(normalize(&u).as_deref(), Ok(u.as_str()));
        }
    }
}
