//! Quote ids: `q_` followed by 26 lowercase base32 characters (130 random bits from a
//! cryptographically secure generator). They are never sequential, so holding one id says
//! nothing about any other quote.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// RFC 4648 base32 alphabet, lower-cased: no `0`/`1`/`8`/`9`, so ids read aloud unambiguously.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const PREFIX: &str = "q_";
const BODY_LEN: usize = 26;

/// The id of a stored quote.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(into = "String", try_from = "String")]
#[schema(value_type = String, example = "q_7kd2mzq4xw3hbn5rpt6vyc2fae", pattern = "^q_[a-z2-7]{26}$")]
pub struct QuoteId(String);

/// The text is not a quote id. The route answers 404: a malformed id names no quote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a quote id is `q_` followed by 26 characters from a-z and 2-7")]
pub struct InvalidQuoteId;

impl InvalidQuoteId {
    /// The field that held the bad id.
    pub fn field(&self) -> &'static str {
        "id"
    }
}

impl QuoteId {
    /// A fresh random id.
    pub fn generate() -> QuoteId {
        QuoteId(random_id(PREFIX))
    }

    /// The id as text, e.g. `q_7kd2mzq4xw3hbn5rpt6vyc2fae`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `prefix` followed by 26 random characters of the id alphabet: 130 bits.
pub(crate) fn random_id(prefix: &str) -> String {
    let mut bytes = [0u8; BODY_LEN];
    // The thread generator is a CSPRNG seeded from the operating system; 256 is a multiple
    // of 32, so masking keeps every character uniformly likely.
    rand::fill(&mut bytes);
    let mut id = String::with_capacity(prefix.len() + BODY_LEN);
    id.push_str(prefix);
    id.extend(
        bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)])),
    );
    id
}

/// Whether `body` is 26 characters of the id alphabet.
pub(crate) fn is_id_body(body: &str) -> bool {
    body.len() == BODY_LEN && body.bytes().all(|b| ALPHABET.contains(&b))
}

impl FromStr for QuoteId {
    type Err = InvalidQuoteId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let body = s.strip_prefix(PREFIX).ok_or(InvalidQuoteId)?;
        if is_id_body(body) {
            Ok(QuoteId(s.to_owned()))
        } else {
            Err(InvalidQuoteId)
        }
    }
}

impl TryFrom<String> for QuoteId {
    type Error = InvalidQuoteId;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<QuoteId> for String {
    fn from(id: QuoteId) -> String {
        id.0
    }
}

impl fmt::Display for QuoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn a_generated_id_parses_back_to_itself() {
        let id = QuoteId::generate();
        assert_eq!(id.as_str().len(), 28);
        assert_eq!(id.as_str().parse::<QuoteId>(), Ok(id));
    }

    #[test]
    fn generated_ids_do_not_repeat() {
        let ids: HashSet<QuoteId> = (0..10_000).map(|_| QuoteId::generate()).collect();
        assert_eq!(ids.len(), 10_000);
    }

    #[test]
    fn every_position_of_generated_ids_takes_every_character() {
        // A counter, or a generator stuck on part of the alphabet, keeps most positions fixed
        // from one id to the next; 130 random bits spread every position over all 32
        // characters. A given character is missing from one position of 1,000 ids with
        // probability (31/32)^1000, about 2e-14.
        let ids: Vec<QuoteId> = (0..1_000).map(|_| QuoteId::generate()).collect();
        for position in PREFIX.len()..PREFIX.len() + BODY_LEN {
            let seen: HashSet<u8> = ids.iter().map(|id| id.0.as_bytes()[position]).collect();
            assert_eq!(
                seen.len(),
                32,
                "position {position}: {} characters",
                seen.len()
            );
        }
    }

    #[test]
    fn consecutive_ids_differ_in_most_positions() {
        // Two random ids agree at a position with probability 1/32, so they differ in about
        // 25 of 26 places; consecutive values of a counter differ in one or two.
        let ids: Vec<QuoteId> = (0..200).map(|_| QuoteId::generate()).collect();
        for pair in ids.windows(2) {
            let differing = pair[0]
                .0
                .bytes()
                .zip(pair[1].0.bytes())
                .filter(|(a, b)| a != b);
            assert!(differing.count() >= 14, "{} then {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in [
            "",
            "q_",
            "q_7kd2mzq4xw3hbn5rpt6vyc2fa",
            "q_7kd2mzq4xw3hbn5rpt6vyc2faee",
            "Q_7kd2mzq4xw3hbn5rpt6vyc2fae",
            "q_7KD2mzq4xw3hbn5rpt6vyc2fae",
            "q_7kd2mzq4xw3hbn5rpt6vyc2fa1",
            "x_7kd2mzq4xw3hbn5rpt6vyc2fae",
            "q_7kd2mzq4xw3hbn5rpt6vyc2fé",
            "1",
        ] {
            assert_eq!(bad.parse::<QuoteId>(), Err(InvalidQuoteId), "{bad:?}");
        }
    }

    #[test]
    fn an_id_serialises_as_its_text_and_deserialising_checks_it() {
        let id = QuoteId::generate();
        let json = serde_json::to_value(&id).unwrap();
        assert_eq!(json, serde_json::Value::String(id.to_string()));
        assert_eq!(serde_json::from_value::<QuoteId>(json).unwrap(), id);
        assert!(serde_json::from_str::<QuoteId>("\"q_nope\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_accepts_only_the_documented_shape(s in "\\PC{0,40}") {
            let shaped = s.len() == 28
                && s.starts_with("q_")
                && s[2..].bytes().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
            prop_assert_eq!(s.parse::<QuoteId>().is_ok(), shaped);
        }
    }
}
