//! JSON text made once and shared: a quote's snapshot is serialised when it is issued, and
//! that text is what the database stores and what every answer about the quote embeds, as it
//! is. Nothing serialises it again, and a reader gets the bytes that were stored.

use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;

/// Compact JSON text, checked to be JSON, cheap to clone.
#[derive(Clone)]
pub struct JsonText(Arc<RawValue>);

impl JsonText {
    /// `value` as compact JSON (the text `serde_json::to_string` gives).
    pub fn of(value: &impl Serialize) -> Result<JsonText, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(|raw| JsonText(Arc::from(raw)))
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
    use serde_json::json;

    use super::*;

    #[test]
    fn text_is_compact_and_embeds_verbatim() {
        let text = JsonText::of(&json!({"b": [1, 2.5], "a": "café ✓ \"q\""})).unwrap();
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
        let text = JsonText::of(&json!({"zip": "76102"})).unwrap();
        assert!(!format!("{text:?}").contains("76102"));
    }
}
