//! `GET /widget/` and `GET /widget/{file}`: the embeddable quote widget clinic websites put on
//! their pages. Its files live in `src/widget/` and are compiled into the binary, so serving them
//! needs no disk or network. The page calls the API from its own origin, so it needs no CORS.

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;

/// The widget page's Content-Security-Policy: scripts, styles and API calls only from this
/// origin (so nothing inline runs), and any site may frame it, since that is its purpose.
pub const WIDGET_CSP: &str = "default-src 'self'; base-uri 'none'; object-src 'none'; \
form-action 'none'; frame-ancestors *";

const INDEX_HTML: &str = include_str!("../widget/index.html");

/// A file of the widget with its media type.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

/// Every file `GET /widget/{file}` serves.
const ASSETS: [Asset; 4] = [
    Asset {
        name: "embed.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../widget/embed.js"),
    },
    Asset {
        name: "widget.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../widget/widget.js"),
    },
    Asset {
        name: "results.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../widget/results.js"),
    },
    Asset {
        name: "widget.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../widget/widget.css"),
    },
];

/// The quote widget page.
///
/// A self-contained page meant for an iframe on a clinic's website: the patient picks a therapy
/// and its options, a payer and a ZIP code, and sees the estimate range with its itemization,
/// the coverage answer, the nearest centers and the "as low as" monthly line. Embed it with one
/// line: `<script src="https://API-HOST/widget/embed.js" data-key="rq_pk_…" async></script>`
/// (the key is optional: without it the page offers no "save quote"), or frame
/// `/widget/?key=rq_pk_…` directly. Optional `therapy=CODE` (or `data-therapy`) preselects a
/// therapy.
#[utoipa::path(
    tag = "widget",
    params(
        ("key" = Option<String>, Query, description = "A publishable key (`rq_pk_…`) that lets the widget save quotes"),
        ("therapy" = Option<String>, Query, description = "A catalog code to preselect", example = "knee_msc_injection"),
    ),
    responses((status = 200, description = "The widget page", content_type = "text/html", body = String))
)]
#[get("/widget/")]
pub async fn get_widget() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header((header::CONTENT_SECURITY_POLICY, WIDGET_CSP))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(INDEX_HTML)
}

/// A file of the quote widget.
///
/// `embed.js` (the loader a clinic page includes: it inserts the widget's iframe after its own
/// `<script>` tag and sizes it to its content), and the page's own `widget.js`, `results.js` and
/// `widget.css`.
#[utoipa::path(
    tag = "widget",
    params(("file" = String, Path, description = "`embed.js`, `widget.js`, `results.js` or `widget.css`", example = "embed.js")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"),
            (String = "text/css"),
        )),
        (status = 404, description = "No widget file has this name", body = crate::error::Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/widget/{file}")]
pub async fn get_widget_file(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == file.as_str())
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "No widget file `{file}`; the widget serves embed.js, widget.js, results.js and widget.css."
            ))
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(asset.body))
}
