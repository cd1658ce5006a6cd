//! The billing codes a caller may put on a Good Faith Estimate: ICD-10-CM diagnosis codes and
//! CPT/HCPCS service codes. Both are format-checked only: the service ships no code set, so a
//! well-formed code is accepted as given and never derived or invented.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An ICD-10-CM diagnosis code, e.g. `M17.11`: a letter, a digit, a letter or digit, then
/// optionally a dot and one to four letters or digits. Lower case is upper-cased and a code
/// written without its dot (`M1711`) is given one, so equal codes compare equal. Only the shape is
/// checked, not whether the code exists.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "M17.11", pattern = "^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$")]
pub struct Icd10Code(String);

/// A CPT or HCPCS Level II service code, e.g. `20610`: five digits; four digits and `F`, `T` or
/// `U` (CPT categories II and III and lab analyses); or a letter and four digits (HCPCS Level II).
/// Lower case is upper-cased. Only the shape is checked, not whether the code exists.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "20610", pattern = "^([0-9]{4}[0-9FTU]|[A-Z][0-9]{4})$")]
pub struct ServiceCode(String);

/// A code that does not have the documented shape. The message says what is accepted and never
/// repeats the input: diagnosis codes are health data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not an ICD-10-CM code.
    #[error(
        "must be an ICD-10-CM code: a letter, a digit, a letter or digit, then optionally a dot \
         and 1 to 4 letters or digits, e.g. M17.11"
    )]
    Diagnosis,
    /// Not a CPT or HCPCS code.
    #[error(
        "must be a CPT code (5 digits, or 4 digits and F, T or U) or a HCPCS Level II code (a \
         letter and 4 digits), e.g. 20610"
    )]
    Service,
}

impl CodeError {
    /// The request field that holds codes of this kind.
    pub fn field(&self) -> &'static str {
        match self {
            CodeError::Diagnosis => "diagnosis_codes",
            CodeError::Service => "service_code",
        }
    }
}

impl Icd10Code {
    /// The code, e.g. `M17.11`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A code, normalised, or [`CodeError::Diagnosis`].
    pub fn parse(text: &str) -> Result<Icd10Code, CodeError> {
        let upper = text.trim().to_ascii_uppercase();
        let (category, detail) = match upper.split_once('.') {
            Some((category, detail)) if !detail.is_empty() => (category, detail),
            Some(_) => return Err(CodeError::Diagnosis),
            None if upper.len() > 3 => upper.split_at_checked(3).ok_or(CodeError::Diagnosis)?,
            None => (upper.as_str(), ""),
        };
        let c = category.as_bytes();
        let category_ok = c.len() == 3
            && c[0].is_ascii_uppercase()
            && c[1].is_ascii_digit()
            && c[2].is_ascii_alphanumeric();
        let detail_ok = detail.len() <= 4 && detail.bytes().all(|b| b.is_ascii_alphanumeric());
        if !(category_ok && detail_ok) {
            return Err(CodeError::Diagnosis);
        }
        Ok(Icd10Code(if detail.is_empty() {
            category.to_owned()
        } else {
            format!("{category}.{detail}")
        }))
    }
}

impl ServiceCode {
    /// The code, e.g. `20610`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A code, upper-cased, or [`CodeError::Service`].
    pub fn parse(text: &str) -> Result<ServiceCode, CodeError> {
        let upper = text.trim().to_ascii_uppercase();
        let b = upper.as_bytes();
        let cpt = b.len() == 5
            && b[..4].iter().all(u8::is_ascii_digit)
            && (b[4].is_ascii_digit() || matches!(b[4], b'F' | b'T' | b'U'));
        let hcpcs =
            b.len() == 5 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
        if cpt || hcpcs {
            Ok(ServiceCode(upper))
        } else {
            Err(CodeError::Service)
        }
    }
}

impl TryFrom<String> for Icd10Code {
    type Error = CodeError;
    fn try_from(text: String) -> Result<Self, CodeError> {
        Icd10Code::parse(&text)
    }
}

impl TryFrom<String> for ServiceCode {
    type Error = CodeError;
    fn try_from(text: String) -> Result<Self, CodeError> {
        ServiceCode::parse(&text)
    }
}

impl From<Icd10Code> for String {
    fn from(code: Icd10Code) -> String {
        code.0
    }
}

impl From<ServiceCode> for String {
    fn from(code: ServiceCode) -> String {
        code.0
    }
}

impl fmt::Display for Icd10Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// A diagnosis is health data: `Debug` output can reach a log, so it shows only that a code is
// there. Service codes say what is done, not what the patient has; they print as they are.
impl fmt::Debug for Icd10Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Icd10Code(<redacted>)")
    }
}

impl fmt::Debug for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceCode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn diagnosis_codes_are_normalised_to_upper_case_with_their_dot() {
        for (input, normal) in [
            ("M17.11", "M17.11"),
            ("m17.11", "M17.11"),
            ("M1711", "M17.11"),
            ("M17", "M17"),
            ("M1A.0110", "M1A.0110"),
            (" S83.511A ", "S83.511A"),
        ] {
            assert_eq!(Icd10Code::parse(input).unwrap().as_str(), normal, "{input}");
        }
    }

    #[test]
    fn malformed_diagnosis_codes_are_refused() {
        for bad in [
            "",
            "M1",
            "17.11",
            "MM7.11",
            "M17.",
            "M17.11111",
            "M17-11",
            "M17.1 1",
            "é17",
        ] {
            assert_eq!(Icd10Code::parse(bad), Err(CodeError::Diagnosis), "{bad:?}");
        }
    }

    #[test]
    fn service_codes_accept_cpt_and_hcpcs_shapes() {
        for good in ["20610", "0232T", "0001F", "0001U", "J3490", "g0463"] {
            assert!(ServiceCode::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "2061", "206100", "2061X", "JJ349", "20610-RT", "₹2061"] {
            assert_eq!(ServiceCode::parse(bad), Err(CodeError::Service), "{bad:?}");
        }
    }

    #[test]
    fn a_diagnosis_code_never_prints_in_debug_output() {
        let code = Icd10Code::parse("M17.11").unwrap();
        assert!(!format!("{code:?}").contains("M17"));
    }

    #[test]
    fn codes_deserialise_through_their_checks() {
        let code: Icd10Code = serde_json::from_str("\"m1711\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"M17.11\"");
        assert!(serde_json::from_str::<ServiceCode>("\"nope\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_a_parsed_code_parses_to_itself(s in "\\PC{0,12}") {
            if let Ok(code) = Icd10Code::parse(&s) {
                prop_assert_eq!(Icd10Code::parse(code.as_str()), Ok(code));
            }
            if let Ok(code) = ServiceCode::parse(&s) {
                prop_assert_eq!(ServiceCode::parse(code.as_str()), Ok(code));
            }
        }
    }
}
