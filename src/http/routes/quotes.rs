//! `POST /v1/quotes` and `GET /v1/quotes/{id}`: stored, immutable quotes.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{ApiKey, Permission};
use crate::coverage::{Condition, Payer};
use crate::http::access::{authenticate, store_error};
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::extract::ApiJson;
use crate::http::state::AppState;
use crate::pricing::EstimateRequest;
use crate::quotes::{
    Claimed, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotentCreate, JsonText, KeyTaken,
    NewQuote, PreparedQuote, QuoteContent, QuoteId, QuoteTotal, QuoteView, StoreError,
};
use crate::therapy::{AddOn, CellSource, TherapyCode};
use crate::zip::ZipCode;

/// What to quote: the estimate's options, plus the center, the date and the payer.
// The estimate's fields are repeated rather than flattened: serde cannot combine `flatten` with
// `deny_unknown_fields`, and an unknown field must stay a 422 naming it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "therapy": "knee_msc_injection", "joints": 1, "zip": "76102",
    "center_id": "regenerative-orthopedics-fort-worth", "scheduled_date": "2026-12-14",
    "payer": "self_pay"
}))]
pub struct CreateQuoteRequest {
    /// The therapy to quote (as for an estimate).
    pub therapy: TherapyCode,
    /// Joints treated (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub joints: Option<u8>,
    /// Sessions (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub sessions: Option<u8>,
    /// Cell source (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_source: Option<CellSource>,
    /// Add-ons (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_ons: Option<Vec<AddOn>>,
    /// The patient's ZIP code (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<ZipCode>,
    /// The center that will perform the therapy; its own prices apply when it publishes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_id: Option<String>,
    /// The date the therapy is scheduled for, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-14")]
    pub scheduled_date: Option<NaiveDate>,
    /// Who would pay, for the coverage answer stored with the quote (default `self_pay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    /// The condition treated, for the coverage answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// An earlier quote of the same account this one replaces; that one is marked superseded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "q_abcdefghijklmnopqrstuvwxyz")]
    pub replaces: Option<String>,
}

impl CreateQuoteRequest {
    fn estimate_request(&self) -> EstimateRequest {
        EstimateRequest {
            therapy: self.therapy,
            joints: self.joints,
            sessions: self.sessions,
            cell_source: self.cell_source,
            add_ons: self.add_ons.clone(),
            zip: self.zip,
            center_id: self.center_id.clone(),
        }
    }
}

/// Everything the quote promises, frozen when it was issued.
fn snapshot(state: &AppState, body: &CreateQuoteRequest) -> Result<QuoteContent, ApiError> {
    let estimate = super::estimates::price(state, &body.estimate_request())?;
    let payer = body.payer.unwrap_or(Payer::SelfPay);
    let coverage = state.coverage.answer(
        body.therapy,
        payer,
        body.condition,
        state.cash_price(body.therapy),
    );
    let center = body
        .center_id
        .as_deref()
        .and_then(|id| state.directory.get(id));
    let total = &estimate.estimate.total;
    let total = QuoteTotal::new(total.low_cents, total.typical_cents, total.high_cents)
        .map_err(ApiError::internal)?;
    let content = serde_json::json!({
        "request": body,
        "estimate": estimate,
        "coverage": coverage,
        "center": center,
        "scheduled_date": body.scheduled_date,
    });
    let quote = QuoteContent {
        therapy: body.therapy,
        price_book_version: estimate.estimate.price_book.version.clone(),
        total,
        snapshot: content,
    };
    Ok(quote)
}

fn idempotency_key(req: &HttpRequest) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let parsed = value
        .to_str()
        .ok()
        .and_then(|v| v.parse::<IdempotencyKey>().ok());
    parsed.map(Some).ok_or_else(|| {
        ApiError::field(FieldError::header(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters, e.g. a UUID",
        ))
    })
}

