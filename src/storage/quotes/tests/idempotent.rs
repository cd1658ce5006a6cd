//! Idempotent creation on both databases, through the one protocol: replays, another body,
//! a request still running, a quote that cannot be built, abandonment, scoping, purging and a
//! burst of concurrent retries.

use std::convert::Infallible;
use std::sync::mpsc;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use serde_json::json;

use super::harness::TestDb;
use super::{count_quotes, draft, replacement_of};
use crate::quoting::{QuoteDraft, QuoteId};
use crate::storage::Database;
use crate::storage::quotes::{
    CreateError, Created, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotentRequest,
    StoreError,
};

/// What a create answered, in a form tests compare.
#[derive(Debug, PartialEq)]
enum Outcome {
    Stored(QuoteId),
    Replayed(QuoteId),
    KeyReused,
    KeyInProgress,
    BuildFailed,
    Store(String),
}

fn scope() -> IdempotencyScope {
    IdempotencyScope::ApiKey("acme-clinic-web".parse().unwrap())
}

/// A key no other test uses, so tests may share a database.
fn fresh_key() -> IdempotencyKey {
    format!("key-{:032x}", rand::random::<u128>())
        .parse()
        .unwrap()
}

fn request(key: &IdempotencyKey, joints: u32) -> IdempotentRequest {
    IdempotentRequest {
        scope: scope(),
        key: key.clone(),
        fingerprint: Fingerprint::of_json(
            &json!({"therapy": "knee_msc_injection", "joints": joints}),
        ),
    }
}

fn outcome(result: Result<Created, CreateError<()>>) -> Outcome {
    match result {
        Ok(Created::Stored(q)) => Outcome::Stored(q.id),
        Ok(Created::Replayed(q)) => Outcome::Replayed(q.id),
        Err(CreateError::KeyReused) => Outcome::KeyReused,
        Err(CreateError::KeyInProgress) => Outcome::KeyInProgress,
        Err(CreateError::Build(())) => Outcome::BuildFailed,
        Err(CreateError::Store(e)) => Outcome::Store(e.to_string()),
    }
}

/// Creates the fixture quote under `key` for a body of `joints` joints at `now`.
async fn create_with(
    db: &TestDb,
    key: &IdempotencyKey,
    joints: u32,
    now: DateTime<Utc>,
) -> Outcome {
    create_built(db, key, joints, now, Ok(draft())).await
}

/// Like [`create_with`], with `built` as what building the quote gives.
async fn create_built(
    db: &TestDb,
    key: &IdempotencyKey,
    joints: u32,
    now: DateTime<Utc>,
    built: Result<QuoteDraft, ()>,
) -> Outcome {
    outcome(
        db.store
            .create(Some(request(key, joints)), now, || built)
            .await,
    )
}

async fn a_key_replays_its_quote_for_the_same_body_and_stores_nothing_more(db: &TestDb) {
    let key = fresh_key();
    let Outcome::Stored(id) = create_with(db, &key, 1, Utc::now()).await else {
        panic!("the first create stores");
    };
    let before = count_quotes(db).await;
    assert_eq!(
        create_with(db, &key, 1, Utc::now()).await,
        Outcome::Replayed(id.clone())
    );
    assert_eq!(count_quotes(db).await, before);
    let Ok(Created::Replayed(replayed)) = db
        .store
        .create(Some(request(&key, 1)), Utc::now(), || {
            Ok::<_, Infallible>(draft())
        })
        .await
    else {
        panic!("a replay");
    };
    let stored = db.store.get(&id).await.unwrap().unwrap();
    assert_eq!(replayed.view_as_created(), stored.view_as_created());
}

async fn a_key_refuses_another_body_and_stores_nothing(db: &TestDb) {
    let key = fresh_key();
    create_with(db, &key, 1, Utc::now()).await;
    let before = count_quotes(db).await;
    assert_eq!(
        create_with(db, &key, 2, Utc::now()).await,
        Outcome::KeyReused
    );
    assert_eq!(count_quotes(db).await, before);
}

