//! Storage: the database (an embedded SQLite file by default, PostgreSQL when several
//! replicas share quotes, chosen by the scheme of `database.url`) and the quote store over it
//! ([`quotes`]). Owns the schema migrations of both (`migrations/sqlite`,
//! `migrations/postgres`), which run when the database is opened.

pub mod centers;
pub mod quotes;
pub mod webhooks;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use serde::Deserialize;

/// The SQLite schema, embedded in the binary.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The PostgreSQL schema, embedded in the binary.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// A pool for one of the supported databases.
#[derive(Debug, Clone)]
pub enum Database {
    /// Embedded SQLite (WAL, `synchronous=FULL`).
    Sqlite(SqlitePool),
    /// A shared PostgreSQL server.
    Postgres(PgPool),
}

impl Database {
    /// Opens the database named by `settings.url`, creating an SQLite file (and its directory)
    /// if needed, and brings its schema up to date.
    ///
    /// SQLite is migrated here and a failure stops start-up. A PostgreSQL pool connects lazily,
    /// so the service starts while the server is down and `/health/ready` reports it: when the
    /// server answers now, it is migrated now and a migration failure (such as a schema newer
    /// than this binary) stops start-up; when it does not, the quote store migrates it before
    /// its first operation.
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Database> {
        let url = settings.url.as_str();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(settings.max_connections)
                .acquire_timeout(Duration::from_secs(3))
                .connect_lazy(url)
                .context("database.url is not a valid PostgreSQL URL")?;
            match pool.acquire().await {
                Ok(conn) => {
                    drop(conn);
                    migrate_postgres(&pool)
                        .await
                        .context("cannot migrate the PostgreSQL schema")?;
                }
                Err(e) => tracing::warn!(
                    error = %e,
                    "PostgreSQL is unreachable; its schema will be migrated once it answers"
                ),
            }
            Ok(Database::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("database.url is not a valid SQLite URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5));
            if let Some(dir) = Path::new(options.get_filename()).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the database directory {}", dir.display())
                })?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(settings.max_connections)
                .connect_with(options)
                .await
                .context("cannot open the SQLite database")?;
            SQLITE_MIGRATIONS
                .run(&pool)
                .await
                .context("cannot migrate the SQLite schema")?;
            Ok(Database::Sqlite(pool))
        } else {
            anyhow::bail!("database.url must start with sqlite: or postgres://")
        }
    }

    /// Answers whether the database takes a trivial query within two seconds.
    pub async fn ping(&self) -> bool {
        let query = async {
            match self {
                Database::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
                Database::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            }
        };
        matches!(
            tokio::time::timeout(Duration::from_secs(2), query).await,
            Ok(Ok(()))
        )
    }

    /// `sqlite` or `postgres`.
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }
}

/// Brings the PostgreSQL schema up to date; concurrent replicas wait on the migrator's advisory
/// lock. It runs as its own task, so a caller that stops waiting cannot interrupt a migration
/// halfway and leave that lock held on a pooled connection.
pub async fn migrate_postgres(pool: &PgPool) -> Result<(), MigrateError> {
    let pool = pool.clone();
    tokio::spawn(async move { POSTGRES_MIGRATIONS.run(&pool).await })
        .await
        .unwrap_or(Err(MigrateError::Execute(sqlx::Error::WorkerCrashed)))
}

/// Where quotes are stored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.sqlite` (created if missing) or `postgres://…`.
    pub url: String,
    /// Largest number of pooled connections.
    pub max_connections: u32,
}
