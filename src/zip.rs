//! US ZIP codes as typed values: five ASCII digits, nothing else.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// A five-digit US ZIP code (format only; whether it exists is the geocoder's question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZipCode([u8; 5]);

/// The input is not five digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a ZIP code is exactly five digits, e.g. 76102")]
pub struct MalformedZip;

impl ZipCode {
    /// The five digits as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).expect("ZIP digits are ASCII")
    }
}

impl FromStr for ZipCode {
    type Err = MalformedZip;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 5] = s.as_bytes().try_into().map_err(|_| MalformedZip)?;
        if bytes.iter().all(u8::is_ascii_digit) {
            Ok(ZipCode(bytes))
        } else {
            Err(MalformedZip)
        }
    }
}

impl fmt::Display for ZipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ZipCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ZipCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for ZipCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{5}$"))
            .examples([serde_json::json!("76102")])
            .description(Some("Five-digit US ZIP code."))
            .into()
    }
}

impl utoipa::ToSchema for ZipCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_five_digits_only() {
        assert_eq!("76102".parse::<ZipCode>().unwrap().as_str(), "76102");
        for bad in [
            "",
            "7610",
            "761020",
            "7610a",
            "76 02",
            "７６１０２",
            "-7610",
        ] {
            assert_eq!(bad.parse::<ZipCode>(), Err(MalformedZip), "{bad:?}");
        }
    }
}
