//! `GET /v1/therapies` and `GET /v1/therapies/{code}`: the priced catalog.

use actix_web::{HttpResponse, get, web};

use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::pricing::{TherapyCatalog, TherapyEntry};
use crate::problems;
use crate::therapy::TherapyCode;

problems!(TherapyProblems: NotFound);

/// The therapy catalog.
///
/// Every therapy with its 2026 price ranges (or why it has no cash price), the table's coverage
/// wording, its attributes (cell source, delivery, benefits, limitations), evidence, outcomes and
/// sources, and the price book's version and effective dates.
#[utoipa::path(
    tag = "therapies",
    responses((status = 200, description = "The catalog", body = TherapyCatalog))
)]
#[get("/v1/therapies")]
pub async fn list_therapies(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.quoting.price_book().catalog())
}

/// One therapy.
///
/// The catalog entry of one therapy, as `GET /v1/therapies` lists it: its 2026 price ranges (or
/// why it has no cash price), coverage wording, attributes, evidence, outcomes and sources.
#[utoipa::path(
    tag = "therapies",
    params(("code" = TherapyCode, Path, description = "The therapy's catalog code", example = "knee_msc_injection")),
    responses((status = 200, description = "The therapy", body = TherapyEntry), TherapyProblems)
)]
#[get("/v1/therapies/{code}")]
pub async fn get_therapy(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code: TherapyCode = code.parse().map_err(|_| {
        ApiError::not_found(format!(
            "No therapy has this code; accepted: {}.",
            TherapyCode::accepted()
        ))
    })?;
    Ok(HttpResponse::Ok().json(state.quoting.price_book().therapy(code)))
}
