//! The quote tables' columns, listed once. Every statement either database runs on
//! `quotes`, `idempotency_keys` and `good_faith_estimates` is built from these lists, every
//! value is bound in their order, and every row is read back by their names, so a new column
//! is one entry here, one value in [`quote_values`] (or [`estimate_values`]) and one field in
//! [`QuoteRow`] (or [`EstimateRow`]), plus its migration.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::keys::KeyRow;
use super::vocab::{Claim, Fingerprint, StoreError, corrupt};
use crate::gfe::IssuedEstimate;
use crate::money::Cents;
use crate::quoting::{JsonText, NewQuote, QuoteId, QuoteTotal, StoredQuote, Supersession};

/// How a column's values travel to and from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text, possibly NULL.
    Text,
    /// An instant: Unix milliseconds on SQLite, `timestamptz` on PostgreSQL.
    Time,
    /// A 64-bit integer.
    Int,
    /// JSON text, kept byte for byte (`json` on PostgreSQL).
    Json,
}

/// The `quotes` table, in the order statements list and bind it.
pub(crate) const QUOTES: [(&str, Kind); 12] = [
    ("id", Kind::Text),
    ("created_at", Kind::Time),
    ("expires_at", Kind::Time),
    ("replaces", Kind::Text),
    ("owner_key_id", Kind::Text),
    ("price_book_version", Kind::Text),
    ("therapy", Kind::Text),
    ("total_low_cents", Kind::Int),
    ("total_typical_cents", Kind::Int),
    ("total_high_cents", Kind::Int),
    ("snapshot", Kind::Json),
    ("signed_quote", Kind::Text),
];

/// The `idempotency_keys` table, in the order statements list and bind it. A key whose
/// `quote_id` is NULL is held by the request that claimed it (`lease` names that claim).
pub(crate) const KEYS: [(&str, Kind); 7] = [
    ("scope", Kind::Text),
    ("idempotency_key", Kind::Text),
    ("fingerprint", Kind::Text),
    ("created_at", Kind::Time),
    ("locked_at", Kind::Time),
    ("lease", Kind::Text),
    ("quote_id", Kind::Text),
];

/// The `good_faith_estimates` table, in the order statements list and bind it. `record` holds
/// each provider's expected charges: never the patient's name, date of birth or diagnoses.
pub(crate) const ESTIMATES: [(&str, Kind); 4] = [
    ("id", Kind::Text),
    ("quote_id", Kind::Text),
    ("issued_at", Kind::Time),
    ("record", Kind::Json),
];

/// One value to bind, of a column's [`Kind`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// Text (`None` is NULL).
    Text(Option<&'a str>),
    /// An instant.
    Time(DateTime<Utc>),
    /// An integer.
    Int(i64),
    /// JSON text.
    Json(&'a str),
}

#[cfg(test)]
impl Value<'_> {
    /// The kind of column this value belongs in.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Text(_) => Kind::Text,
            Value::Time(_) => Kind::Time,
            Value::Int(_) => Kind::Int,
            Value::Json(_) => Kind::Json,
        }
    }
}

/// A new quote's values, in [`QUOTES`] order.
pub(crate) fn quote_values(q: &NewQuote) -> [Value<'_>; 12] {
    let [low, typical, high] = q.total.as_stored();
    [
        Value::Text(Some(q.id.as_str())),
        Value::Time(q.created_at),
        Value::Time(q.expires_at),
        Value::Text(q.replaces.as_ref().map(QuoteId::as_str)),
        Value::Text(q.owner_key_id.as_ref().map(|k| k.as_str())),
        Value::Text(Some(&q.price_book_version)),
        Value::Text(Some(q.therapy.as_str())),
        Value::Int(low),
        Value::Int(typical),
        Value::Int(high),
        Value::Json(q.content.as_str()),
        Value::Text(q.signed_quote.as_deref()),
    ]
}

/// A claimed key's values, in [`KEYS`] order: held (no quote yet) or answered by `quote`.
pub(crate) fn key_values<'a>(claim: &'a Claim, quote: Option<&'a QuoteId>) -> [Value<'a>; 7] {
    [
        Value::Text(Some(&claim.scope)),
        Value::Text(Some(claim.key.as_str())),
        Value::Text(Some(claim.fingerprint.as_str())),
        Value::Time(claim.now),
        Value::Time(claim.now),
        Value::Text(Some(&claim.lease)),
        Value::Text(quote.map(QuoteId::as_str)),
    ]
}

/// An issued estimate's values, in [`ESTIMATES`] order, with its record written as JSON once.
pub(crate) fn estimate_values<'a>(e: &'a IssuedEstimate, record: &'a str) -> [Value<'a>; 4] {
    [
        Value::Text(Some(e.id.as_str())),
        Value::Text(Some(e.quote_id.as_str())),
        Value::Time(e.issued_at),
        Value::Json(record),
    ]
}

