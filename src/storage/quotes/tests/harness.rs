//! Scratch databases for the store tests, and the macro that runs one test on both.

use std::path::PathBuf;

use chrono::TimeDelta;
use sqlx::PgPool;

use crate::storage::Database;
use crate::storage::DatabaseSettings;
use crate::storage::quotes::{QuotePolicy, QuoteStore};

/// Runs each named `async fn(&TestDb)` once on SQLite and once on PostgreSQL.
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = crate::storage::quotes::tests::harness::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = crate::storage::quotes::tests::harness::TestDb::postgres().await else {
                        return;
                    };
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

pub fn policy() -> QuotePolicy {
    QuotePolicy {
        valid_for: TimeDelta::days(30),
        retention: TimeDelta::hours(24),
        lock_timeout: TimeDelta::seconds(60),
    }
}

/// A store over a database of its own, removed by `finish`.
pub struct TestDb {
    pub store: QuoteStore,
    pub database: Database,
    pub settings: DatabaseSettings,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    Schema { admin: PgPool, name: String },
}

impl TestDb {
    /// A fresh SQLite file in a scratch directory.
    pub async fn sqlite() -> TestDb {
        let dir =
            std::env::temp_dir().join(format!("regenquote-quotes-{:016x}", rand::random::<u64>()));
        let settings = DatabaseSettings {
            url: format!("sqlite://{}", dir.join("quotes.sqlite").display()),
            max_connections: 8,
        };
        let database = Database::connect(&settings).await.expect("sqlite opens");
        TestDb {
            store: QuoteStore::new(&database, policy()),
            database,
            settings,
            cleanup: Cleanup::Directory(dir),
        }
    }

    /// A fresh schema in `TEST_DATABASE_URL`, or `None` (and a note) when it is not set.
    pub async fn postgres() -> Option<TestDb> {
        TestDb::postgres_opened_by(|settings| async move {
            Database::connect(&settings).await.expect("postgres opens")
        })
        .await
    }

    /// Like [`TestDb::postgres`], with the database opened by `open`.
    pub async fn postgres_opened_by<F: Future<Output = Database>>(
        open: impl FnOnce(DatabaseSettings) -> F,
    ) -> Option<TestDb> {
        let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
            // CI has PostgreSQL: a missing URL there is a broken run, not a reason to skip.
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but TEST_DATABASE_URL is not set"
            );
            println!("skipped: TEST_DATABASE_URL is not set");
            return None;
        };
        let name = format!("rq_test_{:016x}", rand::random::<u64>());
        let admin = PgPool::connect(&url)
            .await
            .expect("TEST_DATABASE_URL answers");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .execute(&admin)
            .await
            .expect("scratch schema created");
        let separator = if url.contains('?') { '&' } else { '?' };
        let settings = DatabaseSettings {
            url: format!("{url}{separator}options=-c%20search_path%3D{name}"),
            max_connections: 8,
        };
        let database = open(settings.clone()).await;
        Some(TestDb {
            store: QuoteStore::new(&database, policy()),
            database,
            settings,
            cleanup: Cleanup::Schema { admin, name },
        })
    }

    /// Removes the scratch database (a failed test leaves it for inspection).
    pub async fn finish(self) {
        match self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Schema { admin, name } => {
                if let Database::Postgres(pool) = &self.database {
                    pool.close().await;
                }
                let drop = format!("DROP SCHEMA {name} CASCADE");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                    .execute(&admin)
                    .await;
            }
        }
    }
}

/// Runs `sql` straight on the database, bypassing the store.
pub async fn raw_execute(database: &Database, sql: String) -> Result<u64, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(sql);
    match database {
        Database::Sqlite(pool) => Ok(sqlx::raw_sql(sql).execute(pool).await?.rows_affected()),
        Database::Postgres(pool) => Ok(sqlx::raw_sql(sql).execute(pool).await?.rows_affected()),
    }
}
