//! The identifiers and contact details a center row carries, each a type that can only hold a
//! well-formed value: the directory slug, NPI, TIN, phone number and website.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A malformed identifier; the message says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(pub &'static str);

// Implements the string plumbing shared by every identifier: `as_str`, `Display`, serde as a
// plain string validated by `parse`, and an OpenAPI string schema with an example.
macro_rules! string_identifier {
    ($name:ident, $pattern:expr, $max_length:expr, $example:expr, $description:expr) => {
        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = Malformed;
            fn from_str(s: &str) -> Result<Self, Malformed> {
                $name::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern($pattern)
                    .max_length($max_length)
                    .examples([serde_json::json!($example)])
                    .description(Some($description))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

/// A center's stable directory id: a slug of lowercase `a-z`, `0-9` and single hyphens,
/// 1 to 80 characters, starting and ending with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CenterId(Box<str>);

string_identifier!(
    CenterId,
    Some("^[a-z0-9]+(-[a-z0-9]+)*$"),
    Some(CenterId::MAX_LEN),
    "regenerative-orthopedics-fort-worth",
    "Stable center id: lowercase letters, digits and single hyphens."
);

impl CenterId {
    /// The maximum length of an id.
    pub const MAX_LEN: usize = 80;

    /// The id `s`, which was a `CenterId`'s text (so is known to be well-formed).
    pub(super) fn from_valid(s: &str) -> Self {
        CenterId(s.into())
    }

    /// An id, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        const RULE: &str = "an id is 1-80 characters of lowercase a-z, 0-9 and single hyphens, \
                            starting and ending with a letter or digit";
        let shape_ok = !s.is_empty()
            && s.len() <= Self::MAX_LEN
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if shape_ok {
            Ok(CenterId(s.into()))
        } else {
            Err(Malformed(RULE))
        }
    }
}

/// A National Provider Identifier: 10 digits whose last is a Luhn check digit computed with
/// the `80840` health-industry prefix (45 CFR 162.406; CMS "NPI Check Digit" note).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Npi(String);

string_identifier!(
    Npi,
    Some("^[0-9]{10}$"),
    None,
    "1234567893",
    "National Provider Identifier: 10 digits, Luhn-checked with the 80840 prefix."
);

impl Npi {
    /// An NPI, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Malformed("an NPI is exactly 10 digits"));
        }
        if Self::luhn_total(s.as_bytes()).is_multiple_of(10) {
            Ok(Npi(s.to_owned()))
        } else {
            Err(Malformed(
                "the NPI's check digit is wrong (Luhn with prefix 80840)",
            ))
        }
    }

    /// The NPI whose first nine digits are `prefix` (below 1,000,000,000), with its check
    /// digit; for synthetic test files.
    pub fn with_check_digit(prefix: u32) -> Option<Self> {
        let body = format!("{prefix:09}");
        if body.len() != 9 {
            return None;
        }
        // The check digit makes the total over prefix + digit a multiple of 10; with a 0 in
        // its place, the digit's own position is undoubled, so it adds itself.
        let total = Self::luhn_total(format!("{body}0").as_bytes());
        Some(Npi(format!("{body}{}", (10 - total % 10) % 10)))
    }

    /// The Luhn total of `80840` followed by `digits`: from the right, every second digit
    /// doubled (its digits summed).
    fn luhn_total(digits: &[u8]) -> u32 {
        b"80840"
            .iter()
            .chain(digits)
            .map(|b| u32::from(b - b'0'))
            .rev()
            .enumerate()
            .map(|(i, d)| match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            })
            .sum()
    }
}

/// A Taxpayer Identification Number of the center as a business (an EIN), written
/// `NN-NNNNNNN`; nine bare digits are accepted and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tin(String);

string_identifier!(
    Tin,
    Some("^[0-9]{2}-[0-9]{7}$"),
    None,
    "12-3456789",
    "The center's Employer Identification Number, NN-NNNNNNN."
);

