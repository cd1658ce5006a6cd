//! One row of the center directory: who the center is, where it is (and how precisely we
//! know), what it offers, and where each fact came from.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::geo::{GeoPoint, check_latitude, check_longitude};
use super::identifiers::{CenterId, Npi, Phone, PlaceOfService, Taxonomy, Tin, Website};
use super::us_state::StateCode;
use crate::pricing::CenterPrices;
use crate::therapy::TherapyCode;
use crate::zip::ZipCode;

/// A center that offers regenerative therapies. The directory file holds a list of these; the
/// detail endpoint answers with one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Center {
    /// Stable id (slug).
    pub id: CenterId,
    /// The center's name as it presents itself.
    #[schema(example = "Regenerative Orthopedics")]
    pub name: String,
    /// What kind of provider the center is, when a source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CenterKind>,
    /// City.
    #[schema(example = "Fort Worth")]
    pub city: String,
    /// USPS state or territory code.
    pub state: StateCode,
    /// ZIP code of the center's address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<ZipCode>,
    /// Street address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Where the center is, and how precisely that is known.
    pub location: CenterLocation,
    /// The catalog therapies the center offers (no repeats); empty until someone who knows says
    /// (a center imported from NPPES, whose taxonomy does not say).
    pub therapies: Vec<TherapyCode>,
    /// Yes/no facts about the center; an absent flag means "not known".
    #[serde(default)]
    #[schema(required = true)]
    pub flags: CenterFlags,
    /// National Provider Identifier, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npi: Option<Npi>,
    /// Taxpayer Identification Number (EIN), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tin: Option<Tin>,
    /// The provider's NUCC Health Care Provider Taxonomy code, when known (the FHIR Good Faith
    /// Estimate needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<Taxonomy>,
    /// The CMS place-of-service code where the center gives care, when known (the FHIR Good
    /// Faith Estimate needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_service: Option<PlaceOfService>,
    /// Website, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Website>,
    /// Phone number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// The date this row was last checked against its source, when that date is known (for
    /// example an NPPES record's last update); absent rather than guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-01-01")]
    pub last_verified: Option<NaiveDate>,
    /// Where this row's facts come from.
    pub source: String,
    /// The center's own price book, by therapy; only for therapies it offers. Absent when the
    /// center has published no prices (estimates then use the national ranges).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "de_prices"
    )]
    pub prices: BTreeMap<TherapyCode, CenterPrices>,
}

/// What kind of provider a center is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CenterKind {
    /// A university-affiliated academic medical center.
    AcademicCenter,
    /// A hospital.
    Hospital,
    /// A privately run outpatient clinic.
    PrivateClinic,
    /// A clinic specialised in pain management.
    PainManagementClinic,
}

impl CenterKind {
    /// Every kind.
    pub const ALL: [CenterKind; 4] = [
        CenterKind::AcademicCenter,
        CenterKind::Hospital,
        CenterKind::PrivateClinic,
        CenterKind::PainManagementClinic,
    ];

    /// The wire name, e.g. `academic_center`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CenterKind::AcademicCenter => "academic_center",
            CenterKind::Hospital => "hospital",
            CenterKind::PrivateClinic => "private_clinic",
            CenterKind::PainManagementClinic => "pain_management_clinic",
        }
    }

    /// The accepted kinds as one human-readable list.
    pub fn accepted() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for CenterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input named no center kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown center kind `{0}`; accepted: {accepted}", accepted = CenterKind::accepted())]
pub struct UnknownKind(pub String);

impl FromStr for CenterKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// Where a center is. `precision` says what the coordinates stand for, so a client can say
/// "about 3 miles" rather than pretend to street-level accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lat": 32.7589, "lon": -97.328, "precision": "city"}))]
pub struct CenterLocation {
    /// Latitude in decimal degrees (WGS84), -90 to 90.
    #[serde(deserialize_with = "de_latitude")]
    lat: f64,
    /// Longitude in decimal degrees (WGS84), -180 to 180.
    #[serde(deserialize_with = "de_longitude")]
    lon: f64,
    /// What the coordinates stand for.
    precision: Precision,
}

// Keys are read as text first so that an error inside one price book is reported under its
// therapy code (`prices.knee_msc_injection.base`); enum keys would hide it.
fn de_prices<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<TherapyCode, CenterPrices>, D::Error> {
    BTreeMap::<String, CenterPrices>::deserialize(d)?
        .into_iter()
        .map(|(code, prices)| Ok((code.parse().map_err(serde::de::Error::custom)?, prices)))
        .collect()
}

fn de_latitude<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    check_latitude(f64::deserialize(d)?).map_err(serde::de::Error::custom)
}

fn de_longitude<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    check_longitude(f64::deserialize(d)?).map_err(serde::de::Error::custom)
}

impl CenterLocation {
    /// A location.
    pub fn new(point: GeoPoint, precision: Precision) -> Self {
        CenterLocation {
            lat: point.lat(),
            lon: point.lon(),
            precision,
        }
    }

    /// The coordinates.
    pub fn point(&self) -> GeoPoint {
        // Both coordinates are range-checked on every way in (`new` and deserialisation).
        GeoPoint::from_checked(self.lat, self.lon)
    }

    /// What the coordinates stand for.
    pub fn precision(&self) -> Precision {
        self.precision
    }
}

/// What a center's coordinates stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The geocoded street address.
    Address,
    /// The centroid of the center's ZIP code.
    Zip,
    /// A point standing for the whole city (the source names only the city).
    City,
}

/// Yes/no facts about a center. Each is absent when not known; absence never means "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CenterFlags {
    /// The center runs (or has access to) a GMP-compliant cell-processing laboratory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmp_lab: Option<bool>,
    /// The center performs its regenerative procedures on an outpatient basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outpatient: Option<bool>,
}

impl Center {
    /// The center's coordinates.
    pub fn point(&self) -> GeoPoint {
        self.location.point()
    }

    /// True when the center offers `therapy`.
    pub fn offers(&self, therapy: TherapyCode) -> bool {
        self.therapies.contains(&therapy)
    }
}
