//! `GET /.well-known/jwks.json`: the public keys that stored quotes' signatures verify against.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, get, web};

use crate::http::state::AppState;
use crate::signing::Jwks;

/// The keys that sign quotes.
///
/// The JWK Set (RFC 7517) of every key whose signatures a stored quote's `signed_quote` may
/// carry: Ed25519 public keys (`kty` `OKP`, `crv` `Ed25519`, `use` `sig`, `alg` `EdDSA`), each
/// named by the `kid` in a signature's header. The key signing new quotes comes first; keys
/// retired by a rotation follow, so quotes they signed still verify. Needs no API key, and may be
/// cached for five minutes.
#[utoipa::path(
    tag = "signing",
    responses((status = 200, description = "The published keys", body = Jwks,
               headers(("Cache-Control" = String, description = "`public, max-age=300`"))))
)]
#[get("/.well-known/jwks.json")]
pub async fn get_jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .json(state.signer.jwks())
}
