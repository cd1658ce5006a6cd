//! USPS state codes: the 50 states, DC and the inhabited territories where a center can be,
//! plus the freely associated states and military codes that appear only in ZIP data.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// What kind of place a USPS code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateKind {
    /// One of the 50 states.
    State,
    /// The District of Columbia.
    District,
    /// An inhabited US territory (AS, GU, MP, PR, VI).
    Territory,
    /// A freely associated state with USPS service (FM, MH, PW); not US territory.
    FreelyAssociated,
    /// An Armed Forces postal code (AA, AE, AP); not a place a center can be.
    Military,
}

use StateKind::{District, FreelyAssociated, Military, State, Territory};

// Sorted by code, so ordering by index orders by code.
const CODES: [(&str, StateKind); 62] = [
    ("AA", Military),
    ("AE", Military),
    ("AK", State),
    ("AL", State),
    ("AP", Military),
    ("AR", State),
    ("AS", Territory),
    ("AZ", State),
    ("CA", State),
    ("CO", State),
    ("CT", State),
    ("DC", District),
    ("DE", State),
    ("FL", State),
    ("FM", FreelyAssociated),
    ("GA", State),
    ("GU", Territory),
    ("HI", State),
    ("IA", State),
    ("ID", State),
    ("IL", State),
    ("IN", State),
    ("KS", State),
    ("KY", State),
    ("LA", State),
    ("MA", State),
    ("MD", State),
    ("ME", State),
    ("MH", FreelyAssociated),
    ("MI", State),
    ("MN", State),
    ("MO", State),
    ("MP", Territory),
    ("MS", State),
    ("MT", State),
    ("NC", State),
    ("ND", State),
    ("NE", State),
    ("NH", State),
    ("NJ", State),
    ("NM", State),
    ("NV", State),
    ("NY", State),
    ("OH", State),
    ("OK", State),
    ("OR", State),
    ("PA", State),
    ("PR", Territory),
    ("PW", FreelyAssociated),
    ("RI", State),
    ("SC", State),
    ("SD", State),
    ("TN", State),
    ("TX", State),
    ("UT", State),
    ("VA", State),
    ("VI", Territory),
    ("VT", State),
    ("WA", State),
    ("WI", State),
    ("WV", State),
    ("WY", State),
];

/// A USPS two-letter code, e.g. `TX`. Built only from the table above, so an unknown code
/// cannot exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode(u8);

/// The input is not a USPS code of the accepted kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a US state or territory code; accepted: {accepted}", accepted = StateCode::accepted())]
pub struct UnknownState(pub String);

impl StateCode {
    /// The two-letter code.
    pub fn as_str(self) -> &'static str {
        CODES[usize::from(self.0)].0
    }

    /// What kind of place the code names.
    pub fn kind(self) -> StateKind {
        CODES[usize::from(self.0)].1
    }

    /// A state, DC or an inhabited territory: the places a center can be.
    pub fn is_state_or_territory(self) -> bool {
        matches!(self.kind(), State | District | Territory)
    }

    /// Any USPS code in the table, including military and freely associated codes (the
    /// ZIP data uses them). Exact upper case.
    pub fn parse_postal(s: &str) -> Option<StateCode> {
        CODES
            .binary_search_by(|(code, _)| (*code).cmp(s))
            .ok()
            .and_then(|i| u8::try_from(i).ok())
            .map(StateCode)
    }

    /// The codes a center may carry, as one human-readable list for error messages.
    pub fn accepted() -> String {
        CODES
            .iter()
            .filter(|(_, kind)| matches!(kind, State | District | Territory))
            .map(|(code, _)| *code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FromStr for StateCode {
    type Err = UnknownState;

    /// A state, DC or territory code, in upper or lower case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StateCode::parse_postal(&s.to_ascii_uppercase())
            .filter(|code| code.is_state_or_territory())
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StateCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StateCode {
    /// Files must spell the code in upper case, as USPS does.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        StateCode::parse_postal(&s)
            .filter(|code| code.is_state_or_territory())
            .ok_or_else(|| serde::de::Error::custom(UnknownState(s.into_owned())))
    }
}

impl utoipa::PartialSchema for StateCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Z]{2}$"))
            .examples([serde_json::json!("TX")])
            .description(Some(
                "USPS code of a US state, DC or inhabited territory (AS, GU, MP, PR, VI).",
            ))
            .into()
    }
}

impl utoipa::ToSchema for StateCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique_so_binary_search_finds_every_code() {
        assert!(CODES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, _) in CODES {
            assert_eq!(StateCode::parse_postal(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn table_holds_fifty_states_dc_and_five_territories() {
        let count = |k: StateKind| CODES.iter().filter(|(_, kind)| *kind == k).count();
        assert_eq!(count(State), 50);
        assert_eq!(count(District), 1);
        assert_eq!(count(Territory), 5);
    }

    #[test]
    fn queries_accept_lower_case_but_not_military_codes() {
        assert_eq!("tx".parse::<StateCode>().unwrap().as_str(), "TX");
        assert_eq!("PR".parse::<StateCode>().unwrap().as_str(), "PR");
        for bad in ["AE", "PW", "XX", "", "Texas", "T"] {
            assert!(bad.parse::<StateCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn files_must_use_upper_case_codes() {
        assert!(serde_json::from_str::<StateCode>(r#""NY""#).is_ok());
        let err = serde_json::from_str::<StateCode>(r#""ny""#).unwrap_err();
        assert!(err.to_string().contains("accepted: AK"), "{err}");
    }

    #[test]
    fn military_codes_exist_for_zip_data_only() {
        let ae = StateCode::parse_postal("AE").unwrap();
        assert_eq!(ae.kind(), Military);
        assert!(!ae.is_state_or_territory());
    }
}
