//! Turning an input's bytes ([`super::input::Bytes`]) into text ([`Text`]): the text, whether it is
//! the file's bytes themselves, and what decoding it is worth telling the user.
//!
//! # Encodings
//! UTF-8 with or without byte-order mark is the file itself; UTF-16 LE/BE with a byte-order mark and
//! any other encoding given by the user (a WHATWG label: `windows-1252`, `macintosh`, `iso-8859-15`,
//! `utf-16le`…) are decoded with `encoding_rs`; a file that is not valid UTF-8 is read as Windows-1252
//! (what Excel and older official exports write in France; unlike Latin-1 it has ’ œ € –), and a note
//! says so. No statistical guess beyond that: the encodings a guesser could tell apart from
//! Windows-1252 are not the ones French files come in, and a wrong guess on a short file would be
//! silent.

use super::input::Bytes;
use crate::error::{Error, Result};
use crate::output::digest::FileDigest;
use encoding_rs::Encoding;
use std::path::Path;

/// The text of an input.
pub struct Text {
    /// The text itself (a UTF-8 byte-order mark, when there is one, is kept: the parser skips it).
    pub text: TextBuf,
    /// What decoding is worth telling the user (the encoding used when it is not UTF-8).
    pub notes: Vec<String>,
    /// SHA-256 of the bytes when the text is not them (decoded); `None` when it is.
    pub digest: Option<FileDigest>,
}

/// Text owned, or the mapped file itself when it is valid UTF-8.
pub enum TextBuf {
    /// Decoded or read into memory.
    Owned(String),
    /// The mapping (validated UTF-8) and the file's modification time when it was mapped.
    Mapped(memmap2::Mmap, Option<std::time::SystemTime>),
}

impl TextBuf {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            TextBuf::Owned(s) => s,
            // SAFETY: only constructed (in `decode`) from a mapping whose bytes passed
            // `std::str::from_utf8`.
            TextBuf::Mapped(m, _) => unsafe { std::str::from_utf8_unchecked(m) },
        }
    }
}

impl std::fmt::Debug for TextBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            TextBuf::Owned(_) => "owned",
            TextBuf::Mapped(..) => "mapped",
        };
        write!(f, "TextBuf({kind}, {} bytes)", self.as_str().len())
    }
}

/// The encoding named by a WHATWG label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`, `macintosh`…).
pub fn encoding(label: &str) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Error::Usage(format!(
            "unknown encoding '{}': give a label such as utf-8, windows-1252, iso-8859-15, \
             utf-16le, utf-16be, macintosh",
            crate::text::quote(label)
        ))
    })
}

/// Turn bytes into text: the user's encoding when given; else UTF-16 from its byte-order mark, UTF-8
/// as it is, anything else as Windows-1252 (with a note). Decoded text holding a NUL character is
/// refused as binary.
pub fn decode(path: &Path, bytes: Bytes, given: Option<&'static Encoding>) -> Result<Text> {
    let b = bytes.as_slice();
    let bom = Encoding::for_bom(b).map(|(e, _)| e);
    let enc = given.or(bom).unwrap_or(encoding_rs::UTF_8);
    // Validated once (the biggest inputs are UTF-8: a pass over the whole file).
    let utf8 = enc == encoding_rs::UTF_8 && std::str::from_utf8(b).is_ok();
    let enc = if enc == encoding_rs::UTF_8 && !utf8 && given.is_none() && bom.is_none() {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    };
    if utf8 {
        let text = match bytes {
            Bytes::Mapped(m, t) => TextBuf::Mapped(m, t),
            // Valid UTF-8, checked above.
            Bytes::Owned(v) => TextBuf::Owned(String::from_utf8(v).unwrap_or_default()),
        };
        return Ok(Text {
            text,
            notes: Vec::new(),
            digest: None,
        });
    }
    let digest = crate::output::digest::of_bytes(b);
    let mut notes = Vec::new();
    let (text, malformed) = if enc == encoding_rs::UTF_8 && given.is_none() {
        // A UTF-8 byte-order mark before bytes that are not UTF-8 (a file edited by a tool that
        // does not know UTF-8): Windows-1252, as files without a mark; the mark reads `ï»¿`, which
        // the parser skips.
        notes.push(not_utf8_note(b));
        encoding_rs::WINDOWS_1252.decode_without_bom_handling(b)
    } else {
        if given.is_none() && bom.is_none() {
            notes.push(not_utf8_note(b));
        } else {
            notes.push(format!("read as {}", enc.name()));
        }
        let (t, bad) = enc.decode_with_bom_removal(b);
        (t, bad)
    };
    if malformed {
        notes.push(format!(
            "byte sequences that are not {} were replaced by U+FFFD (\u{fffd})",
            enc.name()
        ));
    }
    let text = text.into_owned();
    if let Some(pos) = text.find('\0') {
        return Err(Error::NotText {
            path: path.into(),
            line: 1 + text[..pos].matches('\n').count() as u64,
            reason: format!(
                "NUL character after decoding as {}: a binary file, not text",
                enc.name()
            ),
        });
    }
    Ok(Text {
        text: TextBuf::Owned(text),
        notes,
        digest: Some(digest),
    })
}

