//! Building and running the service: one app factory shared by the server and the tests.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName};
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::configuration::{CorsSettings, Settings};
use crate::app::telemetry::RequestSpan;
use crate::app::webhook_worker::Worker;
use crate::http::error::ApiError;
use crate::http::extract::BodyLimit;
use crate::http::limits::{self, RateLimiter};
use crate::http::middleware::{self, AllowedMethods, HandlerTimeout};
use crate::http::state::AppState;
use crate::storage::Database;
use crate::webhooks::clock::{Clock, SystemClock};

/// Everything the app factory needs, cheap to clone for each worker.
#[derive(Clone)]
pub struct AppContext {
    /// Shared state read by handlers.
    pub state: AppState,
    /// The OpenAPI document served at `/openapi.json`.
    pub openapi: Arc<utoipa::openapi::OpenApi>,
    /// Methods per path, for 405 answers.
    pub allowed: AllowedMethods,
    /// Largest accepted body in bytes.
    pub body_limit: usize,
    /// How long a handler may run.
    pub handler_timeout: Duration,
    /// Per-caller rate limits: one set of buckets shared by every worker, so a caller's limit
    /// does not grow with the number of workers.
    pub rate_limit: RateLimiter,
    /// Browser origins allowed to call the API.
    pub cors: CorsSettings,
}

impl AppContext {
    /// Context around `state`, with the generated OpenAPI document.
    pub fn new(state: AppState, settings: &Settings) -> Self {
        let openapi = crate::http::openapi::document();
        let allowed = AllowedMethods::from_openapi(&openapi).with("/openapi.json", &["GET"]);
        let cors = CorsSettings {
            // Each publishable key's origins may call the API too.
            allowed_origins: settings
                .cors
                .allowed_origins
                .iter()
                .map(String::as_str)
                .chain(state.keyring.publishable_origins())
                .map(str::to_owned)
                .collect(),
            ..settings.cors.clone()
        };
        let rate_limit = RateLimiter::new(&settings.rate_limit, state.keyring.clone());
        AppContext {
            state,
            openapi: Arc::new(openapi),
            allowed,
            body_limit: settings.server.body_limit_bytes,
            handler_timeout: Duration::from_millis(settings.server.handler_timeout_ms),
            rate_limit,
            cors,
        }
    }
}

/// The app: documented routes, `/openapi.json`, Swagger UI at `/docs/`, and the middleware that
/// makes every error problem+json.
pub fn build_app(
    ctx: AppContext,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .into_utoipa_app()
        .app_data(web::Data::new(ctx.state.clone()))
        .app_data(web::Data::new(ctx.allowed.clone()))
        .app_data(web::Data::new(ctx.rate_limit.clone()))
        .app_data(BodyLimit(ctx.body_limit))
        .app_data(HandlerTimeout(ctx.handler_timeout))
        .app_data(web::PathConfig::default().error_handler(|_, req| {
            ApiError::not_found(format!("No resource at {}.", req.path())).into()
        }))
        .configure(crate::http::routes::configure)
        .into_app()
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", (*ctx.openapi).clone()))
        .default_service(web::to(middleware::unmatched))
        .wrap(from_fn(middleware::catch_panic))
        .wrap(from_fn(middleware::handler_timeout))
        .wrap(from_fn(limits::rate_limit))
        .wrap(cors(&ctx.cors))
        .wrap(from_fn(middleware::partner_routes_without_cors))
        .wrap(from_fn(middleware::html_security_headers))
        .wrap(from_fn(crate::http::language::content_language))
        .wrap(DefaultHeaders::new().add((header::X_CONTENT_TYPE_OPTIONS, "nosniff")))
        .wrap(from_fn(middleware::problem_responses))
        .wrap(crate::http::metrics::middleware())
        .wrap(TracingLogger::<RequestSpan>::new())
}

