//! `POST /v1/quotes/{id}/good-faith-estimate` and `POST /v1/quotes/{id}/reconcile`: the No
//! Surprises Act documents of a stored quote, for a clinic's back office.

mod examples;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, post, web};
use chrono::Utc;

use crate::auth::Permission;
use crate::gfe::{
    DocumentFormat, GfeError, GoodFaithEstimateRequest, QuotedCare, ReconcileRequest, Today,
    good_faith_estimate, negotiate, reconcile, render_html,
};
use crate::http::access::{authenticate, readable_quote};
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::extract::ApiJson;
use crate::http::state::AppState;

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
/// The printable page loads nothing and runs nothing; only its own inline style applies.
const PAGE_POLICY: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
);

/// Write a Good Faith Estimate.
///
/// The Good Faith Estimate an uninsured or self-pay patient is owed (No Surprises Act, 45 CFR
/// 149.610) for a stored quote: the patient's name and date of birth, the primary service and
/// its scheduled date, the items grouped by provider with their codes and expected charges (the
/// quote's typical figures, with the range), the provider's name, NPI, TIN and location from the
/// center directory, items to be scheduled separately, and the required disclaimers, including
/// how to dispute a bill at least $400 over. `missing_elements` lists every required element the
/// service could not supply (the shipped centers have no NPI, TIN or street address); nothing is
/// invented. The name and date of birth are written into the answer only: never stored, never
/// logged. JSON by default; `Accept: text/html` gives a printable page. Needs a secret key that
/// may read the quote; any other quote answers 404.
#[utoipa::path(
    tag = "quotes",
    request_body = GoodFaithEstimateRequest,
    params(
        ("id" = String, Path, description = "The quote's id", example = "q_7kd2mzq4xw3hbn5rpt6vyc2fae"),
        ("Accept" = Option<String>, Header, description = "`application/json` (default) or `text/html` for a printable page"),
    ),
    responses(
        (status = 200, description = "The Good Faith Estimate",
         headers(("Cache-Control" = String, description = "`no-store`: the document names the patient")),
         content(
            (crate::gfe::GoodFaithEstimate = "application/json", example = examples::document),
            (String = "text/html", example = examples::page),
         )),
        (status = 401, description = "No valid API key", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:unauthorized", "title": "Missing or invalid API key", "status": 401,
                          "detail": "send a valid API key as `Authorization: Bearer <key>`", "code": "unauthorized",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 403, description = "A publishable key: only secret keys write Good Faith Estimates", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:forbidden", "title": "API key not allowed to do this", "status": 403,
                          "detail": "this API key is not allowed to do this", "code": "forbidden",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 404, description = "No such quote for this key", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:not_found", "title": "Not found", "status": 404,
                          "detail": "No quote `q_7kd2mzq4xw3hbn5rpt6vyc2fae` for this API key.", "code": "not_found",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 406, description = "`Accept` allows neither `application/json` nor `text/html`", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:not_acceptable", "title": "Not acceptable", "status": 406,
                          "detail": "This document is available as application/json or text/html.", "code": "not_acceptable",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 422, description = "A malformed name, date of birth (or one in the future), diagnosis or service code, too many codes, or codes for a line the quote does not have", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:validation_failed", "title": "Request failed validation", "status": 422,
                          "detail": "date_of_birth: must not be in the future", "code": "validation_failed",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11",
                          "errors": [{"location": "body", "field": "date_of_birth", "pointer": "/patient/date_of_birth",
                                      "detail": "must not be in the future"}]})),
        (status = 503, description = "The database is unavailable", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []))
)]
#[post("/v1/quotes/{id}/good-faith-estimate")]
pub async fn create_good_faith_estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
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
            "This document is available as application/json or text/html.",
        ))
    })?;
    let quote = readable_quote(&state, key, &id).await.map_err(no_store)?;
    let now = Utc::now();
    let care = QuotedCare::from_quote(&quote, now).map_err(gfe_error)?;
    let center = care.center_id().and_then(|c| state.directory.get(c));
    let therapy = state.price_book.therapy(quote.content.therapy);
    let document = good_faith_estimate(&care, center.as_ref(), therapy, &body, Today::at(now), now)
        .map_err(gfe_error)?;
    let mut res = private_answer();
    res.insert_header((header::VARY, HeaderValue::from_static("Accept")));
    Ok(match format {
        DocumentFormat::Json => res.json(&document),
        DocumentFormat::Html => res
            .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
            .content_type("text/html; charset=utf-8")
            .body(render_html(&document)),
    })
}

