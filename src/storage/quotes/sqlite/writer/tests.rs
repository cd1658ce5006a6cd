//! Runs of inserts and batches, straight on a scratch file: what each insert answers, what is
//! stored, and that one failing insert leaves the others of its run stored.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use sqlx::Row;
use tokio::sync::oneshot;

use super::*;
use crate::quoting::fixtures::snapshot;
use crate::quoting::{NewQuote, QuoteDraft, QuoteId};
use crate::storage::quotes::sqlite::scratch::Scratch;
use crate::storage::quotes::sqlite::statements::millis;
use crate::storage::quotes::vocab::{Claim, Fingerprint, IdempotencyScope, IdempotentRequest};

const LOCK_TIMEOUT: TimeDelta = TimeDelta::seconds(60);

fn quote() -> NewQuote {
    let draft = QuoteDraft {
        snapshot: snapshot(),
        owner_key_id: Some("acme-clinic-web".parse().unwrap()),
        account: None,
        replaces: None,
    };
    NewQuote::issue(draft, Utc::now(), TimeDelta::days(30)).unwrap()
}

fn claim(key: &str, joints: u32, now: DateTime<Utc>) -> Claim {
    let request = IdempotentRequest {
        scope: IdempotencyScope::ApiKey("acme-clinic-web".parse().unwrap()),
        key: key.parse().unwrap(),
        fingerprint: Fingerprint::of_json(
            &json!({"therapy": "knee_msc_injection", "joints": joints}),
        ),
    };
    Claim::new(&request, now, LOCK_TIMEOUT)
}

/// An insert under `key` for a body of `joints` joints.
fn keyed(key: &str, joints: u32, now: DateTime<Utc>) -> Insert {
    Insert {
        quote: quote(),
        claim: Some(claim(key, joints, now)),
    }
}

fn plain() -> Insert {
    Insert {
        quote: quote(),
        claim: None,
    }
}

async fn is_stored(conn: &mut SqliteConnection, id: &QuoteId) -> bool {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM quotes WHERE id = ?)")
        .bind(id.as_str())
        .fetch_one(conn)
        .await
        .unwrap()
}

/// `(fingerprint, lease, quote_id)` of `key`, if any.
async fn key_row(
    conn: &mut SqliteConnection,
    key: &str,
) -> Option<(String, String, Option<String>)> {
    sqlx::query(
        "SELECT fingerprint, lease, quote_id FROM idempotency_keys WHERE idempotency_key = ?",
    )
    .bind(key)
    .fetch_optional(conn)
    .await
    .unwrap()
    .map(|r| (r.get("fingerprint"), r.get("lease"), r.get("quote_id")))
}

