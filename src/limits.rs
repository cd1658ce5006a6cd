//! Rate limiting: a token bucket per caller, keyed by the presented API key's id when there is
//! one and by the client address otherwise. Behind a reverse proxy the client address is taken
//! from `X-Forwarded-For` only when the direct peer is a configured trusted proxy.

use std::net::IpAddr;
use std::sync::Arc;

use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::{KeyExtractor, SimpleKeyExtractionError};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use serde::Deserialize;

use crate::error::{ApiError, ErrorCode};

/// Rate-limit settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitSettings {
    /// Whether requests are limited at all.
    pub enabled: bool,
    /// Sustained requests per second allowed per caller.
    pub per_second: u64,
    /// Requests a caller may make in a burst above the sustained rate.
    pub burst: u32,
    /// Peers whose `X-Forwarded-For` is believed (e.g. the load balancer's addresses).
    pub trusted_proxies: Vec<IpAddr>,
}

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// The id part of a presented API key (`rq_sk_<id>_…`); the secret is never used as a key.
    ApiKey(String),
    /// The client's address.
    Address(IpAddr),
}

/// Extracts the [`Caller`] and writes 429 answers as problem+json.
#[derive(Debug, Clone)]
pub struct CallerKey {
    trusted_proxies: Arc<[IpAddr]>,
    policy: HeaderValue,
}

impl CallerKey {
    /// A key extractor for `settings`.
    pub fn new(settings: &RateLimitSettings) -> Self {
        // draft-ietf-httpapi-ratelimit-headers: quota `q` requests in a window of `w` seconds.
        let window = (u64::from(settings.burst) / settings.per_second.max(1)).max(1);
        let policy = format!("\"default\";q={};w={window}", settings.burst);
        CallerKey {
            trusted_proxies: settings.trusted_proxies.clone().into(),
            policy: HeaderValue::from_str(&policy)
                .unwrap_or(HeaderValue::from_static("\"default\"")),
        }
    }
}

/// The id part of a bearer API key, if the header holds one of the right shape.
pub fn api_key_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    let rest = token
        .strip_prefix("rq_sk_")
        .or_else(|| token.strip_prefix("rq_pk_"))?;
    let (id, _) = rest.rsplit_once('_')?;
    (!id.is_empty() && id.len() <= 64).then(|| id.to_owned())
}

fn client_address(req: &ServiceRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    // Walk X-Forwarded-For from the right: the first address that is not a trusted proxy is
    // the client (addresses further left could be forged by the client).
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    let mut client = peer;
    for hop in forwarded.unwrap_or("").rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return Some(ip),
            Err(_) => break,
        }
    }
    Some(client)
}

impl KeyExtractor for CallerKey {
    type Key = Caller;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, req: &ServiceRequest) -> Result<Caller, Self::KeyExtractionError> {
        if let Some(id) = api_key_id(req) {
            return Ok(Caller::ApiKey(id));
        }
        client_address(req, &self.trusted_proxies)
            .map(Caller::Address)
            .ok_or_else(|| SimpleKeyExtractionError::new("the client address is unknown"))
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        _response: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative
            .wait_time_from(DefaultClock::default().now())
            .as_secs()
            .max(1);
        crate::metrics::rate_limited();
        let seconds = HeaderValue::from(wait);
        let state = HeaderValue::from_str(&format!("\"default\";r=0;t={wait}"))
            .unwrap_or(HeaderValue::from_static("\"default\";r=0"));
        ApiError::new(
            ErrorCode::RateLimited,
            format!("Too many requests from this caller; retry in {wait} s."),
        )
        .with_header(header::RETRY_AFTER, seconds)
        .with_header(
            HeaderName::from_static("ratelimit-policy"),
            self.policy.clone(),
        )
        .with_header(HeaderName::from_static("ratelimit"), state)
        .error_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn settings(trusted: &[&str]) -> RateLimitSettings {
        RateLimitSettings {
            enabled: true,
            per_second: 10,
            burst: 20,
            trusted_proxies: trusted.iter().map(|s| s.parse().unwrap()).collect(),
        }
    }

    #[test]
    fn a_presented_api_key_counts_by_its_id_not_its_secret() {
        let req = TestRequest::default()
            .insert_header(("authorization", "Bearer rq_sk_partner-1_s3cr3t"))
            .to_srv_request();
        let key = CallerKey::new(&settings(&[])).extract(&req).unwrap();
        assert_eq!(key, Caller::ApiKey("partner-1".into()));
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("203.0.113.9:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.1"))
            .to_srv_request();
        let key = CallerKey::new(&settings(&[])).extract(&req).unwrap();
        assert_eq!(key, Caller::Address("203.0.113.9".parse().unwrap()));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_forwarded_address_counts() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.2:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.2.3.4, 198.51.100.1, 10.0.0.3"))
            .to_srv_request();
        let key = CallerKey::new(&settings(&["10.0.0.2", "10.0.0.3"]))
            .extract(&req)
            .unwrap();
        assert_eq!(key, Caller::Address("198.51.100.1".parse().unwrap()));
    }
}
