//! The centers an account manages and their price lists: `POST /v1/centers`,
//! `PATCH`/`DELETE /v1/centers/{id}`, `PUT`/`GET /v1/centers/{id}/price-list` and
//! `GET /v1/centers/{id}/price-list/versions`.
//!
//! Every write needs a secret key, and answers 404 for a center its account does not manage
//! (another account's, or the operator's), as for an unknown id. A price-list write must say
//! which version it replaces: `If-Match` with the current version's `ETag` (`"3"`), or
//! `If-None-Match: *` for the first version; without either, 428; with a version that is no
//! longer current, 412. A failed write changes nothing.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::Utc;
use serde_json::Value;

use crate::auth::{ApiKey, Permission};
use crate::centers::{Center, CenterId, Manager, PriceListVersion};
use crate::http::access::authenticate;
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::extract::{ApiJson, parse_json};
use crate::http::state::AppState;
use crate::pricing::price_list::PriceListInput;
use crate::problems;
use crate::storage::centers::{Expected, NewVersion, WriteRefused};

problems!(CreateCenterProblems: Unauthorized, Forbidden, AlreadyExists, LimitReached,
    ValidationFailed, ServiceUnavailable);
problems!(EditCenterProblems: Unauthorized, Forbidden, NotFound, ValidationFailed,
    ServiceUnavailable);
problems!(RetireCenterProblems: Unauthorized, Forbidden, NotFound, ServiceUnavailable);
problems!(PublishProblems: Unauthorized, Forbidden, NotFound, ValidationFailed,
    PreconditionFailed, PreconditionRequired, ServiceUnavailable);
problems!(PriceListProblems: NotFound);
problems!(VersionsProblems: Unauthorized, Forbidden, NotFound);

/// The most characters of a center's JSON a `PATCH` body may hold is the body limit; a patch
/// that sets `prices` or another `id` is refused, so this is the only bound it needs.
const CENTER_EXAMPLE: &str = r#"{
  "id": "example-clinic-fort-worth",
  "name": "Example Clinic (synthetic example)",
  "kind": "private_clinic",
  "city": "Fort Worth",
  "state": "TX",
  "location": {"lat": 32.7555, "lon": -97.3308, "precision": "city"},
  "therapies": ["knee_msc_injection"],
  "flags": {},
  "source": "Published by the clinic's back office"
}"#;

fn center_example() -> Value {
    serde_json::from_str(CENTER_EXAMPLE).unwrap_or_default()
}

/// A `(field path, detail)` from the directory checks as a body field error.
fn row_error((field, detail): (String, String)) -> ApiError {
    let mut pointer = String::new();
    for part in field.split('.') {
        pointer.push('/');
        match part.split_once('[') {
            Some((name, index)) => {
                pointer.push_str(name);
                pointer.push('/');
                pointer.push_str(index.trim_end_matches(']'));
            }
            None => pointer.push_str(part),
        }
    }
    ApiError::field(FieldError::body(pointer, detail))
}

fn no_prices(center: &Center) -> Result<(), ApiError> {
    if center.prices.is_empty() {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::body(
            "/prices",
            "publish prices with PUT /v1/centers/{id}/price-list, not in the center",
        )))
    }
}

/// The center `id` if `key`'s account manages it; 404 alike for a malformed id, an unknown
/// one, the operator's and another account's.
fn managed(state: &AppState, key: &ApiKey, id: &str) -> Result<CenterId, ApiError> {
    let not_found =
        || ApiError::not_found("No center with this id is managed by this API key's account.");
    let id = CenterId::parse(id).map_err(|_| not_found())?;
    match state.quoting.centers().manager(id.as_str()) {
        Some(Manager::Account(account)) if account == key.account() => Ok(id),
        _ => Err(not_found()),
    }
}

/// Reloads this replica's view after its own write, so its next request sees it.
async fn reload(state: &AppState) {
    if let Err(e) = crate::http::state::refresh_centers(state).await {
        tracing::warn!(error.cause = %e, "center view not reloaded after a write; the poll will");
    }
}

