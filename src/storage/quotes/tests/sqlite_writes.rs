//! SQLite only: writers from several stores (as from several processes) and a foreign lock
//! holder never turn into busy errors, and the group-commit throughput measurement.

use std::time::{Duration, Instant};

use std::convert::Infallible;

use chrono::Utc;

use super::draft;
use super::harness::{TestDb, policy};
use crate::storage::Database;
use crate::storage::quotes::{
    CreateError, Created, Fingerprint, IdempotencyScope, IdempotentRequest, QuoteStore,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_sharing_one_sqlite_file_wait_for_each_other_instead_of_failing() {
    let db = TestDb::sqlite().await;
    let second_db = Database::connect(&db.settings).await.unwrap();
    let second = QuoteStore::new(&second_db, policy());
    let Database::Sqlite(pool) = second_db.clone() else {
        unreachable!("a sqlite: url opens SQLite")
    };
    // A foreign writer holds the write lock for a while, as another process could.
    let foreign = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let store = if i % 2 == 0 {
                db.store.clone()
            } else {
                second.clone()
            };
            tokio::spawn(async move {
                store
                    .create(None, Utc::now(), || Ok::<_, Infallible>(draft()))
                    .await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    foreign.commit().await.unwrap();
    for task in tasks {
        let Created::Stored(quote) = task.await.unwrap().expect("no busy error") else {
            panic!("no key, no replay");
        };
        assert!(db.store.get(&quote.id).await.unwrap().is_some());
    }
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_held_in_the_process_is_freed_when_its_request_ends() {
    let db = TestDb::sqlite().await;
    let request = IdempotentRequest {
        scope: IdempotencyScope::ApiKey("acme-clinic-web".parse().unwrap()),
        key: "dropped".parse().unwrap(),
        fingerprint: Fingerprint::of_json(&serde_json::json!({"joints": 1})),
    };
    // A request whose quote cannot be built held the key in the process, then let it go.
    let failed = db
        .store
        .create(Some(request.clone()), Utc::now(), || {
            Err::<super::QuoteDraft, _>(())
        })
        .await;
    assert!(matches!(failed, Err(CreateError::Build(()))), "{failed:?}");
    let stored = db
        .store
        .create(Some(request), Utc::now(), || Ok::<_, ()>(draft()))
        .await;
    assert!(matches!(stored, Ok(Created::Stored(_))), "{stored:?}");
    db.finish().await;
}

#[tokio::test]
async fn the_sqlite_file_is_wal_and_syncs_every_commit() {
    let db = TestDb::sqlite().await;
    let Database::Sqlite(pool) = &db.database else {
        unreachable!("a sqlite: url opens SQLite")
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2), "2 is FULL");
    db.finish().await;
}

/// Durable quote inserts per second through the group-commit writer, by one caller (one
/// commit per quote) and by 64 concurrent callers (commits shared). Run with
/// `cargo test --lib sqlite_group_commit_throughput -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check; run it on purpose"]
async fn sqlite_group_commit_throughput() {
    for (callers, per_caller) in [(1, 500), (64, 200)] {
        let db = TestDb::sqlite().await;
        let started = Instant::now();
        let tasks: Vec<_> = (0..callers)
            .map(|_| {
                let store = db.store.clone();
                tokio::spawn(async move {
                    for _ in 0..per_caller {
                        store
                            .create(None, Utc::now(), || Ok::<_, Infallible>(draft()))
                            .await
                            .unwrap();
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let elapsed = started.elapsed();
        let total = callers * per_caller;
        println!(
            "{total} durable quote inserts by {callers} concurrent callers in {elapsed:.2?}: \
             {:.0}/s",
            total as f64 / elapsed.as_secs_f64()
        );
        db.finish().await;
    }
}
