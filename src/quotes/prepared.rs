//! A new quote serialised once, on the request's thread, for storing and answering: the
//! snapshot becomes JSON text a single time, and the 201 body embeds that text as it is. The
//! databases bind the text, the response sends it, and neither serialises the snapshot again.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::auth::KeyId;
use crate::money::Cents;
use crate::quotes::record::RedactedJson;
use crate::quotes::{NewQuote, QuoteId, QuoteInputError, QuoteStatus, QuoteTotal};
use crate::therapy::TherapyCode;

/// Compact JSON text, made once from a value and cheap to share.
#[derive(Clone)]
pub struct JsonText(Arc<RawValue>);

impl PartialEq for JsonText {
    fn eq(&self, other: &JsonText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for JsonText {}

impl JsonText {
    /// `value` as compact JSON (the text `serde_json::to_string` gives).
    pub fn of(value: &impl Serialize) -> Result<JsonText, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(|raw| JsonText(Arc::from(raw)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    fn raw(&self) -> &RawValue {
        &self.0
    }
}

impl AsRef<[u8]> for JsonText {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl std::fmt::Debug for JsonText {
    // The text may hold a patient's details; keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        RedactedJson.fmt(f)
    }
}

/// A checked new quote with its snapshot serialised: what the stores write. Made by
/// [`NewQuote::prepare`].
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedQuote {
    pub(crate) id: QuoteId,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) expires_at: DateTime<Utc>,
    pub(crate) replaces: Option<QuoteId>,
    pub(crate) owner_key_id: Option<KeyId>,
    pub(crate) therapy: TherapyCode,
    pub(crate) price_book_version: String,
    pub(crate) total: QuoteTotal,
    pub(crate) snapshot: JsonText,
}

impl NewQuote {
    /// Checks the quote ([`NewQuote::validate`]) and serialises its snapshot, once.
    pub fn prepare(self) -> Result<PreparedQuote, QuoteInputError> {
        self.validate()?;
        let snapshot = JsonText::of(&self.content.snapshot)
            .expect("a JSON value always serialises: its object keys are strings");
        Ok(PreparedQuote {
            id: self.id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            replaces: self.replaces,
            owner_key_id: self.owner_key_id,
            therapy: self.content.therapy,
            price_book_version: self.content.price_book_version,
            total: self.content.total,
            snapshot,
        })
    }
}

impl PreparedQuote {
    /// The quote's id.
    pub fn id(&self) -> &QuoteId {
        &self.id
    }

    /// The body of the 201 that creating the quote answers: the same JSON text as
    /// `serde_json::to_value(&new_quote.view())` serialised (objects with their keys in byte
    /// order, as `serde_json::Value` keeps them), with the snapshot text embedded as it is.
    pub fn created_body(&self) -> Result<JsonText, serde_json::Error> {
        JsonText::of(&CreatedBody {
            content: self.snapshot.raw(),
            created_at: &self.created_at,
            expires_at: &self.expires_at,
            id: &self.id,
            price_book_version: &self.price_book_version,
            replaces: self.replaces.as_ref(),
            status: QuoteStatus::Active,
            therapy: self.therapy,
            total: SortedTotal {
                high_cents: self.total.high(),
                low_cents: self.total.low(),
                typical_cents: self.total.typical(),
            },
        })
    }
}

/// `QuoteView` of a quote just created (active, superseded by nothing), its fields in byte
/// order.
#[derive(Serialize)]
struct CreatedBody<'a> {
    content: &'a RawValue,
    created_at: &'a DateTime<Utc>,
    expires_at: &'a DateTime<Utc>,
    id: &'a QuoteId,
    price_book_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaces: Option<&'a QuoteId>,
    status: QuoteStatus,
    therapy: TherapyCode,
    total: SortedTotal,
}

/// `QuoteTotal`, its fields in byte order.
#[derive(Serialize)]
struct SortedTotal {
    high_cents: Cents,
    low_cents: Cents,
    typical_cents: Cents,
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::quotes::QuoteContent;

    fn quote(snapshot: Value, replaces: Option<QuoteId>) -> NewQuote {
        let total = QuoteTotal::new(
            Cents::new(350_000),
            Cents::new(900_000),
            Cents::new(2_500_000),
        )
        .unwrap();
        let content = QuoteContent {
            therapy: TherapyCode::KneeMscInjection,
            price_book_version: "2026".into(),
            total,
            snapshot,
        };
        let at = DateTime::parse_from_rfc3339("2026-03-01T15:04:05.678Z")
            .unwrap()
            .to_utc();
        let owner = Some("acme-clinic-web".parse().unwrap());
        NewQuote::new(content, owner, replaces, at, TimeDelta::days(30))
    }

    /// The body as the route made it before it was serialised once: through a JSON value.
    fn through_a_value(q: &NewQuote) -> String {
        serde_json::to_value(q.view()).unwrap().to_string()
    }

    #[test]
    fn the_created_body_is_the_text_of_the_view_as_a_json_value() {
        let snapshot = json!({
            "request": {"zip": "76102", "therapy": "knee_msc_injection"},
            "estimate": {"lines": [{"code": "injection", "low_cents": 350_000}], "ratio": 1.5},
            "center": null,
            "note": "Unicode and escapes survive: café ✓ \"quoted\" \\ \n",
        });
        for replaces in [None, Some(QuoteId::generate())] {
            let q = quote(snapshot.clone(), replaces);
            let expected = through_a_value(&q);
            let body = q.prepare().unwrap().created_body().unwrap();
            assert_eq!(body.as_str(), expected);
        }
    }

    #[test]
    fn preparing_keeps_every_column_and_serialises_the_snapshot_compactly() {
        let q = quote(json!({"b": [1, 2.5], "a": {"z": null, "y": "x"}}), None);
        let p = q.clone().prepare().unwrap();
        assert_eq!(
            p.snapshot.as_str(),
            r#"{"a":{"y":"x","z":null},"b":[1,2.5]}"#
        );
        assert_eq!(
            (
                &p.id,
                p.created_at,
                p.expires_at,
                &p.replaces,
                &p.owner_key_id
            ),
            (
                &q.id,
                q.created_at,
                q.expires_at,
                &q.replaces,
                &q.owner_key_id
            )
        );
        assert_eq!(
            (p.therapy, p.price_book_version.as_str(), p.total),
            (q.content.therapy, "2026", q.content.total)
        );
    }

    #[test]
    fn preparing_refuses_what_validation_refuses() {
        let mut q = quote(json!({}), None);
        q.expires_at = q.created_at;
        assert_eq!(q.prepare(), Err(QuoteInputError::ExpiresBeforeCreated));
    }

    #[test]
    fn debug_output_never_shows_the_json() {
        let p = quote(json!({"zip": "76102"}), None).prepare().unwrap();
        let text = format!("{p:?} {:?}", p.created_body().unwrap());
        assert!(!text.contains("76102"), "{text}");
    }

    fn json_leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        json_leaf().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_snapshot_gives_the_same_body_as_the_view_as_a_json_value(snapshot in json_value()) {
            let q = quote(snapshot, None);
            let expected = through_a_value(&q);
            let body = q.prepare().unwrap().created_body().unwrap();
            prop_assert_eq!(body.as_str(), expected);
        }
    }
}