fn refused(refusal: WriteRefused) -> ApiError {
    match refusal {
        WriteRefused::IdTaken => ApiError::new(
            ErrorCode::AlreadyExists,
            "A center with this id exists already; choose another id.",
        )
        .with_errors(vec![FieldError::body("/id", "is taken")]),
        WriteRefused::LimitReached { max } => ApiError::new(
            ErrorCode::LimitReached,
            format!(
                "The account manages {max} open centers, as many as the operator allows \
                 (centers.max_per_account); retire one it no longer uses first."
            ),
        ),
        WriteRefused::Gone => ApiError::not_found(
            "No center with this id is managed by this API key's account (it changed meanwhile).",
        ),
        WriteRefused::Stale { current } => stale(current),
    }
}

fn stale(current: Option<u32>) -> ApiError {
    let (detail, etag) = match current {
        Some(v) => (
            format!(
                "The current price list is version {v} (ETag \"{v}\"); read it and send again."
            ),
            Some(etag(v)),
        ),
        None => (
            "No price list is published yet: send If-None-Match: * for the first version.".into(),
            None,
        ),
    };
    let e =
        ApiError::new(ErrorCode::PreconditionFailed, detail).with_errors(vec![FieldError::header(
            "If-Match",
            "does not name the current version",
        )]);
    match etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        Some(value) => e.with_header(header::ETAG, value),
        None => e,
    }
}

fn etag(version: u32) -> String {
    format!("\"{version}\"")
}

/// Create a center.
///
/// A center managed by the secret key's account. The body is a center as `GET /v1/centers/{id}`
/// answers it, without `prices` (publish those with `PUT /v1/centers/{id}/price-list`); its `id`
/// must be unused across the directory and every account. Answers 201 with `Location`.
#[utoipa::path(
    tag = "centers",
    request_body(content = Center, example = json!(center_example())),
    responses(
        (status = 201, description = "The center, as stored", body = Center,
         headers(("Location" = String, description = "The center's URL")),
         example = json!(center_example())),
        CreateCenterProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/centers")]
pub async fn create_center(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<Center>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageCenters)?;
    let center = body.0;
    no_prices(&center)?;
    center.check(state.quoting.zips()).map_err(row_error)?;
    if state.quoting.directory().get(center.id.as_str()).is_some() {
        return Err(refused(WriteRefused::IdTaken));
    }
    state
        .centers
        .create(&center, key.account(), key.id().as_str(), Utc::now())
        .await?
        .map_err(refused)?;
    reload(&state).await;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/centers/{}", center.id)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(center))
}

/// RFC 7396: `patch` merged into `target`.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Edit a center.
///
/// A JSON merge patch (RFC 7396) of the center: the fields sent replace the center's, `null`
/// removes an optional one, and the result is checked as a new center is. `id` cannot change
/// and `prices` are published with `PUT /v1/centers/{id}/price-list`. A directory center the
/// operator handed to the account is edited the same way; from then on its account's copy is
/// the one answered.
#[utoipa::path(
    tag = "centers",
    params(("id" = CenterId, Path, description = "The center's id")),
    request_body(content = std::collections::HashMap<String, serde_json::Value>, content_type = "application/json",
        description = "The fields to change, as a JSON merge patch",
        example = json!({"name": "Example Clinic Fort Worth (synthetic example)", "therapies": ["knee_msc_injection", "knee_msc_prp"]})),
    responses(
        (status = 200, description = "The center as it now stands", body = Center,
         example = json!(center_example())),
        EditCenterProblems,
    ),
    security(("api_key" = []))
)]
#[patch("/v1/centers/{id}")]
pub async fn edit_center(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageCenters)?;
    let id = managed(&state, key, &id)?;
    let patch = body.0;
    let Some(fields) = patch.as_object() else {
        return Err(ApiError::field(FieldError::body(
            "/",
            "must be a JSON object holding the fields to change",
        )));
    };
    if let Some(new_id) = fields.get("id")
        && new_id.as_str() != Some(id.as_str())
    {
        return Err(ApiError::field(FieldError::body(
            "/id",
            "cannot change; create a new center instead",
        )));
    }
    if fields.contains_key("prices") {
        return Err(ApiError::field(FieldError::body(
            "/prices",
            "publish prices with PUT /v1/centers/{id}/price-list, not in the center",
        )));
    }
    let live = state.quoting.centers();
    let first_row = live.overlay().row(id.as_str()).is_none();
    let current = live.base_center(id.as_str()).ok_or_else(|| {
        ApiError::not_found("No center with this id is managed by this API key's account.")
    })?;
    let mut value = serde_json::to_value(&current).map_err(ApiError::internal)?;
    merge(&mut value, &patch);
    let bytes = serde_json::to_vec(&value).map_err(ApiError::internal)?;
    let center: Center = parse_json(&bytes)?;
    center.check(state.quoting.zips()).map_err(row_error)?;
    state
        .centers
        .save(
            &center,
            key.account(),
            key.id().as_str(),
            first_row,
            false,
            Utc::now(),
        )
        .await?
        .map_err(refused)?;
    reload(&state).await;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(center))
}

