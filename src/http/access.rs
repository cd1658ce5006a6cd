//! Who may call: API keys from `Authorization`, and the quotes a key may read.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::auth::{ApiKey, KeyKind, Permission};
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::state::AppState;
use crate::quoting::{QuoteId, StoredQuote};

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
    let key = state.keyring.verify(authorization)?;
    key.require(permission)?;
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    // The widget calls from the API's own origin; its page may only be framed by the key's
    // origins (see the widget route), so the key stays tied to the clinic's sites.
    let own_origin = origin.is_some_and(|o| is_same_origin(o, req));
    if !own_origin {
        key.check_origin(origin)?;
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

/// The quote `id` if `key` may read it; 404 alike for a malformed id, an unknown one and one of
/// another account.
pub async fn readable_quote(
    state: &AppState,
    key: &ApiKey,
    id: &str,
) -> Result<StoredQuote, ApiError> {
    let not_found = || ApiError::not_found(format!("No quote `{id}` for this API key."));
    let id: QuoteId = id.parse().map_err(|_| not_found())?;
    let quote = state.quotes.get(&id).await?.ok_or_else(not_found)?;
    let owner = quote.owner_key_id.as_ref().map(|k| k.as_str());
    if key.may_read_quote_of(owner, owner_account(state, &quote)) {
        Ok(quote)
    } else {
        Err(not_found())
    }
}

/// The quote `replaces` names, if `key` is a secret key and its account owns the quote.
///
/// A publishable key is 403 whatever the id: it sits in every page of the clinic's website, so
/// anyone could otherwise mark a quote its back office made as superseded, changing the status a
/// lender reads. With a secret key, a quote that is unknown or of another account is a 422
/// naming the field, alike.
pub async fn replaceable_quote(
    state: &AppState,
    key: &ApiKey,
    replaces: Option<&QuoteId>,
) -> Result<Option<QuoteId>, ApiError> {
    let Some(id) = replaces else { return Ok(None) };
    if key.kind() != KeyKind::Secret {
        let detail = "Replacing a quote needs a secret key of the quote's account; a publishable \
                      key may only create new quotes.";
        return Err(ApiError::new(ErrorCode::Forbidden, detail)
            .with_errors(vec![FieldError::body("/replaces", detail)]));
    }
    let unknown = || {
        ApiError::field(FieldError::body(
            "/replaces",
            format!("no quote `{id}` of this account to replace"),
        ))
    };
    let quote = state.quotes.get(id).await?.ok_or_else(unknown)?;
    if owner_account(state, &quote) != Some(key.account()) {
        return Err(unknown());
    }
    Ok(Some(id.clone()))
}

/// The account of the key that created `quote`, while that key is configured.
fn owner_account<'a>(state: &'a AppState, quote: &StoredQuote) -> Option<&'a str> {
    let owner = quote.owner_key_id.as_ref()?;
    state.keyring.get(owner.as_str()).map(ApiKey::account)
}
