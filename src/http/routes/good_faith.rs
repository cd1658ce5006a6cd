//! `POST /v1/quotes/{id}/good-faith-estimate` and `POST /v1/quotes/{id}/reconcile`: the No
//! Surprises Act documents of a stored quote, for a clinic's back office.

mod examples;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, post, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Permission;
use crate::gfe::fhir::{BundleMode, ProviderCodes, pct_bundle};
use crate::gfe::{
    DocumentFormat, GfeError, GoodFaithEstimateRequest, IssuedEstimate, QuotedCare,
    ReconcileRequest, Today, good_faith_estimate, negotiate, reconcile, render_html,
};
use crate::http::access::{authenticate, readable_quote};
use crate::http::error::{ApiError, ErrorCode};
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::language::language_of;
use crate::http::state::AppState;
use crate::problems;
use crate::quoting::QuotedCenter;

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
/// The printable page loads nothing and runs nothing; only its own inline style applies.
const PAGE_POLICY: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
);

problems!(GoodFaithEstimateProblems: Unauthorized, Forbidden, NotFound, NotAcceptable,
    QuoteNotActive, ValidationFailed, EstimateIncomplete, ServiceUnavailable);

/// The FHIR media type, as answered.
const FHIR_JSON: &str = "application/fhir+json";

/// Options of the Good Faith Estimate.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GoodFaithEstimateQuery {
    /// For `Accept: application/fhir+json` only: `true` answers a Bundle even when required
    /// elements are missing, marked as a draft (its Claims have status `draft`, `meta.tag` holds
    /// `urn:regenquote:fhir-tag#draft` and each missing element is a `gfeDisclaimer`); without
    /// it, such a quote answers 422 `estimate_incomplete`. The JSON and HTML documents always
    /// list what is missing and say when they are a draft.
    #[param(value_type = Option<bool>, example = false)]
    draft: Option<bool>,
}
problems!(ReconcileProblems: Unauthorized, Forbidden, NotFound, ValidationFailed, ServiceUnavailable);

/// Write a Good Faith Estimate.
///
/// The Good Faith Estimate an uninsured or self-pay patient is owed (No Surprises Act, 45 CFR
/// 149.610) for an active stored quote: the patient's name and date of birth, the primary
/// service and its scheduled date, the items grouped by provider with where each is provided,
/// its codes and its expected charge (the charge the provider expects to bill, which no caller
/// may replace with another figure), the provider's name, NPI, TIN, address and contact, items
/// to be scheduled separately, the required disclaimers, how to dispute a bill at least $400
/// over, and the notice of the right to an estimate, as on the HHS standard form.
/// `missing_elements` lists every element the service could not supply (the shipped centers
/// have no NPI, TIN or street address); nothing is invented, and `draft` stays true until every
/// required one is there. Each estimate is kept under its `id` (its quote, time and each
/// provider's expected charges: never the patient's name, date of birth or diagnoses) so that a
/// bill is reconciled against it. A quote that expired or was superseded is refused (409): its
/// prices no longer stand. JSON by default; `Accept: text/html` gives a printable page, and
/// `Accept: application/fhir+json` a Da Vinci Patient Cost Transparency GFE Bundle (FHIR R4,
/// STU2): the GFE Summary Claim first, a Professional GFE Claim per provider, the Patient, a
/// self-pay Coverage and the provider's Organization with its NPI, TIN and address. The Bundle
/// needs every required element, plus the provider's taxonomy and place-of-service codes and the
/// date of service: when one is missing it answers 422 `estimate_incomplete` listing them in
/// `missing_elements`, unless `draft=true` asks for a draft. Needs a secret key that may read
/// the quote; any other quote answers 404.
#[utoipa::path(
    tag = "quotes",
    request_body = GoodFaithEstimateRequest,
    params(
        ("id" = crate::quoting::QuoteId, Path, description = "The quote's id"),
        ("Accept" = Option<String>, Header, nullable = false, description = "`application/json` (default), `text/html` for a printable page, or `application/fhir+json` for a Da Vinci PCT GFE Bundle"),
        ("Accept-Language" = Option<String>, Header, nullable = false, description = "The reader's languages (RFC 9110): any `es` range (`es`, `es-US`, `es-MX`, …) gives Spanish text, otherwise English; quality values count and `q=0` refuses a language. An unknown or malformed value gives English, never an error.", example = "es-MX,es;q=0.9,en;q=0.5"),
        GoodFaithEstimateQuery,
    ),
    responses(
        (status = 200, description = "The Good Faith Estimate",
         headers(("Cache-Control" = String, description = "`no-store`: the document names the patient")),
         content(
            (crate::gfe::GoodFaithEstimate = "application/json", example = examples::document),
            (String = "text/html", example = examples::page),
            (Object = "application/fhir+json", example = examples::bundle),
         )),
        GoodFaithEstimateProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/quotes/{id}/good-faith-estimate")]
pub async fn create_good_faith_estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: ApiQuery<GoodFaithEstimateQuery>,
    body: ApiJson<GoodFaithEstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::GoodFaithEstimate).map_err(no_store)?;
    let accept = req.headers().get(header::ACCEPT).map(|v| v.to_str().ok());
    let format = match accept {
        None => Some(DocumentFormat::Json),
        Some(text) => text.and_then(|t| negotiate(Some(t))),
    }
    .ok_or_else(|| {
        no_store(ApiError::new(
            ErrorCode::NotAcceptable,
            "This document is available as application/json, text/html or \
             application/fhir+json.",
        ))
    })?;
    let quote = readable_quote(&state, key, &id).await.map_err(no_store)?;
    let now = Utc::now();
    let care = QuotedCare::from_quote(&quote, now).map_err(gfe_error)?;
    let listed = care
        .center_id()
        .and_then(|c| state.quoting.directory().get(c));
    let center = listed.as_ref().map(QuotedCenter::from);
    let therapy = state.quoting.price_book().therapy(quote.therapy);
    let document = good_faith_estimate(
        &care,
        center.as_ref(),
        therapy,
        &body,
        Today::at(now),
        now,
        language_of(&req),
    )
    .map_err(gfe_error)?;
    // The Bundle is written before the estimate is kept: an incomplete one is refused, and an
    // estimate nobody was given is not kept.
    let bundle = if format == DocumentFormat::Fhir {
        let codes = listed.map_or_else(ProviderCodes::default, |c| ProviderCodes {
            taxonomy: c.taxonomy,
            place_of_service: c.place_of_service,
        });
        let mode = match query.draft {
            Some(true) => BundleMode::Draft,
            _ => BundleMode::Complete,
        };
        Some(pct_bundle(&document, &codes, mode).map_err(|e| no_store(e.into()))?)
    } else {
        None
    };
    // Kept before it is given out: a bill can then always be checked against it.
    state
        .quotes
        .record_estimate(IssuedEstimate::from(&document))
        .await
        .map_err(|e| no_store(e.into()))?;
    let mut res = private_answer();
    res.insert_header((header::VARY, HeaderValue::from_static("Accept")));
    Ok(match bundle {
        Some(bundle) => res.content_type(FHIR_JSON).json(bundle),
        None if format == DocumentFormat::Html => res
            .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
            .content_type("text/html; charset=utf-8")
            .body(render_html(&document)),
        None => res.json(&document),
    })
}