/// Check a bill against the Good Faith Estimate.
///
/// For each provider's bill: the expected charges the quote's Good Faith Estimate lists for it
/// (the same figure, `typical` unless `expected_basis` says otherwise), the difference, and
/// whether the patient may start patient-provider dispute resolution (45 CFR 149.620): the bill
/// is at least $400 (40,000 cents) over the expected charges, and today is no later than 120
/// calendar days after the bill date (the bill date is day 0; day 120 is still in time, day 121
/// is not). Dates are checked against the earliest date it is anywhere in the United States, so a
/// patient is never told a deadline passed while it is still open where they are. A bill dated
/// in the future is 422. Needs a secret key that may read the quote; any other quote answers 404.
#[utoipa::path(
    tag = "quotes",
    request_body = ReconcileRequest,
    params(("id" = String, Path, description = "The quote's id", example = "q_7kd2mzq4xw3hbn5rpt6vyc2fae")),
    responses(
        (status = 200, description = "Each bill against the expected charges",
         headers(("Cache-Control" = String, description = "`no-store`")),
         content((crate::gfe::Reconciliation = "application/json", example = examples::reconciliation))),
        (status = 401, description = "No valid API key", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:unauthorized", "title": "Missing or invalid API key", "status": 401,
                          "detail": "send a valid API key as `Authorization: Bearer <key>`", "code": "unauthorized",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 403, description = "A publishable key: only secret keys reconcile bills", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:forbidden", "title": "API key not allowed to do this", "status": 403,
                          "detail": "this API key is not allowed to do this", "code": "forbidden",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 404, description = "No such quote for this key", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:not_found", "title": "Not found", "status": 404,
                          "detail": "No quote `q_7kd2mzq4xw3hbn5rpt6vyc2fae` for this API key.", "code": "not_found",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11"})),
        (status = 422, description = "No bills or more than 20, a provider the estimate does not list or listed twice, an amount too large, or a bill dated in the future", body = crate::http::error::Problem, content_type = "application/problem+json",
         example = json!({"type": "urn:regenquote:problem:validation_failed", "title": "Request failed validation", "status": 422,
                          "detail": "bill_date: must not be in the future", "code": "validation_failed",
                          "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11",
                          "errors": [{"location": "body", "field": "bill_date", "pointer": "/bills/0/bill_date",
                                      "detail": "must not be in the future"}]})),
        (status = 503, description = "The database is unavailable", body = crate::http::error::Problem, content_type = "application/problem+json"),
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
    let now = Utc::now();
    let care = QuotedCare::from_quote(&quote, now).map_err(gfe_error)?;
    let answer = reconcile(&care, &body, Today::at(now)).map_err(gfe_error)?;
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

/// A domain error as the client sees it: 422 naming the field, or 500 for stored data that
/// cannot be read (logged without its content: a snapshot can hold health data).
fn gfe_error(err: GfeError) -> ApiError {
    let api = match err.pointer() {
        Some(pointer) => ApiError::field(FieldError::body(pointer, err.detail())),
        None => ApiError::internal(match err {
            GfeError::UnreadableQuote(_) => "a stored quote has no readable itemized estimate",
            _ => "an amount in a stored quote is out of range",
        }),
    };
    no_store(api)
}
