//! `/v1/webhook-endpoints`: the receivers an account registers for its quotes' events, their
//! signing secrets and their deliveries. Secret keys only; another account's endpoint answers
//! 404, as an unknown id.

pub mod deliveries;
pub mod endpoints;
pub mod views;

use std::net::IpAddr;
use std::time::Duration;

use crate::http::error::{ApiError, FieldError};
use crate::http::state::AppState;
use crate::storage::webhooks::{Endpoint, MAX_PAGE};
use crate::webhooks::event::{EventType, MAX_EVENT_TYPES, UnknownEventType};
use crate::webhooks::receiver::ReceiverUrl;

/// How long registration waits for the receiver's host to resolve.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(3);

/// The default page.
const DEFAULT_PAGE: u32 = 20;

/// The 404 for an endpoint the key's account does not have (unknown, or another account's).
fn no_endpoint() -> ApiError {
    ApiError::not_found("No webhook endpoint with this id for this API key's account.")
}

/// The account's endpoint `id`, or 404.
async fn endpoint_of(state: &AppState, account: &str, id: &str) -> Result<Endpoint, ApiError> {
    state
        .webhooks
        .endpoint(account, id)
        .await?
        .ok_or_else(no_endpoint)
}

/// `text` as a receiver URL, at `pointer`: the operator's rules, then every address its host
/// resolves to.
async fn receiver_url(state: &AppState, text: &str, pointer: &str) -> Result<String, ApiError> {
    let invalid = |detail: String| ApiError::field(FieldError::body(pointer, detail));
    let policy = state.webhook_settings.receiver_policy();
    let url = ReceiverUrl::parse(text, &policy).map_err(|e| invalid(e.to_string()))?;
    let (host, port) = url.host_and_port();
    let resolved = tokio::time::timeout(
        RESOLVE_TIMEOUT,
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await;
    let addresses: Vec<IpAddr> = match resolved {
        Ok(Ok(found)) => found.map(|a| a.ip()).collect(),
        _ => Vec::new(),
    };
    url.check_addresses(&addresses)
        .map_err(|e| invalid(e.to_string()))?;
    Ok(url.as_str().to_owned())
}

/// `names` as event types, at `pointer`: 1 to [`MAX_EVENT_TYPES`], each known.
fn event_types(names: &[String], pointer: &str) -> Result<Vec<EventType>, ApiError> {
    if names.is_empty() || names.len() > MAX_EVENT_TYPES {
        return Err(ApiError::field(FieldError::body(
            pointer,
            format!("must list 1 to {MAX_EVENT_TYPES} event types: {UnknownEventType}"),
        )));
    }
    let mut errors = Vec::new();
    let mut types = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        match name.parse::<EventType>() {
            Ok(t) => types.push(t),
            Err(e) => errors.push(FieldError::body(format!("{pointer}/{i}"), e.to_string())),
        }
    }
    if errors.is_empty() {
        Ok(types)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// A page size from the query: 1 to [`MAX_PAGE`], [`DEFAULT_PAGE`] when absent.
fn page_limit(raw: Option<&str>) -> Result<u32, ApiError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_PAGE);
    };
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .ok_or_else(|| {
            ApiError::field(FieldError::query(
                "limit",
                format!("must be an integer from 1 to {MAX_PAGE}"),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lists_name_the_entry_at_fault_and_are_bounded() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            event_types(&names(&["quote.created", "quote.expired"]), "/events").unwrap(),
            vec![EventType::QuoteCreated, EventType::QuoteExpired]
        );
        for bad in [
            names(&[]),
            names(&["quote.created"; MAX_EVENT_TYPES + 1]),
            names(&["quote.created", "quote.paid"]),
        ] {
            let err = event_types(&bad, "/events").unwrap_err();
            let pointer = &err.problem().errors[0].pointer;
            assert!(
                pointer.as_deref().unwrap().starts_with("/events"),
                "{bad:?}"
            );
        }
        let err = event_types(&names(&["quote.created", "quote.paid"]), "/events").unwrap_err();
        assert_eq!(
            err.problem().errors[0].pointer.as_deref(),
            Some("/events/1")
        );
    }

    #[test]
    fn a_page_is_1_to_100_and_20_by_default() {
        assert_eq!(page_limit(None).unwrap(), 20);
        assert_eq!(page_limit(Some("100")).unwrap(), 100);
        for bad in ["0", "101", "-1", "ten", ""] {
            assert!(page_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
