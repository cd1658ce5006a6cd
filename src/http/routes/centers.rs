//! `GET /v1/centers` and `GET /v1/centers/{id}`: where a patient can get a therapy.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::centers::{Center, CenterId, CenterPage, CenterSearchParams};
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::language::language_of;
use crate::http::state::AppState;
use crate::problems;

problems!(SearchProblems: ValidationFailed, UnknownZip);
problems!(CenterProblems: NotFound);

/// Search the center directory.
///
/// With a location (`zip`, or `lat` and `lon`) only centers within `radius_miles` (default 50,
/// at most 500) are returned, nearest first, each with its great-circle `distance_miles`.
/// Without one, centers are sorted by state, city and name. Filters: `therapy`, `state`, `city`,
/// `kind`. Pages hold `limit` centers (default 20, at most 100); pass `next_cursor` back as
/// `cursor` for the next page. `total` counts every match.
#[utoipa::path(
    tag = "centers",
    params(CenterSearchParams),
    responses(
        (status = 200, description = "One page of matching centers", body = CenterPage),
        SearchProblems,
    )
)]
#[get("/v1/centers")]
pub async fn list_centers(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ApiQuery<CenterSearchParams>,
) -> Result<HttpResponse, ApiError> {
    // The extractor has accepted the query string: the same string always finds the same page.
    // The live view's change number leads the key, so a center write starts afresh; each
    // language is its own answer.
    let key = (
        language_of(&req),
        format!("{}?{}", state.quoting.centers().seq(), req.query_string()),
    );
    state.center_searches.json(&key, || {
        let query = query.to_query(state.quoting.zips())?;
        Ok(state.quoting.centers().search(&query)?)
    })
}

/// One center.
///
/// The center's kind, city and state, location and its precision, therapies offered, flags,
/// identifiers where known, when it was last verified and the source, and its own price list if
/// it publishes one.
#[utoipa::path(
    tag = "centers",
    params(("id" = CenterId, Path, description = "The center's id")),
    responses((status = 200, description = "The center", body = Center), CenterProblems)
)]
#[get("/v1/centers/{id}")]
pub async fn get_center(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    // A malformed id names no center; only a well-formed one (at most 80 characters) is echoed.
    let id = CenterId::parse(&id).map_err(|_| ApiError::not_found("No center has this id."))?;
    let center = state
        .quoting
        .centers()
        .center(id.as_str(), chrono::Utc::now())
        .ok_or_else(|| ApiError::not_found(format!("No center has the id `{id}`.")))?;
    Ok(HttpResponse::Ok().json(center))
}
