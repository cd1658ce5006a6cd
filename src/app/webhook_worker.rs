//! The worker that sends webhooks: it claims due deliveries from the database (so that with
//! several replicas each delivery is sent by one of them), sends each as its own task under a
//! limit of attempts at once (a receiver that hangs, resets or answers garbage holds one
//! attempt until its timeout, never the worker or the other receivers), records every attempt,
//! and schedules the next one ([`super::schedule`]).
//!
//! A quote stored by this replica wakes the worker at once ([`WebhookWaker`]); otherwise it
//! looks every `poll_interval_ms`, which is also how it finds deliveries another replica wrote
//! or a lease that ended.
//!
//! Before each attempt the URL is checked again against the operator's rules, and the host is
//! resolved by a resolver that refuses addresses of the service's own network (unless the
//! operator lists the host), so a name that resolved to a public address at registration
//! cannot be pointed inside later. Redirects are not followed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::Semaphore;

use crate::storage::quotes::StoreError;
use crate::storage::webhooks::{AfterAttempt, Attempt, Due, WebhookStore};
use crate::webhooks::WebhookWaker;
use crate::webhooks::clock::Clock;
use crate::webhooks::event::EventType;
use crate::webhooks::receiver::{ReceiverPolicy, ReceiverUrl, is_public};
use crate::webhooks::schedule::{self, Next, Outcome};
use crate::webhooks::settings::WebhookSettings;
use crate::webhooks::signature::{WebhookSecret, signature_header};

/// How long a claim outlives the attempt's timeout before another replica may take the
/// delivery over.
const LEASE_MARGIN: TimeDelta = TimeDelta::seconds(30);

/// Quotes the expiry scan looks at in one statement.
const SCAN_BATCH: u32 = 500;

/// The sending side of webhooks, for one replica. Cheap to clone.
#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
}

struct Inner {
    store: WebhookStore,
    client: reqwest::Client,
    policy: ReceiverPolicy,
    clock: Arc<dyn Clock>,
    waker: WebhookWaker,
    permits: Arc<Semaphore>,
    timeout: Duration,
    poll: Duration,
    scan_every: Duration,
    expiring_lead: TimeDelta,
}

/// The resolver of receivers' host names: every address must be public unless the operator
/// lists the host.
struct PublicOnly {
    trusted: Vec<String>,
}

