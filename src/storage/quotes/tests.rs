//! The same tests against SQLite (a scratch file) and PostgreSQL (a scratch schema in
//! `TEST_DATABASE_URL`, skipped when it is not set).

#[macro_use]
mod harness;
mod idempotent;
mod schema;
mod sqlite_writes;

use std::convert::Infallible;

use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::quoting::fixtures::snapshot;
use crate::quoting::{QuoteStatus, Supersession};
use harness::{TestDb, raw_execute};

/// A draft of the fixture quote, owned by the clinic's website key.
fn draft() -> QuoteDraft {
    QuoteDraft {
        snapshot: snapshot(),
        owner_key_id: Some("acme-clinic-web".parse().unwrap()),
        account: None,
        replaces: None,
    }
}

fn replacement_of(old: &QuoteId) -> QuoteDraft {
    QuoteDraft {
        replaces: Some(old.clone()),
        ..draft()
    }
}

/// Creates `draft` without an idempotency key at `now`.
async fn create_at(
    db: &TestDb,
    draft: QuoteDraft,
    now: DateTime<Utc>,
) -> Result<StoredQuote, StoreError> {
    match db
        .store
        .create(None, now, || Ok::<_, Infallible>(draft))
        .await
    {
        Ok(Created::Stored(quote)) => Ok(quote),
        Ok(Created::Replayed(quote)) => panic!("nothing to replay without a key: {}", quote.id),
        Err(CreateError::Store(e)) => Err(e),
        Err(other) => panic!("{other}"),
    }
}

async fn create(db: &TestDb, draft: QuoteDraft) -> Result<StoredQuote, StoreError> {
    create_at(db, draft, Utc::now()).await
}

async fn a_created_quote_reads_back_exactly_as_it_was_stored(db: &TestDb) {
    let quote = create(db, draft()).await.unwrap();
    let stored = db.store.get(&quote.id).await.unwrap().expect("stored");
    assert_eq!(stored, quote);
    assert_eq!(stored.snapshot().unwrap(), snapshot());
    assert_eq!(stored.expires_at - stored.created_at, TimeDelta::days(30));
    assert_eq!(stored.status_at(Utc::now()), QuoteStatus::Active);
}

async fn an_unknown_id_reads_as_no_quote(db: &TestDb) {
    assert_eq!(db.store.get(&QuoteId::generate()).await.unwrap(), None);
}

async fn a_stored_quote_expires_at_its_expiry_instant(db: &TestDb) {
    let stored = create(db, draft()).await.unwrap();
    let stored = db.store.get(&stored.id).await.unwrap().unwrap();
    let just_before = stored.expires_at - TimeDelta::seconds(1);
    assert_eq!(stored.status_at(just_before), QuoteStatus::Active);
    assert_eq!(stored.status_at(stored.expires_at), QuoteStatus::Expired);
}

async fn replacing_a_quote_supersedes_it_without_changing_its_content(db: &TestDb) {
    let old = create(db, draft()).await.unwrap();
    let new = create(db, replacement_of(&old.id)).await.unwrap();

    let old_stored = db.store.get(&old.id).await.unwrap().unwrap();
    assert_eq!(old_stored.content, old.content);
    assert_eq!(
        old_stored.superseded,
        Some(Supersession {
            by: new.id.clone(),
            at: new.created_at
        })
    );
    assert_eq!(old_stored.status_at(Utc::now()), QuoteStatus::Superseded);

    let new_stored = db.store.get(&new.id).await.unwrap().unwrap();
    assert_eq!(new_stored.replaces, Some(old.id.clone()));
    assert_eq!(new_stored.status_at(Utc::now()), QuoteStatus::Active);
}

async fn a_quote_cannot_be_replaced_twice(db: &TestDb) {
    let old = create(db, draft()).await.unwrap();
    create(db, replacement_of(&old.id)).await.unwrap();
    let err = create(db, replacement_of(&old.id)).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::AlreadySuperseded { field: "replaces", id } if *id == old.id),
        "{err:?}"
    );
}

async fn replacing_an_unknown_quote_is_refused_and_stores_nothing(db: &TestDb) {
    let count = count_quotes(db).await;
    let err = create(db, replacement_of(&QuoteId::generate()))
        .await
        .unwrap_err();
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
    assert_eq!(count_quotes(db).await, count, "nothing stored");
}

