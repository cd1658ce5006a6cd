//! `GET /widget/` and `GET /widget/{file}`: the embeddable quote widget clinic websites put on
//! their pages. Its files live in `src/http/routes/widget/` and are compiled into the binary, so serving them
//! needs no disk or network. The page calls the API from its own origin, so it needs no CORS.

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::http::error::ApiError;
use crate::http::state::AppState;

/// The widget page's Content-Security-Policy without `frame-ancestors`: scripts, styles and API
/// calls only from this origin, so nothing inline runs.
pub const WIDGET_CSP: &str =
    "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'";

/// Who may frame the widget: any site when it carries no key (it then only shows estimates);
/// only the key's own origins when it carries a publishable key, since it can then save quotes
/// in the clinic's name; nobody for a key that is not configured.
fn frame_ancestors(state: &AppState, req: &HttpRequest) -> String {
    let query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string());
    let token = query
        .ok()
        .and_then(|q| q.get("key").cloned())
        .filter(|k| !k.is_empty());
    let Some(token) = token else {
        return "*".to_owned();
    };
    let id = token
        .strip_prefix("rq_pk_")
        .and_then(|rest| rest.rsplit_once('_'))
        .map(|(id, _)| id);
    match id.and_then(|id| state.keyring.get(id)) {
        Some(key) if !key.allowed_origins().is_empty() => key.allowed_origins().join(" "),
        _ => "'none'".to_owned(),
    }
}

const INDEX_HTML: &str = include_str!("widget/index.html");

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
        body: include_str!("widget/embed.js"),
    },
    Asset {
        name: "widget.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("widget/widget.js"),
    },
    Asset {
        name: "results.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("widget/results.js"),
    },
    Asset {
        name: "widget.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("widget/widget.css"),
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
/// therapy, and `lang=es` (or `data-lang`) shows it in Spanish; without it the widget follows the
/// browser's language.
#[utoipa::path(
    tag = "widget",
    params(
        ("key" = Option<String>, Query, description = "A publishable key (`rq_pk_…`) that lets the widget save quotes"),
        ("therapy" = Option<String>, Query, description = "A catalog code to preselect", example = "knee_msc_injection"),
        ("lang" = Option<String>, Query, description = "`es` or `en`: the widget's language; without it, the browser's (Spanish for any `es` language, else English). The widget sends it to the API as `Accept-Language`.", example = "es"),
    ),
    responses((status = 200, description = "The widget page", content_type = "text/html", body = String))
)]
#[get("/widget/")]
pub async fn get_widget(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let csp = format!(
        "{WIDGET_CSP}; frame-ancestors {}",
        frame_ancestors(&state, &req)
    );
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header((header::CONTENT_SECURITY_POLICY, csp))
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
        (status = 404, description = "No widget file has this name", body = crate::http::error::Problem,
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