/// The record column of `e`: its charges as JSON.
pub(crate) fn estimate_record(e: &IssuedEstimate) -> Result<String, StoreError> {
    serde_json::to_string(&e.charges).map_err(|err| corrupt("record", err))
}

/// The `SELECT` of one issued estimate by id: every column of [`ESTIMATES`].
pub(crate) fn select_estimate_sql(dialect: Dialect) -> String {
    let columns: Vec<String> = ESTIMATES
        .iter()
        .map(|&column| dialect.select("g", column))
        .collect();
    format!(
        "SELECT {} FROM good_faith_estimates g WHERE g.id = {}",
        columns.join(", "),
        dialect.placeholder(1, Kind::Text)
    )
}

/// A `good_faith_estimates` row, in plain column types.
pub(crate) struct EstimateRow {
    pub id: String,
    pub quote_id: String,
    pub issued_at: DateTime<Utc>,
    pub record: String,
}

impl EstimateRow {
    /// The row as an issued estimate; a value that does not parse is reported as corrupt.
    pub fn into_issued(self) -> Result<IssuedEstimate, StoreError> {
        Ok(IssuedEstimate {
            id: self.id.parse().map_err(|e| corrupt("id", e))?,
            quote_id: quote_id("quote_id", self.quote_id)?,
            issued_at: self.issued_at,
            charges: serde_json::from_str(&self.record).map_err(|e| corrupt("record", e))?,
        })
    }
}

/// Where the two databases' SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `?` placeholders; JSON is text.
    Sqlite,
    /// `$n` placeholders; JSON is cast to and from `json`.
    Postgres,
}

impl Dialect {
    /// The placeholder of the `n`th bound value (from 1) going into a column of `kind`.
    fn placeholder(self, n: usize, kind: Kind) -> String {
        match (self, kind) {
            (Dialect::Sqlite, _) => "?".to_owned(),
            (Dialect::Postgres, Kind::Json) => format!("${n}::json"),
            (Dialect::Postgres, _) => format!("${n}"),
        }
    }

    /// The column as selected from table alias `alias`, read back as text where needed.
    fn select(self, alias: &str, (name, kind): (&str, Kind)) -> String {
        match (self, kind) {
            (Dialect::Postgres, Kind::Json) => format!("{alias}.{name}::text AS {name}"),
            _ => format!("{alias}.{name}"),
        }
    }
}