fn created(body: serde_json::Value, id: &QuoteId, status: u16) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::CREATED);
    HttpResponse::build(status)
        .insert_header((header::LOCATION, format!("/v1/quotes/{id}")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(body)
}

/// Store a quote.
///
/// Prices the request as `POST /v1/estimates` does and stores an immutable snapshot: the inputs,
/// the estimate with its lines and financing options, the coverage answer, the center, the
/// price-book version, `created_at` and `expires_at`. Answers 201 with `Location`. Needs an API
/// key: a publishable key (a clinic website, from one of its allowed origins) or a secret key.
/// With `Idempotency-Key`, a retry with the same body answers the first response again and
/// stores nothing new; the same key with another body is 422; while the first request is still
/// running, 409.
#[utoipa::path(
    tag = "quotes",
    request_body = CreateQuoteRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1 to 255 visible ASCII characters, e.g. a UUID")),
    responses(
        (status = 201, description = "The stored quote", body = QuoteView,
         headers(("Location" = String, description = "The quote's URL"))),
        (status = 401, description = "No valid API key", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A publishable key used outside its allowed origins", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still running", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid field (as for an estimate), an unknown `replaces`, or an Idempotency-Key reused with another body", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unavailable", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []))
)]
#[post("/v1/quotes")]
pub async fn create_quote(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<CreateQuoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::CreateQuote)?;
    let idempotency = idempotency_key(&req)?;
    let replaces = resolve_replaces(&state, key, body.replaces.as_deref()).await?;
    let Some(idem) = idempotency else {
        let content = snapshot(&state, &body)?;
        let (quote, response) = prepare(&state, key, content, replaces)?;
        let id = quote.id().clone();
        state
            .quotes
            .create_prepared(quote)
            .await
            .map_err(create_error)?;
        return Ok(stored(response, &id));
    };
    let scope = IdempotencyScope::ApiKey(key.id().clone());
    let fingerprint =
        Fingerprint::of_json(&serde_json::to_value(&*body).map_err(ApiError::internal)?);
    let claimed = state
        .quotes
        .claim(&scope, &idem, &fingerprint, Utc::now())
        .await
        .map_err(store_error)?;
    let claim = match claimed {
        Claimed::Held(claim) => claim,
        Claimed::Taken(taken) => return answer_taken(taken),
    };
    let content = match snapshot(&state, &body) {
        Ok(content) => content,
        Err(e) => {
            return match state.quotes.give_up(claim).await.map_err(store_error)? {
                Some(taken) => answer_taken(taken),
                None => Err(e),
            };
        }
    };
    let (quote, response) = prepare(&state, key, content, replaces)?;
    let id = quote.id().clone();
    let outcome = state
        .quotes
        .create_once(claim, quote, response.clone())
        .await
        .map_err(create_error)?;
    match outcome {
        IdempotentCreate::Stored => Ok(stored(response, &id)),
        IdempotentCreate::Taken(taken) => answer_taken(taken),
    }
}

/// The answer when a key stores nothing new: the first response again, 422 for another body,
/// 409 while another request holds it.
fn answer_taken(taken: KeyTaken) -> Result<HttpResponse, ApiError> {
    match taken {
        KeyTaken::Replay(previous) => {
            let id = previous
                .quote_id
                .ok_or_else(|| ApiError::internal("replayed response without a quote id"))?;
            Ok(created(previous.body, &id, previous.status))
        }
        KeyTaken::Mismatch => Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was used with a different body; use a new key for a new request.",
        )),
        KeyTaken::InProgress => Err(ApiError::new(
            ErrorCode::Conflict,
            "A request with this Idempotency-Key is still running; retry shortly.",
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from_static("1"))),
    }
}

async fn resolve_replaces(
    state: &AppState,
    key: &ApiKey,
    replaces: Option<&str>,
) -> Result<Option<QuoteId>, ApiError> {
    let Some(raw) = replaces else { return Ok(None) };
    let unknown = || {
        ApiError::field(FieldError::body(
            "/replaces",
            format!("no quote `{raw}` of this account to replace"),
        ))
    };
    let id: QuoteId = raw.parse().map_err(|_| unknown())?;
    let quote = state
        .quotes
        .get(&id)
        .await
        .map_err(store_error)?
        .ok_or_else(unknown)?;
    let owner = quote.owner_key_id.as_ref().map(|k| k.as_str());
    let owner_account = owner
        .and_then(|o| state.keyring.get(o))
        .map(ApiKey::account);
    if owner_account != Some(key.account()) {
        return Err(unknown());
    }
    Ok(Some(id))
}

/// The new quote, checked and serialised, and the body of its 201.
fn prepare(
    state: &AppState,
    key: &ApiKey,
    content: QuoteContent,
    replaces: Option<QuoteId>,
) -> Result<(PreparedQuote, JsonText), ApiError> {
    let quote = NewQuote::new(
        content,
        Some(key.id().clone()),
        replaces,
        Utc::now(),
        state.quotes.policy().valid_for,
    )
    .prepare()
    .map_err(|e| store_error(e.into()))?;
    let body = quote.created_body().map_err(ApiError::internal)?;
    Ok((quote, body))
}

fn create_error(e: StoreError) -> ApiError {
    match e {
        StoreError::UnknownQuote { .. } | StoreError::AlreadySuperseded { .. } => {
            ApiError::field(FieldError::body(
                "/replaces",
                "that quote cannot be replaced: it is unknown or already superseded",
            ))
        }
        other => store_error(other),
    }
}

/// The 201 for a quote just stored, with the body made when it was prepared.
fn stored(body: JsonText, id: &QuoteId) -> HttpResponse {
    crate::http::metrics::quote_created();
    HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/quotes/{id}")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .content_type(header::ContentType::json())
        .body(web::Bytes::from_owner(body))
}

/// Read a stored quote.
///
/// The quote exactly as issued, with its status now: `active`, `expired` or `superseded` (with
/// the quote that replaced it). Needs a secret key of the account that created the quote, or a
/// financing partner's key that reads any quote; any other quote answers 404, as an unknown id.
#[utoipa::path(
    tag = "quotes",
    params(("id" = String, Path, description = "The quote's id", example = "q_abcdefghijklmnopqrstuvwxyz")),
    responses(
        (status = 200, description = "The quote", body = QuoteView),
        (status = 401, description = "No valid API key", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A publishable key cannot read quotes", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote for this key", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unavailable", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = []))
)]
#[get("/v1/quotes/{id}")]
pub async fn get_quote(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ReadQuote)?;
    let quote = crate::http::access::readable_quote(&state, key, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(quote.view(Utc::now())))
}
