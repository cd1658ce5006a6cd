//! `GET /v1/therapies` and `GET /v1/therapies/{code}`: the priced catalog.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::http::error::ApiError;
use crate::http::language::language_of;
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
///
/// With `Accept-Language: es` the therapies' names, add-on labels, line descriptions and the
/// other texts the catalogs translate are in Spanish; codes, amounts and sources are the same as
/// in English, and a text without a translation stays English.
#[utoipa::path(
    tag = "therapies",
    params(("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses((status = 200, description = "The catalog", body = TherapyCatalog))
)]
#[get("/v1/therapies")]
pub async fn list_therapies(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let lang = language_of(&req);
    HttpResponse::Ok().json(state.quoting.price_book().catalog_in(lang))
}

/// One therapy.
///
/// The catalog entry of one therapy, as `GET /v1/therapies` lists it: its 2026 price ranges (or
/// why it has no cash price), coverage wording, attributes, evidence, outcomes and sources;
/// in Spanish with `Accept-Language: es`, as there.
#[utoipa::path(
    tag = "therapies",
    params(("code" = TherapyCode, Path, description = "The therapy's catalog code", example = "knee_msc_injection"), ("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses((status = 200, description = "The therapy", body = TherapyEntry), TherapyProblems)
)]
#[get("/v1/therapies/{code}")]
pub async fn get_therapy(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code: TherapyCode = code.parse().map_err(|_| {
        ApiError::not_found(format!(
            "No therapy has this code; accepted: {}.",
            TherapyCode::accepted()
        ))
    })?;
    let lang = language_of(&req);
    Ok(HttpResponse::Ok().json(state.quoting.price_book().therapy_in(code, lang)))
}
