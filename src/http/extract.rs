//! Request extractors that speak the API's error format: a JSON body and a query string whose
//! failures become problem+json naming the field (400 malformed, 413 too large, 415 wrong media
//! type, 422 invalid field), instead of the framework's plain-text errors.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::centers::MAX_CURSOR_CHARS;
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::middleware::BodyProgress;
use crate::storage::quotes::{IdempotencyKey, InvalidIdempotencyKey};

/// The configured body limit, in bytes (`server.body_limit_bytes`).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body, parsed with field-level errors.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T> Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<BodyLimit>().map_or(65_536, |l| l.0);
        let content_type_ok = is_json_content_type(req);
        let declared_len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        let progress = req.extensions().get::<BodyProgress>().cloned();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "Send the body as JSON with `Content-Type: application/json`.",
                ));
            }
            let too_large = || {
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("The body is larger than the limit of {limit} bytes."),
                )
            };
            if declared_len.is_some_and(|n| n > limit) {
                return Err(too_large());
            }
            if let Some(progress) = &progress {
                progress.receiving();
            }
            let body = read_body(&mut payload, limit, too_large).await;
            if let Some(progress) = &progress {
                progress.received();
            }
            parse_json(&body?).map(ApiJson)
        })
    }
}

/// The whole body, refused once it grows past `limit` bytes.
async fn read_body(
    payload: &mut Payload,
    limit: usize,
    too_large: impl Fn() -> ApiError,
) -> Result<web::BytesMut, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(ErrorCode::BadRequest, "The request body could not be read.")
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    let Some(value) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses `body` as `T`: syntax errors are 400, type and value errors are 422 with a JSON pointer.
///
/// A key written twice in one object is 422 naming it: JSON parsers disagree on which one wins,
/// so a body that says two things is refused rather than read one way. Error details never
/// repeat a value the client sent (it may be a patient's), only its kind and what is accepted.
///
/// A number written with a zero fraction (`2.0`) is an integer in JSON Schema, which the
/// OpenAPI document follows, so it is read as the integer it equals before `T` sees it.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if let Some(pointer) = duplicate_key(body) {
        return Err(ApiError::field(FieldError::body(
            pointer,
            "this key appears more than once in its object; send each key once",
        )));
    }
    // Most bodies are well-formed and use plain integers: read them straight into `T`. Only a
    // body that fails that goes through a `Value`, to read `2.0` as `2` and to name the field
    // at fault.
    if let Ok(parsed) = serde_json::from_slice(body) {
        return Ok(parsed);
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "The body is not valid JSON: {}.",
                strip_position(&e.to_string())
            ),
        )
    })?;
    integral_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|err| {
        let pointer = to_pointer(err.path());
        let message = without_values(&strip_position(&err.into_inner().to_string()));
        let pointer = match missing_field(&message) {
            Some(name) => format!("{pointer}/{}", escape_pointer(name)),
            None => pointer,
        };
        let pointer = if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer
        };
        ApiError::field(FieldError::body(pointer, message))
    })
}

/// serde's messages quote the value they refused (`invalid type: string "Jane", expected …`,
/// `unknown variant `Jane`, expected one of …`); the client knows what it sent, and it may be
/// a patient's name, so only the value's kind and what is accepted are kept.
fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((unexpected, expected)) = rest.split_once(", expected ")
        {
            // `string "…"`, `integer `7``, `floating point `1.5``: the kind ends where the
            // quoted value starts.
            let kind = [" `", " \""]
                .iter()
                .filter_map(|q| unexpected.find(q))
                .min()
                .map_or(unexpected, |end| &unexpected[..end]);
            return format!("{prefix}{kind}, expected {expected}");
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((_, expected)) = rest.split_once("`, expected ")
    {
        return format!("unknown value, expected {expected}");
    }
    message.to_owned()
}

/// The JSON pointer of the first key written twice in one object of `body`, if any. A body that
/// is not JSON has none here; the parse that follows reports it.
fn duplicate_key(body: &[u8]) -> Option<String> {
    use serde::de::DeserializeSeed;
    let path = std::cell::RefCell::new(Vec::new());
    let found = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(body);
    let _ = UniqueKeys {
        path: &path,
        found: &found,
    }
    .deserialize(&mut de);
    found.into_inner()
}

/// Walks a JSON value, stopping at the first object that repeats a key.
#[derive(Clone, Copy)]
struct UniqueKeys<'a> {
    path: &'a std::cell::RefCell<Vec<String>>,
    found: &'a std::cell::RefCell<Option<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            self.path.borrow_mut().push(index.to_string());
            let more = seq.next_element_seed(self);
            self.path.borrow_mut().pop();
            if more?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.into_owned();
            if seen.contains(&key) {
                let mut pointer = String::new();
                for segment in self.path.borrow().iter().chain([&key]) {
                    pointer.push('/');
                    pointer.push_str(&escape_pointer(segment));
                }
                *self.found.borrow_mut() = Some(pointer);
                return Err(serde::de::Error::custom("duplicate key"));
            }
            self.path.borrow_mut().push(key.clone());
            let value = map.next_value_seed(self);
            self.path.borrow_mut().pop();
            value?;
            seen.insert(key);
        }
        Ok(())
    }
}

