//! PostgreSQL start-up: a server that was down when the service started is migrated once it
//! answers, and until then the store reports it unavailable.

use sqlx::postgres::PgPoolOptions;

use super::harness::{TestDb, policy};
use super::{create, draft};
use crate::quoting::QuoteId;
use crate::storage::Database;
use crate::storage::DatabaseSettings;
use crate::storage::quotes::{QuoteStore, StoreError};

#[tokio::test]
async fn an_unreachable_postgres_lets_the_service_start_and_is_reported_unavailable() {
    let settings = DatabaseSettings {
        url: "postgres://regenquote@127.0.0.1:1/regenquote".into(),
        max_connections: 2,
    };
    let database = Database::connect(&settings).await.expect("starts anyway");
    let store = QuoteStore::new(&database, policy());
    let err = store.get(&QuoteId::generate()).await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_schema_missed_at_start_up_is_migrated_on_first_use() {
    // A lazy pool never migrated, as when the server was down during start-up.
    let Some(db) = TestDb::postgres_opened_by(|settings| async move {
        Database::Postgres(PgPoolOptions::new().connect_lazy(&settings.url).unwrap())
    })
    .await
    else {
        return;
    };
    let quote = create(&db, draft()).await.unwrap();
    assert!(db.store.get(&quote.id).await.unwrap().is_some());
    db.finish().await;
}
