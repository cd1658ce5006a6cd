//! Cross-cutting HTTP behaviour: every error response becomes problem+json carrying the request
//! id, every response carries `x-request-id`, a panicking handler answers 500 instead of dropping
//! the connection, and unmatched requests answer 404 or 405 with `Allow`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use futures_util::FutureExt;
use tracing_actix_web::RequestId;

use crate::http::error::{ApiError, ErrorCode, PROBLEM_JSON, Problem};

/// The response header carrying the request id.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Writes every error response as problem+json with the request id, and adds `x-request-id` to
/// every response. Errors made by [`ApiError`] keep their problem; bare framework errors get the
/// problem for their status.
pub async fn problem_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = request_id_of(&req);
    let mut res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        // An error that escaped the handlers (rare): the server writes its response, so make
        // sure that response is ours and carries the request id.
        Err(err) => {
            let api_error = match err.as_error::<ApiError>() {
                Some(e) => ApiError::new(e.code(), e.problem().detail.clone()),
                None => {
                    let code = ErrorCode::for_status(err.as_response_error().status_code());
                    ApiError::new(code, code.title())
                }
            };
            return Err(api_error.with_request_id(&request_id).into());
        }
    };
    let mut res = if res.status().is_client_error() || res.status().is_server_error() {
        let mut problem = res.response_mut().extensions_mut().remove::<Problem>();
        let cors_refused = res
            .response()
            .error()
            .is_some_and(|e| e.as_error::<actix_cors::CorsError>().is_some());
        if problem.is_none() && cors_refused {
            problem = Some(Problem::new(
                ErrorCode::OriginNotAllowed,
                "This origin is not allowed to call the API from a browser; the operator lists \
                 allowed origins in cors.allowed_origins and per publishable key.",
            ));
        }
        res.map_body(|head, body| {
            if let Some(p) = &problem {
                head.status = p.code.status();
            }
            let mut problem = match problem {
                Some(p) => p,
                None => {
                    // A response the framework made (e.g. 408 on a slow client): keep its status.
                    drop(body);
                    let code = ErrorCode::for_status(head.status);
                    Problem::new(code, code.title())
                }
            };
            problem.request_id.clone_from(&request_id);
            head.headers
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
            // No error is worth keeping, and on the routes that take patient data (quotes,
            // Good Faith Estimates, reconciliation) one may be about what a patient sent.
            head.headers
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            BoxBody::new(serde_json::to_vec(&problem).unwrap_or_default())
        })
    } else {
        res
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(res)
}

/// Turns a panic in a handler into a 500 problem instead of a dropped connection.
pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // The request cannot be kept for building a response: routing needs it unshared.
    let request_id = request_id_of(&req);
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res.map(ServiceResponse::map_into_boxed_body),
        Err(_) => Err(ApiError::internal("handler panicked")
            .with_request_id(&request_id)
            .into()),
    }
}

/// The configured handler timeout.
#[derive(Debug, Clone, Copy)]
pub struct HandlerTimeout(pub std::time::Duration);

/// Whether a request's body is still arriving. [`handler_timeout`] puts one in the request's
/// extensions; the body extractor marks when it starts and finishes reading, so that a timeout
/// can tell a client that sends its body too slowly (408) from a handler that runs too long
/// (503).
#[derive(Debug, Clone, Default)]
pub struct BodyProgress(Rc<Cell<bool>>);

impl BodyProgress {
    /// The body has started to be read.
    pub fn receiving(&self) {
        self.0.set(true);
    }

    /// The whole body has been read (or reading stopped with an answer).
    pub fn received(&self) {
        self.0.set(false);
    }

    fn is_receiving(&self) -> bool {
        self.0.get()
    }
}

