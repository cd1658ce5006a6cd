//! The bodies of the webhook-endpoint operations, as the API reads and writes them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::storage::webhooks::{Attempt, Delivery, DeliveryStatus, Endpoint};
use crate::webhooks::event::EventType;

/// A receiver to register.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://lender.example/webhooks/regenquote",
    "events": ["quote.created", "quote.superseded", "quote.expiring", "quote.expired"]
}))]
pub struct CreateEndpoint {
    /// Where webhooks are sent: an `https` URL of at most 2048 characters whose host resolves
    /// to public addresses only (`http`, and private addresses, only for hosts the operator
    /// lists in `webhooks.allowed_insecure_hosts`).
    #[schema(
        example = "https://lender.example/webhooks/regenquote",
        max_length = 2048
    )]
    pub url: String,
    /// The event types to receive: 1 to 8 of `quote.created`, `quote.superseded`,
    /// `quote.expiring`, `quote.expired`.
    #[schema(value_type = Vec<EventType>, min_items = 1, max_items = 8)]
    pub events: Vec<String>,
    /// Whether to send webhooks to it at once (default `true`).
    #[serde(default)]
    #[schema(example = true)]
    pub enabled: Option<bool>,
}

/// What to change; a field left out stays as it is.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": false}))]
pub struct UpdateEndpoint {
    /// A new receiver URL, under the same rules as at registration.
    #[serde(default)]
    #[schema(max_length = 2048)]
    pub url: Option<String>,
    /// A new set of event types (1 to 8).
    #[serde(default)]
    #[schema(value_type = Option<Vec<EventType>>, min_items = 1, max_items = 8)]
    pub events: Option<Vec<String>>,
    /// `false` stops sending (pending deliveries wait); `true` sends again, also to an
    /// endpoint the service disabled after a 410.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Whose events an endpoint receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Receives {
    /// The quotes of the account that registered it.
    Account,
    /// Every quote: it was registered with a key that reads any quote (a financing partner).
    EveryAccount,
}

/// A registered endpoint. Its signing secret is shown only when it is made: in the answer to
/// its registration and to each rotation.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "we_7kd2mzq4xw3hbn5rpt6vyc2fae",
    "url": "https://lender.example/webhooks/regenquote",
    "events": ["quote.created", "quote.superseded"],
    "enabled": true,
    "receives": "account",
    "created_at": "2026-03-01T15:04:05Z",
    "updated_at": "2026-03-01T15:04:05Z"
}))]
pub struct EndpointView {
    /// The endpoint's id.
    #[schema(example = "we_7kd2mzq4xw3hbn5rpt6vyc2fae")]
    pub id: String,
    /// Where webhooks are sent.
    pub url: String,
    /// The event types it receives.
    pub events: Vec<EventType>,
    /// Whether webhooks are sent to it.
    pub enabled: bool,
    /// Why the service disabled it (the receiver answered 410 Gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// Whose quotes' events it receives.
    pub receives: Receives,
    /// Until when the secret replaced by the last rotation still signs beside the new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

impl EndpointView {
    /// The endpoint as its account sees it at `now`.
    pub fn of(e: &Endpoint, now: DateTime<Utc>) -> EndpointView {
        EndpointView {
            id: e.id.clone(),
            url: e.url.clone(),
            events: e.events.clone(),
            enabled: e.enabled,
            disabled_reason: e.disabled_reason.clone(),
            receives: if e.every_account {
                Receives::EveryAccount
            } else {
                Receives::Account
            },
            previous_secret_expires_at: e.previous_until.filter(|until| *until > now),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its signing secret, shown this once: keep it to verify signatures.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "we_7kd2mzq4xw3hbn5rpt6vyc2fae",
    "url": "https://lender.example/webhooks/regenquote",
    "events": ["quote.created", "quote.superseded"],
    "enabled": true,
    "receives": "account",
    "created_at": "2026-03-01T15:04:05Z",
    "updated_at": "2026-03-01T15:04:05Z",
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
}))]
pub struct EndpointWithSecret {
    /// The endpoint.
    #[serde(flatten)]
    pub endpoint: EndpointView,
    /// The signing secret (`whsec_` + base64), for the `standardwebhooks` libraries.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// A page of endpoints, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "data": [{
        "id": "we_7kd2mzq4xw3hbn5rpt6vyc2fae",
        "url": "https://lender.example/webhooks/regenquote",
        "events": ["quote.created"],
        "enabled": true,
        "receives": "account",
        "created_at": "2026-03-01T15:04:05Z",
        "updated_at": "2026-03-01T15:04:05Z"
    }],
    "has_more": false
}))]
pub struct EndpointList {
    /// The endpoints.
    pub data: Vec<EndpointView>,
    /// Whether more follow: ask again with `starting_after` set to the last id.
    pub has_more: bool,
}

