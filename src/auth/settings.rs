//! The `[auth]` settings: the configured API keys.

use serde::Deserialize;

/// The API keys that may call the service. None ship with it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// One `[[auth.keys]]` table per key.
    #[serde(default)]
    pub keys: Vec<ApiKeySettings>,
}

/// One configured API key. Holds a hash of the token, or the name of an environment variable
/// holding the token; never the token itself.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeySettings {
    /// The key's id, the middle of its token: `a-z`, `0-9`, `-`, e.g. `acme-clinic-web`.
    pub id: String,
    /// Who holds the key, for operators.
    pub label: String,
    /// `publishable` (a clinic website) or `secret` (a financing partner or back office).
    pub kind: crate::auth::KeyKind,
    /// Browser origins a publishable key may be used from, e.g. `https://www.clinic.example`.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// SHA-256 of the whole token in hex, as printed when the key was minted.
    #[serde(default)]
    pub secret_sha256: Option<String>,
    /// The name of an environment variable holding the token; it is hashed at start-up.
    #[serde(default)]
    pub secret_env: Option<String>,
    /// The organisation the key belongs to (a clinic, a lender); defaults to the key's id. A
    /// secret key reads the quotes created by keys of its own account.
    #[serde(default)]
    pub account: Option<String>,
    /// A financing partner's secret key reads any quote whose id a patient gives it.
    #[serde(default)]
    pub reads_any_quote: bool,
}

impl std::fmt::Debug for ApiKeySettings {
    // Settings are logged at start-up by some deployments; the hash stays out of them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeySettings")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("allowed_origins", &self.allowed_origins)
            .field("secret_env", &self.secret_env)
            .field("account", &self.account)
            .field("reads_any_quote", &self.reads_any_quote)
            .finish_non_exhaustive()
    }
}
