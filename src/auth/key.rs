//! API keys and their tokens. A token reads `rq_sk_<id>_<secret>` (secret key) or
//! `rq_pk_<id>_<secret>` (publishable key): the id finds the key, the whole token's SHA-256 is
//! compared with the configured hash. Only that hash is ever kept.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::auth::AuthError;

/// Random bytes in a minted secret (256 bits).
const SECRET_BYTES: usize = 32;
/// The longest key id.
const MAX_ID_LEN: usize = 40;

/// A key's id: 1 to 40 characters from `a-z`, `0-9` and `-`, starting with a letter or digit,
/// e.g. `acme-clinic-web`. It is not secret: it appears in the token and in logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, example = "acme-clinic-web")]
pub struct KeyId(String);

/// The text is not a key id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "must be 1 to {MAX_ID_LEN} characters from a-z, 0-9 and `-`, starting with a letter or digit"
)]
pub struct InvalidKeyId;

impl FromStr for KeyId {
    type Err = InvalidKeyId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        let valid =
            (1..=MAX_ID_LEN).contains(&s.len()) && s.bytes().all(allowed) && !s.starts_with('-');
        if valid {
            Ok(KeyId(s.to_owned()))
        } else {
            Err(InvalidKeyId)
        }
    }
}

impl KeyId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// A clinic website's key, visible in the page: may create quotes, only from its
    /// `allowed_origins`.
    Publishable,
    /// A financing partner's or back office's key, kept on a server: may create and read
    /// quotes, produce Good Faith Estimates and reconcile bills.
    Secret,
}

impl KeyKind {
    /// The token prefix: `rq_pk_` or `rq_sk_`.
    pub const fn token_prefix(self) -> &'static str {
        match self {
            KeyKind::Publishable => "rq_pk_",
            KeyKind::Secret => "rq_sk_",
        }
    }

    /// Whether a key of this kind may do `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        match self {
            KeyKind::Secret => true,
            KeyKind::Publishable => permission == Permission::CreateQuote,
        }
    }
}

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// `POST /v1/quotes`.
    CreateQuote,
    /// `GET /v1/quotes/{id}`.
    ReadQuote,
    /// Produce a Good Faith Estimate.
    GoodFaithEstimate,
    /// Check a final bill against a Good Faith Estimate.
    ReconcileBill,
    /// Create, edit or retire the account's centers and publish their price lists.
    ManageCenters,
    /// Register and manage webhook endpoints, and read their deliveries.
    ManageWebhooks,
}

/// A token split into its parts; nothing about it is verified yet.
pub(crate) struct ParsedToken<'a> {
    pub kind: KeyKind,
    pub id: &'a str,
}

/// Splits `rq_{sk,pk}_<id>_<secret>`; `None` when the shape is wrong.
pub(crate) fn parse_token(token: &str) -> Option<ParsedToken<'_>> {
    let (kind, rest) = [KeyKind::Secret, KeyKind::Publishable]
        .into_iter()
        .find_map(|kind| {
            token
                .strip_prefix(kind.token_prefix())
                .map(|rest| (kind, rest))
        })?;
    // Ids contain no `_`, so the first one ends the id.
    let (id, secret) = rest.split_once('_')?;
    let secret_ok = !secret.is_empty() && secret.bytes().all(|b| b.is_ascii_alphanumeric());
    (secret_ok && id.parse::<KeyId>().is_ok()).then_some(ParsedToken { kind, id })
}

/// SHA-256 of a whole token.
pub(crate) fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A new token for key `id` of `kind`, and the SHA-256 hex to put in `secret_sha256`.
///
/// An operator makes a key by calling this (the binary can expose it as a command), giving the
/// token to the partner or clinic once, and configuring only the hash:
///
/// ```toml
/// [[auth.keys]]
/// id = "acme-clinic-web"
/// label = "Acme Clinic website"
/// kind = "publishable"
/// allowed_origins = ["https://www.acme-clinic.example"]
/// secret_sha256 = "<the hash printed by mint>"
/// ```
pub fn mint(kind: KeyKind, id: &KeyId) -> (String, String) {
    let secret: [u8; SECRET_BYTES] = rand::random();
    let token = format!("{}{}_{}", kind.token_prefix(), id, hex::encode(secret));
    let hash = hex::encode(token_hash(&token));
    (token, hash)
}

/// A verified caller's key. Its secret is not in it: only the configured hash was.
#[derive(Clone)]
pub struct ApiKey {
    pub(crate) id: KeyId,
    pub(crate) label: String,
    pub(crate) kind: KeyKind,
    pub(crate) allowed_origins: Vec<String>,
    pub(crate) hash: [u8; 32],
    pub(crate) account: String,
    pub(crate) reads_any_quote: bool,
}

impl ApiKey {
    /// The key's id (safe to log).
    pub fn id(&self) -> &KeyId {
        &self.id
    }

    /// Who holds it, for operators.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Publishable or secret.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The organisation the key belongs to.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// Whether this key may read a quote created by `owner` (a key id; `None` for a quote made
    /// without a key): a key reading any quote (a financing partner), or a key of the owner's
    /// account. `owner_account` is the owner's account when its key is still configured.
    pub fn may_read_quote_of(&self, owner: Option<&str>, owner_account: Option<&str>) -> bool {
        if self.reads_any_quote {
            return true;
        }
        match (owner, owner_account) {
            (_, Some(account)) => account == self.account,
            (Some(owner), None) => owner == self.id.as_str(),
            (None, None) => false,
        }
    }

    /// Whether this key reads any quote by id (a financing partner's).
    pub fn reads_any_quote(&self) -> bool {
        self.reads_any_quote
    }

    /// The browser origins a publishable key may be used from.
    pub fn allowed_origins(&self) -> &[String] {
        &self.allowed_origins
    }

    /// `Ok` when this key may do `permission`, else [`AuthError::Forbidden`] (403).
    pub fn require(&self, permission: Permission) -> Result<(), AuthError> {
        if self.kind.allows(permission) {
            Ok(())
        } else {
            Err(AuthError::Forbidden)
        }
    }

    /// `Ok` when a request with this `Origin` header may use this key: always for a secret key;
    /// for a publishable key only from one of its `allowed_origins`, else
    /// [`AuthError::OriginNotAllowed`] (403).
    pub fn check_origin(&self, origin: Option<&str>) -> Result<(), AuthError> {
        match self.kind {
            KeyKind::Secret => Ok(()),
            KeyKind::Publishable => match origin {
                Some(o)
                    if self
                        .allowed_origins
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(o)) =>
                {
                    Ok(())
                }
                _ => Err(AuthError::OriginNotAllowed),
            },
        }
    }
}

impl fmt::Debug for ApiKey {
    // The hash stays out: nothing derived from a secret is ever logged.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}