/// A receiver's host resolved to an address of a private network.
#[derive(Debug, thiserror::Error)]
#[error("the receiver's host resolves to an address of a private network")]
struct RefusedAddress;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        let trusted = self
            .trusted
            .iter()
            .any(|h| h.trim_matches(['[', ']']).eq_ignore_ascii_case(&host));
        Box::pin(async move {
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addresses.is_empty() {
                return Err("the receiver's host resolves to no address".into());
            }
            if !trusted && addresses.iter().any(|a| !is_public(a.ip())) {
                return Err(Box::new(RefusedAddress) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// What an attempt came to: the receiver's status and `Retry-After`, or why it had none.
type Answer = Result<(u16, Option<String>), &'static str>;

impl Worker {
    /// A worker over `store` reading `clock`, with `settings`' timeout, limit and policy.
    pub fn new(
        store: WebhookStore,
        settings: &WebhookSettings,
        clock: Arc<dyn Clock>,
        waker: WebhookWaker,
    ) -> anyhow::Result<Worker> {
        let policy = settings.receiver_policy();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly {
                trusted: policy.allowed_insecure_hosts.clone(),
            }))
            .user_agent(concat!("regenquote-webhooks/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_millis(settings.timeout_ms))
            .build()?;
        Ok(Worker {
            inner: Arc::new(Inner {
                store,
                client,
                policy,
                clock,
                waker,
                permits: Arc::new(Semaphore::new(settings.concurrency)),
                timeout: Duration::from_millis(settings.timeout_ms),
                poll: Duration::from_millis(settings.poll_interval_ms),
                scan_every: Duration::from_secs(settings.expiry_scan_secs),
                expiring_lead: settings.expiring_lead(),
            }),
        })
    }

    /// Sends webhooks until the runtime stops; scans for expiring and expired quotes beside.
    pub fn spawn(&self) -> tokio::task::JoinHandle<()> {
        let scanner = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(scanner.inner.scan_every);
            loop {
                ticks.tick().await;
                if let Err(e) = scanner.scan_expiry().await {
                    tracing::warn!(error = %e, "the webhook expiry scan failed");
                }
            }
        });
        let worker = self.clone();
        tokio::spawn(async move { worker.run().await })
    }

    async fn run(self) {
        loop {
            let free = self.inner.permits.available_permits();
            let mut busy = false;
            if free > 0 {
                match self.claim_and_spawn(free).await {
                    // Claimed all it could take: more may be due at once.
                    Ok(claimed) => busy = claimed == free,
                    Err(e) => tracing::warn!(error = %e, "claiming webhook deliveries failed"),
                }
            }
            if busy {
                continue;
            }
            tokio::select! {
                () = self.inner.waker.notified() => {}
                () = tokio::time::sleep(self.inner.poll) => {}
            }
        }
    }

    /// Claims up to `limit` due deliveries and starts sending each; returns how many.
    async fn claim_and_spawn(&self, limit: usize) -> Result<usize, StoreError> {
        let due = self.claim(limit).await?;
        let claimed = due.len();
        for d in due {
            let Ok(permit) = self.inner.permits.clone().acquire_owned().await else {
                break;
            };
            let inner = self.inner.clone();
            tokio::spawn(async move {
                inner.deliver(d).await;
                drop(permit);
                // A permit is free: look for more.
                inner.waker.wake();
            });
        }
        Ok(claimed)
    }

    async fn claim(&self, limit: usize) -> Result<Vec<Due>, StoreError> {
        let now = self.inner.clock.now();
        let lease =
            now + TimeDelta::from_std(self.inner.timeout).unwrap_or_default() + LEASE_MARGIN;
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        self.inner.store.claim_due(now, lease, limit).await
    }

    /// Claims every delivery due now and sends them, waiting for all: one step of the worker,
    /// for tests and tools. Returns how many were attempted.
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let due = self.claim(self.inner.permits.available_permits()).await?;
        let n = due.len();
        let sends = due.into_iter().map(|d| self.inner.deliver(d));
        futures_util::future::join_all(sends).await;
        Ok(n)
    }

    /// Writes `quote.expiring` and `quote.expired` events that are due; returns how many
    /// deliveries that queued.
    pub async fn scan_expiry(&self) -> Result<u64, StoreError> {
        let now = self.inner.clock.now();
        let mut queued = 0;
        for kind in [EventType::QuoteExpiring, EventType::QuoteExpired] {
            queued += self
                .inner
                .store
                .scan_expiry(kind, now, self.inner.expiring_lead, SCAN_BATCH)
                .await?;
        }
        if queued > 0 {
            self.inner.waker.wake();
        }
        Ok(queued)
    }
}

impl Inner {
    /// One attempt of `due`, recorded with what follows it.
    async fn deliver(&self, due: Due) {
        let at = self.clock.now();
        let started = Instant::now();
        let answer = self.send(&due, at).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let finished = self.clock.now();
        let number = due.attempts + 1;
        let (status_code, error, retry_after) = match answer {
            Ok((status, retry_after)) => (Some(status), None, retry_after),
            Err(kind) => (None, Some(kind.to_owned()), None),
        };
        let after = match schedule::outcome(status_code) {
            Outcome::Delivered => AfterAttempt::Delivered,
            Outcome::Gone => AfterAttempt::Gone,
            Outcome::Failed => {
                let asked = retry_after
                    .as_deref()
                    .and_then(|v| schedule::parse_retry_after(v, finished));
                let jitter = rand::random::<f64>() * 2.0 - 1.0;
                match schedule::next_attempt(number, finished, asked, jitter) {
                    Next::RetryAt(t) => AfterAttempt::RetryAt(t),
                    Next::GiveUp => AfterAttempt::GiveUp,
                }
            }
        };
        let attempt = Attempt {
            number,
            at,
            status_code,
            error,
            duration_ms,
        };
        tracing::debug!(
            webhook_id = %due.event_id,
            endpoint = %due.endpoint_id,
            attempt = number,
            status = ?attempt.status_code,
            error = ?attempt.error,
            "webhook attempt"
        );
        if let Err(e) = self.store.record_attempt(&due, &attempt, after).await {
            // The lease ends and the delivery is attempted again, with the same webhook-id.
            tracing::warn!(error = %e, webhook_id = %due.event_id, "recording a webhook attempt failed");
        }
    }

    /// Sends `due` once, signed at `at`.
    async fn send(&self, due: &Due, at: DateTime<Utc>) -> Answer {
        let url = ReceiverUrl::parse(&due.url, &self.policy).map_err(|_| "refused_url")?;
        let secret = WebhookSecret::parse(&due.secret).map_err(|_| "unreadable_secret")?;
        let previous = due
            .previous_secret
            .as_deref()
            .filter(|_| due.previous_until.is_some_and(|until| until > at))
            .and_then(|s| WebhookSecret::parse(s).ok());
        let mut secrets = vec![&secret];
        secrets.extend(previous.as_ref());
        let timestamp = at.timestamp();
        let body = due.payload.as_bytes();
        let signature = signature_header(&secrets, &due.event_id, timestamp, body);
        let sent = self
            .client
            .post(url.as_str())
            .header("webhook-id", &due.event_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(self.timeout)
            .body(due.payload.clone())
            .send()
            .await;
        match sent {
            Ok(response) => {
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                Ok((response.status().as_u16(), retry_after))
            }
            Err(e) => Err(error_kind(&e)),
        }
    }
}

/// A short, stable name for why an attempt got no answer (never the receiver's words).
fn error_kind(e: &reqwest::Error) -> &'static str {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<RefusedAddress>() {
            return "refused_address";
        }
        source = s.source();
    }
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "bad_response"
    } else {
        "request"
    }
}
