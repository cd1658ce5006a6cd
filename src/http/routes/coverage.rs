//! `GET /v1/coverage`: will insurance pay for a therapy, and what the patient can do instead.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::coverage::{Condition, CoverageAnswer, Payer};
use crate::http::error::{ApiError, FieldError};
use crate::http::extract::ApiQuery;
use crate::http::language::language_of;
use crate::http::state::AppState;
use crate::problems;
use crate::therapy::TherapyCode;

/// The question: a therapy, a payer, and optionally the condition it would treat.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// The therapy's catalog code.
    #[param(value_type = TherapyCode, required = true, example = "knee_msc_injection")]
    therapy: Option<String>,
    /// Who would pay: `medicare`, `medicaid`, `commercial` insurance, or `self_pay`.
    #[param(value_type = Payer, required = true, example = "commercial")]
    payer: Option<String>,
    /// The condition treated; when omitted, the therapy's primary indication is assumed and the
    /// answer says so.
    #[param(value_type = Option<Condition>, example = "knee_osteoarthritis")]
    condition: Option<String>,
}

/// Parses one parameter into `T`, collecting an error naming `field` and the accepted values.
fn known<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    accepted: String,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    match value {
        None if required => {
            errors.push(FieldError::query(
                field,
                format!("is required; accepted: {accepted}"),
            ));
            None
        }
        None => None,
        Some(v) => v.parse().ok().or_else(|| {
            errors.push(FieldError::query(
                field,
                format!("`{v}` is not known; accepted: {accepted}"),
            ));
            None
        }),
    }
}

problems!(CoverageProblems: ValidationFailed);

/// Coverage for a therapy under a payer.
///
/// Answers `covered`, `may_be_covered`, `rarely_covered` or `not_covered` with the basis (e.g.
/// `investigational`, `fda_approved_indication`), a plain-language explanation that claims no
/// more certainty than its sources, what the patient would pay when insurance does not (the
/// price-book range in cents), next steps the patient can act on (a Good Faith Estimate,
/// financing, prior authorization, and for Medicare an Advance Beneficiary Notice), and the
/// sources. An unknown or missing therapy, payer or condition is a 422 listing the accepted
/// values.
///
/// With `Accept-Language: es` the explanation, the next steps and the note on what the patient
/// pays are in Spanish; the codes, statuses, amounts and sources (titles, citations, quotes)
/// are the same as in English. `Content-Language` names the language answered.
#[utoipa::path(
    tag = "coverage",
    params(CoverageQuery, ("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5")),
    responses(
        (status = 200, description = "The coverage answer", body = CoverageAnswer),
        CoverageProblems,
    )
)]
#[get("/v1/coverage")]
pub async fn get_coverage(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = Vec::new();
    let q = &*query;
    let therapy: Option<TherapyCode> = known(
        q.therapy.as_deref(),
        "therapy",
        TherapyCode::accepted(),
        true,
        &mut errors,
    );
    let payer: Option<Payer> = known(
        q.payer.as_deref(),
        "payer",
        Payer::accepted(),
        true,
        &mut errors,
    );
    let condition: Option<Condition> = known(
        q.condition.as_deref(),
        "condition",
        Condition::accepted(),
        false,
        &mut errors,
    );
    let (Some(therapy), Some(payer), true) = (therapy, payer, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let lang = language_of(&req);
    Ok(HttpResponse::Ok().json(state.quoting.coverage_in(therapy, payer, condition, lang)))
}
