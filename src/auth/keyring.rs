//! The configured API keys, checked once at start-up, and the verification of a request's
//! `Authorization` header against them.

use std::collections::HashMap;
use std::fmt;

use subtle::ConstantTimeEq;

use crate::auth::AuthError;
use crate::auth::key::{ApiKey, KeyId, KeyKind, parse_token, token_hash};
use crate::auth::{ApiKeySettings, AuthSettings};

/// Every key that may call the service, by id.
pub struct Keyring {
    keys: HashMap<KeyId, ApiKey>,
    /// Compared against when the id is unknown, so an unknown id costs what a wrong secret does.
    decoy: [u8; 32],
}

/// A configured key is unusable. Names the row, its id and the field; never a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("auth.keys[{index}] (id `{id}`): {field}: {problem}")]
pub struct KeyringError {
    /// The row's position in `auth.keys`, from 0.
    pub index: usize,
    /// The row's id as configured.
    pub id: String,
    /// The offending field.
    pub field: &'static str,
    /// What is wrong and what would be accepted.
    pub problem: String,
}

impl KeyringError {
    /// The offending field.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl Keyring {
    /// The keys in `settings`, reading `secret_env` variables from the process environment.
    pub fn from_settings(settings: &AuthSettings) -> Result<Keyring, KeyringError> {
        Keyring::from_settings_with_env(settings, |name| std::env::var(name).ok())
    }

    /// The keys in `settings`, reading `secret_env` variables through `env`.
    pub fn from_settings_with_env(
        settings: &AuthSettings,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Keyring, KeyringError> {
        let mut keys = HashMap::with_capacity(settings.keys.len());
        for (index, row) in settings.keys.iter().enumerate() {
            let err = |field: &'static str, problem: String| KeyringError {
                index,
                id: row.id.clone(),
                field,
                problem,
            };
            let key = api_key(row, &env).map_err(|(field, problem)| err(field, problem))?;
            if keys.contains_key(&key.id) {
                return Err(err("id", "another key already has this id".into()));
            }
            keys.insert(key.id.clone(), key);
        }
        Ok(Keyring {
            keys,
            decoy: rand::random(),
        })
    }

    /// The key a request's `Authorization` header value (`Bearer <token>`) belongs to. A
    /// missing, malformed, unknown or wrong token is [`AuthError::Unauthorized`] alike.
    pub fn verify(&self, authorization: Option<&str>) -> Result<&ApiKey, AuthError> {
        let token = authorization
            .and_then(bearer_token)
            .ok_or(AuthError::Unauthorized)?;
        let parsed = parse_token(token).ok_or(AuthError::Unauthorized)?;
        let key = parsed
            .id
            .parse::<KeyId>()
            .ok()
            .and_then(|id| self.keys.get(&id));
        let expected = key.map_or(&self.decoy, |k| &k.hash);
        let secret_matches = hashes_match(&token_hash(token), expected);
        match key {
            Some(key) if secret_matches && key.kind == parsed.kind => Ok(key),
            _ => Err(AuthError::Unauthorized),
        }
    }

    /// The configured key with this id.
    pub fn get(&self, id: &str) -> Option<&ApiKey> {
        id.parse::<KeyId>().ok().and_then(|id| self.keys.get(&id))
    }

    /// Every browser origin some publishable key may be used from.
    pub fn publishable_origins(&self) -> impl Iterator<Item = &str> {
        self.keys
            .values()
            .filter(|k| k.kind == KeyKind::Publishable)
            .flat_map(|k| k.allowed_origins.iter().map(String::as_str))
    }

    /// How many keys are configured.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is configured.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ids: Vec<&str> = self.keys.keys().map(KeyId::as_str).collect();
        ids.sort_unstable();
        f.debug_struct("Keyring").field("ids", &ids).finish()
    }
}

/// The token after `Bearer ` (scheme case-insensitive).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim_start();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Constant-time equality of two hashes.
fn hashes_match(presented: &[u8; 32], expected: &[u8; 32]) -> bool {
    #[cfg(test)]
    tests::COMPARISONS.with(|c| c.set(c.get() + 1));
    presented.ct_eq(expected).into()
}

/// One configured row as a key, or the field at fault and why.
fn api_key(
    row: &ApiKeySettings,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<ApiKey, (&'static str, String)> {
    let id: KeyId = row.id.parse().map_err(|e| ("id", format!("{e}")))?;
    if row.label.trim().is_empty() {
        return Err(("label", "must not be empty".into()));
    }
    match (row.kind, row.allowed_origins.is_empty()) {
        (KeyKind::Publishable, true) => {
            return Err((
                "allowed_origins",
                "a publishable key needs at least one origin, e.g. \"https://www.clinic.example\""
                    .into(),
            ));
        }
        (KeyKind::Secret, false) => {
            return Err((
                "allowed_origins",
                "only publishable keys have allowed origins; remove it or set kind = \"publishable\""
                    .into(),
            ));
        }
        _ => {}
    }
    if let Some(bad) = row.allowed_origins.iter().find(|o| !is_origin(o)) {
        return Err((
            "allowed_origins",
            format!(
                "`{bad}` is not an origin; expected scheme://host[:port], e.g. \"https://www.clinic.example\""
            ),
        ));
    }
    let hash = match (&row.secret_sha256, &row.secret_env) {
        (Some(hex_hash), None) => parse_sha256(hex_hash).ok_or((
            "secret_sha256",
            "must be 64 hexadecimal characters (the hash printed when the key was minted)".into(),
        ))?,
        (None, Some(var)) => hash_from_env(var, &id, row.kind, env)?,
        _ => {
            return Err((
                "secret_sha256",
                "set exactly one of secret_sha256 and secret_env".into(),
            ));
        }
    };
    if row.reads_any_quote && row.kind == KeyKind::Publishable {
        return Err((
            "reads_any_quote",
            "only secret keys read quotes; remove it or set kind = \"secret\"".into(),
        ));
    }
    let account = match &row.account {
        Some(a) if a.trim().is_empty() => {
            return Err((
                "account",
                "must not be blank; omit it to use the key's id".into(),
            ));
        }
        Some(a) => a.clone(),
        None => id.as_str().to_owned(),
    };
    Ok(ApiKey {
        id,
        label: row.label.clone(),
        kind: row.kind,
        allowed_origins: row.allowed_origins.clone(),
        hash,
        account,
        reads_any_quote: row.reads_any_quote,
    })
}

/// The hash of the token held in environment variable `var`; the token itself is dropped.
fn hash_from_env(
    var: &str,
    id: &KeyId,
    kind: KeyKind,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<[u8; 32], (&'static str, String)> {
    let token = env(var).filter(|t| !t.is_empty()).ok_or((
        "secret_env",
        format!("environment variable {var} is not set"),
    ))?;
    let belongs = parse_token(&token).is_some_and(|p| p.kind == kind && p.id == id.as_str());
    if !belongs {
        return Err((
            "secret_env",
            format!(
                "environment variable {var} does not hold a token of this key; expected {}{id}_<secret>",
                kind.token_prefix()
            ),
        ));
    }
    Ok(token_hash(&token))
}

fn parse_sha256(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// `http(s)://host[:port]` with no path, as browsers send in `Origin`.
fn is_origin(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    host_ok && port_ok
}

#[cfg(test)]
mod tests;
