//! `POST /v1/estimates`: what a therapy will cost the patient.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::language::language_of;
use crate::http::state::AppState;
use crate::pricing::EstimateRequest;
use crate::problems;
use crate::quoting::PricedEstimate;

mod examples;

problems!(EstimateProblems: ValidationFailed, UnknownZip);

/// Estimate the cost of a therapy.
///
/// Prices the therapy from the 2026 price book (or the chosen center's own price list) with the
/// options the patient picks: joints, sessions, cell source and add-ons. Answers the total as a
/// low / typical / high range in cents, the itemized lines that add up to it, every modelling
/// assumption in plain words, the disclaimers from the sources, the price-book version, and the
/// financing options for the typical total. A 422 names the field and what is accepted: a
/// therapy with no cash price (`hsct`, `remestemcel_l`), joints or sessions out of the
/// therapy's range, an add-on or cell source it is not offered with, an unknown field, a ZIP
/// code that is not a US ZIP code (`unknown_zip`), or an unknown center. Each example below is
/// ready to run.
#[utoipa::path(
    tag = "estimates",
    request_body(content = EstimateRequest, description = "The therapy and the patient's options",
        examples(
            ("knee_msc_injection" = (summary = "knee_msc_injection: a ready-to-run estimate",
                                     value = json!(examples::request("knee_msc_injection")))),
            ("knee_msc_prp" = (summary = "knee_msc_prp: a ready-to-run estimate",
                               value = json!(examples::request("knee_msc_prp")))),
            ("scaffold_construct" = (summary = "scaffold_construct: a ready-to-run estimate",
                                     value = json!(examples::request("scaffold_construct")))),
            ("back_msc_prp" = (summary = "back_msc_prp: a ready-to-run estimate",
                               value = json!(examples::request("back_msc_prp")))),
            ("hsct" = (summary = "hsct: refused with 422, the tables give no cash price",
                       value = json!(examples::request("hsct")))),
            ("remestemcel_l" = (summary = "remestemcel_l: refused with 422, the tables give no cash price",
                                value = json!(examples::request("remestemcel_l")))),
        )),
    params(("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses(
        (status = 200, description = "The estimate", body = PricedEstimate,
         example = json!(examples::answer())),
        EstimateProblems,
    )
)]
#[post("/v1/estimates")]
pub async fn create_estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<EstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    // Remembered by what the answer depends on, so a patient in another ZIP is served the
    // same answer without working it out again; each language is its own answer.
    let lang = language_of(&req);
    let inputs = (lang, state.quoting.estimate_key(&body)?);
    state
        .estimates
        .json(&inputs, || Ok(state.quoting.estimate_in(&body, lang)?))
}
