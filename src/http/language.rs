//! The language of an answer: chosen once per request from `Accept-Language` (see
//! [`Lang::negotiate`]), kept in the request for handlers ([`language_of`]), and stated on every
//! response: `Content-Language` names the language of its text and `Vary: Accept-Language`
//! tells caches the answer depends on it. Error bodies (problem+json) are written for
//! developers, in English, and say so.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest};

use crate::i18n::Lang;

/// Chooses the request's language and states it on the response.
pub async fn content_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let lang = negotiated(req.headers().get(header::ACCEPT_LANGUAGE));
    req.extensions_mut().insert(lang);
    let mut res = next.call(req).await?;
    let status = res.status();
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_LANGUAGE) {
        let answered = if status.is_client_error() || status.is_server_error() {
            Lang::En
        } else {
            lang
        };
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(answered.tag()),
        );
    }
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    Ok(res)
}

/// The language chosen for `req` (English when the middleware did not run).
pub fn language_of(req: &HttpRequest) -> Lang {
    req.extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_else(|| negotiated(req.headers().get(header::ACCEPT_LANGUAGE)))
}

fn negotiated(value: Option<&HeaderValue>) -> Lang {
    Lang::negotiate(value.and_then(|v| v.to_str().ok()))
}
