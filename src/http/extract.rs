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
/// A number written with a zero fraction (`2.0`) is an integer in JSON Schema, which the
/// OpenAPI document follows, so it is read as the integer it equals before `T` sees it.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
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
        let message = strip_position(&err.into_inner().to_string());
        let pointer = match missing_field(&message) {
            Some(name) => format!("{pointer}/{name}"),
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

/// Parses a query string as `T`, naming the parameter on failure.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let name = match missing_field(&message).or_else(|| unknown_field(&message)) {
            Some(n) => n.to_owned(),
            None if path == "." => String::new(),
            None => path,
        };
        ApiError::field(FieldError::query(name, message))
    })
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
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
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
}