/// Answers when a handler runs past [`HandlerTimeout`]: 408 when the client was still sending
/// the body (the server's own timeout covers only the request head), else 503. The handler's
/// future is dropped, so an open transaction rolls back.
pub async fn handler_timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let limit = req.app_data::<HandlerTimeout>().map(|t| t.0);
    let request_id = request_id_of(&req);
    let Some(limit) = limit else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body = BodyProgress::default();
    req.extensions_mut().insert(body.clone());
    match tokio::time::timeout(limit, next.call(req)).await {
        Ok(res) => res.map(ServiceResponse::map_into_boxed_body),
        Err(_) if body.is_receiving() => Err(ApiError::new(
            ErrorCode::RequestTimeout,
            format!(
                "The request body did not arrive within {} ms.",
                limit.as_millis()
            ),
        )
        .with_request_id(&request_id)
        .into()),
        Err(_) => Err(ApiError::new(
            ErrorCode::HandlerTimeout,
            format!(
                "The request did not finish within {} ms; retry later.",
                limit.as_millis()
            ),
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from_static("1"))
        .with_request_id(&request_id)
        .into()),
    }
}

/// Content-Security-Policy for the HTML pages (Swagger UI); the API's JSON needs none.
pub async fn html_security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let docs = req.path().starts_with("/docs");
    let mut res = next.call(req).await?;
    if docs {
        res.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                 script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
            ),
        );
    }
    Ok(res)
}

/// Routes only servers call (reading quotes, Good Faith Estimates, reconciliation): they answer
/// no CORS headers at all, so no browser page can read them, whatever origins are allowed.
pub const PARTNER_ONLY: [&str; 3] = [
    "/v1/quotes/{id}",
    "/v1/quotes/{id}/good-faith-estimate",
    "/v1/quotes/{id}/reconcile",
];

/// The path prefix every [`PARTNER_ONLY`] route starts with.
const PARTNER_PREFIX: &str = "/v1/quotes/";

/// Webhook endpoints and their deliveries take a secret key and are managed from servers only:
/// every route under this prefix answers no CORS headers either.
const WEBHOOK_PREFIX: &str = "/v1/webhook-endpoints";

/// Strips every `Access-Control-*` header from the answers of [`PARTNER_ONLY`] routes and of
/// the webhook endpoints' routes.
pub async fn partner_routes_without_cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // Matching the route's pattern is not free: only paths under /v1/quotes/ can be partner-only.
    let partner_only = req.path().starts_with(WEBHOOK_PREFIX)
        || req.path().starts_with(PARTNER_PREFIX)
            && req
                .match_pattern()
                .is_some_and(|p| PARTNER_ONLY.contains(&p.as_str()));
    let mut res = next.call(req).await?;
    if partner_only {
        let cors: Vec<HeaderName> = res
            .headers()
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in cors {
            res.headers_mut().remove(name);
        }
    }
    Ok(res)
}