/// A page request.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many to answer, 1 to 100 (default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, example = 20)]
    pub limit: Option<String>,
    /// The last id of the previous page.
    #[param(example = "we_7kd2mzq4xw3hbn5rpt6vyc2fae")]
    pub starting_after: Option<String>,
}

/// One attempt to deliver.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    /// 1 for the first.
    #[schema(example = 1)]
    pub number: u32,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 500)]
    pub status_code: Option<u16>,
    /// Why it got no answer: `timeout`, `connect`, `refused_address`, `refused_url`,
    /// `bad_response` or `request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    #[schema(example = 42)]
    pub duration_ms: u64,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// A 2xx answered it.
    Delivered,
    /// Given up: its retries (about three days) are spent, or the receiver answered 410.
    Failed,
}

/// One event sent (or to be sent) to the endpoint, with every attempt.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "webhook_id": "msg_2b7xq4kd9mzw3hbn5rpt6vyc2f",
    "event_type": "quote.created",
    "quote_id": "q_7kd2mzq4xw3hbn5rpt6vyc2fae",
    "status": "pending",
    "next_attempt_at": "2026-03-01T15:04:10Z",
    "created_at": "2026-03-01T15:04:05Z",
    "attempts": [{"number": 1, "at": "2026-03-01T15:04:05Z", "status_code": 500,
                  "duration_ms": 42}]
}))]
pub struct DeliveryView {
    /// The `webhook-id` every attempt sent: the receiver's idempotency key.
    pub webhook_id: String,
    /// The event's type.
    pub event_type: String,
    /// The quote it is about.
    pub quote_id: String,
    /// Where it stands.
    pub status: DeliveryState,
    /// When the next attempt is due (pending only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub attempts: Vec<AttemptView>,
}

impl From<Delivery> for DeliveryView {
    fn from(d: Delivery) -> Self {
        DeliveryView {
            webhook_id: d.event_id,
            event_type: d.event_type,
            quote_id: d.quote_id,
            status: match d.status {
                DeliveryStatus::Pending => DeliveryState::Pending,
                DeliveryStatus::Delivered => DeliveryState::Delivered,
                DeliveryStatus::Failed => DeliveryState::Failed,
            },
            next_attempt_at: d.next_attempt_at,
            created_at: d.created_at,
            attempts: d.attempts.into_iter().map(AttemptView::from).collect(),
        }
    }
}

impl From<Attempt> for AttemptView {
    fn from(a: Attempt) -> Self {
        AttemptView {
            number: a.number,
            at: a.at,
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

/// A page of deliveries, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryList {
    /// The deliveries.
    pub data: Vec<DeliveryView>,
    /// Whether more follow: ask again with `starting_after` set to the last `webhook_id`.
    pub has_more: bool,
}

/// A delivery queued to be sent again.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"webhook_id": "msg_2b7xq4kd9mzw3hbn5rpt6vyc2f", "status": "pending"}))]
pub struct ResendAccepted {
    /// The `webhook-id`, the same as before: the receiver can tell a resend from a new event.
    pub webhook_id: String,
    /// `pending`: the next attempt is due now.
    pub status: DeliveryState,
}