/// `INSERT INTO table (columns) VALUES (…), …` for `rows` rows, followed by `tail`.
pub(crate) fn insert_sql(
    dialect: Dialect,
    table: &str,
    columns: &[(&str, Kind)],
    rows: usize,
    tail: &str,
) -> String {
    let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for (i, (_, kind)) in columns.iter().enumerate() {
            n += 1;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&dialect.placeholder(n, *kind));
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// The `SELECT` of one quote by id, with its supersession: every column of [`QUOTES`], then
/// `superseded_by` and `superseded_at`.
pub(crate) fn select_quote_sql(dialect: Dialect) -> String {
    let mut sql = String::from("SELECT ");
    for column in QUOTES {
        let _ = write!(sql, "{}, ", dialect.select("q", column));
    }
    let id = dialect.placeholder(1, Kind::Text);
    let _ = write!(
        sql,
        "s.superseded_by, s.superseded_at FROM quotes q \
         LEFT JOIN quote_supersessions s ON s.quote_id = q.id WHERE q.id = {id}"
    );
    sql
}

/// The key columns a decision reads, selected by `scope` and `idempotency_key`.
pub(crate) fn select_key_sql(dialect: Dialect, lock: bool) -> String {
    let (scope, key) = (
        dialect.placeholder(1, Kind::Text),
        dialect.placeholder(2, Kind::Text),
    );
    let lock = if lock { " FOR UPDATE" } else { "" };
    format!(
        "SELECT fingerprint, locked_at, quote_id FROM idempotency_keys \
         WHERE scope = {scope} AND idempotency_key = {key}{lock}"
    )
}

/// A `quotes` row joined with its supersession, in plain column types.
pub(crate) struct QuoteRow {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub replaces: Option<String>,
    pub owner_key_id: Option<String>,
    pub price_book_version: String,
    pub therapy: String,
    pub total_low_cents: i64,
    pub total_typical_cents: i64,
    pub total_high_cents: i64,
    pub snapshot: String,
    pub signed_quote: Option<String>,
    pub superseded_by: Option<String>,
    pub superseded_at: Option<DateTime<Utc>>,
}

fn quote_id(column: &str, text: String) -> Result<QuoteId, StoreError> {
    text.parse().map_err(|e| corrupt(column, e))
}

fn optional_id(column: &str, text: Option<String>) -> Result<Option<QuoteId>, StoreError> {
    text.map(|t| quote_id(column, t)).transpose()
}

fn cents(column: &str, value: i64) -> Result<Cents, StoreError> {
    u64::try_from(value)
        .map(Cents::new)
        .map_err(|e| corrupt(column, e))
}

impl QuoteRow {
    /// The row as a quote; a value that does not parse is reported as corrupt, not guessed.
    pub fn into_stored(self) -> Result<StoredQuote, StoreError> {
        let total = QuoteTotal::new(
            cents("total_low_cents", self.total_low_cents)?,
            cents("total_typical_cents", self.total_typical_cents)?,
            cents("total_high_cents", self.total_high_cents)?,
        )
        .map_err(|e| corrupt("total", e))?;
        let superseded = match (self.superseded_by, self.superseded_at) {
            (Some(by), Some(at)) => Some(Supersession {
                by: quote_id("superseded_by", by)?,
                at,
            }),
            _ => None,
        };
        Ok(StoredQuote {
            id: quote_id("id", self.id)?,
            created_at: self.created_at,
            expires_at: self.expires_at,
            replaces: optional_id("replaces", self.replaces)?,
            owner_key_id: self
                .owner_key_id
                .map(|k| k.parse().map_err(|e| corrupt("owner_key_id", e)))
                .transpose()?,
            therapy: self.therapy.parse().map_err(|e| corrupt("therapy", e))?,
            price_book_version: self.price_book_version,
            total,
            content: JsonText::from_stored(self.snapshot).map_err(|e| corrupt("snapshot", e))?,
            signed_quote: self.signed_quote,
            superseded,
        })
    }
}

/// The key columns of [`select_key_sql`] as a [`KeyRow`].
pub(crate) fn key_row(
    fingerprint: String,
    locked_at: DateTime<Utc>,
    quote: Option<String>,
) -> Result<KeyRow, StoreError> {
    Ok(KeyRow {
        fingerprint: Fingerprint::from_stored(fingerprint),
        locked_at,
        quote_id: optional_id("quote_id", quote)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::quoting::QuoteDraft;
    use crate::storage::quotes::vocab::{IdempotencyScope, IdempotentRequest};

    fn new_quote() -> NewQuote {
        let draft = QuoteDraft {
            snapshot: crate::quoting::fixtures::snapshot(),
            owner_key_id: Some("clinic-web".parse().unwrap()),
            account: None,
            replaces: Some(QuoteId::generate()),
        };
        NewQuote::issue(draft, Utc::now(), TimeDelta::days(30)).unwrap()
    }

    #[test]
    fn every_value_goes_into_a_column_of_its_kind() {
        let quote = new_quote();
        for (value, (name, kind)) in quote_values(&quote).iter().zip(QUOTES) {
            assert_eq!(value.kind(), kind, "{name}");
        }
        let request = IdempotentRequest {
            scope: IdempotencyScope::Anonymous,
            key: "k".parse().unwrap(),
            fingerprint: Fingerprint::of_json(&serde_json::json!({})),
        };
        let claim = Claim::new(&request, Utc::now(), TimeDelta::seconds(60));
        for (value, (name, kind)) in key_values(&claim, Some(&quote.id)).iter().zip(KEYS) {
            assert_eq!(value.kind(), kind, "{name}");
        }
    }

    #[test]
    fn inserts_list_every_column_and_number_postgres_placeholders_across_rows() {
        let sql = insert_sql(Dialect::Postgres, "quotes", &QUOTES, 2, "");
        assert!(sql.starts_with("INSERT INTO quotes (id, created_at, expires_at, replaces,"));
        assert!(sql.contains("($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::json, $12), ($13,"));
        assert!(sql.ends_with("$23::json, $24)"));
        let sql = insert_sql(
            Dialect::Sqlite,
            "idempotency_keys",
            &KEYS,
            1,
            " ON CONFLICT DO NOTHING",
        );
        assert!(
            sql.ends_with("VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
            "{sql}"
        );
    }

    #[test]
    fn issued_estimates_are_stored_and_selected_by_the_one_column_list() {
        let sql = insert_sql(Dialect::Postgres, "good_faith_estimates", &ESTIMATES, 1, "");
        assert_eq!(
            sql,
            "INSERT INTO good_faith_estimates (id, quote_id, issued_at, record) VALUES ($1, $2, \
             $3, $4::json)"
        );
        let pg = select_estimate_sql(Dialect::Postgres);
        assert!(pg.contains("g.record::text AS record"), "{pg}");
        assert!(pg.ends_with("WHERE g.id = $1"), "{pg}");
        assert!(select_estimate_sql(Dialect::Sqlite).ends_with("WHERE g.id = ?"));
    }

    #[test]
    fn selects_read_the_snapshot_back_as_text_on_postgres() {
        let pg = select_quote_sql(Dialect::Postgres);
        assert!(pg.contains("q.snapshot::text AS snapshot"), "{pg}");
        assert!(pg.ends_with("WHERE q.id = $1"));
        let lite = select_quote_sql(Dialect::Sqlite);
        assert!(lite.contains("q.signed_quote, s.superseded_by"), "{lite}");
        for (name, _) in QUOTES {
            assert!(lite.contains(&format!("q.{name}")), "{name}");
        }
    }
}
