//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::error::{ApiError, ErrorCode};
use crate::http::state::AppState;
use crate::problems;

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthStatus {
    /// `ok` when the check passed.
    #[schema(example = "ok")]
    pub status: &'static str,
}

problems!(ReadyProblems: ServiceUnavailable);

/// Liveness: the process is up and serving HTTP.
///
/// Answers 200 whenever the process can serve a request; it checks nothing else, so an
/// orchestrator restarts the process only when it has stopped answering.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process is serving", body = HealthStatus,
               example = json!({"status": "ok"})))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok" })
}

/// Readiness: the service can reach its database and take traffic.
///
/// Answers 200 when the database answers a ping, and 503 problem+json when it does not, so a
/// load balancer sends traffic elsewhere until it recovers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready for traffic", body = HealthStatus,
         example = json!({"status": "ok"})),
        ReadyProblems,
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.database.ping().await {
        Ok(HttpResponse::Ok().json(HealthStatus { status: "ok" }))
    } else {
        Err(ApiError::new(
            ErrorCode::ServiceUnavailable,
            "The database is unreachable.",
        ))
    }
}
