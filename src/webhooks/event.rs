//! What a webhook says: the event types and their thin payloads. A payload names the quote,
//! its account and its status, and never anything a patient told the service: the receiver
//! reads the quote itself, with its own key, if it needs more.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::quoting::{NewQuote, QuoteId};

/// The most event types one endpoint lists (there are four).
pub const MAX_EVENT_TYPES: usize = 8;

/// What happened to a quote.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum EventType {
    /// A quote was stored.
    #[serde(rename = "quote.created")]
    QuoteCreated,
    /// A quote was replaced by a later one (`data.superseded_by`).
    #[serde(rename = "quote.superseded")]
    QuoteSuperseded,
    /// A quote expires soon (`webhooks.expiring_before_hours` before `expires_at`).
    #[serde(rename = "quote.expiring")]
    QuoteExpiring,
    /// A quote reached its `expires_at`.
    #[serde(rename = "quote.expired")]
    QuoteExpired,
}

impl EventType {
    /// Every type, in the order the documentation lists them.
    pub const ALL: [EventType; 4] = [
        EventType::QuoteCreated,
        EventType::QuoteSuperseded,
        EventType::QuoteExpiring,
        EventType::QuoteExpired,
    ];

    /// The wire name, e.g. `quote.created`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::QuoteCreated => "quote.created",
            EventType::QuoteSuperseded => "quote.superseded",
            EventType::QuoteExpiring => "quote.expiring",
            EventType::QuoteExpired => "quote.expired",
        }
    }

    /// The status of the quote the event reports.
    const fn status(self) -> &'static str {
        match self {
            EventType::QuoteCreated | EventType::QuoteExpiring => "active",
            EventType::QuoteSuperseded => "superseded",
            EventType::QuoteExpired => "expired",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not an event type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of quote.created, quote.superseded, quote.expiring, quote.expired")]
pub struct UnknownEventType;

impl FromStr for EventType {
    type Err = UnknownEventType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(UnknownEventType)
    }
}

/// A set of event types as stored: each between spaces (` quote.created quote.expired `), so
/// that a database matches one with `LIKE '% quote.created %'`.
pub fn stored_event_list(types: &[EventType]) -> String {
    let mut sorted = types.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut text = String::from(" ");
    for t in sorted {
        text.push_str(t.as_str());
        text.push(' ');
    }
    text
}

/// The types a stored list names; names the service no longer knows are skipped.
pub fn parse_event_list(stored: &str) -> Vec<EventType> {
    stored
        .split(' ')
        .filter_map(|name| name.parse().ok())
        .collect()
}

/// A new event's id, the `webhook-id` of each of its attempts: `msg_` and 26 random characters.
pub fn new_event_id() -> String {
    crate::quoting::id::random_id("msg_")
}

/// One event about a quote, ready to store in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteEvent {
    /// The `webhook-id`.
    pub id: String,
    /// The event's type.
    pub kind: EventType,
    /// The quote's account: endpoints of this account receive the event.
    pub account: String,
    /// The quote it is about.
    pub quote_id: QuoteId,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The exact body every attempt sends.
    pub payload: String,
}

/// What [`QuoteEvent::new`] needs to know about the quote.
#[derive(Debug, Clone, Copy)]
pub struct QuoteFacts<'a> {
    /// The quote.
    pub quote_id: &'a QuoteId,
    /// Its account.
    pub account: &'a str,
    /// When it expires (not said of a superseded quote, which a reader should no longer use).
    pub expires_at: Option<DateTime<Utc>>,
    /// The quote that replaced it, for `quote.superseded`.
    pub superseded_by: Option<&'a QuoteId>,
}

/// The payload: `{type, timestamp, data}` (Standard Webhooks' recommended shape).
#[derive(Serialize)]
struct Payload<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: String,
    data: Data<'a>,
}

