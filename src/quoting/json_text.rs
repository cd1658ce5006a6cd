//! JSON text made once and shared: a quote's snapshot is serialised when it is issued, and
//! that text is what the database stores and what every answer about the quote embeds, as it
//! is. Nothing serialises it again, and a reader gets the bytes that were stored.
//!
//! Text made here is RFC 8785 (JCS) canonical JSON, so its SHA-256 is the digest a reader
//! computes by canonicalising what it parsed, with no second pass over it. Text read back
//! from storage is kept as it was stored, canonical or not.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// Compact JSON text, checked to be JSON, cheap to clone.
#[derive(Clone)]
pub struct JsonText(Arc<RawValue>);

impl JsonText {
    /// `value` as RFC 8785 canonical JSON: members sorted by their names' UTF-16 code units,
    /// numbers in their shortest ECMAScript form, strings with only the escapes JSON requires,
    /// no whitespace. Non-finite floats are written `null`, as `serde_json` writes them.
    pub fn canonical(value: &impl Serialize) -> Result<JsonText, serde_json::Error> {
        // A `Value`'s objects are sorted maps (`serde_json` is built without
        // `preserve_order`), so writing one is a single pass.
        let value = serde_json::to_value(value)?;
        let mut out = Vec::with_capacity(16 * 1024);
        write_canonical(&value, &mut out)?;
        // Only UTF-8 was written: `str`s, ASCII punctuation and number digits.
        let text = String::from_utf8(out).map_err(serde::ser::Error::custom)?;
        JsonText::from_stored(text)
    }

