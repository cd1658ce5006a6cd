//! Registering, reading, changing and deleting webhook endpoints, and rotating their secrets.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{TimeDelta, Utc};

use super::views::{
    CreateEndpoint, EndpointList, EndpointView, EndpointWithSecret, PageQuery, UpdateEndpoint,
};
use super::{endpoint_of, event_types, no_endpoint, page_limit, receiver_url};
use crate::auth::Permission;
use crate::http::access::authenticate;
use crate::http::error::{ApiError, ErrorCode};
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::state::AppState;
use crate::problems;
use crate::storage::webhooks::{Endpoint, EndpointChange};
use crate::webhooks::signature::WebhookSecret;

problems!(CreateEndpointProblems: Unauthorized, Forbidden, ValidationFailed, LimitReached,
    ServiceUnavailable);
problems!(ListEndpointsProblems: Unauthorized, Forbidden, ValidationFailed, ServiceUnavailable);
problems!(EndpointProblems: Unauthorized, Forbidden, NotFound, ServiceUnavailable);
problems!(UpdateEndpointProblems: Unauthorized, Forbidden, NotFound, ValidationFailed,
    ServiceUnavailable);

/// How long a rotated-out secret keeps signing beside the new one.
pub const ROTATION_OVERLAP: TimeDelta = TimeDelta::hours(24);

fn no_store(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Register a webhook endpoint.
///
/// Registers a URL for the account's quote events and answers its signing secret (`whsec_…`),
/// shown this once. Every webhook is signed as Standard Webhooks 1.0 says (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature`). The URL must be `https` and resolve to public
/// addresses only. An endpoint registered with a key that reads any quote (a financing
/// partner's) receives every account's quote events. Needs a secret key.
#[utoipa::path(
    tag = "webhooks",
    request_body = CreateEndpoint,
    responses(
        (status = 201, description = "The endpoint, with its signing secret shown this once",
         body = EndpointWithSecret,
         headers(("Location" = String, description = "The endpoint's URL"))),
        CreateEndpointProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<CreateEndpoint>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let events = event_types(&body.events, "/events")?;
    let url = receiver_url(&state, &body.url, "/url").await?;
    let now = Utc::now();
    let secret = WebhookSecret::generate().expose();
    let endpoint = Endpoint {
        id: crate::quoting::id::random_id("we_"),
        account: key.account().to_owned(),
        every_account: key.reads_any_quote(),
        url,
        events,
        enabled: body.enabled.unwrap_or(true),
        disabled_reason: None,
        secret: secret.clone(),
        previous_secret: None,
        previous_until: None,
        created_at: now,
        updated_at: now,
    };
    let max = state.webhook_settings.max_endpoints_per_account;
    if !state.webhooks.create_endpoint(&endpoint, max).await? {
        return Err(ApiError::new(
            ErrorCode::LimitReached,
            format!("This account has {max} webhook endpoints, the most allowed."),
        ));
    }
    let location = format!("/v1/webhook-endpoints/{}", endpoint.id);
    let body = EndpointWithSecret {
        endpoint: EndpointView::of(&endpoint, now),
        secret,
    };
    Ok(no_store(
        HttpResponse::Created()
            .insert_header((header::LOCATION, location))
            .json(body),
    ))
}

/// List webhook endpoints.
///
/// The account's endpoints, oldest first, a page at a time (`limit`, 1 to 100, and
/// `starting_after`, the last id of the previous page). Secrets are never listed.
#[utoipa::path(
    tag = "webhooks",
    params(PageQuery),
    responses((status = 200, description = "A page of endpoints", body = EndpointList),
              ListEndpointsProblems),
    security(("api_key" = []))
)]
#[get("/v1/webhook-endpoints")]
pub async fn list_webhook_endpoints(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let limit = page_limit(query.limit.as_deref())?;
    let mut found = state
        .webhooks
        .endpoints(key.account(), limit + 1, query.starting_after.as_deref())
        .await?;
    let has_more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let now = Utc::now();
    Ok(no_store(HttpResponse::Ok().json(EndpointList {
        data: found.iter().map(|e| EndpointView::of(e, now)).collect(),
        has_more,
    })))
}

/// Read a webhook endpoint.
///
/// The endpoint as it is now (its secret is not shown). Another account's endpoint answers 404.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The endpoint", body = EndpointView), EndpointProblems),
    security(("api_key" = []))
)]
#[get("/v1/webhook-endpoints/{id}")]
pub async fn get_webhook_endpoint(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let endpoint = endpoint_of(&state, key.account(), &id).await?;
    Ok(no_store(
        HttpResponse::Ok().json(EndpointView::of(&endpoint, Utc::now())),
    ))
}

/// Change a webhook endpoint.
///
/// Changes its URL, its event types, or enables or disables it; fields left out stay as they
/// are. Disabling keeps pending deliveries waiting; enabling sends them, also after the service
/// disabled the endpoint because it answered 410.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    request_body = UpdateEndpoint,
    responses((status = 200, description = "The endpoint as changed", body = EndpointView),
              UpdateEndpointProblems),
    security(("api_key" = []))
)]
#[patch("/v1/webhook-endpoints/{id}")]
pub async fn update_webhook_endpoint(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<UpdateEndpoint>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    // 404 before judging the body: another account's endpoint reveals nothing.
    endpoint_of(&state, key.account(), &id).await?;
    let events = match &body.events {
        Some(names) => Some(event_types(names, "/events")?),
        None => None,
    };
    let url = match &body.url {
        Some(text) => Some(receiver_url(&state, text, "/url").await?),
        None => None,
    };
    let change = EndpointChange {
        url,
        events,
        enabled: body.enabled,
    };
    let now = Utc::now();
    let endpoint = state
        .webhooks
        .update_endpoint(key.account(), &id, &change, now)
        .await?
        .ok_or_else(no_endpoint)?;
    if endpoint.enabled {
        state.webhook_waker.wake();
    }
    Ok(no_store(
        HttpResponse::Ok().json(EndpointView::of(&endpoint, now)),
    ))
}

/// Delete a webhook endpoint.
///
/// Stops every delivery to it and forgets them. Answers 204.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses((status = 204, description = "Deleted"), EndpointProblems),
    security(("api_key" = []))
)]
#[delete("/v1/webhook-endpoints/{id}")]
pub async fn delete_webhook_endpoint(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    if state.webhooks.delete_endpoint(key.account(), &id).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(no_endpoint())
    }
}

/// Rotate a webhook endpoint's signing secret.
///
/// Answers a new secret, shown this once. For the next 24 hours every webhook carries two
/// signatures, space-separated in `webhook-signature`: the new secret's and the old one's, so
/// the receiver can switch without missing one.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "The endpoint with its new secret, shown this once",
         body = EndpointWithSecret),
        EndpointProblems,
    ),
    security(("api_key" = []))
)]
#[post("/v1/webhook-endpoints/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let secret = WebhookSecret::generate().expose();
    let now = Utc::now();
    let endpoint = state
        .webhooks
        .rotate_secret(key.account(), &id, &secret, now, ROTATION_OVERLAP)
        .await?
        .ok_or_else(no_endpoint)?;
    Ok(no_store(HttpResponse::Ok().json(EndpointWithSecret {
        endpoint: EndpointView::of(&endpoint, now),
        secret,
    })))
}
