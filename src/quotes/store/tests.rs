//! The same tests against SQLite (a scratch file) and PostgreSQL (a scratch schema in
//! `TEST_DATABASE_URL`, skipped when it is not set).

#[macro_use]
mod harness;
mod idempotent;
mod schema;
mod sqlite_writes;

use chrono::{SubsecRound, TimeDelta, Utc};
use serde_json::json;

use super::*;
use crate::money::Cents;
use crate::quotes::{QuoteContent, QuoteStatus, QuoteTotal, Supersession};
use crate::therapy::TherapyCode;
use harness::{TestDb, raw_execute};

/// A knee-injection quote at the $3,500–$25,000 range the product brief cites; the typical
/// figure is a test value only.
fn content() -> QuoteContent {
    QuoteContent {
        therapy: TherapyCode::KneeMscInjection,
        price_book_version: "2026".into(),
        total: QuoteTotal::new(
            Cents::new(350_000),
            Cents::new(900_000),
            Cents::new(2_500_000),
        )
        .unwrap(),
        snapshot: json!({
            "estimate": {"lines": [{"code": "injection", "low_cents": 350_000}]},
            "center": null,
            "note": "Unicode survives: café ✓",
            "ratio": 1.5,
        }),
    }
}

fn new_quote() -> NewQuote {
    NewQuote::new(
        content(),
        Some("acme-clinic-web".parse().unwrap()),
        None,
        Utc::now(),
        TimeDelta::days(30),
    )
}

fn replacement_of(old: &QuoteId) -> NewQuote {
    NewQuote {
        replaces: Some(old.clone()),
        ..new_quote()
    }
}

async fn a_created_quote_reads_back_exactly_as_it_was_stored(db: &TestDb) {
    let quote = new_quote();
    db.store.create(quote.clone(), None).await.unwrap();
    let stored = db.store.get(&quote.id).await.unwrap().expect("stored");
    assert_eq!(stored.id, quote.id);
    assert_eq!(stored.created_at, quote.created_at);
    assert_eq!(stored.expires_at, quote.expires_at);
    assert_eq!(stored.owner_key_id, quote.owner_key_id);
    assert_eq!(stored.content, quote.content);
    assert_eq!(stored.replaces, None);
    assert_eq!(stored.superseded, None);
    assert_eq!(stored.status_at(Utc::now()), QuoteStatus::Active);
}

async fn an_unknown_id_reads_as_no_quote(db: &TestDb) {
    assert_eq!(db.store.get(&QuoteId::generate()).await.unwrap(), None);
}

async fn a_stored_quote_expires_at_its_expiry_instant(db: &TestDb) {
    let quote = new_quote();
    db.store.create(quote.clone(), None).await.unwrap();
    let stored = db.store.get(&quote.id).await.unwrap().unwrap();
    let just_before = stored.expires_at - TimeDelta::seconds(1);
    assert_eq!(stored.status_at(just_before), QuoteStatus::Active);
    assert_eq!(stored.status_at(stored.expires_at), QuoteStatus::Expired);
}

async fn a_quote_that_would_expire_when_created_is_refused(db: &TestDb) {
    let mut quote = new_quote();
    quote.expires_at = quote.created_at;
    let err = db.store.create(quote.clone(), None).await.unwrap_err();
    assert_eq!(err.field(), Some("expires_at"));
    assert_eq!(db.store.get(&quote.id).await.unwrap(), None);
}

async fn replacing_a_quote_supersedes_it_without_changing_its_content(db: &TestDb) {
    let old = new_quote();
    db.store.create(old.clone(), None).await.unwrap();
    let new = replacement_of(&old.id);
    db.store.create(new.clone(), None).await.unwrap();

    let old_stored = db.store.get(&old.id).await.unwrap().unwrap();
    assert_eq!(old_stored.content, old.content);
    let supersession = old_stored.superseded.clone().expect("superseded");
    assert_eq!(supersession.by, new.id);
    assert_eq!(supersession.at, new.created_at);
    assert_eq!(old_stored.status_at(Utc::now()), QuoteStatus::Superseded);

    let new_stored = db.store.get(&new.id).await.unwrap().unwrap();
    assert_eq!(new_stored.replaces, Some(old.id.clone()));
    assert_eq!(new_stored.status_at(Utc::now()), QuoteStatus::Active);
}