/// Retire a center.
///
/// The center no longer appears in searches, answers 404 to `GET /v1/centers/{id}` and can no
/// longer be quoted. It is kept, with its price-list history, for the quotes that name it:
/// those quotes keep the center as they stored it. Answers 204.
#[utoipa::path(
    tag = "centers",
    params(("id" = CenterId, Path, description = "The center's id")),
    responses((status = 204, description = "Retired"), RetireCenterProblems),
    security(("api_key" = []))
)]
#[delete("/v1/centers/{id}")]
pub async fn retire_center(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageCenters)?;
    let id = managed(&state, key, &id)?;
    let live = state.quoting.centers();
    let first_row = live.overlay().row(id.as_str()).is_none();
    let center = live.base_center(id.as_str()).ok_or_else(|| {
        ApiError::not_found("No center with this id is managed by this API key's account.")
    })?;
    state
        .centers
        .save(
            &center,
            key.account(),
            key.id().as_str(),
            first_row,
            true,
            Utc::now(),
        )
        .await?
        .map_err(refused)?;
    reload(&state).await;
    Ok(HttpResponse::NoContent().finish())
}

/// What a price-list write says it replaces.
fn precondition(req: &HttpRequest) -> Result<Expected, ApiError> {
    let headers = req.headers();
    let if_match = headers.get(header::IF_MATCH);
    let if_none_match = headers.get(header::IF_NONE_MATCH);
    let required = || {
        ApiError::new(
            ErrorCode::PreconditionRequired,
            "Send If-Match with the current price list's ETag (from GET \
             /v1/centers/{id}/price-list/versions or the last PUT), or If-None-Match: * for \
             the first version.",
        )
        .with_errors(vec![FieldError::header(
            "If-Match",
            "required: the current version's ETag, e.g. \"3\"",
        )])
    };
    match (if_match, if_none_match) {
        (Some(_), Some(_)) => Err(ApiError::field(FieldError::header(
            "If-None-Match",
            "send If-Match or If-None-Match, not both",
        ))),
        (None, Some(v)) if v.to_str().is_ok_and(|v| v.trim() == "*") => Ok(Expected::NoneYet),
        (None, Some(_)) => Err(ApiError::field(FieldError::header(
            "If-None-Match",
            "only `*` is accepted: the first version of a price list",
        ))),
        (None, None) => Err(required()),
        (Some(v), None) => {
            let text = v.to_str().unwrap_or("");
            if text.trim() == "*" {
                return Err(required());
            }
            // A strong entity tag each: `"3"`. A weak or malformed one matches no version.
            let versions: Vec<u32> = text
                .split(',')
                .filter_map(|tag| {
                    tag.trim()
                        .strip_prefix('"')?
                        .strip_suffix('"')?
                        .parse()
                        .ok()
                })
                .take(16)
                .collect();
            Ok(Expected::AnyOf(versions))
        }
    }
}