async fn while_a_request_builds_its_quote_its_key_is_in_progress(db: &TestDb) {
    let key = fresh_key();
    let (building, built) = (mpsc::channel::<()>(), mpsc::channel::<()>());
    let (started, release) = (building.0, built.1);
    let first = {
        let (store, key) = (db.store.clone(), key.clone());
        tokio::spawn(async move {
            let build = move || {
                started.send(()).unwrap();
                // Holds the key until the test lets it go. The wait hands this worker's other
                // tasks to another thread, as a long build would have to.
                tokio::task::block_in_place(|| release.recv().unwrap());
                Ok::<_, ()>(draft())
            };
            outcome(
                store
                    .create(Some(request(&key, 1)), Utc::now(), build)
                    .await,
            )
        })
    };
    tokio::task::spawn_blocking(move || building.1.recv().unwrap())
        .await
        .unwrap();
    assert_eq!(
        create_with(db, &key, 1, Utc::now()).await,
        Outcome::KeyInProgress
    );
    assert_eq!(
        create_with(db, &key, 2, Utc::now()).await,
        Outcome::KeyReused
    );
    built.0.send(()).unwrap();
    let Outcome::Stored(id) = first.await.unwrap() else {
        panic!("the first request stores its quote");
    };
    assert_eq!(
        create_with(db, &key, 1, Utc::now()).await,
        Outcome::Replayed(id)
    );
}

async fn a_key_whose_quote_cannot_be_built_is_free_again(db: &TestDb) {
    let key = fresh_key();
    assert_eq!(
        create_built(db, &key, 1, Utc::now(), Err(())).await,
        Outcome::BuildFailed
    );
    let again = create_with(db, &key, 2, Utc::now()).await;
    assert!(matches!(again, Outcome::Stored(_)), "{again:?}");
}

async fn a_key_that_answered_before_answers_even_when_nothing_can_be_built(db: &TestDb) {
    let key = fresh_key();
    let Outcome::Stored(id) = create_with(db, &key, 1, Utc::now()).await else {
        panic!("the first create stores");
    };
    assert_eq!(
        create_built(db, &key, 1, Utc::now(), Err(())).await,
        Outcome::Replayed(id)
    );
    assert_eq!(
        create_built(db, &key, 2, Utc::now(), Err(())).await,
        Outcome::KeyReused
    );
}

async fn a_failed_insert_stores_nothing_and_leaves_its_key_free(db: &TestDb) {
    let key = fresh_key();
    let before = count_quotes(db).await;
    let failed = create_built(
        db,
        &key,
        1,
        Utc::now(),
        Ok(replacement_of(&QuoteId::generate())),
    )
    .await;
    assert!(
        matches!(&failed, Outcome::Store(e) if e.contains("replaces")),
        "{failed:?}"
    );
    assert_eq!(count_quotes(db).await, before);
    let again = create_with(db, &key, 2, Utc::now()).await;
    assert!(matches!(again, Outcome::Stored(_)), "{again:?}");
}

/// Writes a key row held by a request that never answered it, locked at `at`, as a request
/// of another replica (or of the first version of the service) leaves one behind.
async fn held_row(db: &TestDb, key: &IdempotencyKey, joints: u32, at: DateTime<Utc>) {
    let print = request(key, joints).fingerprint;
    let (scope, key, print) = (scope().as_stored(), key.as_str(), print.as_str());
    let sql = match db.database {
        Database::Sqlite(_) => format!(
            "INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at, \
             locked_at, lease) VALUES ('{scope}', '{key}', '{print}', {ms}, {ms}, 'gone')",
            ms = at.timestamp_millis()
        ),
        Database::Postgres(_) => format!(
            "INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at, \
             locked_at, lease) VALUES ('{scope}', '{key}', '{print}', '{t}', '{t}', 'gone')",
            t = at.to_rfc3339()
        ),
    };
    super::raw_execute(&db.database, sql).await.unwrap();
}

async fn a_key_held_past_the_lock_timeout_is_taken_over(db: &TestDb) {
    let key = fresh_key();
    // Whole seconds: PostgreSQL keeps microseconds and would round a finer instant.
    let t0 = Utc::now().trunc_subsecs(0);
    held_row(db, &key, 1, t0).await;
    let waiting = create_with(db, &key, 1, t0 + TimeDelta::seconds(59)).await;
    assert_eq!(waiting, Outcome::KeyInProgress);
    let other_body = create_with(db, &key, 2, t0 + TimeDelta::seconds(59)).await;
    assert_eq!(other_body, Outcome::KeyReused);
    let taken_over = create_with(db, &key, 2, t0 + TimeDelta::seconds(60)).await;
    assert!(matches!(taken_over, Outcome::Stored(_)), "{taken_over:?}");
}

