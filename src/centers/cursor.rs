//! Pagination cursors. A cursor is opaque to clients (unpadded base64url) and carries the
//! sort key of the last center on the page, a fingerprint of the filters it was issued for,
//! and a checksum. Because it holds a key rather than an offset, repeating a call with the
//! same cursor returns the same page, and a page boundary stays put even when the directory
//! is reloaded. The checksum catches damaged or hand-edited cursors; it is not a signature
//! (a forged cursor can only skip ahead in results the caller may see anyway).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Longest cursor text accepted, so decoding work stays bounded.
pub const MAX_CURSOR_CHARS: usize = 2_048;

const VERSION: u8 = 1;
const DISTANCE: u8 = 1;
const LISTING: u8 = 2;

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// Nearest-first order: exact great-circle miles, then id.
    Distance {
        /// Unrounded distance of the last center.
        miles: f64,
        /// Its id.
        id: String,
    },
    /// Order without a location: state, city, name, id.
    Listing {
        /// State code of the last center.
        state: String,
        /// Its city.
        city: String,
        /// Its name.
        name: String,
        /// Its id.
        id: String,
    },
}

/// Why a cursor was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not a cursor this service issued (bad base64, wrong length or layout).
    #[error("cursor is not one this service issued; pass back next_cursor unchanged")]
    Malformed,
    /// The cursor's checksum does not match its contents.
    #[error("cursor is damaged (checksum mismatch); pass back next_cursor unchanged")]
    Corrupted,
    /// The cursor was issued for a search with different filters or location.
    #[error(
        "cursor belongs to a search with different filters; repeat the original filters or drop the cursor"
    )]
    OtherSearch,
}

/// Encodes `key` for a search whose filters hash to `fingerprint`.
pub fn encode(key: &SortKey, fingerprint: u64) -> String {
    let mut bytes = vec![VERSION];
    match key {
        SortKey::Distance { miles, id } => {
            bytes.push(DISTANCE);
            bytes.extend(fingerprint.to_le_bytes());
            bytes.extend(miles.to_bits().to_le_bytes());
            push_str(&mut bytes, id);
        }
        SortKey::Listing {
            state,
            city,
            name,
            id,
        } => {
            bytes.push(LISTING);
            bytes.extend(fingerprint.to_le_bytes());
            for part in [state, city, name, id] {
                push_str(&mut bytes, part);
            }
        }
    }
    let checksum = fnv1a(&bytes);
    bytes.extend(checksum.to_le_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a cursor, checking its checksum and that it belongs to `fingerprint`.
pub fn decode(text: &str, fingerprint: u64) -> Result<SortKey, CursorError> {
    if text.len() > MAX_CURSOR_CHARS {
        return Err(CursorError::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| CursorError::Malformed)?;
    let (body, checksum) = bytes
        .split_last_chunk::<8>()
        .ok_or(CursorError::Malformed)?;
    if fnv1a(body) != u64::from_le_bytes(*checksum) {
        return Err(CursorError::Corrupted);
    }
    let mut reader = Reader(body);
    let (version, mode) = (reader.byte()?, reader.byte()?);
    if version != VERSION {
        return Err(CursorError::Malformed);
    }
    if reader.u64()? != fingerprint {
        return Err(CursorError::OtherSearch);
    }
    let key = match mode {
        DISTANCE => {
            let miles = f64::from_bits(reader.u64()?);
            if !miles.is_finite() || miles < 0.0 {
                return Err(CursorError::Malformed);
            }
            SortKey::Distance {
                miles,
                id: reader.string()?,
            }
        }
        LISTING => SortKey::Listing {
            state: reader.string()?,
            city: reader.string()?,
            name: reader.string()?,
            id: reader.string()?,
        },
        _ => return Err(CursorError::Malformed),
    };
    if reader.0.is_empty() {
        Ok(key)
    } else {
        Err(CursorError::Malformed)
    }
}

/// Builds the filter fingerprint a cursor is bound to from the search's canonical parts.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// An empty fingerprint.
    pub fn new() -> Self {
        Fingerprint(FNV_OFFSET)
    }

    /// Mixes in one part; parts are length-prefixed so `("ab", "c")` differs from `("a", "bc")`.
    pub fn part(mut self, part: &[u8]) -> Self {
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX).to_le_bytes();
        for b in len.iter().chain(part) {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
        }
        self
    }

    /// The finished fingerprint.
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

// FNV-1a: tiny, and stable across builds and platforms, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME)
    })
}

fn push_str(bytes: &mut Vec<u8>, s: &str) {
    // Strings in keys come from validated rows (at most a few hundred bytes), so u16 holds
    // every length; saturate rather than wrap if that ever stops being true.
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    bytes.extend(len.to_le_bytes());
    bytes.extend(&s.as_bytes()[..usize::from(len)]);
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], CursorError> {
        if self.0.len() < n {
            return Err(CursorError::Malformed);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, CursorError> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, CursorError> {
        let bytes: [u8; 8] = self
            .take(8)?
            .try_into()
            .map_err(|_| CursorError::Malformed)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn string(&mut self) -> Result<String, CursorError> {
        let len: [u8; 2] = self
            .take(2)?
            .try_into()
            .map_err(|_| CursorError::Malformed)?;
        let bytes = self.take(usize::from(u16::from_le_bytes(len)))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CursorError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn listing() -> SortKey {
        SortKey::Listing {
            state: "TX".into(),
            city: "Fort Worth".into(),
            name: "Regenerative Orthopedics".into(),
            id: "regenerative-orthopedics-fort-worth".into(),
        }
    }

    #[test]
    fn cursor_is_url_safe_text() {
        let text = encode(&listing(), 7);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{text}"
        );
    }

    #[test]
    fn listing_key_round_trips() {
        assert_eq!(decode(&encode(&listing(), 7), 7), Ok(listing()));
    }

    #[test]
    fn cursor_for_other_filters_is_refused() {
        let text = encode(&listing(), 7);
        assert_eq!(decode(&text, 8), Err(CursorError::OtherSearch));
    }

    #[test]
    fn garbage_and_truncated_cursors_are_refused() {
        let text = encode(&listing(), 7);
        assert_eq!(decode("not base64!", 7), Err(CursorError::Malformed));
        assert_eq!(decode("", 7), Err(CursorError::Malformed));
        assert_eq!(
            decode(&"A".repeat(MAX_CURSOR_CHARS + 4), 7),
            Err(CursorError::Malformed)
        );
        assert!(decode(&text[..text.len() - 4], 7).is_err());
    }

    #[test]
    fn checksum_catches_a_flipped_byte() {
        let mut bytes = URL_SAFE_NO_PAD.decode(encode(&listing(), 7)).unwrap();
        bytes[12] ^= 0x20;
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(bytes), 7),
            Err(CursorError::Corrupted)
        );
    }

    #[test]
    fn fingerprint_parts_are_unambiguous() {
        let ab_c = Fingerprint::new().part(b"ab").part(b"c").finish();
        let a_bc = Fingerprint::new().part(b"a").part(b"bc").finish();
        assert_ne!(ab_c, a_bc);
    }

    proptest! {
        #[test]
        fn every_key_round_trips(miles in 0.0f64..500.0, id in "[a-z0-9-]{1,80}", fp in any::<u64>()) {
            let key = SortKey::Distance { miles, id };
            prop_assert_eq!(decode(&encode(&key, fp), fp), Ok(key));
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in ".{0,200}", fp in any::<u64>()) {
            let _ = decode(&text, fp);
        }
    }
}