/// One RFC 6901 pointer segment.
fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Rewrites every number with a zero fraction that fits an `i64` or `u64` as that integer.
fn integral_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) else {
                return;
            };
            // 2^63 and 2^64 are exact as f64; the bounds exclude them.
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
                *value = Value::from(f as i64);
            } else if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                *value = Value::from(f as u64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// A query string, parsed with field-level errors.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T> Deref for ApiQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ApiQuery))
    }
}

/// The longest value a query parameter takes, in bytes: more than any accepted value, far less
/// than what would let one request cost much. A page cursor, which carries the last center's
/// sort key, may be longer: up to [`MAX_CURSOR_CHARS`].
const MAX_QUERY_VALUE: usize = 256;

/// The longest value the query parameter `name` takes.
fn max_query_value(name: &str) -> usize {
    if name == "cursor" {
        MAX_CURSOR_CHARS
    } else {
        MAX_QUERY_VALUE
    }
}

/// Parses a query string as `T`, naming the parameter on failure. Every parameter is first
/// checked to be UTF-8 once percent-decoded, free of control characters and at most
/// [`MAX_QUERY_VALUE`] bytes (a cursor [`MAX_CURSOR_CHARS`]); a parameter given twice is
/// refused, named.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    check_query(query)?;
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = without_values(&err.into_inner().to_string());
        let name = match missing_field(&message)
            .or_else(|| unknown_field(&message))
            .or_else(|| duplicate_field(&message))
        {
            Some(n) => n.to_owned(),
            None if path == "." => String::new(),
            None => path,
        };
        ApiError::field(FieldError::query(name, message))
    })
}

/// Refuses a query parameter (name or value) that is not UTF-8 once decoded, holds a control
/// character, or is longer than it may be, naming it.
fn check_query(query: &str) -> Result<(), ApiError> {
    let decode = |raw: &str| {
        String::from_utf8(
            percent_encoding::percent_decode(raw.replace('+', " ").as_bytes()).collect(),
        )
        .ok()
    };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(name) =
            decode(raw_name).filter(|n| n.len() <= 64 && !n.chars().any(char::is_control))
        else {
            return Err(ApiError::field(FieldError::query(
                "",
                "a parameter name is not 1 to 64 characters of UTF-8 text",
            )));
        };
        let problem = match decode(raw_value) {
            None => Some("must be UTF-8 text once percent-decoded".to_owned()),
            Some(v) if v.len() > max_query_value(&name) => {
                Some(format!("must be at most {} bytes", max_query_value(&name)))
            }
            Some(v) if v.chars().any(char::is_control) => {
                Some("must not contain control characters".to_owned())
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            return Err(ApiError::field(FieldError::query(name, problem)));
        }
    }
    Ok(())
}

/// The `Idempotency-Key` header, if sent: 1 to 255 visible ASCII characters, else a 422
/// naming the header.
#[derive(Debug)]
pub struct IdempotencyKeyHeader(pub Option<IdempotencyKey>);