async fn a_quote_cannot_be_replaced_twice(db: &TestDb) {
    let old = new_quote();
    db.store.create(old.clone(), None).await.unwrap();
    db.store
        .create(replacement_of(&old.id), None)
        .await
        .unwrap();
    let second = replacement_of(&old.id);
    let err = db.store.create(second.clone(), None).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::AlreadySuperseded { field: "replaces", id } if *id == old.id),
        "{err:?}"
    );
    assert_eq!(
        db.store.get(&second.id).await.unwrap(),
        None,
        "nothing stored"
    );
}

async fn replacing_an_unknown_quote_is_refused_and_stores_nothing(db: &TestDb) {
    let quote = replacement_of(&QuoteId::generate());
    let err = db.store.create(quote.clone(), None).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::UnknownQuote {
                field: "replaces",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(db.store.get(&quote.id).await.unwrap(), None);
}

async fn supersede_marks_a_quote_once_and_names_what_is_missing(db: &TestDb) {
    let (a, b) = (new_quote(), new_quote());
    db.store.create(a.clone(), None).await.unwrap();
    db.store.create(b.clone(), None).await.unwrap();
    let at = Utc::now().trunc_subsecs(0);

    let unknown = QuoteId::generate();
    let err = db.store.supersede(&unknown, &b.id, at).await.unwrap_err();
    assert_eq!(err.field(), Some("id"));
    let err = db.store.supersede(&a.id, &unknown, at).await.unwrap_err();
    assert_eq!(err.field(), Some("superseded_by"));
    assert_eq!(db.store.get(&a.id).await.unwrap().unwrap().superseded, None);

    db.store.supersede(&a.id, &b.id, at).await.unwrap();
    let stored = db.store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(
        stored.superseded,
        Some(Supersession {
            by: b.id.clone(),
            at
        })
    );

    let err = db.store.supersede(&a.id, &b.id, at).await.unwrap_err();
    assert!(
        matches!(err, StoreError::AlreadySuperseded { field: "id", .. }),
        "{err:?}"
    );
}

async fn the_database_itself_refuses_to_change_a_stored_quote(db: &TestDb) {
    let quote = new_quote();
    db.store.create(quote.clone(), None).await.unwrap();
    let update = format!(
        "UPDATE quotes SET price_book_version = 'tampered' WHERE id = '{}'",
        quote.id
    );
    let err = raw_execute(&db.database, update).await.unwrap_err();
    assert!(err.to_string().contains("quotes are immutable"), "{err}");
    let stored = db.store.get(&quote.id).await.unwrap().unwrap();
    assert_eq!(stored.content.price_book_version, "2026");
}

async fn two_hundred_concurrent_creates_all_succeed(db: &TestDb) {
    let quotes: Vec<NewQuote> = (0..200).map(|_| new_quote()).collect();
    let tasks: Vec<_> = quotes
        .iter()
        .cloned()
        .map(|q| {
            let store = db.store.clone();
            tokio::spawn(async move { store.create(q, None).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("no busy or other error");
    }
    for q in &quotes {
        assert!(db.store.get(&q.id).await.unwrap().is_some());
    }
}

on_both_databases!(
    a_created_quote_reads_back_exactly_as_it_was_stored,
    an_unknown_id_reads_as_no_quote,
    a_stored_quote_expires_at_its_expiry_instant,
    a_quote_that_would_expire_when_created_is_refused,
    replacing_a_quote_supersedes_it_without_changing_its_content,
    a_quote_cannot_be_replaced_twice,
    replacing_an_unknown_quote_is_refused_and_stores_nothing,
    supersede_marks_a_quote_once_and_names_what_is_missing,
    the_database_itself_refuses_to_change_a_stored_quote,
    two_hundred_concurrent_creates_all_succeed,
);