async fn the_same_key_from_two_callers_is_two_keys(db: &TestDb) {
    let key = fresh_key();
    create_with(db, &key, 1, Utc::now()).await;
    let other = IdempotentRequest {
        scope: IdempotencyScope::ApiKey("other-clinic-web".parse().unwrap()),
        ..request(&key, 2)
    };
    let created = db
        .store
        .create(Some(other), Utc::now(), || Ok::<_, ()>(draft()))
        .await;
    assert!(matches!(created, Ok(Created::Stored(_))), "{created:?}");
}

async fn purging_forgets_keys_past_retention_and_keeps_the_rest(db: &TestDb) {
    let (old, young) = (fresh_key(), fresh_key());
    let now = Utc::now();
    create_with(db, &old, 1, now - TimeDelta::hours(25)).await;
    create_with(db, &young, 1, now - TimeDelta::hours(23)).await;
    assert!(db.store.purge_idempotency_keys(now).await.unwrap() >= 1);
    let forgotten = create_with(db, &old, 2, now).await;
    assert!(matches!(forgotten, Outcome::Stored(_)), "{forgotten:?}");
    assert_eq!(create_with(db, &young, 2, now).await, Outcome::KeyReused);
}

async fn twenty_concurrent_creates_with_one_key_store_one_quote(db: &TestDb) {
    let key = fresh_key();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, key) = (db.store.clone(), key.clone());
            tokio::spawn(async move {
                let created = store
                    .create(Some(request(&key, 1)), Utc::now(), || Ok::<_, ()>(draft()))
                    .await;
                outcome(created)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let stored: Vec<&QuoteId> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Stored(id) => Some(id),
            _ => None,
        })
        .collect();
    let [stored] = stored[..] else {
        panic!("expected exactly one stored, got {outcomes:?}");
    };
    for outcome in &outcomes {
        match outcome {
            Outcome::Stored(_) | Outcome::KeyInProgress => {}
            Outcome::Replayed(id) => assert_eq!(id, stored),
            other => panic!("one body, yet {other:?}"),
        }
    }
}

on_both_databases!(
    a_key_replays_its_quote_for_the_same_body_and_stores_nothing_more,
    a_key_refuses_another_body_and_stores_nothing,
    while_a_request_builds_its_quote_its_key_is_in_progress,
    a_key_whose_quote_cannot_be_built_is_free_again,
    a_key_that_answered_before_answers_even_when_nothing_can_be_built,
    a_failed_insert_stores_nothing_and_leaves_its_key_free,
    a_key_held_past_the_lock_timeout_is_taken_over,
    the_same_key_from_two_callers_is_two_keys,
    purging_forgets_keys_past_retention_and_keeps_the_rest,
    twenty_concurrent_creates_with_one_key_store_one_quote,
);

/// On PostgreSQL a claimed key is a row every replica sees, so a request that outlives the
/// lock timeout loses its key to a retry and cannot store its quote under it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_that_loses_its_key_to_a_takeover_stores_nothing() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let key = fresh_key();
    let t0 = Utc::now();
    let (building, built) = (mpsc::channel::<()>(), mpsc::channel::<()>());
    let (started, release) = (building.0, built.1);
    let first = {
        let (store, key) = (db.store.clone(), key.clone());
        tokio::spawn(async move {
            let build = move || {
                started.send(()).unwrap();
                tokio::task::block_in_place(|| release.recv().unwrap());
                Ok::<_, ()>(draft())
            };
            outcome(store.create(Some(request(&key, 1)), t0, build).await)
        })
    };
    tokio::task::spawn_blocking(move || building.1.recv().unwrap())
        .await
        .unwrap();
    let taken_over = create_with(&db, &key, 2, t0 + TimeDelta::seconds(60)).await;
    assert!(matches!(taken_over, Outcome::Stored(_)), "{taken_over:?}");
    built.0.send(()).unwrap();
    let late = first.await.unwrap();
    assert!(
        matches!(&late, Outcome::Store(e) if e.contains("took this key over")),
        "{late:?}"
    );
    let _ = StoreError::LeaseLost;
    db.finish().await;
}