impl FromRequest for IdempotencyKeyHeader {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req.headers().get("idempotency-key") {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .ok()
                .and_then(|v| v.parse::<IdempotencyKey>().ok())
                .map(Some)
                .ok_or_else(|| {
                    ApiError::field(FieldError::header(
                        "Idempotency-Key",
                        InvalidIdempotencyKey.to_string(),
                    ))
                }),
        };
        std::future::ready(parsed.map(IdempotencyKeyHeader))
    }
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&escape_pointer(key)),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn unknown_field(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

fn duplicate_field(message: &str) -> Option<&str> {
    message.strip_prefix("duplicate field `")?.split('`').next()
}

/// serde_json appends " at line 1 column 17"; the position is noise to an API client.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        therapy: String,
        joints: Option<u8>,
        add_ons: Option<Vec<Kind>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Prp,
    }

    fn problem(body: &str) -> crate::http::error::Problem {
        parse_json::<Body>(body.as_bytes())
            .unwrap_err()
            .problem()
            .clone()
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        for body in ["{", "", "{\"therapy\": }", "[1,", "{} trailing"] {
            assert_eq!(problem(body).code, ErrorCode::MalformedJson, "{body:?}");
        }
    }

    #[test]
    fn value_errors_point_at_the_field() {
        let cases = [
            (r#"{"therapy":"x","joints":300}"#, "/joints"),
            (r#"{"therapy":"x","joints":"two"}"#, "/joints"),
            (r#"{"therapy":"x","add_ons":["prp","gold"]}"#, "/add_ons/1"),
            (r#"{"joints":1}"#, "/therapy"),
            (r#"{"therapy":"x","colour":"red"}"#, "/colour"),
        ];
        for (body, pointer) in cases {
            let p = problem(body);
            assert_eq!(p.code, ErrorCode::ValidationFailed, "{body}");
            assert_eq!(
                p.errors[0].pointer.as_deref(),
                Some(pointer),
                "{body}: {:?}",
                p.errors
            );
        }
    }

    #[test]
    fn integers_written_with_a_zero_fraction_are_integers() {
        let body: Body = parse_json(br#"{"therapy":"x","joints":2.0}"#).unwrap();
        assert_eq!(body.joints, Some(2));
        let p = problem(r#"{"therapy":"x","joints":2.5}"#);
        assert_eq!(p.code, ErrorCode::ValidationFailed);
        assert_eq!(p.errors[0].pointer.as_deref(), Some("/joints"));
        let p = problem(r#"{"therapy":"x","joints":1e300}"#);
        assert_eq!(p.errors[0].pointer.as_deref(), Some("/joints"));
    }

    #[test]
    fn a_key_written_twice_is_refused_at_its_pointer_wherever_it_is() {
        for (body, pointer) in [
            (r#"{"therapy":"x","therapy":"y"}"#, "/therapy"),
            (
                r#"{"therapy":"x","add_ons":[{"a":1},{"b":1,"b":2}]}"#,
                "/add_ons/1/b",
            ),
            (r#"{"a/b":{"c~d":1,"c~d":2}}"#, "/a~1b/c~0d"),
        ] {
            let p = problem(body);
            assert_eq!(p.code, ErrorCode::ValidationFailed, "{body}");
            assert_eq!(p.errors[0].pointer.as_deref(), Some(pointer), "{body}");
        }
        // The same key in different objects, or in an array of objects, is fine.
        assert_eq!(
            duplicate_key(br#"{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}"#),
            None
        );
        assert_eq!(duplicate_key(b"not json"), None);
    }

    #[test]
    fn refused_values_are_described_by_their_kind_never_repeated() {
        for body in [
            r#"{"therapy":"Jane Doe","add_ons":["Jane Doe"]}"#,
            r#"{"therapy":"x","joints":"Jane Doe"}"#,
            r#"{"therapy":"x","joints":-7123}"#,
        ] {
            let p = problem(body);
            let text = serde_json::to_string(&p).unwrap();
            assert!(!text.contains("Jane") && !text.contains("7123"), "{text}");
        }
        assert_eq!(
            without_values("invalid type: string \"Jane\", expected u8"),
            "invalid type: string, expected u8"
        );
        assert_eq!(
            without_values("unknown variant `Jane`, expected `prp`"),
            "unknown value, expected `prp`"
        );
    }

    #[test]
    fn unknown_enum_values_list_what_is_accepted() {
        let p = problem(r#"{"therapy":"x","add_ons":["gold"]}"#);
        assert!(p.errors[0].detail.contains("prp"), "{:?}", p.errors);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Query {
        zip: Option<String>,
        limit: Option<u32>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        for (q, name) in [
            ("limit=abc", "limit"),
            ("limit=-1", "limit"),
            ("colour=red", "colour"),
        ] {
            let err = parse_query::<Query>(q).unwrap_err();
            assert_eq!(
                err.problem().errors[0].field,
                name,
                "{q}: {:?}",
                err.problem()
            );
        }
        assert!(parse_query::<Query>("zip=76102&limit=5").is_ok());
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Paged {
        city: Option<String>,
        cursor: Option<String>,
    }

    #[test]
    fn a_cursor_may_be_longer_than_other_parameters_but_not_unbounded() {
        let long = "A".repeat(MAX_QUERY_VALUE + 1);
        assert!(parse_query::<Paged>(&format!("cursor={long}")).is_ok());
        let err = parse_query::<Paged>(&format!("city={long}")).unwrap_err();
        assert_eq!(err.problem().errors[0].field, "city");
        let too_long = "A".repeat(MAX_CURSOR_CHARS + 1);
        let err = parse_query::<Paged>(&format!("cursor={too_long}")).unwrap_err();
        assert_eq!(err.problem().errors[0].field, "cursor");
    }

    #[test]
    fn query_values_must_be_text_without_control_characters() {
        for q in ["city=a%00b", "city=%FF", "city=a%0Ab", "ci%FFty=x"] {
            assert!(parse_query::<Paged>(q).is_err(), "{q}");
        }
        assert!(parse_query::<Paged>("city=Fort+Worth").is_ok());
        assert!(parse_query::<Paged>("city=Espa%C3%B1ola").is_ok());
    }
}
