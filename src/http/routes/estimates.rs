//! `POST /v1/estimates`: what a therapy will cost the patient.

use actix_web::{HttpResponse, post, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::financing::FinancingOptions;
use crate::http::error::{ApiError, FieldError};
use crate::http::extract::ApiJson;
use crate::http::state::AppState;
use crate::pricing::{Estimate, EstimateRequest};

/// An estimate with the financing options for its typical total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EstimateResponse {
    /// The priced estimate.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// Financing options for the typical total, with the "as low as" monthly line and its
    /// disclosure.
    pub financing: FinancingOptions,
}

/// Prices `request`, resolving its center, and adds financing for the typical total.
pub fn price(state: &AppState, request: &EstimateRequest) -> Result<EstimateResponse, ApiError> {
    let center = state.center_prices_for(request)?;
    let estimate = crate::pricing::estimate(&state.price_book, request, center)
        .map_err(|e| ApiError::field(FieldError::body(format!("/{}", e.field()), e.to_string())))?;
    let financing = crate::financing::options(&state.financing.plans, estimate.total.typical_cents);
    Ok(EstimateResponse {
        estimate,
        financing,
    })
}

/// Estimate the cost of a therapy.
///
/// Prices the therapy from the 2026 price book (or the chosen center's own price list) with the
/// options the patient picks: joints, sessions, cell source and add-ons. Answers the total as a
/// low / typical / high range in cents, the itemized lines that add up to it, every modelling
/// assumption in plain words, the disclaimers from the sources, the price-book version, and the
/// financing options for the typical total. Each example below is ready to run.
#[utoipa::path(
    security(()),
    tag = "estimates",
    request_body(content = EstimateRequest, description = "The therapy and the patient's options"),
    responses(
        (status = 200, description = "The estimate", body = EstimateResponse),
        (status = 422, description = "Unknown therapy or one with no cash price (`hsct`, `remestemcel_l`), \
out-of-range joints or sessions, an add-on or cell source not offered, an unknown field, a malformed or \
unknown ZIP, or an unknown center; the problem names the field and what is accepted",
         body = crate::http::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/estimates")]
pub async fn create_estimate(
    state: web::Data<AppState>,
    body: ApiJson<EstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    state.estimates.json(&body, || price(&state, &body))
}
