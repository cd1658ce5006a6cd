use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::quoting::QuoteDraft;
use crate::quoting::fixtures::snapshot;

fn c(n: u64) -> Cents {
    Cents::new(n)
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T15:04:05.678Z")
        .unwrap()
        .to_utc()
}

fn draft() -> QuoteDraft {
    QuoteDraft {
        snapshot: snapshot(),
        owner_key_id: Some("clinic-web".parse().unwrap()),
        account: None,
        replaces: None,
    }
}

fn issued() -> NewQuote {
    NewQuote::issue(draft(), t0(), TimeDelta::days(30)).unwrap()
}

fn stored(superseded: bool) -> StoredQuote {
    StoredQuote {
        superseded: superseded.then(|| Supersession {
            by: QuoteId::generate(),
            at: t0(),
        }),
        ..issued().into_stored()
    }
}

#[test]
fn totals_out_of_order_name_the_field_that_breaks_the_order() {
    assert_eq!(
        QuoteTotal::new(c(2), c(1), c(3)).unwrap_err().field(),
        "low_cents"
    );
    assert_eq!(
        QuoteTotal::new(c(1), c(3), c(2)).unwrap_err().field(),
        "high_cents"
    );
}

#[test]
fn a_total_too_large_for_the_database_is_refused() {
    let too_big = c(i64::MAX as u64 + 1);
    let err = QuoteTotal::new(c(0), c(0), too_big).unwrap_err();
    assert_eq!(
        err,
        QuoteInputError::AmountTooLarge {
            field: "high_cents"
        }
    );
    assert!(QuoteTotal::new(c(0), c(0), c(i64::MAX as u64)).is_ok());
}

#[test]
fn issuing_stamps_whole_seconds_and_takes_every_figure_from_the_snapshot() {
    let q = issued();
    let snapshot = snapshot();
    let estimate = &snapshot.estimate.estimate;
    assert_eq!(q.created_at.to_rfc3339(), "2026-03-01T15:04:05+00:00");
    assert_eq!(q.expires_at - q.created_at, TimeDelta::days(30));
    assert_eq!(q.therapy, estimate.therapy);
    assert_eq!(q.price_book_version, estimate.price_book.version);
    assert_eq!(
        (q.total.low(), q.total.typical(), q.total.high()),
        (
            estimate.total.low_cents,
            estimate.total.typical_cents,
            estimate.total.high_cents
        )
    );
    // The snapshot, written once as RFC 8785 canonical JSON.
    assert_eq!(q.content.as_str(), serde_jcs::to_string(&snapshot).unwrap());
    assert_eq!(q.into_stored().snapshot().unwrap(), snapshot);
}

#[test]
fn issuing_refuses_a_quote_that_would_expire_when_created() {
    let err = NewQuote::issue(draft(), t0(), TimeDelta::zero()).unwrap_err();
    assert_eq!(err.field(), "expires_at");
}

#[test]
fn validation_names_the_field_at_fault() {
    let base = issued();
    let mut empty_version = base.clone();
    empty_version.price_book_version.clear();
    let mut long_version = base.clone();
    long_version.price_book_version = "v".repeat(65);
    let mut backwards = base.clone();
    backwards.expires_at = backwards.created_at - TimeDelta::seconds(1);
    let mut itself = base.clone();
    itself.replaces = Some(itself.id.clone());
    for (quote, field) in [
        (empty_version, "price_book_version"),
        (long_version, "price_book_version"),
        (backwards, "expires_at"),
        (itself, "replaces"),
    ] {
        assert_eq!(quote.validate().unwrap_err().field(), field);
    }
}

#[test]
fn a_quote_is_active_until_its_expiry_instant_then_expired() {
    let q = stored(false);
    assert_eq!(q.status_at(q.created_at), QuoteStatus::Active);
    let last_moment = q.expires_at - TimeDelta::nanoseconds(1);
    assert_eq!(q.status_at(last_moment), QuoteStatus::Active);
    assert_eq!(q.status_at(q.expires_at), QuoteStatus::Expired);
}

#[test]
fn a_superseded_quote_says_so_before_and_after_it_expires() {
    let q = stored(true);
    assert_eq!(q.status_at(q.created_at), QuoteStatus::Superseded);
    let later = q.expires_at + TimeDelta::days(1);
    assert_eq!(q.status_at(later), QuoteStatus::Superseded);
}

#[test]
fn the_view_carries_status_totals_and_the_stored_text_as_it_is() {
    let q = stored(true);
    let text = serde_json::to_string(&q.view(t0())).unwrap();
    let view: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(view["status"], "superseded");
    assert_eq!(view["therapy"], "knee_msc_injection");
    assert_eq!(
        view["superseded_by"],
        json!(q.superseded.clone().unwrap().by)
    );
    assert_eq!(view["created_at"], "2026-03-01T15:04:05Z");
    assert!(view.get("replaces").is_none(), "absent, not null");
    assert!(
        text.contains(&format!(r#""content":{}"#, q.content.as_str())),
        "verbatim"
    );
    assert_eq!(view["total"]["typical_cents"], json!(q.total.typical()));
}

#[test]
fn the_view_as_created_is_active_whatever_happened_since() {
    let q = stored(true);
    let view = q.view_as_created();
    assert_eq!(view.status, QuoteStatus::Active);
    assert_eq!(view.superseded_by, None);
    assert_eq!(
        view,
        StoredQuote {
            superseded: None,
            ..q.clone()
        }
        .view(q.created_at)
    );
}

#[test]
fn the_typed_snapshot_reads_back_from_the_stored_text() {
    assert_eq!(stored(false).snapshot().unwrap(), snapshot());
}

proptest! {
    #[test]
    fn a_total_is_accepted_exactly_when_ordered(a in 0u64..1_000_000_000, b in 0u64..1_000_000_000, x in 0u64..1_000_000_000) {
        prop_assert_eq!(QuoteTotal::new(c(a), c(b), c(x)).is_ok(), a <= b && b <= x);
    }
}

#[test]
fn debug_output_never_shows_the_snapshot() {
    let q = stored(false);
    for text in [format!("{q:?}"), format!("{:?}", q.view(t0()))] {
        assert!(text.contains("KneeMscInjection"), "{text}");
        assert!(!text.contains("76102"), "{text}");
    }
}
