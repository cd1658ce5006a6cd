//! `GET /v1/therapies` and `GET /v1/therapies/{code}`: the priced catalog.

use actix_web::{HttpResponse, get, web};

use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::pricing::{TherapyCatalog, TherapyEntry};
use crate::therapy::TherapyCode;

/// The therapy catalog.
///
/// Every therapy with its 2026 price ranges (or why it has no cash price), the table's coverage
/// wording, its attributes (cell source, delivery, benefits, limitations), evidence, outcomes and
/// sources, and the price book's version and effective dates.
#[utoipa::path(
    security(()),
    tag = "therapies",
    responses((status = 200, description = "The catalog", body = TherapyCatalog))
)]
#[get("/v1/therapies")]
pub async fn list_therapies(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.price_book.catalog())
}

/// One therapy.
///
/// The catalog entry of one therapy, as `GET /v1/therapies` lists it: its 2026 price ranges (or
/// why it has no cash price), coverage wording, attributes, evidence, outcomes and sources.
#[utoipa::path(
    security(()),
    tag = "therapies",
    params(("code" = TherapyCode, Path, description = "The therapy's catalog code", example = "knee_msc_injection")),
    responses(
        (status = 200, description = "The therapy", body = TherapyEntry),
        (status = 404, description = "No therapy has this code", body = crate::http::error::Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/v1/therapies/{code}")]
pub async fn get_therapy(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code: TherapyCode = code
        .parse()
        .map_err(|e| ApiError::not_found(format!("No therapy `{code}`: {e}.")))?;
    Ok(HttpResponse::Ok().json(state.price_book.therapy(code)))
}