/// A key row held by a request and never answered, as the first version of the service left
/// one behind (it wrote a row when a request claimed its key).
async fn held_row(conn: &mut SqliteConnection, held: &Claim) {
    sqlx::query(
        "INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at, \
         locked_at, lease) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&held.scope)
    .bind(held.key.as_str())
    .bind(held.fingerprint.as_str())
    .bind(millis(held.now))
    .bind(millis(held.now))
    .bind(&held.lease)
    .execute(conn)
    .await
    .unwrap();
}

/// Each insert's outcome, `None` for an error.
async fn apply(conn: &mut SqliteConnection, inserts: &[&Insert]) -> Vec<Option<Option<KeyTaken>>> {
    let outcomes = apply_run(conn, inserts)
        .await
        .expect("the transaction holds");
    outcomes.into_iter().map(Result::ok).collect()
}

#[tokio::test]
async fn a_run_stores_every_quote_and_records_each_key_with_its_quote() {
    let mut db = Scratch::new().await;
    let now = Utc::now();
    let inserts = [keyed("a", 1, now), plain(), keyed("b", 2, now)];
    let outcomes = apply(&mut db.conn, &inserts.iter().collect::<Vec<_>>()).await;
    assert_eq!(outcomes, vec![Some(None); 3]);
    for insert in &inserts {
        assert!(is_stored(&mut db.conn, &insert.quote.id).await);
    }
    for (key, insert) in [("a", &inserts[0]), ("b", &inserts[2])] {
        let claim = insert.claim.as_ref().unwrap();
        let row = key_row(&mut db.conn, key).await.expect("recorded");
        assert_eq!(
            row,
            (
                claim.fingerprint.as_str().to_owned(),
                claim.lease.clone(),
                Some(insert.quote.id.to_string())
            )
        );
    }
    db.finish().await;
}

#[tokio::test]
async fn a_run_answers_keys_used_before_and_stores_only_for_new_keys() {
    let mut db = Scratch::new().await;
    let t0 = Utc::now();
    let (done, other) = (keyed("done", 1, t0), keyed("other", 1, t0));
    apply(&mut db.conn, &[&done, &other]).await;
    held_row(&mut db.conn, &claim("held", 1, t0)).await;

    let later = t0 + TimeDelta::seconds(10);
    let run = [
        keyed("done", 1, later),
        keyed("held", 1, later),
        keyed("other", 2, later),
        keyed("fresh", 1, later),
    ];
    let outcomes = apply(&mut db.conn, &run.iter().collect::<Vec<_>>()).await;
    assert_eq!(
        outcomes,
        [
            Some(Some(KeyTaken::Replay(done.quote.id.clone()))),
            Some(Some(KeyTaken::InProgress)),
            Some(Some(KeyTaken::Mismatch)),
            Some(None),
        ]
    );
    for (insert, stored) in run.iter().zip([false, false, false, true]) {
        assert_eq!(is_stored(&mut db.conn, &insert.quote.id).await, stored);
    }
    let (_, _, quote) = key_row(&mut db.conn, "held").await.unwrap();
    assert_eq!(quote, None, "still held by the first request");
    db.finish().await;
}

#[tokio::test]
async fn an_insert_that_fails_in_a_run_fails_alone() {
    let mut db = Scratch::new().await;
    let now = Utc::now();
    let existing = plain();
    apply(&mut db.conn, &[&existing]).await;
    // The same id again: its INSERT breaks the primary key, and so the run's statement.
    let mut clash = keyed("clash", 1, now);
    clash.quote.id = existing.quote.id.clone();
    let (a, c) = (keyed("a", 1, now), plain());

    let outcomes = apply_run(&mut db.conn, &[&a, &clash, &c])
        .await
        .expect("the transaction holds");
    assert!(
        matches!(outcomes[1], Err(StoreError::Database(_))),
        "{:?}",
        outcomes[1]
    );
    assert!(matches!(outcomes[0], Ok(None)) && matches!(outcomes[2], Ok(None)));
    assert!(is_stored(&mut db.conn, &a.quote.id).await);
    assert!(is_stored(&mut db.conn, &c.quote.id).await);
    assert!(key_row(&mut db.conn, "a").await.is_some());
    assert_eq!(key_row(&mut db.conn, "clash").await, None, "rolled back");
    db.finish().await;
}

#[tokio::test]
async fn a_run_takes_over_an_abandoned_key() {
    let mut db = Scratch::new().await;
    let t0 = Utc::now();
    held_row(&mut db.conn, &claim("k", 1, t0)).await;

    let late = keyed("k", 2, t0 + LOCK_TIMEOUT);
    let outcomes = apply(&mut db.conn, &[&late, &plain()]).await;
    assert_eq!(outcomes[0], Some(None));
    let claim = late.claim.as_ref().unwrap();
    assert_eq!(
        key_row(&mut db.conn, "k").await.unwrap(),
        (
            claim.fingerprint.as_str().to_owned(),
            claim.lease.clone(),
            Some(late.quote.id.to_string())
        )
    );
    db.finish().await;
}

#[tokio::test]
async fn the_writer_opens_a_connection_that_is_wal_and_syncs_every_commit() {
    let db = Scratch::new().await;
    let (reply, answer) = oneshot::channel();
    let purge = Job::Purge {
        before: Utc::now(),
        reply,
    };
    let mut conn = None;
    commit_batch(&db.options, &mut conn, std::iter::once(purge)).await;
    assert_eq!(answer.await.unwrap().ok(), Some(0));

    let writer = conn.as_mut().expect("the writer keeps its connection");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *writer)
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *writer)
        .await
        .unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2), "2 is FULL");
    db.finish().await;
}

type Answer<T> = oneshot::Receiver<Result<T, StoreError>>;

/// An insert job under `key`, its quote's id, and where its answer arrives.
fn insert_job(key: &str, joints: u32) -> (Job, QuoteId, Answer<Option<KeyTaken>>) {
    let insert = keyed(key, joints, Utc::now());
    let id = insert.quote.id.clone();
    let (reply, answer) = oneshot::channel();
    (
        Job::Insert {
            insert: Box::new(insert),
            reply,
        },
        id,
        answer,
    )
}

async fn outcome<T>(answer: Answer<T>) -> Option<T> {
    answer.await.expect("answered").ok()
}

#[tokio::test]
async fn in_one_batch_a_key_used_again_sees_what_its_first_use_did() {
    let db = Scratch::new().await;
    let (a, a_id, a_answer) = insert_job("k", 1);
    let (again, _, again_answer) = insert_job("k", 1);
    let (other_body, _, other_answer) = insert_job("k", 2);
    let (reply, purge_answer) = oneshot::channel();
    let purge = Job::Purge {
        before: Utc::now() - TimeDelta::days(1),
        reply,
    };
    let (after_purge, _, after_purge_answer) = insert_job("k", 1);
    let jobs = vec![a, again, other_body, purge, after_purge];

    let mut conn = None;
    commit_batch(&db.options, &mut conn, jobs.into_iter()).await;

    assert_eq!(outcome(a_answer).await, Some(None));
    assert_eq!(
        outcome(again_answer).await,
        Some(Some(KeyTaken::Replay(a_id.clone())))
    );
    assert_eq!(outcome(other_answer).await, Some(Some(KeyTaken::Mismatch)));
    assert_eq!(
        outcome(purge_answer).await,
        Some(0),
        "the new key is younger than a day"
    );
    assert_eq!(
        outcome(after_purge_answer).await,
        Some(Some(KeyTaken::Replay(a_id)))
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM quotes")
        .fetch_one(conn.as_mut().expect("the writer kept its connection"))
        .await
        .unwrap();
    assert_eq!(stored, 1);
    db.finish().await;
}
