//! Rate limiting: a token bucket per caller, keyed by the API key when the request presents one
//! whose secret verifies, and by the client address otherwise. A token that does not verify
//! (malformed, unknown id, wrong secret) counts against the address, so nobody can drain a
//! clinic's bucket with its public key id, nor escape the address limit by inventing ids; the
//! buckets kept are at most one per configured key plus one per client address. Behind a
//! reverse proxy the client address is taken from `X-Forwarded-For` only when the direct peer
//! is a configured trusted proxy.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::Deserialize;

use crate::auth::{KeyId, Keyring};
use crate::http::error::{ApiError, ErrorCode};

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
    /// A presented API key whose secret verified, by its id (never by its secret).
    ApiKey(KeyId),
    /// The client's address.
    Address(IpAddr),
}

/// Finds the [`Caller`] and writes 429 answers as problem+json.
#[derive(Debug, Clone)]
pub struct CallerKey {
    trusted_proxies: Arc<[IpAddr]>,
    keyring: Arc<Keyring>,
    policy: HeaderValue,
}

impl CallerKey {
    /// A key extractor for `settings`, verifying presented tokens against `keyring`.
    pub fn new(settings: &RateLimitSettings, keyring: Arc<Keyring>) -> Self {
        // draft-ietf-httpapi-ratelimit-headers: quota `q` requests in a window of `w` seconds.
        let window = (u64::from(settings.burst) / settings.per_second.max(1)).max(1);
        let policy = format!("\"default\";q={};w={window}", settings.burst);
        CallerKey {
            trusted_proxies: settings.trusted_proxies.clone().into(),
            keyring,
            policy: HeaderValue::from_str(&policy)
                .unwrap_or(HeaderValue::from_static("\"default\"")),
        }
    }
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

impl CallerKey {
    /// Who `req` counts against; `None` when the client address is unknown.
    pub fn extract(&self, req: &ServiceRequest) -> Option<Caller> {
        // The same verification as authentication (one token parser for both): only a key
        // whose secret matches is charged.
        let authorization = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if authorization.is_some()
            && let Ok(key) = self.keyring.verify(authorization)
        {
            return Some(Caller::ApiKey(key.id().clone()));
        }
        client_address(req, &self.trusted_proxies).map(Caller::Address)
    }

    /// The 429 answer for a caller that may try again in `wait`.
    fn too_many_requests(&self, wait: Duration) -> ApiError {
        let wait = wait.as_secs().max(1);
        let state = HeaderValue::from_str(&format!("\"default\";r=0;t={wait}"))
            .unwrap_or(HeaderValue::from_static("\"default\";r=0"));
        ApiError::new(
            ErrorCode::RateLimited,
            format!("Too many requests from this caller; retry in {wait} s."),
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from(wait))
        .with_header(
            HeaderName::from_static("ratelimit-policy"),
            self.policy.clone(),
        )
        .with_header(HeaderName::from_static("ratelimit"), state)
    }
}

/// A token bucket per [`Caller`], shared by every worker of the server.
#[derive(Clone)]
pub struct RateLimiter {
    buckets: Option<Arc<DefaultKeyedRateLimiter<Caller>>>,
    key: CallerKey,
}

impl RateLimiter {
    /// Buckets refilled at `per_second` holding up to `burst`; none at all when disabled.
    /// Presented tokens are verified against `keyring` before a key's bucket is charged.
    pub fn new(settings: &RateLimitSettings, keyring: Arc<Keyring>) -> Self {
        let per_token = Duration::from_nanos((1_000_000_000 / settings.per_second.max(1)).max(1));
        let burst = NonZeroU32::new(settings.burst).unwrap_or(NonZeroU32::MIN);
        let buckets = Quota::with_period(per_token)
            .filter(|_| settings.enabled)
            .map(|quota| Arc::new(DefaultKeyedRateLimiter::keyed(quota.allow_burst(burst))));
        RateLimiter {
            buckets,
            key: CallerKey::new(settings, keyring),
        }
    }