/// Publish a price list.
///
/// Stores a new, immutable version of the center's price list and answers it with its `ETag`.
/// It takes effect at `effective_from` (now when absent; a future date for a price change on a
/// set day, at most 366 days ahead; never in the past). Each therapy must be one the center
/// offers and the catalog prices, each add-on one the catalog offers with it; amounts are
/// integer cents from 0 to 100,000,000. Send `If-Match` with the current version's `ETag`, or
/// `If-None-Match: *` for the first version: without either the answer is 428; with a version
/// that is no longer current, 412 with the current `ETag`. Estimates and quotes for the center
/// use the version in effect; a stored quote keeps the version it was priced from.
#[utoipa::path(
    tag = "centers",
    params(
        ("id" = CenterId, Path, description = "The center's id"),
        ("If-Match" = Option<String>, Header, nullable = false,
         description = "The current version's ETag, e.g. `\"3\"`"),
        ("If-None-Match" = Option<String>, Header, nullable = false,
         description = "`*`: publish the first version, only if none exists"),
    ),
    request_body = PriceListInput,
    responses(
        (status = 201, description = "The version stored", body = PriceListVersion,
         headers(("ETag" = String, description = "The new version, e.g. `\"4\"`"),
                 ("Location" = String, description = "The center's price list"))),
        PublishProblems,
    ),
    security(("api_key" = []))
)]
#[put("/v1/centers/{id}/price-list")]
pub async fn publish_price_list(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<PriceListInput>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageCenters)?;
    let id = managed(&state, key, &id)?;
    let expected = precondition(&req)?;
    let center = state
        .quoting
        .centers()
        .base_center(id.as_str())
        .ok_or_else(|| {
            ApiError::not_found("No center with this id is managed by this API key's account.")
        })?;
    let now = Utc::now();
    let list = body.0;
    let effective_from = list
        .check(&center.therapies, state.quoting.price_book(), now)
        .map_err(|faults| {
            ApiError::validation(
                faults
                    .into_iter()
                    .take(50)
                    .map(|f| FieldError::body(f.pointer, f.detail))
                    .collect(),
            )
        })?;
    let version = state
        .centers
        .publish(NewVersion {
            center_id: &id,
            expected,
            effective_from,
            created_at: now,
            key_id: key.id().as_str(),
            account: key.account(),
            list: &list,
        })
        .await?
        .map_err(refused)?;
    reload(&state).await;
    let stored = PriceListVersion::new(
        id.clone(),
        version,
        effective_from,
        now,
        key.id().as_str().to_owned(),
        list,
    );
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(version)))
        .insert_header((header::LOCATION, format!("/v1/centers/{id}/price-list")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(stored))
}

/// A center's price list.
///
/// The version of the center's published price list in effect now, with its `ETag`; 404 when
/// the center has published none (or none in effect yet) or is unknown or retired.
#[utoipa::path(
    tag = "centers",
    params(("id" = CenterId, Path, description = "The center's id")),
    responses(
        (status = 200, description = "The version in effect", body = PriceListVersion,
         headers(("ETag" = String, description = "Its version, e.g. `\"3\"`"))),
        PriceListProblems,
    )
)]
#[get("/v1/centers/{id}/price-list")]
pub async fn get_price_list(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::not_found("No price list is in effect for this center.");
    let id = CenterId::parse(&id).map_err(|_| not_found())?;
    let live = state.quoting.centers();
    live.base_center(id.as_str()).ok_or_else(not_found)?;
    let overlay = live.overlay();
    let version = overlay
        .in_effect(id.as_str(), Utc::now())
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version.version)))
        .json(version))
}

/// Every version of a center's price list.
///
/// Oldest first, each with when it takes effect, when it was published and the id of the key
/// that published it. Needs a secret key of the account that manages the center; the `ETag` is
/// the newest version's, the one a write's `If-Match` must name.
#[utoipa::path(
    tag = "centers",
    params(("id" = CenterId, Path, description = "The center's id")),
    responses(
        (status = 200, description = "Every version, oldest first", body = Vec<PriceListVersion>,
         headers(("ETag" = Option<String>, description = "The newest version, e.g. `\"3\"`; absent when none"))),
        VersionsProblems,
    ),
    security(("api_key" = []))
)]
#[get("/v1/centers/{id}/price-list/versions")]
pub async fn list_price_list_versions(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageCenters)?;
    let id = managed(&state, key, &id)?;
    let overlay = state.quoting.centers().overlay();
    let versions = overlay.versions(id.as_str());
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if let Some(latest) = versions.last() {
        res.insert_header((header::ETAG, etag(latest.version)));
    }
    Ok(res.json(versions))
}
