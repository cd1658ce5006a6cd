//! What a center search answers: one page of center summaries, the cursor to the next page,
//! and the number of matches in all.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::center::{Center, CenterKind, CenterLocation};
use super::identifiers::{CenterId, Phone, Website};
use super::us_state::StateCode;
use crate::therapy::TherapyCode;

/// One page of a center search.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "centers": [{
        "id": "regenerative-orthopedics-fort-worth",
        "name": "Regenerative Orthopedics",
        "city": "Fort Worth",
        "state": "TX",
        "location": {"lat": 32.7589, "lon": -97.328, "precision": "city"},
        "therapies": ["knee_msc_injection", "knee_msc_prp"],
        "has_price_book": false,
        "distance_miles": 0.0
    }],
    "next_cursor": null,
    "total": 1
}))]
pub struct CenterPage {
    /// The centers on this page: nearest first when a location was given, otherwise by
    /// state, city, name and id.
    pub centers: Vec<CenterSummary>,
    /// Pass this back as `cursor` (with the same filters) for the next page; `null` on the
    /// last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    /// Number of centers matching the search across all pages.
    #[schema(example = 1)]
    pub total: usize,
}

/// A center as listed in search results; `GET /v1/centers/{id}` has every field.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CenterSummary {
    /// Stable id.
    pub id: CenterId,
    /// Name.
    #[schema(example = "Regenerative Orthopedics")]
    pub name: String,
    /// What kind of provider the center is, when a source states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<CenterKind>,
    /// City.
    #[schema(example = "Fort Worth")]
    pub city: String,
    /// State or territory.
    pub state: StateCode,
    /// Where the center is and how precisely that is known.
    pub location: CenterLocation,
    /// Therapies the center offers.
    pub therapies: Vec<TherapyCode>,
    /// Website, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<Website>,
    /// Phone number, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// The date the center's entry was last checked against its source, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-01-01")]
    pub last_verified: Option<NaiveDate>,
    /// True when the center has its own price book (estimates at the center use it).
    pub has_price_book: bool,
    /// Great-circle distance in miles from the searched location, rounded to 0.1 mile;
    /// present only when a location was given. As precise as `location.precision` allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 2.3)]
    pub distance_miles: Option<f64>,
}

impl CenterSummary {
    /// The summary of `center`, at `distance_miles` from the searched location if any.
    pub fn of(center: &Center, distance_miles: Option<f64>) -> Self {
        CenterSummary {
            id: center.id.clone(),
            name: center.name.clone(),
            kind: center.kind,
            city: center.city.clone(),
            state: center.state,
            location: center.location,
            therapies: center.therapies.clone(),
            website: center.website.clone(),
            phone: center.phone.clone(),
            last_verified: center.last_verified,
            has_price_book: !center.prices.is_empty(),
            distance_miles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centers::{Directory, ZipTable};
    use utoipa::openapi::{RefOr, schema::Schema};

    fn required_fields<T: utoipa::ToSchema>() -> Vec<String> {
        match T::schema() {
            RefOr::T(Schema::Object(object)) => object.required,
            _ => panic!("not an object schema"),
        }
    }

    /// Fields the schema calls required are exactly those a sparse row always serialises.
    fn assert_schema_matches<T: utoipa::ToSchema + Serialize>(value: &T) {
        let json = serde_json::to_value(value).unwrap();
        let present: Vec<&String> = json.as_object().unwrap().keys().collect();
        let required = required_fields::<T>();
        for field in &required {
            assert!(
                present.contains(&field),
                "required `{field}` missing from {json}"
            );
        }
        for field in present {
            assert!(
                required.contains(field),
                "`{field}` is always sent but not required"
            );
        }
    }

    #[test]
    fn schemas_require_exactly_the_fields_always_sent() {
        let zips = ZipTable::embedded().unwrap();
        let dir = Directory::embedded(&zips).unwrap();
        let center = dir.centers().next().unwrap();
        assert_schema_matches(&center);
        assert_schema_matches(&CenterSummary::of(&center, None));
        assert_schema_matches(&CenterPage {
            centers: vec![],
            next_cursor: None,
            total: 0,
        });
    }
}
