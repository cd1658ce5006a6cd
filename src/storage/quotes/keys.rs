//! What an idempotency key already in the database says to a new request with it, as both
//! databases decide it: Stripe's semantics. A key that stored a quote replays it for the same
//! body and refuses another; a key still held makes a retry wait, unless its holder kept it
//! past the lock timeout, which counts as abandoned.

use chrono::{DateTime, TimeDelta, Utc};

use super::vocab::{Fingerprint, KeyTaken};
use crate::quoting::QuoteId;

/// An `idempotency_keys` row as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyRow {
    pub fingerprint: Fingerprint,
    pub locked_at: DateTime<Utc>,
    /// The quote the key stored; `None` while its request still holds it.
    pub quote_id: Option<QuoteId>,
}

/// What a request may do about a key row that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// It may not: the key says why.
    Taken(KeyTaken),
    /// Its holder abandoned it: take it over as if it were new.
    TakeOver,
}

/// Decides for a request whose body has `fingerprint`, at `now`, about an existing `row`.
pub(crate) fn decide(
    row: KeyRow,
    fingerprint: &Fingerprint,
    now: DateTime<Utc>,
    lock_timeout: TimeDelta,
) -> Decision {
    let same_body = row.fingerprint == *fingerprint;
    match row.quote_id {
        Some(id) if same_body => Decision::Taken(KeyTaken::Replay(id)),
        Some(_) => Decision::Taken(KeyTaken::Mismatch),
        // An abandoned request never stored anything, so nothing binds the key to its body.
        None if now - row.locked_at >= lock_timeout => Decision::TakeOver,
        None if same_body => Decision::Taken(KeyTaken::InProgress),
        None => Decision::Taken(KeyTaken::Mismatch),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fp(body: serde_json::Value) -> Fingerprint {
        Fingerprint::of_json(&body)
    }

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    const TIMEOUT: TimeDelta = TimeDelta::seconds(60);

    fn row(body: serde_json::Value, locked_secs_ago: i64, stored: Option<&QuoteId>) -> KeyRow {
        KeyRow {
            fingerprint: fp(body),
            locked_at: t0() - TimeDelta::seconds(locked_secs_ago),
            quote_id: stored.cloned(),
        }
    }

    #[test]
    fn a_key_that_stored_a_quote_replays_it_for_the_same_body() {
        let id = QuoteId::generate();
        let d = decide(
            row(json!({"a": 1}), 5, Some(&id)),
            &fp(json!({"a": 1})),
            t0(),
            TIMEOUT,
        );
        assert_eq!(d, Decision::Taken(KeyTaken::Replay(id)));
    }

    #[test]
    fn a_key_that_stored_a_quote_refuses_another_body_even_long_after() {
        let id = QuoteId::generate();
        let d = decide(
            row(json!({"a": 1}), 3600, Some(&id)),
            &fp(json!({"a": 2})),
            t0(),
            TIMEOUT,
        );
        assert_eq!(d, Decision::Taken(KeyTaken::Mismatch));
    }

    #[test]
    fn a_running_request_makes_its_retry_wait_and_refuses_another_body() {
        let same = decide(
            row(json!({"a": 1}), 59, None),
            &fp(json!({"a": 1})),
            t0(),
            TIMEOUT,
        );
        assert_eq!(same, Decision::Taken(KeyTaken::InProgress));
        let other = decide(
            row(json!({"a": 1}), 1, None),
            &fp(json!({"a": 2})),
            t0(),
            TIMEOUT,
        );
        assert_eq!(other, Decision::Taken(KeyTaken::Mismatch));
    }

    #[test]
    fn a_key_held_for_the_lock_timeout_is_taken_over_whatever_the_body() {
        for body in [json!({"a": 1}), json!({"a": 2})] {
            let d = decide(row(json!({"a": 1}), 60, None), &fp(body), t0(), TIMEOUT);
            assert_eq!(d, Decision::TakeOver);
        }
    }
}
