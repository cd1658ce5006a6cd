//! The patient a Good Faith Estimate is written for. The name and date of birth go into the
//! document and nowhere else: they are never stored, and `Debug` (which can reach a log) prints
//! neither.

use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use utoipa::ToSchema;

use crate::calendar::CalendarDate;
use crate::gfe::{GfeError, Today};

/// The longest accepted name, in characters.
const MAX_NAME_CHARS: usize = 200;
/// The oldest accepted age, in years: older dates of birth are typing mistakes.
const MAX_AGE_YEARS: u32 = 130;

/// The patient's name as it should appear on the document.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
// The pattern says what `try_from` checks, as far as a pattern can (the server also refuses
// unassigned, private-use and format characters outside the Basic Multilingual Plane): no
// control, bidirectional, zero-width or other invisible formatting character, and at least one
// visible one.
#[schema(
    value_type = String,
    min_length = 1,
    max_length = 200,
    pattern = r"^[^\x00-\x1F\x7F-\x9F\xAD\u0600-\u0605\u061C\u06DD\u070F\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]*[^\s\x00-\x1F\x7F-\x9F\xAD\u0600-\u0605\u061C\u06DD\u070F\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB][^\x00-\x1F\x7F-\x9F\xAD\u0600-\u0605\u061C\u06DD\u070F\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]*$",
    example = "Jordan A. Rivera"
)]
pub struct PatientName(String);

/// The name is blank, too long or holds a character it cannot print. The message never
/// repeats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "must be 1 to {MAX_NAME_CHARS} characters with no control, bidirectional-override, \
     zero-width or other invisible characters"
)]
pub struct InvalidName;

impl PatientName {
    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether a name may hold `c`: not a control, format (bidirectional controls, zero-width
/// characters, tags, the soft hyphen), private-use, unassigned or line-separating character,
/// nor one of the letters and marks that print as nothing (Hangul fillers, variation selectors,
/// the Mongolian vowel separator).
fn printable(c: char) -> bool {
    use GeneralCategory::*;
    let invisible = matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{3164}' | '\u{FFA0}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    );
    !invisible
        && !matches!(
            c.general_category(),
            Control
                | Format
                | PrivateUse
                | Surrogate
                | Unassigned
                | LineSeparator
                | ParagraphSeparator
        )
}

impl TryFrom<String> for PatientName {
    type Error = InvalidName;

    fn try_from(text: String) -> Result<Self, InvalidName> {
        let name = text.trim();
        let length_ok = (1..=MAX_NAME_CHARS).contains(&name.chars().count());
        if length_ok && name.chars().all(printable) {
            Ok(PatientName(name.to_owned()))
        } else {
            Err(InvalidName)
        }
    }
}

impl From<PatientName> for String {
    fn from(name: PatientName) -> String {
        name.0
    }
}

impl fmt::Debug for PatientName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PatientName(<redacted>)")
    }
}

/// Who the estimate is for: used to write the document, then dropped. Never stored or logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"}))]
pub struct Patient {
    /// The patient's name, 1 to 200 characters.
    pub name: PatientName,
    /// The patient's date of birth, a real date written `YYYY-MM-DD`: not in the future, not
    /// more than 130 years ago.
    #[schema(example = "1961-04-09")]
    pub date_of_birth: CalendarDate,
}