/// CORS for the configured origins: the headers the API reads and the ones a page may see.
fn cors(settings: &CorsSettings) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST"])
        .allowed_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
        ])
        .allowed_header(HeaderName::from_static("idempotency-key"))
        .expose_headers([
            HeaderName::from_static("x-request-id"),
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
            HeaderName::from_static("ratelimit"),
            HeaderName::from_static("ratelimit-policy"),
        ])
        .block_on_origin_mismatch(true)
        // The widget is served by the API itself; browsers still send Origin on its POSTs.
        .allowed_origin_fn(|origin, req| same_origin(origin, req.headers().get(header::HOST)))
        .max_age(settings.max_age_secs);
    for origin in &settings.allowed_origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Whether `origin` (scheme://authority) names the host the request was sent to.
fn same_origin(origin: &header::HeaderValue, host: Option<&header::HeaderValue>) -> bool {
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), host.map(|h| h.to_str())) else {
        return false;
    };
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
}

/// Keeps this replica's view of the centers accounts manage current: every
/// [`POLL_INTERVAL`](crate::storage::centers::POLL_INTERVAL) it reads the database's highest
/// change number and reloads the view when it moved, so a write through any replica is used by
/// this one within about half a second (see [`crate::storage::centers`]).
fn spawn_center_poll(state: crate::http::state::AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(crate::storage::centers::POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = crate::http::state::refresh_centers(&state).await {
                tracing::debug!(error.cause = %e, "center view not refreshed");
            }
        }
    });
}

/// A bound, ready-to-run server, and the metrics listener beside it.
pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<(u16, Server)>,
}

/// The metrics listener: `GET /metrics` and nothing else, on one worker.
fn metrics_server(
    settings: &crate::http::metrics::MetricsSettings,
) -> anyhow::Result<Option<(u16, Server)>> {
    if !settings.enabled {
        return Ok(None);
    }
    let address = format!("{}:{}", settings.host, settings.port);
    let listener = TcpListener::bind(&address)
        .with_context(|| format!("metrics: cannot listen on {address}"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(|| {
        App::new().route("/metrics", web::get().to(crate::http::metrics::serve))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(Some((port, server)))
}

impl Application {
    /// Loads reference data, opens the database, binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Application::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// As [`Application::build`], with the webhook worker reading `clock` (tests move it).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        crate::i18n::Catalog::check_shipped()?;
        let database = Database::connect(&settings.database).await?;
        let state = crate::app::reference::app_state(&settings, database)?;
        state.quotes.spawn_purge(Duration::from_secs(3600));
        if let Err(e) = crate::http::state::refresh_centers(&state).await {
            tracing::warn!(error.cause = %e, "centers managed by accounts not loaded yet; retrying");
        }
        spawn_center_poll(state.clone());
        if settings.webhooks.worker_enabled {
            Worker::new(
                state.webhooks.clone(),
                &settings.webhooks,
                clock,
                state.webhook_waker.clone(),
            )?
            .spawn();
        }
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener =
            TcpListener::bind(&address).with_context(|| format!("cannot listen on {address}"))?;
        let port = listener.local_addr()?.port();
        let ctx = AppContext::new(state, &settings);
        ctx.rate_limit.spawn_forget_idle(Duration::from_secs(60));
        let workers = match settings.server.workers {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let server = HttpServer::new(move || build_app(ctx.clone()))
            .workers(workers)
            .keep_alive(Duration::from_secs(settings.server.keep_alive_secs))
            .client_request_timeout(Duration::from_millis(
                settings.server.client_request_timeout_ms,
            ))
            .shutdown_timeout(settings.server.shutdown_timeout_secs)
            .listen(listener)?
            .run();
        let metrics = metrics_server(&settings.metrics)?;
        Ok(Application {
            port,
            server,
            metrics,
        })
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The metrics listener's port, when it runs.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Serves until SIGTERM/SIGINT, then finishes in-flight requests and returns; the metrics
    /// listener stops with the API's.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(_, server)| {
            let handle = server.handle();
            tokio::spawn(server);
            handle
        });
        let stopped = self.server.await;
        if let Some(handle) = metrics {
            handle.stop(true).await;
        }
        stopped
    }
}
