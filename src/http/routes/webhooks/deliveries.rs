//! A webhook endpoint's deliveries, with every attempt, and sending one again by hand.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{DeliveryList, DeliveryState, DeliveryView, ResendAccepted};
use super::{endpoint_of, page_limit};
use crate::auth::Permission;
use crate::http::access::authenticate;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::state::AppState;
use crate::problems;

problems!(ListDeliveriesProblems: Unauthorized, Forbidden, NotFound, ValidationFailed,
    ServiceUnavailable);
problems!(ResendProblems: Unauthorized, Forbidden, NotFound, ServiceUnavailable);

/// A page of deliveries.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryPage {
    /// How many to answer, 1 to 100 (default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, example = 20)]
    limit: Option<String>,
    /// The last `webhook_id` of the previous page.
    #[param(example = "msg_2b7xq4kd9mzw3hbn5rpt6vyc2f")]
    starting_after: Option<String>,
}

/// List a webhook endpoint's deliveries.
///
/// Every event sent or to be sent to the endpoint, newest first, with each attempt: when, the
/// receiver's status or why it gave none, and how long it took. A page at a time (`limit`, 1 to
/// 100, and `starting_after`, the last `webhook_id` of the previous page).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id"), DeliveryPage),
    responses((status = 200, description = "A page of deliveries", body = DeliveryList),
              ListDeliveriesProblems),
    security(("api_key" = []))
)]
#[get("/v1/webhook-endpoints/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: ApiQuery<DeliveryPage>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let endpoint = endpoint_of(&state, key.account(), &id).await?;
    let limit = page_limit(query.limit.as_deref())?;
    let mut found = state
        .webhooks
        .deliveries(&endpoint.id, limit + 1, query.starting_after.as_deref())
        .await?;
    let has_more = found.len() > limit as usize;
    found.truncate(limit as usize);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .json(DeliveryList {
            data: found.into_iter().map(DeliveryView::from).collect(),
            has_more,
        }))
}

/// Send a delivery again.
///
/// Makes the delivery due now, whatever became of it (a failed one after its retries were
/// spent, or a delivered one the receiver lost), with the same `webhook-id`, so a receiver that
/// has it already can tell. Answers 202; the attempt shows in the deliveries list.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id"),
           ("webhook_id" = String, Path, description = "The delivery's `webhook_id`")),
    responses((status = 202, description = "Queued to be sent now", body = ResendAccepted),
              ResendProblems),
    security(("api_key" = []))
)]
#[post("/v1/webhook-endpoints/{id}/deliveries/{webhook_id}/resend")]
pub async fn resend_webhook_delivery(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let key = authenticate(&state, &req, Permission::ManageWebhooks)?;
    let (id, webhook_id) = path.into_inner();
    let endpoint = endpoint_of(&state, key.account(), &id).await?;
    if !state
        .webhooks
        .resend(&endpoint.id, &webhook_id, Utc::now())
        .await?
    {
        return Err(ApiError::not_found(
            "No delivery with this webhook_id to this endpoint.",
        ));
    }
    state.webhook_waker.wake();
    Ok(HttpResponse::Accepted().json(ResendAccepted {
        webhook_id,
        status: DeliveryState::Pending,
    }))
}
