//! API keys: who may call the service and what each may do. Keys come from configuration
//! (`[[auth.keys]]`) holding only a SHA-256 of each token; a request's bearer token is found by
//! its id and compared in constant time.

mod key;
mod keyring;
mod settings;

pub use key::{ApiKey, InvalidKeyId, KeyId, KeyKind, Permission, mint};
pub use keyring::{Keyring, KeyringError};
pub use settings::{ApiKeySettings, AuthSettings};

/// Why a request may not go on. The route answers 401 for `Unauthorized` and 403 for the
/// others; none says which part of a token was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No key, a malformed one, an unknown id or a wrong secret.
    #[error("send a valid API key as `Authorization: Bearer <key>`")]
    Unauthorized,
    /// A valid key of a kind not allowed to do this.
    #[error("this API key is not allowed to do this")]
    Forbidden,
    /// A publishable key used from a page outside its `allowed_origins`.
    #[error("this API key may only be used from its allowed origins")]
    OriginNotAllowed,
}

impl AuthError {
    /// The header at fault.
    pub fn field(&self) -> &'static str {
        match self {
            AuthError::Unauthorized | AuthError::Forbidden => "Authorization",
            AuthError::OriginNotAllowed => "Origin",
        }
    }
}