/// Check a bill against the Good Faith Estimate.
///
/// For each provider's bill: the expected charges that the Good Faith Estimate named by
/// `good_faith_estimate_id` (one issued for this quote) listed for it, as kept when it was
/// issued, the difference, and whether the patient may start patient-provider dispute
/// resolution (45 CFR 149.620): the bill is at least $400 (40,000 cents) over the expected
/// charges, and today is no later than 120 calendar days after the bill date (the bill date is
/// day 0; day 120 is still in time, day 121 is not). Dates are checked against the earliest date
/// it is anywhere in the United States, so a patient is never told a deadline passed while it
/// is still open where they are. A bill dated in the future or before the quote, an estimate not
/// issued for this quote, and an estimate that lists no provider (its quote named no center)
/// are 422. It works for quotes that have since expired. Needs a secret key that may read the
/// quote; any other quote answers 404.
#[utoipa::path(
    tag = "quotes",
    request_body = ReconcileRequest,
    params(("id" = crate::quoting::QuoteId, Path, description = "The quote's id")),
    responses(
        (status = 200, description = "Each bill against the expected charges",
         headers(("Cache-Control" = String, description = "`no-store`")),
         content((crate::gfe::Reconciliation = "application/json", example = examples::reconciliation))),
        ReconcileProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/quotes/{id}/reconcile")]
pub async fn reconcile_bill(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<ReconcileRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ReconcileBill).map_err(no_store)?;
    let quote = readable_quote(&state, key, &id).await.map_err(no_store)?;
    let issued = state
        .quotes
        .estimate(&body.good_faith_estimate_id)
        .await
        .map_err(|e| no_store(e.into()))?
        // One issued for another quote answers as an unknown one: an id says nothing about
        // estimates this key may not read.
        .filter(|e| e.quote_id == quote.id)
        .ok_or_else(|| gfe_error(GfeError::UnknownEstimate))?;
    let answer =
        reconcile(&issued, quote.created_at, &body, Today::at(Utc::now())).map_err(gfe_error)?;
    Ok(private_answer().json(answer))
}

fn private_answer() -> HttpResponseBuilder {
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, NO_STORE));
    res
}

fn no_store(err: ApiError) -> ApiError {
    err.with_header(header::CACHE_CONTROL, NO_STORE)
}

fn gfe_error(err: GfeError) -> ApiError {
    no_store(err.into())
}
