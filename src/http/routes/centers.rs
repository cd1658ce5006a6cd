//! `GET /v1/centers` and `GET /v1/centers/{id}`: where a patient can get a therapy.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::centers::{Center, CenterPage, CenterSearchParams, SearchError};
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::http::extract::ApiQuery;
use crate::http::state::AppState;

/// A refused search as a 422 naming the parameter (`unknown_zip` for a ZIP not in the table).
fn search_error(err: SearchError) -> ApiError {
    let field = FieldError::query(err.field(), err.to_string());
    match err {
        SearchError::UnknownZip(_) => {
            ApiError::new(ErrorCode::UnknownZip, err.to_string()).with_errors(vec![field])
        }
        _ => ApiError::field(field),
    }
}

/// Search the center directory.
///
/// With a location (`zip`, or `lat` and `lon`) only centers within `radius_miles` (default 50,
/// at most 500) are returned, nearest first, each with its great-circle `distance_miles`.
/// Without one, centers are sorted by state, city and name. Filters: `therapy`, `state`, `city`,
/// `kind`. Pages hold `limit` centers (default 20, at most 100); pass `next_cursor` back as
/// `cursor` for the next page. `total` counts every match.
#[utoipa::path(
    security(()),
    tag = "centers",
    params(CenterSearchParams),
    responses(
        (status = 200, description = "One page of matching centers", body = CenterPage),
        (status = 422, description = "An invalid parameter (named in `errors`); `unknown_zip` for a ZIP \
code that is well formed but not a US ZIP code",
         body = crate::http::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/centers")]
pub async fn list_centers(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ApiQuery<CenterSearchParams>,
) -> Result<HttpResponse, ApiError> {
    // The extractor has accepted the query string: the same string always finds the same page.
    let key = req.query_string().to_owned();
    state.center_searches.json(&key, || {
        let query = query.to_query(&state.zips).map_err(search_error)?;
        state.directory.search(&query).map_err(search_error)
    })
}

/// One center.
///
/// The center's kind, city and state, location and its precision, therapies offered, flags,
/// identifiers where known, when it was last verified and the source, and its own price list if
/// it publishes one.
#[utoipa::path(
    security(()),
    tag = "centers",
    params(("id" = String, Path, description = "The center's id", example = "regenerative-orthopedics-fort-worth")),
    responses(
        (status = 200, description = "The center", body = Center),
        (status = 404, description = "No center has this id", body = crate::http::error::Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/v1/centers/{id}")]
pub async fn get_center(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let center = state
        .directory
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("No center has the id `{id}`.")))?;
    Ok(HttpResponse::Ok().json(center))
}
