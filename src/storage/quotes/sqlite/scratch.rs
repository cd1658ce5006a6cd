//! A migrated SQLite file of its own for a test, with a connection to it.

use std::path::PathBuf;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};

use crate::storage::Database;
use crate::storage::DatabaseSettings;

pub(super) struct Scratch {
    pub conn: SqliteConnection,
    /// How to open another connection to the file.
    pub options: SqliteConnectOptions,
    dir: PathBuf,
}

impl Scratch {
    pub async fn new() -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("regenquote-sqlite-{:016x}", rand::random::<u64>()));
        let settings = DatabaseSettings {
            url: format!("sqlite://{}", dir.join("quotes.sqlite").display()),
            max_connections: 1,
        };
        let Database::Sqlite(pool) = Database::connect(&settings).await.expect("sqlite opens")
        else {
            unreachable!("a sqlite: url opens SQLite")
        };
        let options = (*pool.connect_options()).clone();
        let conn = options.connect().await.expect("connects");
        pool.close().await;
        Scratch { conn, options, dir }
    }

    pub async fn finish(self) {
        drop(self.conn);
        let _ = std::fs::remove_dir_all(self.dir);
    }
}