/// The note of a file read as Windows-1252, naming where its first byte that is not UTF-8 is.
fn not_utf8_note(b: &[u8]) -> String {
    let at = std::str::from_utf8(b).err().map_or(0, |e| e.valid_up_to());
    let line = 1 + memchr::memchr_iter(b'\n', &b[..at]).count();
    format!(
        "not UTF-8 (first at line {line}): read as Windows-1252; if accents look wrong, give the \
         file's encoding with --encoding (e.g. iso-8859-15, macintosh)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &[u8]) -> (String, Vec<String>, bool) {
        let t = decode(Path::new("t.csv"), Bytes::Owned(b.to_vec()), None).unwrap();
        (t.text.as_str().to_string(), t.notes, t.digest.is_none())
    }

    #[test]
    fn windows_1252_not_latin1() {
        // ’ œ € – are 0x92 0x9C 0x80 0x96 in Windows-1252 (C1 controls in Latin-1).
        let (t, notes, verbatim) = text(b"nom\nl\x92\x9cuvre \x80 \x96 \xe9t\xe9\n");
        assert_eq!(t, "nom\nl’œuvre € – été\n");
        assert!(!verbatim);
        assert!(notes[0].contains("Windows-1252") && notes[0].contains("line 2"));
    }

    #[test]
    fn utf8_with_and_without_bom_is_the_file_itself() {
        let (t, notes, verbatim) = text("\u{feff}uai;nom\n1;é\n".as_bytes());
        assert_eq!(t, "\u{feff}uai;nom\n1;é\n");
        assert!(notes.is_empty() && verbatim);
        let (t, _, verbatim) = text("uai\n’\n".as_bytes());
        assert!(verbatim && t == "uai\n’\n");
    }

    #[test]
    fn utf16_from_its_byte_order_mark() {
        let s = "uai;nom\n0440008V;Collège l’Œuvre €\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        for b in [le, be] {
            let (t, notes, verbatim) = text(&b);
            assert_eq!(t, s);
            assert!(!verbatim && notes[0].starts_with("read as UTF-16"));
        }
    }

    #[test]
    fn given_encoding_and_binary() {
        let t = decode(
            Path::new("t"),
            Bytes::Owned(b"caf\x8e".to_vec()),
            Some(encoding("macintosh").unwrap()),
        )
        .unwrap();
        assert_eq!(t.text.as_str(), "café");
        assert!(encoding("klingon").is_err());
        // UTF-16 without a mark, given by the user, is decoded; a NUL character in the result is not text.
        let t = decode(
            Path::new("t"),
            Bytes::Owned(b"a\0b\0".to_vec()),
            Some(encoding("utf-16le").unwrap()),
        )
        .unwrap();
        assert_eq!(t.text.as_str(), "ab");
        assert!(matches!(
            decode(
                Path::new("t"),
                Bytes::Owned(b"a\0\0\0".to_vec()),
                Some(encoding("utf-16le").unwrap())
            ),
            Err(Error::NotText { .. })
        ));
    }
}
