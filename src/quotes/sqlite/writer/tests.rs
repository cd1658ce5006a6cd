//! Runs of creates and batches, straight on a scratch file: what each create answers, what is
//! stored, and that one failing create leaves the others of its run stored.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use sqlx::Row;
use tokio::sync::oneshot;

use super::*;
use crate::money::Cents;
use crate::quotes::sqlite::scratch::Scratch;
use crate::quotes::store::Claim;
use crate::quotes::{
    Begin, Fingerprint, IdempotencyScope, IdempotencyTicket, KeyTaken, NewQuote, PreparedQuote,
    QuoteContent, QuoteId, QuoteTotal,
};
use crate::therapy::TherapyCode;

const LOCK_TIMEOUT: TimeDelta = TimeDelta::seconds(60);

fn quote() -> PreparedQuote {
    let content = QuoteContent {
        therapy: TherapyCode::KneeMscInjection,
        price_book_version: "2026".into(),
        total: QuoteTotal::new(
            Cents::new(350_000),
            Cents::new(900_000),
            Cents::new(2_500_000),
        )
        .unwrap(),
        snapshot: json!({"estimate": {"lines": []}, "note": "café ✓"}),
    };
    let owner = Some("acme-clinic-web".parse().unwrap());
    NewQuote::new(content, owner, None, Utc::now(), TimeDelta::days(30))
        .prepare()
        .unwrap()
}

fn fingerprint(joints: u32) -> Fingerprint {
    Fingerprint::of_json(&json!({"therapy": "knee_msc_injection", "joints": joints}))
}

fn claim(key: &str, joints: u32, now: DateTime<Utc>) -> Claim {
    let scope = IdempotencyScope::ApiKey("acme-clinic-web".parse().unwrap());
    Claim {
        ticket: IdempotencyTicket::new(&scope, &key.parse().unwrap()),
        fingerprint: fingerprint(joints),
        now,
        lock_timeout: LOCK_TIMEOUT,
    }
}

/// A create under `key` for a body of `joints` joints.
fn once(key: &str, joints: u32, now: DateTime<Utc>) -> Insert {
    let quote = quote();
    let body = quote.created_body().unwrap();
    Insert {
        quote,
        once: Some((claim(key, joints, now), body)),
    }
}

fn plain() -> Insert {
    Insert {
        quote: quote(),
        once: None,
    }
}

async fn is_stored(conn: &mut SqliteConnection, id: &QuoteId) -> bool {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM quotes WHERE id = ?)")
        .bind(id.as_str())
        .fetch_one(conn)
        .await
        .unwrap()
}

/// `(fingerprint, lease, response_status, response_body, quote_id)` of `key`, if any.
type KeyColumns = (String, String, Option<i64>, Option<String>, Option<String>);

async fn key_row(conn: &mut SqliteConnection, key: &str) -> Option<KeyColumns> {
    sqlx::query(
        "SELECT fingerprint, lease, response_status, response_body, quote_id \
         FROM idempotency_keys WHERE idempotency_key = ?",
    )
    .bind(key)
    .fetch_optional(conn)
    .await
    .unwrap()
    .map(|r| {
        (
            r.get("fingerprint"),
            r.get("lease"),
            r.get("response_status"),
            r.get("response_body"),
            r.get("quote_id"),
        )
    })
}

/// Each insert's outcome, `None` for an error.
async fn apply(conn: &mut SqliteConnection, inserts: &[&Insert]) -> Vec<Option<IdempotentCreate>> {
    let outcomes = apply_run(conn, inserts)
        .await
        .expect("the transaction holds");
    outcomes.into_iter().map(Result::ok).collect()
}

#[tokio::test]
async fn a_run_stores_every_quote_and_records_each_key_with_its_201() {
    let mut db = Scratch::new().await;
    let now = Utc::now();
    let inserts = [once("a", 1, now), plain(), once("b", 2, now)];
    let outcomes = apply(&mut db.conn, &inserts.iter().collect::<Vec<_>>()).await;
    assert_eq!(outcomes, vec![Some(IdempotentCreate::Stored); 3]);
    for insert in &inserts {
        assert!(is_stored(&mut db.conn, &insert.quote.id).await);
    }
    for (key, insert) in [("a", &inserts[0]), ("b", &inserts[2])] {
        let (claim, body) = insert.once.as_ref().unwrap();
        let row = key_row(&mut db.conn, key).await.expect("recorded");
        assert_eq!(
            row,
            (
                claim.fingerprint.as_str().to_owned(),
                claim.ticket.lease.clone(),
                Some(201),
                Some(body.as_str().to_owned()),
                Some(insert.quote.id.to_string()),
            )
        );
    }
    db.finish().await;
}