impl Tin {
    /// A TIN, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        let hyphen_ok = !s.contains('-') || (s.len() == 10 && s.find('-') == Some(2));
        if digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) && hyphen_ok {
            Ok(Tin(format!("{}-{}", &digits[..2], &digits[2..])))
        } else {
            Err(Malformed(
                "a TIN is an EIN: nine digits, written NN-NNNNNNN",
            ))
        }
    }
}

/// A provider taxonomy code from the NUCC Health Care Provider Taxonomy code set, e.g.
/// `207X00000X`: ten characters, three digits, six digits or capital letters, then `X`. Only the
/// shape is checked, not whether the code is in the current release of the code set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Taxonomy(String);

string_identifier!(
    Taxonomy,
    Some("^[0-9]{3}[0-9A-Z]{6}X$"),
    None,
    "207X00000X",
    "NUCC Health Care Provider Taxonomy code: 3 digits, 6 digits or capital letters, then X."
);

impl Taxonomy {
    /// A taxonomy code, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[..3].iter().all(u8::is_ascii_digit)
            && b[3..9]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            && b[9] == b'X';
        if shape_ok {
            Ok(Taxonomy(s.to_owned()))
        } else {
            Err(Malformed(
                "a NUCC taxonomy code is 10 characters: 3 digits, 6 digits or capital letters, then X",
            ))
        }
    }
}

/// A CMS place-of-service code, e.g. `11` (office) or `22` (on-campus outpatient hospital): two
/// digits, `01` to `99`. Only the shape is checked, not whether CMS has assigned the code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaceOfService(String);

string_identifier!(
    PlaceOfService,
    Some("^(0[1-9]|[1-9][0-9])$"),
    None,
    "11",
    "CMS place-of-service code: two digits, 01 to 99."
);

impl PlaceOfService {
    /// A place-of-service code, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s != "00" {
            Ok(PlaceOfService(s.to_owned()))
        } else {
            Err(Malformed(
                "a CMS place-of-service code is two digits, 01 to 99",
            ))
        }
    }
}

/// A US (NANP) phone number, stored in E.164 form `+1NXXNXXXXXX`. Spaces, hyphens, dots,
/// parentheses and a leading `+1` or `1` are accepted on input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

string_identifier!(
    Phone,
    Some("^\\+1[2-9][0-9]{2}[2-9][0-9]{6}$"),
    None,
    "+12125550123",
    "US phone number in E.164 form."
);

impl Phone {
    /// A phone number, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        const RULE: &str = "a phone number is a 10-digit US number (area code and exchange \
                            not starting with 0 or 1), optionally with +1";
        if !s
            .chars()
            .all(|c| c.is_ascii_digit() || " -().+".contains(c))
        {
            return Err(Malformed(RULE));
        }
        let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
        let national = match digits.as_slice() {
            [b'1', rest @ ..] if rest.len() == 10 => rest,
            all if all.len() == 10 && !s.trim_start().starts_with('+') => all,
            _ => return Err(Malformed(RULE)),
        };
        if national[0] < b'2' || national[3] < b'2' {
            return Err(Malformed(RULE));
        }
        Ok(Phone(format!("+1{}", String::from_utf8_lossy(national))))
    }
}

/// A center's website: an absolute `https://` or `http://` URL with a dotted host name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Website(String);

string_identifier!(
    Website,
    Some("^https?://"),
    Some(Website::MAX_LEN),
    "https://example.org/regenerative-medicine",
    "The center's website (absolute http or https URL)."
);

impl Website {
    /// The maximum length of a URL.
    pub const MAX_LEN: usize = 2_000;