    /// Text read back from storage, checked to be one JSON value.
    pub fn from_stored(text: String) -> Result<JsonText, serde_json::Error> {
        RawValue::from_string(text).map(|raw| JsonText(Arc::from(raw)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }
}

/// Writes `value` to `out` as RFC 8785 canonical JSON.
fn write_canonical(value: &Value, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        // RFC 8785 writes every number as an IEEE 754 double in ECMAScript's shortest form
        // (integers past 2^53 included, rounded as a double); `as_f64` gives that double.
        Value::Number(n) => {
            let n = n
                .as_f64()
                .filter(|n| n.is_finite())
                .ok_or_else(|| serde::ser::Error::custom("a number that is not finite"))?;
            out.extend_from_slice(ryu_js::Buffer::new().format_finite(n).as_bytes());
        }
        // serde_json's compact string escapes are RFC 8785's: `\"`, `\\`, `\b \f \n \r \t`,
        // and `\u00xx` (lowercase) for the other control characters; nothing else escaped.
        Value::String(s) => serde_json::to_writer(&mut *out, s)?,
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(members) => {
            // The map is in UTF-8 byte order, which is UTF-16 order unless names mix
            // characters above U+FFFF with ones from U+E000 to U+FFFF; sort only then.
            let mut members: Vec<(&String, &Value)> = members.iter().collect();
            if !members.is_sorted_by(|a, b| utf16_le(a.0, b.0)) {
                members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            }
            out.push(b'{');
            for (i, (name, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, name)?;
                out.push(b':');
                write_canonical(member, out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// Whether `a` sorts no later than `b` by UTF-16 code units.
fn utf16_le(a: &str, b: &str) -> bool {
    a.encode_utf16().le(b.encode_utf16())
}

impl PartialEq for JsonText {
    fn eq(&self, other: &JsonText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for JsonText {}

/// Serialised as the JSON it holds, embedded verbatim.
impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl std::fmt::Debug for JsonText {
    // The text may hold a patient's details (a ZIP code); keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<json>")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::quoting::QuoteSnapshot;
    use crate::quoting::fixtures::snapshot;

    /// What a reader computes: `text` parsed and written canonical by `serde_jcs`.
    fn jcs_of_text(text: &str) -> String {
        let value: Value = serde_json::from_str(text).unwrap();
        serde_jcs::to_string(&value).unwrap()
    }

    /// `value` written canonical here equals `serde_jcs`'s canonicalisation of it, whether
    /// `serde_jcs` is given the value or the compact text a reader would parse.
    fn assert_canonical_as_jcs_writes_it(value: &impl Serialize) {
        let ours = JsonText::canonical(value).unwrap();
        assert_eq!(ours.as_str(), serde_jcs::to_string(value).unwrap());
        assert_eq!(
            ours.as_str(),
            jcs_of_text(&serde_json::to_string(value).unwrap())
        );
        assert_eq!(ours.as_str(), jcs_of_text(ours.as_str()), "a fixed point");
    }

    #[test]
    fn numbers_strings_and_member_order_are_rfc_8785s() {
        let value = json!({
            "b": [1.0, -0.0, 1e21, 1e-7, 123456789012345678u64, -9007199254740993i64, 0.1],
            "a": "\u{0}\u{1f}\u{7f}\u{8}\t\n\u{c}\r\"\\/ é \u{2028} 😀",
            "\u{e000}": 1,
            "\u{1f600}": 2,
            "": null,
            "aa": [true, false, {}, []],
        });
        assert_canonical_as_jcs_writes_it(&value);
        // RFC 8785 sorts by UTF-16 code units: U+1F600 (D83D DE00) before U+E000.
        let text = JsonText::canonical(&value).unwrap();
        let text = text.as_str();
        assert!(text.find("\"\u{1f600}\":").unwrap() < text.find("\"\u{e000}\":").unwrap());
        assert!(text.starts_with(
            "{\"\":null,\"a\":\"\\u0000\\u001f\u{7f}\\b\\t\\n\\f\\r\\\"\\\\/ é \u{2028} 😀\","
        ));
        assert!(text.contains(r#""b":[1,0,1e+21,1e-7,123456789012345680,-9007199254740992,0.1]"#));
    }

    #[test]
    fn a_snapshot_is_written_as_rfc_8785_writes_it() {
        assert_canonical_as_jcs_writes_it(&snapshot());
        let v1: QuoteSnapshot = serde_json::from_str(include_str!(
            "../../tests/api/fixtures/quote-snapshot-v1.json"
        ))
        .unwrap();
        assert_canonical_as_jcs_writes_it(&v1);
        let view: Value =
            serde_json::from_str(include_str!("../../tests/api/fixtures/quote-view-v1.json"))
                .unwrap();
        assert_canonical_as_jcs_writes_it(&view);
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            (-180.0f64..180.0).prop_map(Value::from),
            any::<String>().prop_map(Value::from),
            "[\\u{0}-\\u{7f}\\u{2028}\\u{e000}-\\u{ffff}\\u{10000}-\\u{10ffff}]{0,8}"
                .prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                prop::collection::btree_map(
                    "[a-c\\u{0}\\u{1f}\\u{e000}\\u{ffff}\\u{10000}\\u{1f600}]{0,3}",
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_json_is_written_as_rfc_8785_writes_it(value in any_json()) {
            assert_canonical_as_jcs_writes_it(&value);
        }

        #[test]
        fn a_snapshot_with_any_coordinates_and_names_is_written_as_rfc_8785_writes_it(
            lat in -90.0f64..=90.0,
            lon in -180.0f64..=180.0,
            name in any::<String>(),
            street in "[\\u{0}-\\u{1f}\\u{7f}\"\\\\/a-zé\\u{2028}\\u{e000}\\u{1f600}]{0,12}",
        ) {
            let mut snapshot = snapshot();
            let center = snapshot.center.as_mut().expect("the fixture names its center");
            center.location =
                serde_json::from_value(json!({"lat": lat, "lon": lon, "precision": "zip"}))
                    .unwrap();
            center.name = name;
            center.street_address = Some(street);
            assert_canonical_as_jcs_writes_it(&snapshot);
        }
    }

    #[test]
    fn text_is_compact_and_embeds_verbatim() {
        let text = JsonText::canonical(&json!({"b": [1, 2.5], "a": "café ✓ \"q\""})).unwrap();
        assert_eq!(text.as_str(), r#"{"a":"café ✓ \"q\"","b":[1,2.5]}"#);
        let outer = serde_json::to_string(&json!({"content": text.clone()})).unwrap();
        assert_eq!(outer, format!(r#"{{"content":{}}}"#, text.as_str()));
    }

    #[test]
    fn stored_text_must_be_json_and_is_kept_byte_for_byte() {
        let kept = JsonText::from_stored(r#"{"z":1,"a":2}"#.to_owned()).unwrap();
        assert_eq!(kept.as_str(), r#"{"z":1,"a":2}"#);
        assert!(JsonText::from_stored("{".to_owned()).is_err());
    }

    #[test]
    fn debug_output_never_shows_the_json() {
        let text = JsonText::canonical(&json!({"zip": "76102"})).unwrap();
        assert!(!format!("{text:?}").contains("76102"));
    }
}