#[tokio::test]
async fn a_run_answers_keys_used_before_and_stores_only_for_new_keys() {
    let mut db = Scratch::new().await;
    let t0 = Utc::now();
    let (done, other) = (once("done", 1, t0), once("other", 1, t0));
    apply(&mut db.conn, &[&done, &other]).await;
    let held = claim("held", 1, t0);
    let begun = ops::begin(
        &mut db.conn,
        held.ticket,
        &held.fingerprint,
        t0,
        LOCK_TIMEOUT,
    )
    .await;
    assert!(matches!(begun, Ok(Begin::New(_))), "{begun:?}");

    let later = t0 + TimeDelta::seconds(10);
    let run = [
        once("done", 1, later),
        once("held", 1, later),
        once("other", 2, later),
        once("fresh", 1, later),
    ];
    let outcomes = apply(&mut db.conn, &run.iter().collect::<Vec<_>>()).await;
    let Some(IdempotentCreate::Taken(KeyTaken::Replay(replay))) = &outcomes[0] else {
        panic!("expected a replay, got {:?}", outcomes[0]);
    };
    assert_eq!(replay.status, 201);
    assert_eq!(replay.quote_id.as_ref(), Some(&done.quote.id));
    let first_body: serde_json::Value =
        serde_json::from_str(done.once.as_ref().unwrap().1.as_str()).unwrap();
    assert_eq!(replay.body, first_body);
    assert_eq!(
        outcomes[1..],
        [
            Some(IdempotentCreate::Taken(KeyTaken::InProgress)),
            Some(IdempotentCreate::Taken(KeyTaken::Mismatch)),
            Some(IdempotentCreate::Stored)
        ]
    );
    for (insert, stored) in run.iter().zip([false, false, false, true]) {
        assert_eq!(is_stored(&mut db.conn, &insert.quote.id).await, stored);
    }
    let (_, _, status, _, _) = key_row(&mut db.conn, "held").await.unwrap();
    assert_eq!(status, None, "still held by the first request");
    db.finish().await;
}

#[tokio::test]
async fn a_create_that_fails_in_a_run_fails_alone() {
    let mut db = Scratch::new().await;
    let now = Utc::now();
    let existing = plain();
    apply(&mut db.conn, &[&existing]).await;
    // The same id again: its INSERT breaks the primary key, and so the run's statement.
    let mut clash = once("clash", 1, now);
    clash.quote.id = existing.quote.id.clone();
    let (a, c) = (once("a", 1, now), plain());

    let outcomes = apply_run(&mut db.conn, &[&a, &clash, &c])
        .await
        .expect("the transaction holds");
    assert!(
        matches!(outcomes[1], Err(StoreError::Database(_))),
        "{:?}",
        outcomes[1]
    );
    let others: Vec<_> = [&outcomes[0], &outcomes[2]]
        .into_iter()
        .map(|o| o.as_ref().ok().cloned())
        .collect();
    assert_eq!(others, vec![Some(IdempotentCreate::Stored); 2]);
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
    let first = claim("k", 1, t0);
    let begun = ops::begin(
        &mut db.conn,
        first.ticket,
        &first.fingerprint,
        t0,
        LOCK_TIMEOUT,
    )
    .await;
    assert!(matches!(begun, Ok(Begin::New(_))), "{begun:?}");

    let late = once("k", 2, t0 + LOCK_TIMEOUT);
    let outcomes = apply(&mut db.conn, &[&late, &plain()]).await;
    assert_eq!(outcomes[0], Some(IdempotentCreate::Stored));
    let (claim, _) = late.once.as_ref().unwrap();
    let (print, lease, status, _, quote_id) = key_row(&mut db.conn, "k").await.unwrap();
    assert_eq!(
        (print, lease, status, quote_id),
        (
            claim.fingerprint.as_str().to_owned(),
            claim.ticket.lease.clone(),
            Some(201),
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

/// A `CreateOnce` job, its quote's id, and where its answer arrives.
fn create_once(key: &str, joints: u32) -> (Job, QuoteId, Answer<IdempotentCreate>) {
    let Insert { quote, once } = once(key, joints, Utc::now());
    let (claim, body) = once.unwrap();
    let id = quote.id.clone();
    let (reply, answer) = oneshot::channel();
    let job = Job::CreateOnce {
        claim,
        quote,
        body,
        reply,
    };
    (job, id, answer)
}

async fn outcome<T>(answer: Answer<T>) -> Option<T> {
    answer.await.expect("answered").ok()
}

#[tokio::test]
async fn in_one_batch_a_key_used_again_sees_what_its_first_use_did() {
    let db = Scratch::new().await;
    let (a, a_id, a_answer) = create_once("k", 1);
    let (again, _, again_answer) = create_once("k", 1);
    let (other_body, _, other_answer) = create_once("k", 2);
    let held = claim("held", 1, Utc::now());
    let (reply, begin_answer) = oneshot::channel();
    let begin = Job::Begin {
        ticket: held.ticket,
        fingerprint: held.fingerprint,
        now: held.now,
        lock_timeout: LOCK_TIMEOUT,
        reply,
    };
    let (after_begin, _, after_begin_answer) = create_once("held", 1);
    let jobs = vec![a, again, other_body, begin, after_begin];

    let mut conn = None;
    commit_batch(&db.options, &mut conn, jobs.into_iter()).await;

    assert_eq!(outcome(a_answer).await, Some(IdempotentCreate::Stored));
    let replay = outcome(again_answer).await;
    assert!(
        matches!(&replay, Some(IdempotentCreate::Taken(KeyTaken::Replay(r))) if r.quote_id == Some(a_id.clone())),
        "{replay:?}"
    );
    assert_eq!(
        outcome(other_answer).await,
        Some(IdempotentCreate::Taken(KeyTaken::Mismatch))
    );
    assert!(matches!(outcome(begin_answer).await, Some(Begin::New(_))));
    assert_eq!(
        outcome(after_begin_answer).await,
        Some(IdempotentCreate::Taken(KeyTaken::InProgress))
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM quotes")
        .fetch_one(conn.as_mut().expect("the writer kept its connection"))
        .await
        .unwrap();
    assert_eq!(stored, 1);
    db.finish().await;
}