#[derive(Serialize)]
struct Data<'a> {
    quote_id: &'a str,
    account: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<&'a str>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl QuoteEvent {
    /// A new event of `kind` about `quote`, happened at `at`, with a fresh id.
    pub fn new(kind: EventType, quote: QuoteFacts<'_>, at: DateTime<Utc>) -> QuoteEvent {
        let payload = Payload {
            kind: kind.as_str(),
            timestamp: rfc3339(at),
            data: Data {
                quote_id: quote.quote_id.as_str(),
                account: quote.account,
                status: kind.status(),
                expires_at: quote.expires_at.map(rfc3339),
                superseded_by: quote.superseded_by.map(QuoteId::as_str),
            },
        };
        QuoteEvent {
            id: new_event_id(),
            kind,
            account: quote.account.to_owned(),
            quote_id: quote.quote_id.clone(),
            at,
            // Strings and a static shape: serialising cannot fail.
            payload: serde_json::to_string(&payload).unwrap_or_default(),
        }
    }
}

/// The events storing `quote` makes: `quote.created`, and `quote.superseded` for the quote it
/// replaces (of the same account). A quote stored without an account makes none.
pub fn events_of_new_quote(quote: &NewQuote) -> Vec<QuoteEvent> {
    let Some(account) = quote.account.as_deref() else {
        return Vec::new();
    };
    let mut events = vec![QuoteEvent::new(
        EventType::QuoteCreated,
        QuoteFacts {
            quote_id: &quote.id,
            account,
            expires_at: Some(quote.expires_at),
            superseded_by: None,
        },
        quote.created_at,
    )];
    if let Some(old) = &quote.replaces {
        events.push(QuoteEvent::new(
            EventType::QuoteSuperseded,
            QuoteFacts {
                quote_id: old,
                account,
                expires_at: None,
                superseded_by: Some(&quote.id),
            },
            quote.created_at,
        ));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn every_type_reads_back_from_its_name_and_nothing_else_is_a_type() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for bad in ["", "quote", "quote.*", "Quote.Created", "quote.created "] {
            assert_eq!(bad.parse::<EventType>(), Err(UnknownEventType), "{bad:?}");
        }
    }

    #[test]
    fn a_stored_list_is_sorted_without_repeats_and_delimited_for_like() {
        let list = stored_event_list(&[
            EventType::QuoteExpired,
            EventType::QuoteCreated,
            EventType::QuoteExpired,
        ]);
        assert_eq!(list, " quote.created quote.expired ");
        assert_eq!(
            parse_event_list(&list),
            vec![EventType::QuoteCreated, EventType::QuoteExpired]
        );
        // No type's name is inside another's, so `% name %` matches only that type.
        for t in EventType::ALL {
            let needle = format!(" {t} ");
            assert_eq!(list.contains(&needle), parse_event_list(&list).contains(&t));
        }
    }

    #[test]
    fn a_payload_is_thin_and_names_the_quote_its_account_and_status() {
        let quote = QuoteId::generate();
        let by = QuoteId::generate();
        let facts = QuoteFacts {
            quote_id: &quote,
            account: "clinic",
            expires_at: None,
            superseded_by: Some(&by),
        };
        let event = QuoteEvent::new(EventType::QuoteSuperseded, facts, t0());
        assert!(
            event.id.starts_with("msg_") && event.id.len() == 30,
            "{}",
            event.id
        );
        let body: serde_json::Value = serde_json::from_str(&event.payload).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "type": "quote.superseded",
                "timestamp": "2026-03-01T12:00:00Z",
                "data": {"quote_id": quote.as_str(), "account": "clinic", "status": "superseded",
                         "superseded_by": by.as_str()}
            })
        );
        let created = QuoteEvent::new(
            EventType::QuoteCreated,
            QuoteFacts {
                superseded_by: None,
                expires_at: Some(t0() + chrono::TimeDelta::days(30)),
                ..facts
            },
            t0(),
        );
        assert_ne!(created.id, event.id);
        let body: serde_json::Value = serde_json::from_str(&created.payload).unwrap();
        assert_eq!(body["data"]["expires_at"], "2026-03-31T12:00:00Z");
        assert_eq!(body["data"]["status"], "active");
        assert!(body["data"].get("superseded_by").is_none());
    }
}
