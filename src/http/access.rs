//! Who may call: API keys from `Authorization`, and the quotes a key may read.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::auth::{ApiKey, AuthError, Permission};
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::state::AppState;
use crate::quotes::{QuoteId, StoreError, StoredQuote};

/// The verified key of a request allowed to do `permission`: 401 without a valid key, 403 for
/// a key of the wrong kind or a publishable key outside its allowed origins.
pub fn authenticate<'a>(
    state: &'a AppState,
    req: &HttpRequest,
    permission: Permission,
) -> Result<&'a ApiKey, ApiError> {
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let key = state.keyring.verify(authorization).map_err(auth_error)?;
    key.require(permission).map_err(auth_error)?;
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    // The widget calls from the API's own origin; its page may only be framed by the key's
    // origins (see the widget route), so the key stays tied to the clinic's sites.
    let own_origin = origin.is_some_and(|o| is_same_origin(o, req));
    if !own_origin {
        key.check_origin(origin).map_err(auth_error)?;
    }
    Ok(key)
}

fn is_same_origin(origin: &str, req: &HttpRequest) -> bool {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

fn auth_error(err: AuthError) -> ApiError {
    let code = match err {
        AuthError::Unauthorized => ErrorCode::Unauthorized,
        AuthError::Forbidden | AuthError::OriginNotAllowed => ErrorCode::Forbidden,
    };
    let e = ApiError::new(code, err.to_string())
        .with_errors(vec![FieldError::header(err.field(), err.to_string())]);
    if err == AuthError::Unauthorized {
        e.with_header(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        )
    } else {
        e
    }
}

/// The quote `id` if `key` may read it; 404 alike for a malformed id, an unknown one and one of
/// another account.
pub async fn readable_quote(
    state: &AppState,
    key: &ApiKey,
    id: &str,
) -> Result<StoredQuote, ApiError> {
    let not_found = || ApiError::not_found(format!("No quote `{id}` for this API key."));
    let id: QuoteId = id.parse().map_err(|_| not_found())?;
    let quote = state
        .quotes
        .get(&id)
        .await
        .map_err(store_error)?
        .ok_or_else(not_found)?;
    let owner = quote.owner_key_id.as_ref().map(|k| k.as_str());
    let owner_account = owner
        .and_then(|o| state.keyring.get(o))
        .map(ApiKey::account);
    if key.may_read_quote_of(owner, owner_account) {
        Ok(quote)
    } else {
        Err(not_found())
    }
}

/// A storage failure as the client sees it: 503 when the database is unreachable, 500 with the
/// cause logged otherwise.
pub fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::Unavailable(_) | StoreError::Schema(_) | StoreError::WriterStopped => {
            tracing::warn!(error.cause = %err, "quote storage unavailable");
            ApiError::new(
                ErrorCode::ServiceUnavailable,
                "Quote storage is unavailable; retry shortly.",
            )
            .with_header(header::RETRY_AFTER, header::HeaderValue::from_static("2"))
        }
        StoreError::LeaseLost | StoreError::AlreadySuperseded { .. } => ApiError::new(
            ErrorCode::Conflict,
            "The request conflicted with another; retry.",
        ),
        other => ApiError::internal(other),
    }
}