async fn the_database_itself_refuses_to_change_a_stored_quote(db: &TestDb) {
    let quote = create(db, draft()).await.unwrap();
    let update = format!(
        "UPDATE quotes SET price_book_version = 'tampered' WHERE id = '{}'",
        quote.id
    );
    let err = raw_execute(&db.database, update).await.unwrap_err();
    assert!(err.to_string().contains("quotes are immutable"), "{err}");
    let stored = db.store.get(&quote.id).await.unwrap().unwrap();
    assert_eq!(stored.price_book_version, "2026");
}

async fn two_hundred_concurrent_creates_all_succeed(db: &TestDb) {
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move {
                store
                    .create(None, Utc::now(), || Ok::<_, Infallible>(draft()))
                    .await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        match task.await.unwrap().expect("no busy or other error") {
            Created::Stored(quote) => ids.push(quote.id),
            Created::Replayed(_) => panic!("no key, no replay"),
        }
    }
    for id in &ids {
        assert!(db.store.get(id).await.unwrap().is_some());
    }
}

/// An estimate issued for `quote`, as the Good Faith Estimate route keeps it.
fn issued_for(quote: &StoredQuote) -> crate::gfe::IssuedEstimate {
    use crate::gfe::issued::{ChargesBasis, IssuedCharges, IssuedProvider};
    crate::gfe::IssuedEstimate {
        id: crate::gfe::EstimateId::generate(),
        quote_id: quote.id.clone(),
        issued_at: quote.created_at + TimeDelta::seconds(5),
        charges: IssuedCharges {
            providers: vec![IssuedProvider {
                provider_id: Some("regenerative-orthopedics-fort-worth".parse().unwrap()),
                basis: ChargesBasis::NationalReference,
                expected_charges_cents: quote.total.typical(),
            }],
            total_expected_charges_cents: quote.total.typical(),
        },
    }
}

async fn an_issued_estimate_reads_back_as_it_was_kept_and_cannot_be_changed(db: &TestDb) {
    let quote = create(db, draft()).await.unwrap();
    let issued = issued_for(&quote);
    db.store.record_estimate(issued.clone()).await.unwrap();
    assert_eq!(
        db.store.estimate(&issued.id).await.unwrap(),
        Some(issued.clone())
    );
    let unknown = crate::gfe::EstimateId::generate();
    assert_eq!(db.store.estimate(&unknown).await.unwrap(), None);
    let update = format!(
        "UPDATE good_faith_estimates SET quote_id = quote_id WHERE id = '{}'",
        issued.id
    );
    let err = raw_execute(&db.database, update).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("good faith estimates are immutable"),
        "{err}"
    );
}

async fn an_estimate_for_a_quote_that_does_not_exist_is_not_kept(db: &TestDb) {
    let quote = create(db, draft()).await.unwrap();
    let mut orphan = issued_for(&quote);
    orphan.quote_id = QuoteId::generate();
    assert!(db.store.record_estimate(orphan.clone()).await.is_err());
    assert_eq!(db.store.estimate(&orphan.id).await.unwrap(), None);
}

/// How many quotes the database holds.
async fn count_quotes(db: &TestDb) -> i64 {
    match &db.database {
        Database::Sqlite(pool) => {
            sqlx::query_scalar("SELECT count(*) FROM quotes")
                .fetch_one(pool)
                .await
        }
        Database::Postgres(pool) => {
            sqlx::query_scalar("SELECT count(*) FROM quotes")
                .fetch_one(pool)
                .await
        }
    }
    .unwrap()
}

on_both_databases!(
    a_created_quote_reads_back_exactly_as_it_was_stored,
    an_unknown_id_reads_as_no_quote,
    a_stored_quote_expires_at_its_expiry_instant,
    replacing_a_quote_supersedes_it_without_changing_its_content,
    a_quote_cannot_be_replaced_twice,
    replacing_an_unknown_quote_is_refused_and_stores_nothing,
    the_database_itself_refuses_to_change_a_stored_quote,
    two_hundred_concurrent_creates_all_succeed,
    an_issued_estimate_reads_back_as_it_was_kept_and_cannot_be_changed,
    an_estimate_for_a_quote_that_does_not_exist_is_not_kept,
);
