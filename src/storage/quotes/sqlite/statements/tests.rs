//! The bulk statements: their text, and how SQLite runs the key lookup.

use sqlx::Row;

use super::*;
use crate::storage::quotes::sqlite::scratch::Scratch;

#[test]
fn each_length_has_one_statement_with_a_group_of_placeholders_a_row() {
    for (sql, width) in [
        (find_keys_sql as fn(usize) -> &'static str, 2),
        (insert_quotes_sql, 12),
        (record_keys_sql, 7),
    ] {
        for rows in [1, 2, 7, MAX_ROWS] {
            let text = sql(rows);
            assert_eq!(text.matches('?').count(), rows * width, "{text}");
            let group = format!("({})", vec!["?"; width].join(", "));
            assert_eq!(text.matches(&group).count(), rows, "{text}");
            assert!(std::ptr::eq(text, sql(rows)), "built once, kept");
        }
    }
}

#[tokio::test]
async fn keys_are_looked_up_through_the_primary_key_not_a_scan() {
    let mut db = Scratch::new().await;
    let plan = format!("EXPLAIN QUERY PLAN {}", find_keys_sql(3));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(plan));
    for i in 0..3 {
        query = query.bind("key:acme-clinic-web").bind(format!("k{i}"));
    }
    let details: Vec<String> = query
        .fetch_all(&mut db.conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("detail"))
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("SEARCH k USING") && d.contains("scope=? AND idempotency_key=?")),
        "{details:?}"
    );
    assert!(
        !details.iter().any(|d| d.starts_with("SCAN k")),
        "{details:?}"
    );
    db.finish().await;
}