    /// A website, or what is wrong with it.
    pub fn parse(s: &str) -> Result<Self, Malformed> {
        const RULE: &str = "a website is an absolute http:// or https:// URL with a host name, \
                            no spaces, at most 2000 characters";
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or(Malformed(RULE))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host_ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:".contains(c));
        let chars_ok =
            s.len() <= Self::MAX_LEN && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if host_ok && chars_ok {
            Ok(Website(s.to_owned()))
        } else {
            Err(Malformed(RULE))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn center_ids_are_lowercase_slugs() {
        for good in ["nyu-langone", "a", "center-0001", "x9"] {
            assert!(CenterId::parse(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(81);
        for bad in [
            "",
            "NYU",
            "nyu_langone",
            "-nyu",
            "nyu-",
            "nyu--langone",
            "nyu langone",
            "é",
            &too_long,
        ] {
            assert!(CenterId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn npi_check_digit_uses_the_80840_prefix() {
        // The worked example in the CMS check-digit note.
        assert!(Npi::parse("1234567893").is_ok());
        assert!(Npi::parse("1234567890").is_err());
        assert!(Npi::parse("123456789").is_err());
        assert!(Npi::parse("123456789a").is_err());
    }

    #[test]
    fn a_computed_check_digit_gives_a_valid_npi() {
        // The CMS worked example again, from its first nine digits.
        assert_eq!(
            Npi::with_check_digit(123_456_789).map(|n| n.0),
            Some("1234567893".to_owned())
        );
        for prefix in (0..2_000).chain(999_999_000..1_000_000_000) {
            let npi = Npi::with_check_digit(prefix).unwrap();
            assert!(Npi::parse(npi.as_str()).is_ok(), "{npi}");
        }
        assert!(Npi::with_check_digit(1_000_000_000).is_none());
    }

    #[test]
    fn npi_rejects_every_single_digit_change_of_a_valid_number() {
        let valid = "1234567893";
        for pos in 0..10 {
            for d in b'0'..=b'9' {
                let mut bytes = valid.as_bytes().to_vec();
                if bytes[pos] == d {
                    continue;
                }
                bytes[pos] = d;
                let changed = String::from_utf8(bytes).unwrap();
                assert!(Npi::parse(&changed).is_err(), "{changed}");
            }
        }
    }

    #[test]
    fn tin_is_normalised_to_ein_form() {
        assert_eq!(Tin::parse("123456789").unwrap().as_str(), "12-3456789");
        assert_eq!(Tin::parse("12-3456789").unwrap().as_str(), "12-3456789");
        for bad in ["1234-56789", "12345678", "12-345678a", "123-45-6789"] {
            assert!(Tin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn taxonomy_codes_have_the_nucc_shape() {
        for good in ["207X00000X", "2085D0003X", "261QP3300X"] {
            assert_eq!(Taxonomy::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "207X00000",
            "207x00000X",
            "A07X00000X",
            "207X00000Y",
            "207X0000-X",
            "",
        ] {
            assert!(Taxonomy::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn place_of_service_codes_are_two_digits_from_01() {
        for good in ["01", "11", "22", "99"] {
            assert_eq!(PlaceOfService::parse(good).unwrap().as_str(), good);
        }
        for bad in ["00", "1", "111", "1a", " 11"] {
            assert!(PlaceOfService::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_normalise_to_e164() {
        for input in [
            "(212) 555-0123",
            "212.555.0123",
            "+1 212 555 0123",
            "1-212-555-0123",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "+12125550123",
                "{input}"
            );
        }
        for bad in [
            "555-0123",
            "(012) 555-0123",
            "212-155-0123",
            "+44 20 7946 0958",
            "212-555-0123 x4",
            "+2125550123",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn websites_are_absolute_http_urls() {
        assert!(Website::parse("https://example.org/path?q=1").is_ok());
        assert!(Website::parse("http://example.org").is_ok());
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://",
            "https://localhost",
            "https://exa mple.org",
            "javascript:alert(1)",
        ] {
            assert!(Website::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identifiers_deserialize_through_their_checks() {
        assert!(serde_json::from_str::<Npi>(r#""1234567893""#).is_ok());
        let err = serde_json::from_str::<Npi>(r#""1234567890""#).unwrap_err();
        assert!(err.to_string().contains("check digit"), "{err}");
    }
}
