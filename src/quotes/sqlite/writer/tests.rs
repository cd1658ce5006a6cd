//! Batches straight on a scratch file.

use chrono::Utc;
use tokio::sync::oneshot;

use super::*;
use crate::quotes::sqlite::scratch::Scratch;

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
