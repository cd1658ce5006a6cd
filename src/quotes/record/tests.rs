use super::*;
use proptest::prelude::*;
use serde_json::json;

fn c(n: u64) -> Cents {
    Cents::new(n)
}

fn content() -> QuoteContent {
    QuoteContent {
        therapy: TherapyCode::KneeMscPrp,
        price_book_version: "2026".into(),
        total: QuoteTotal::new(c(500_000), c(500_000), c(3_000_000)).unwrap(),
        snapshot: json!({"lines": []}),
    }
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T15:04:05.678Z")
        .unwrap()
        .to_utc()
}

fn stored(superseded: bool) -> StoredQuote {
    let q = NewQuote::new(content(), None, None, t0(), TimeDelta::days(30));
    StoredQuote {
        id: q.id,
        created_at: q.created_at,
        expires_at: q.expires_at,
        replaces: None,
        owner_key_id: None,
        content: q.content,
        superseded: superseded.then(|| Supersession {
            by: QuoteId::generate(),
            at: t0(),
        }),
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
fn a_new_quote_is_stamped_in_whole_seconds_and_expires_after_its_validity() {
    let q = NewQuote::new(content(), None, None, t0(), TimeDelta::days(30));
    assert_eq!(q.created_at.to_rfc3339(), "2026-03-01T15:04:05+00:00");
    assert_eq!(q.expires_at - q.created_at, TimeDelta::days(30));
    assert_eq!(q.validate(), Ok(()));
}

#[test]
fn validation_names_the_field_at_fault() {
    let base = NewQuote::new(content(), None, None, t0(), TimeDelta::days(1));
    let mut empty_version = base.clone();
    empty_version.content.price_book_version.clear();
    let mut long_version = base.clone();
    long_version.content.price_book_version = "v".repeat(65);
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
fn the_view_carries_status_and_totals_in_cents() {
    let q = stored(true);
    let view = serde_json::to_value(q.view(t0())).unwrap();
    assert_eq!(view["status"], "superseded");
    assert_eq!(view["therapy"], "knee_msc_prp");
    assert_eq!(
        view["total"],
        json!({"low_cents": 500_000, "typical_cents": 500_000, "high_cents": 3_000_000})
    );
    assert_eq!(view["superseded_by"], json!(q.superseded.unwrap().by));
    assert_eq!(view["created_at"], "2026-03-01T15:04:05Z");
    assert!(view.get("replaces").is_none(), "absent, not null");
    assert_eq!(view["content"], json!({"lines": []}));
}

proptest! {
    #[test]
    fn a_total_is_accepted_exactly_when_ordered(a in 0u64..1_000_000_000, b in 0u64..1_000_000_000, x in 0u64..1_000_000_000) {
        prop_assert_eq!(QuoteTotal::new(c(a), c(b), c(x)).is_ok(), a <= b && b <= x);
    }
}

#[test]
fn debug_output_never_shows_the_snapshot() {
    let mut q = stored(false);
    q.content.snapshot = json!({"age": 71, "zip": "76102", "condition": "knee-osteoarthritis"});
    for text in [format!("{q:?}"), format!("{:?}", q.view(t0()))] {
        assert!(text.contains("KneeMscPrp"), "{text}");
        assert!(
            !text.contains("76102") && !text.contains("osteoarthritis"),
            "{text}"
        );
    }
}