fn request_id_of(req: &ServiceRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// The methods each documented path answers, taken from the OpenAPI document so that it cannot
/// disagree with the routes.
#[derive(Debug, Clone, Default)]
pub struct AllowedMethods(BTreeMap<String, Vec<String>>);

impl AllowedMethods {
    /// The methods of every path in `doc`.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let value = serde_json::to_value(&doc.paths).unwrap_or_default();
        let mut map = BTreeMap::new();
        if let Some(paths) = value
            .get("paths")
            .or(Some(&value))
            .and_then(|v| v.as_object())
        {
            for (path, item) in paths {
                let methods = item
                    .as_object()
                    .map(|ops| {
                        ops.keys()
                            .filter(|m| {
                                ["get", "post", "put", "patch", "delete", "head", "options"]
                                    .contains(&m.as_str())
                            })
                            .map(|m| m.to_uppercase())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                map.insert(path.clone(), methods);
            }
        }
        AllowedMethods(map)
    }

    /// Adds a path that is served but not documented (e.g. `/openapi.json`).
    pub fn with(mut self, path: &str, methods: &[&str]) -> Self {
        self.0.insert(
            path.to_owned(),
            methods.iter().map(|m| m.to_string()).collect(),
        );
        self
    }

    fn for_pattern(&self, pattern: &str) -> Option<&[String]> {
        self.0.get(pattern).map(Vec::as_slice)
    }
}

/// The default service: a path that some route matches under another method is 405 with `Allow`;
/// anything else is 404.
pub async fn unmatched(req: HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<web::Data<AllowedMethods>>()
        .and_then(|allowed| {
            let pattern = req.match_pattern()?;
            allowed.for_pattern(&pattern).map(|m| m.join(", "))
        });
    match allowed {
        Some(methods) if !methods.is_empty() => {
            let value = HeaderValue::from_str(&methods).unwrap_or(HeaderValue::from_static("GET"));
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                format!("{} is not allowed here; allowed: {methods}.", req.method()),
            )
            .with_header(header::ALLOW, value)
            .error_response()
        }
        _ => ApiError::not_found(format!("No resource at {}.", req.path())).error_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::{App, test};
    use futures_util::StreamExt as _;
    use tracing_actix_web::TracingLogger;

    async fn panics() -> HttpResponse {
        panic!("boom")
    }

    async fn fails() -> Result<HttpResponse, ApiError> {
        Err(ApiError::not_found("no such thing"))
    }

    #[actix_web::test]
    async fn every_partner_only_route_is_under_the_prefix_checked_first() {
        for route in PARTNER_ONLY {
            assert!(route.starts_with(PARTNER_PREFIX), "{route}");
        }
    }

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_problem_json_with_the_request_id() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(catch_panic))
                .wrap(from_fn(problem_responses))
                .wrap(TracingLogger::default())
                .route("/panic", web::get().to(panics)),
        )
        .await;
        let req = test::TestRequest::get().uri("/panic").to_request();
        // The error leaves the middleware stack and the server writes its response.
        let err = test::try_call_service(&app, req).await.unwrap_err();
        let res = err.error_response();
        assert_eq!(res.status(), 500);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
        let id = res
            .headers()
            .get(REQUEST_ID)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = actix_web::body::to_bytes(res.into_body()).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["code"], "internal_error");
        assert_eq!(body["request_id"], id);
        assert!(!body["detail"].as_str().unwrap().contains("boom"));
    }

    #[actix_web::test]
    async fn a_handler_past_its_timeout_answers_503_problem() {
        async fn slow() -> HttpResponse {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            HttpResponse::Ok().finish()
        }
        let app = test::init_service(
            App::new()
                .app_data(HandlerTimeout(std::time::Duration::from_millis(50)))
                .wrap(from_fn(handler_timeout))
                .wrap(TracingLogger::default())
                .route("/slow", web::get().to(slow)),
        )
        .await;
        let req = test::TestRequest::get().uri("/slow").to_request();
        let err = test::try_call_service(&app, req).await.unwrap_err();
        let res = err.error_response();
        assert_eq!(res.status(), 503);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
        assert!(res.headers().contains_key(header::RETRY_AFTER));
    }

    #[actix_web::test]
    async fn a_body_still_arriving_at_the_timeout_answers_408_problem() {
        async fn takes_json(_: crate::http::extract::ApiJson<serde_json::Value>) -> HttpResponse {
            HttpResponse::Ok().finish()
        }
        let app = test::init_service(
            App::new()
                .app_data(HandlerTimeout(std::time::Duration::from_millis(50)))
                .wrap(from_fn(handler_timeout))
                .wrap(TracingLogger::default())
                .route("/json", web::post().to(takes_json)),
        )
        .await;
        let req = test::TestRequest::post()
            .uri("/json")
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .to_request();
        // One chunk, then nothing: the rest of the body never comes.
        let trickle: std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>> = Box::pin(
            futures_util::stream::once(async {
                Ok::<_, actix_web::error::PayloadError>(web::Bytes::from_static(b"{\"a\":"))
            })
            .chain(futures_util::stream::pending()),
        );
        let (req, _) = req.replace_payload(actix_web::dev::Payload::from(trickle));
        let err = test::try_call_service(&app, req)
            .await
            .expect_err("the timeout answers");
        let res = err.error_response();
        assert_eq!(res.status(), 408);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
    }

    #[actix_web::test]
    async fn api_errors_keep_their_problem_and_gain_the_request_id() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(problem_responses))
                .wrap(TracingLogger::default())
                .route("/x", web::get().to(fails)),
        )
        .await;
        let res = test::call_service(&app, test::TestRequest::get().uri("/x").to_request()).await;
        assert_eq!(res.status(), 404);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["detail"], "no such thing");
        assert!(!body["request_id"].as_str().unwrap().is_empty());
    }
}
