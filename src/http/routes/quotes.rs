//! `POST /v1/quotes` and `GET /v1/quotes/{id}`: stored, immutable quotes.

use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;

use crate::auth::Permission;
use crate::http::access::{authenticate, readable_quote, replaceable_quote};
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, IdempotencyKeyHeader};
use crate::http::state::AppState;
use crate::problems;
use crate::quoting::{QuoteDraft, QuoteRequest, QuoteView, QuoteWindow, StoredQuote};
use crate::storage::quotes::{Created, Fingerprint, IdempotencyScope, IdempotentRequest};

problems!(CreateQuoteProblems: Unauthorized, Forbidden, Conflict, ValidationFailed, UnknownZip,
    IdempotencyKeyReused, ServiceUnavailable);
problems!(GetQuoteProblems: Unauthorized, Forbidden, NotFound, ServiceUnavailable);

/// Store a quote.
///
/// Prices the request as `POST /v1/estimates` does and stores an immutable snapshot: the inputs,
/// the estimate with its lines and financing options, the coverage answer, the center, the
/// price-book version, `created_at` and `expires_at`. Answers 201 with `Location`. Needs an API
/// key: a publishable key (a clinic website, from one of its allowed origins) or a secret key.
/// With `Idempotency-Key`, a retry with the same body answers the first response again with
/// `Idempotent-Replayed: true` and stores nothing new; the same key with another body is 422;
/// while the first request is still running, 409.
#[utoipa::path(
    tag = "quotes",
    request_body = QuoteRequest,
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255,
            pattern = "^[\\x21-\\x7E]+$",
            description = "Makes retries safe: 1 to 255 visible ASCII characters, e.g. a UUID")),
    responses(
        (status = 201, description = "The stored quote (or, for a retry, the one stored first)",
         body = QuoteView,
         headers(("Location" = String, description = "The quote's URL"),
                 ("Idempotent-Replayed" = Option<String>,
                  description = "`true` when this answers a retry with the quote stored first")),
         links(
            ("GetQuote" = (operation_id = "get_quote", parameters(("id" = "$response.body#/id")),
                           description = "Read the stored quote back.")),
            ("CreateGoodFaithEstimate" = (operation_id = "create_good_faith_estimate",
                                          parameters(("id" = "$response.body#/id")),
                                          description = "Issue the quote's Good Faith Estimate.")),
            ("ReconcileBill" = (operation_id = "reconcile_bill",
                                parameters(("id" = "$response.body#/id")),
                                description = "Check a bill against the quote's estimate.")),
         )),
        CreateQuoteProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/quotes")]
pub async fn create_quote(
    state: web::Data<AppState>,
    req: HttpRequest,
    idempotency_key: IdempotencyKeyHeader,
    body: ApiJson<QuoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::CreateQuote)?;
    let idempotency = match idempotency_key.0 {
        None => None,
        Some(idempotency_key) => Some(IdempotentRequest {
            scope: IdempotencyScope::ApiKey(key.id().clone()),
            key: idempotency_key,
            fingerprint: Fingerprint::of_json(
                &serde_json::to_value(&*body).map_err(ApiError::internal)?,
            ),
        }),
    };
    let replaces = replaceable_quote(&state, key, body.replaces.as_ref()).await?;
    let now = Utc::now();
    let window = QuoteWindow::new(now, state.quotes.policy().valid_for);
    let build = || {
        Ok::<_, ApiError>(QuoteDraft {
            snapshot: state.quoting.quote(&body, window)?,
            owner_key_id: Some(key.id().clone()),
            account: Some(key.account().to_owned()),
            replaces,
        })
    };
    Ok(match state.quotes.create(idempotency, now, build).await? {
        Created::Stored(quote) => {
            crate::http::metrics::quote_created();
            // Its webhooks were committed with it: send them now rather than at the next poll.
            state.webhook_waker.wake();
            created(&quote)?
        }
        Created::Replayed(quote) => {
            let mut res = created(&quote)?;
            res.headers_mut().insert(
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
            res
        }
    })
}

/// The 201 for a quote as it was created.
fn created(quote: &StoredQuote) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(&quote.view_as_created()).map_err(ApiError::internal)?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/quotes/{}", quote.id)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .content_type(header::ContentType::json())
        .body(body))
}

/// Read a stored quote.
///
/// The quote exactly as issued, with its status now: `active`, `expired` or `superseded` (with
/// the quote that replaced it). Needs a secret key of the account that created the quote, or a
/// financing partner's key that reads any quote; any other quote answers 404, as an unknown id.
#[utoipa::path(
    tag = "quotes",
    params(("id" = crate::quoting::QuoteId, Path, description = "The quote's id")),
    responses((status = 200, description = "The quote", body = QuoteView), GetQuoteProblems),
    security(("api_key" = []))
)]
#[get("/v1/quotes/{id}")]
pub async fn get_quote(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ReadQuote)?;
    let quote = readable_quote(&state, key, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(quote.view(Utc::now())))
}
