//! The patient a Good Faith Estimate is written for. The name and date of birth go into the
//! document and nowhere else: they are never stored, and `Debug` (which can reach a log) prints
//! neither.

use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::gfe::{GfeError, Today};

/// The longest accepted name, in characters.
const MAX_NAME_CHARS: usize = 200;
/// The oldest accepted age, in years: older dates of birth are typing mistakes.
const MAX_AGE_YEARS: u32 = 130;

/// The patient's name as it should appear on the document.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "Jordan A. Rivera")]
pub struct PatientName(String);

/// The name is blank, too long or holds control characters. The message never repeats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {MAX_NAME_CHARS} characters with no control characters")]
pub struct InvalidName;

impl PatientName {
    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PatientName {
    type Error = InvalidName;

    fn try_from(text: String) -> Result<Self, InvalidName> {
        let name = text.trim();
        let length_ok = (1..=MAX_NAME_CHARS).contains(&name.chars().count());
        if length_ok && !name.chars().any(char::is_control) {
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
    /// The patient's date of birth (ISO 8601), not in the future.
    #[schema(value_type = String, format = Date, example = "1961-04-09")]
    pub date_of_birth: NaiveDate,
}

impl Patient {
    /// Checks the date of birth against today: not in the future, not over 130 years ago.
    pub fn validate(&self, today: Today) -> Result<(), GfeError> {
        let latest = today.latest();
        let oldest = latest
            .checked_sub_months(Months::new(MAX_AGE_YEARS * 12))
            .unwrap_or(NaiveDate::MIN);
        if self.date_of_birth > latest {
            Err(GfeError::DateOfBirthInFuture)
        } else if self.date_of_birth < oldest {
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
    fn neither_the_name_nor_the_date_of_birth_appears_in_debug_output() {
        let p = patient("1961-04-09");
        let printed = format!("{p:?} {:?}", p.name);
        assert!(
            !printed.contains("Jordan") && !printed.contains("1961"),
            "{printed}"
        );
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
