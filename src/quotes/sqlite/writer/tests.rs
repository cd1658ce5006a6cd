//! Batches straight on a scratch file: what each job answers and what is stored.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
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
