//! The reading settings that are neither words nor plain integers: the text encoding of the inputs
//! (`--encoding`, `[inputs] encoding`) and the size limit of one input (`--max-input-bytes`,
//! `[inputs] max_bytes`, `CIBLAGE_MAX_INPUT_BYTES`). Both are parsed at the edge — by clap for a flag
//! (`value_parser = ...::from_str`), by serde for a TOML key — with the same rules and the same
//! message, so a bad value is a usage error (exit code 2) before any input is read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// What `--encoding` / `[inputs] encoding` allow.
pub const ENCODING_ALLOWED: &str = "an encoding label (WHATWG, as encoding_rs reads them): utf-8, \
     windows-1252, iso-8859-15, utf-16le, utf-16be, macintosh…";

/// What `--max-input-bytes` / `[inputs] max_bytes` / `CIBLAGE_MAX_INPUT_BYTES` allow.
pub const SIZE_ALLOWED: &str =
    "a size of at least 1 byte: bytes, or a whole number with K, M, G or T (powers of 1024), e.g. 8G";

/// The text encoding of the inputs, as `encoding_rs` names it (`windows-1252`, `UTF-16LE`...).
///
/// ```
/// use ciblage::job::settings::TextEncoding;
/// let e: TextEncoding = "iso8859-15".parse().unwrap();
/// assert_eq!(e.label(), "ISO-8859-15");
/// assert!("klingon".parse::<TextEncoding>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static encoding_rs::Encoding);

impl TextEncoding {
    /// The canonical label (`windows-1252`), which [`crate::data::LoadOptions::encoding`] takes.
    pub fn label(self) -> &'static str {
        self.0.name()
    }
}

impl FromStr for TextEncoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        encoding_rs::Encoding::for_label(s.trim().as_bytes())
            .map(TextEncoding)
            .ok_or_else(|| ENCODING_ALLOWED.to_string())
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for TextEncoding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for TextEncoding {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A size in bytes, given as bytes (`1000`) or with a binary unit (`"500M"`, `"8G"`, `"8 GiB"`).
///
/// ```
/// use ciblage::job::settings::ByteSize;
/// assert_eq!("8G".parse::<ByteSize>().unwrap().0, 8 << 30);
/// assert!("0".parse::<ByteSize>().is_err());
/// assert!("1.5G".parse::<ByteSize>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl FromStr for ByteSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        crate::data::input::parse_size(s)
            .filter(|n| *n > 0)
            .map(ByteSize)
            .ok_or_else(|| SIZE_ALLOWED.to_string())
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Written as a number of bytes (a manifest's configuration re-reads it).
impl Serialize for ByteSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ByteSize;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(SIZE_ALLOWED)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ByteSize, E> {
                u64::try_from(v)
                    .ok()
                    .filter(|n| *n > 0)
                    .map(ByteSize)
                    .ok_or_else(|| E::custom(SIZE_ALLOWED))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ByteSize, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ByteSize, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The size limit of one input when none is set: `CIBLAGE_MAX_INPUT_BYTES` (checked here, with the
/// other settings, so that a bad value stops the command before any input is read), else
/// `DEFAULT_MAX_BYTES`.
pub fn max_bytes_or_env(given: Option<ByteSize>) -> crate::Result<u64> {
    match given {
        Some(b) => Ok(b.0),
        None => crate::data::input::max_bytes(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct T {
        e: Option<TextEncoding>,
        m: Option<ByteSize>,
    }

    #[test]
    fn flags_and_toml_read_the_same_values() {
        let t: T = toml::from_str("e = \"latin1\"\nm = \"8G\"").unwrap();
        // WHATWG: latin1 is windows-1252 (what Excel writes), never ISO-8859-1.
        assert_eq!(t.e.unwrap().label(), "windows-1252");
        assert_eq!(t.m, Some(ByteSize(8 << 30)));
        let t: T = toml::from_str("m = 1000").unwrap();
        assert_eq!(t.m, Some(ByteSize(1000)));
        assert_eq!("500 MiB".parse::<ByteSize>(), Ok(ByteSize(500 << 20)));
        for bad in [
            "m = 0",
            "m = -3",
            "m = \"lots\"",
            "m = 1.5",
            "e = \"klingon\"",
        ] {
            let e = toml::from_str::<T>(bad).unwrap_err().to_string();
            assert!(
                e.contains("encoding label") || e.contains("a size of at least 1 byte"),
                "{bad}: {e}"
            );
        }
        // Written back as read.
        let t = T {
            e: Some("utf-16le".parse().unwrap()),
            m: Some(ByteSize(42)),
        };
        let s = toml::to_string(&t).unwrap();
        assert_eq!(toml::from_str::<T>(&s).unwrap(), t);
    }
}
