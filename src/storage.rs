//! The database: an embedded SQLite file by default, PostgreSQL when several replicas share
//! quotes. Chosen by the scheme of `database.url`.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::configuration::DatabaseSettings;

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
    /// if needed. A PostgreSQL pool connects lazily, so the service starts while the server is
    /// down and `/health/ready` reports it.
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Database> {
        let url = settings.url.as_str();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(settings.max_connections)
                .acquire_timeout(Duration::from_secs(3))
                .connect_lazy(url)
                .context("database.url is not a valid PostgreSQL URL")?;
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