    /// Forgets, every `every`, the buckets of callers that are full again (idle callers), so the
    /// limiter's memory follows the number of active callers, not of all callers ever seen.
    pub fn spawn_forget_idle(&self, every: Duration) -> Option<tokio::task::JoinHandle<()>> {
        let buckets = self.buckets.clone()?;
        Some(tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                buckets.retain_recent();
                buckets.shrink_to_fit();
            }
        }))
    }

    /// Takes a token from the caller's bucket, or answers why not.
    pub fn check(&self, req: &ServiceRequest) -> Result<(), ApiError> {
        let Some(buckets) = &self.buckets else {
            return Ok(());
        };
        let caller = self
            .key
            .extract(req)
            .ok_or_else(|| ApiError::internal("the client address is unknown"))?;
        buckets.check_key(&caller).map_err(|not_until| {
            crate::http::metrics::rate_limited();
            self.key
                .too_many_requests(not_until.wait_time_from(DefaultClock::default().now()))
        })
    }
}

/// Answers 429 problem+json with `Retry-After` and the `RateLimit` headers to a caller over its
/// limit; the [`RateLimiter`] comes from the app data.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let verdict = req
        .app_data::<web::Data<RateLimiter>>()
        .map_or(Ok(()), |limiter| limiter.check(&req));
    match verdict {
        Ok(()) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body),
        Err(refusal) => Ok(req.into_response(refusal.error_response())),
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

    /// A keyring holding one secret key, `partner-1`, and its token.
    fn keyring() -> (Arc<Keyring>, String) {
        let id: KeyId = "partner-1".parse().unwrap();
        let (token, hash) = crate::auth::mint(crate::auth::KeyKind::Secret, &id);
        let settings = crate::auth::AuthSettings {
            keys: vec![crate::auth::ApiKeySettings {
                id: id.to_string(),
                label: "partner".into(),
                kind: crate::auth::KeyKind::Secret,
                allowed_origins: vec![],
                secret_sha256: Some(hash),
                secret_env: None,
                account: None,
                reads_any_quote: false,
            }],
        };
        let keyring = Keyring::from_settings_with_env(&settings, |_| None).unwrap();
        (Arc::new(keyring), token)
    }

    fn no_keys() -> Arc<Keyring> {
        Arc::new(
            Keyring::from_settings_with_env(&crate::auth::AuthSettings { keys: vec![] }, |_| None)
                .unwrap(),
        )
    }

    fn with_authorization(peer: &str, authorization: &str) -> ServiceRequest {
        TestRequest::default()
            .peer_addr(format!("{peer}:5000").parse().unwrap())
            .insert_header(("authorization", authorization))
            .to_srv_request()
    }

    #[test]
    fn a_verified_api_key_counts_by_its_id_whatever_the_case_of_the_scheme() {
        let (keyring, token) = keyring();
        let key = CallerKey::new(&settings(&[]), keyring);
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let req = with_authorization("203.0.113.9", &format!("{scheme} {token}"));
            assert_eq!(
                key.extract(&req).unwrap(),
                Caller::ApiKey("partner-1".parse().unwrap()),
                "{scheme}"
            );
        }
    }

    #[test]
    fn a_token_whose_secret_does_not_verify_counts_against_the_client_address() {
        let (keyring, _) = keyring();
        let key = CallerKey::new(&settings(&[]), keyring);
        for authorization in [
            "Bearer rq_sk_partner-1_forged",
            "Bearer rq_pk_partner-1_forged",
            "Bearer rq_sk_invented-1_anything",
            "Bearer nonsense",
            "Basic dXNlcjpwYXNz",
        ] {
            let req = with_authorization("203.0.113.9", authorization);
            assert_eq!(
                key.extract(&req).unwrap(),
                Caller::Address("203.0.113.9".parse().unwrap()),
                "{authorization}"
            );
        }
    }

    #[test]
    fn a_flood_of_invented_key_ids_keeps_one_bucket_per_address() {
        let limiter = RateLimiter::new(
            &RateLimitSettings {
                per_second: 1_000_000,
                burst: 1_000_000,
                ..settings(&[])
            },
            keyring().0,
        );
        for n in 0..10_000 {
            let req = with_authorization("203.0.113.9", &format!("Bearer rq_sk_id-{n}_x"));
            limiter.check(&req).unwrap();
        }
        assert_eq!(limiter.buckets.as_ref().unwrap().len(), 1);
    }

    #[test]
    fn forged_tokens_with_a_real_key_id_do_not_drain_that_keys_bucket() {
        let (keyring, token) = keyring();
        let limiter = RateLimiter::new(
            &RateLimitSettings {
                per_second: 1,
                burst: 2,
                ..settings(&[])
            },
            keyring,
        );
        for _ in 0..5 {
            let _ = limiter.check(&with_authorization(
                "198.51.100.7",
                "Bearer rq_sk_partner-1_forged",
            ));
        }
        let genuine = with_authorization("203.0.113.9", &format!("Bearer {token}"));
        assert!(limiter.check(&genuine).is_ok());
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("203.0.113.9:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.1"))
            .to_srv_request();
        let key = CallerKey::new(&settings(&[]), no_keys())
            .extract(&req)
            .unwrap();
        assert_eq!(key, Caller::Address("203.0.113.9".parse().unwrap()));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_forwarded_address_counts() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.2:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.2.3.4, 198.51.100.1, 10.0.0.3"))
            .to_srv_request();
        let key = CallerKey::new(&settings(&["10.0.0.2", "10.0.0.3"]), no_keys())
            .extract(&req)
            .unwrap();
        assert_eq!(key, Caller::Address("198.51.100.1".parse().unwrap()));
    }

    fn from(peer: &str) -> ServiceRequest {
        TestRequest::default()
            .peer_addr(format!("{peer}:5000").parse().unwrap())
            .to_srv_request()
    }

    fn limited(per_second: u64, burst: u32) -> RateLimiter {
        RateLimiter::new(
            &RateLimitSettings {
                per_second,
                burst,
                ..settings(&[])
            },
            no_keys(),
        )
    }

    #[test]
    fn a_caller_past_its_burst_is_refused_with_retry_after() {
        let limiter = limited(1, 3);
        for _ in 0..3 {
            assert!(limiter.check(&from("203.0.113.9")).is_ok());
        }
        let refusal = limiter.check(&from("203.0.113.9")).unwrap_err();
        assert_eq!(refusal.code(), ErrorCode::RateLimited);
        let res = refusal.error_response();
        assert_eq!(res.status(), 429);
        assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "1");
    }

    #[test]
    fn each_caller_has_its_own_bucket() {
        let limiter = limited(1, 1);
        assert!(limiter.check(&from("203.0.113.9")).is_ok());
        assert!(limiter.check(&from("203.0.113.9")).is_err());
        assert!(limiter.check(&from("198.51.100.1")).is_ok());
    }

    #[test]
    fn clones_share_their_buckets_so_workers_do_not_multiply_the_limit() {
        let limiter = limited(1, 1);
        let worker = limiter.clone();
        assert!(limiter.check(&from("203.0.113.9")).is_ok());
        assert!(worker.check(&from("203.0.113.9")).is_err());
    }

    #[test]
    fn a_disabled_limiter_never_refuses() {
        let limiter = RateLimiter::new(
            &RateLimitSettings {
                enabled: false,
                per_second: 1,
                burst: 1,
                ..settings(&[])
            },
            no_keys(),
        );
        for _ in 0..10 {
            assert!(limiter.check(&from("203.0.113.9")).is_ok());
        }
    }

    #[tokio::test]
    async fn idle_callers_buckets_are_forgotten() {
        let limiter = limited(1000, 5);
        let req = TestRequest::default()
            .peer_addr("203.0.113.7:5000".parse().unwrap())
            .to_srv_request();
        limiter.check(&req).unwrap();
        let buckets = limiter.buckets.clone().unwrap();
        assert_eq!(buckets.len(), 1);
        // At 1000 tokens/s a bucket of 5 is full again after 5 ms.
        tokio::time::sleep(Duration::from_millis(20)).await;
        buckets.retain_recent();
        assert!(buckets.is_empty());
    }
}