impl Patient {
    /// Checks the date of birth against today: not in the future, not over 130 years ago.
    pub fn validate(&self, today: Today) -> Result<(), GfeError> {
        let latest = today.latest();
        let oldest = latest
            .checked_sub_months(Months::new(MAX_AGE_YEARS * 12))
            .unwrap_or(NaiveDate::MIN);
        let born = self.date_of_birth.date();
        if born > latest {
            Err(GfeError::DateOfBirthInFuture)
        } else if born < oldest {
            Err(GfeError::DateOfBirthTooOld)
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for Patient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Patient(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patient(dob: &str) -> Patient {
        serde_json::from_value(serde_json::json!({"name": "Jordan Rivera", "date_of_birth": dob}))
            .unwrap()
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let name = PatientName::try_from("  Jordan Rivera ".to_owned()).unwrap();
        assert_eq!(name.as_str(), "Jordan Rivera");
        for bad in [String::new(), "   ".into(), "a\nb".into(), "x".repeat(201)] {
            assert_eq!(PatientName::try_from(bad), Err(InvalidName));
        }
        assert!(PatientName::try_from("é".repeat(200)).is_ok());
    }

    #[test]
    fn names_holding_bidi_overrides_or_invisible_characters_are_refused() {
        for bad in [
            "Jordan\u{202E}nadroJ",
            "Jordan\u{2066}Rivera\u{2069}",
            "Jor\u{200B}dan",
            "Jordan\u{200D}",
            "\u{FEFF}Jordan",
            "Jor\u{00AD}dan",
            "Jordan\u{E0041}",
            "Jordan\u{2028}Rivera",
            "\u{3164}",
            "Jordan\u{F8FF}",
            "Jordan\u{061C}",
        ] {
            assert_eq!(
                PatientName::try_from(bad.to_owned()),
                Err(InvalidName),
                "{:?}",
                bad.escape_unicode().to_string()
            );
        }
        for good in [
            "José Ñúñez",
            "O'Brien-Smith",
            "李小龍",
            "Zoë van der Berg",
            "Ngọc Anh",
        ] {
            assert!(PatientName::try_from(good.to_owned()).is_ok(), "{good}");
        }
    }

    #[test]
    fn the_schema_pattern_lists_what_the_type_refuses_in_the_basic_plane() {
        let schema =
            serde_json::to_value(<PatientName as utoipa::PartialSchema>::schema()).unwrap();
        let pattern = schema["pattern"].as_str().unwrap();
        // The first character class: single `\uXXXX` characters and `\uXXXX-\uYYYY` ranges.
        let class = &pattern[2..pattern.find(']').unwrap()];
        let hex = |t: &str| u32::from_str_radix(t, 16).ok();
        let parts: Vec<&str> = class.split("\\u").skip(1).collect();
        let mut listed: Vec<(u32, u32)> = parts
            .iter()
            .filter_map(|p| p.get(..4).and_then(hex))
            .map(|c| (c, c))
            .collect();
        for pair in parts.windows(2) {
            if let (Some(a), Some("-"), Some(b)) = (
                pair[0].get(..4).and_then(hex),
                pair[0].get(4..5),
                pair[1].get(..4).and_then(hex),
            ) {
                listed.push((a, b));
            }
        }
        for c in [
            '\u{202E}', '\u{200B}', '\u{FEFF}', '\u{2066}', '\u{3164}', '\u{FE0F}',
        ] {
            let code = c as u32;
            assert!(
                listed.iter().any(|&(a, b)| a <= code && code <= b),
                "U+{code:04X} is not refused by {pattern}"
            );
            assert!(!printable(c), "U+{code:04X}");
        }
    }

    #[test]
    fn a_date_of_birth_must_be_a_real_date_written_yyyy_mm_dd() {
        for bad in ["1961-4-9", "-262143-01-01", "1961-02-30", "+1961-04-09"] {
            let parsed = serde_json::from_value::<Patient>(
                serde_json::json!({"name": "Jordan Rivera", "date_of_birth": bad}),
            );
            assert!(parsed.is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_of_birth_after_today_is_refused() {
        let today = Today::on(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(patient("2026-03-01").validate(today), Ok(()));
        assert_eq!(
            patient("2026-03-02").validate(today),
            Err(GfeError::DateOfBirthInFuture)
        );
        assert_eq!(patient("1896-03-01").validate(today), Ok(()));
        assert_eq!(
            patient("1896-02-29").validate(today),
            Err(GfeError::DateOfBirthTooOld)
        );
    }

    #[test]
    fn unknown_patient_fields_are_refused() {
        let err = serde_json::from_value::<Patient>(serde_json::json!({
            "name": "J", "date_of_birth": "1961-04-09", "ssn": "x"
        }))
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `ssn`"), "{err}");
    }
}
