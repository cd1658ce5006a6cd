//! Signing keys: their ids, how the operator configures them, and the set the service signs and
//! publishes with.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Deserialize;

/// The longest accepted key id.
const MAX_KID_LEN: usize = 64;

/// A key's id, the `kid` of every signature it makes: 1 to 64 characters of `A-Z`, `a-z`,
/// `0-9`, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kid(String);

impl Kid {
    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Kid {
    type Err = String;

    fn from_str(s: &str) -> Result<Kid, String> {
        let valid = !s.is_empty()
            && s.len() <= MAX_KID_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if valid {
            Ok(Kid(s.to_owned()))
        } else {
            Err(format!(
                "a key id is 1 to {MAX_KID_LEN} characters of A-Z, a-z, 0-9, '.', '_' and '-'"
            ))
        }
    }
}

/// An Ed25519 private key: its 32-byte seed, written as unpadded base64url (as a JWK's `d`).
/// Never shown by `Debug`.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct PrivateKey(String);

impl PrivateKey {
    /// Wraps the text of a private key.
    pub fn new(text: impl Into<String>) -> PrivateKey {
        PrivateKey(text.into())
    }

    fn decode(&self) -> Result<SigningKey, String> {
        decode32(self.0.trim()).map(|seed| SigningKey::from_bytes(&seed))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// 32 bytes written as unpadded base64url.
fn decode32(text: &str) -> Result<[u8; 32], String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| "must be 32 bytes written as unpadded base64url (43 characters)".to_owned())
}

/// The `[signing]` settings: the keys quotes are signed with.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningSettings {
    /// The id of the key that signs new quotes; it must have a private key.
    #[serde(default)]
    pub active_kid: Option<String>,
    /// Every key: the active one, and retired ones still published so that what they signed
    /// verifies.
    #[serde(default)]
    pub keys: Vec<SigningKeySettings>,
    /// With no key configured, sign with a key made at start-up and forgotten at exit (for a
    /// developer's machine; quotes it signed stop verifying after a restart).
    #[serde(default)]
    pub ephemeral_key_if_none: bool,
}

/// One `[[signing.keys]]` entry: a key id and exactly one of `private_key`, `private_key_env`
/// or (for a retired key whose private half is gone) `public_key`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKeySettings {
    /// The key's id.
    pub kid: String,
    /// The private key itself (unpadded base64url of its 32-byte seed).
    #[serde(default)]
    pub private_key: Option<PrivateKey>,
    /// The environment variable holding the private key.
    #[serde(default)]
    pub private_key_env: Option<String>,
    /// The public key alone (unpadded base64url, a JWK's `x`): a retired key, published only.
    #[serde(default)]
    pub public_key: Option<String>,
}

/// Why the signing keys cannot be set up: names the setting at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SigningSetupError {
    /// The setting at fault, e.g. `signing.keys[1].private_key_env`.
    pub field: String,
    /// What is wrong and what is accepted.
    pub message: String,
}

fn setup_error(field: impl Into<String>, message: impl Into<String>) -> SigningSetupError {
    SigningSetupError {
        field: field.into(),
        message: message.into(),
    }
}

/// The keys the service signs with and publishes: one active key, which signs, and every key's
/// public half, the active one first.
#[derive(Clone)]
pub struct Signer {
    active: (Kid, SigningKey),
    published: Vec<(Kid, VerifyingKey)>,
    ephemeral: bool,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("active", &self.active.0)
            .field(
                "published",
                &self.published.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("ephemeral", &self.ephemeral)
            .finish()
    }
}

impl Signer {
    /// The keys `settings` configure, reading `private_key_env` variables through `env`. With
    /// no key configured and `ephemeral_key_if_none`, a key made now.
    pub fn from_settings(
        settings: &SigningSettings,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Signer, SigningSetupError> {
        if settings.keys.is_empty() && settings.active_kid.is_none() {
            if settings.ephemeral_key_if_none {
                return Ok(Signer::ephemeral());
            }
            return Err(setup_error(
                "signing.keys",
                "no signing key is configured; make one with `regenquote mint-signing-key` and \
                 add it, with signing.active_kid naming it",
            ));
        }
        let mut private = Vec::new();
        let mut published: Vec<(Kid, VerifyingKey)> = Vec::new();
        for (i, key) in settings.keys.iter().enumerate() {
            let field = |name: &str| format!("signing.keys[{i}].{name}");
            let kid: Kid = key.kid.parse().map_err(|e| setup_error(field("kid"), e))?;
            if published.iter().any(|(k, _)| *k == kid) {
                return Err(setup_error(
                    field("kid"),
                    format!("`{kid}` is listed twice; every key id must be unique"),
                ));
            }
            let given = [
                key.private_key.is_some(),
                key.private_key_env.is_some(),
                key.public_key.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                return Err(setup_error(
                    format!("signing.keys[{i}]"),
                    "give exactly one of private_key, private_key_env or public_key",
                ));
            }
            let public = if let Some(text) = &key.private_key {
                let secret = text
                    .decode()
                    .map_err(|e| setup_error(field("private_key"), e))?;
                let public = secret.verifying_key();
                private.push((kid.clone(), secret));
                public
            } else if let Some(var) = &key.private_key_env {
                let text = env(var).ok_or_else(|| {
                    setup_error(
                        field("private_key_env"),
                        format!("the environment variable `{var}` is not set"),
                    )
                })?;
                let secret = PrivateKey::new(text)
                    .decode()
                    .map_err(|e| setup_error(field("private_key_env"), format!("`{var}`: {e}")))?;
                let public = secret.verifying_key();
                private.push((kid.clone(), secret));
                public
            } else {
                let text = key.public_key.as_deref().unwrap_or_default();
                let bytes =
                    decode32(text.trim()).map_err(|e| setup_error(field("public_key"), e))?;
                VerifyingKey::from_bytes(&bytes)
                    .map_err(|_| setup_error(field("public_key"), "is not an Ed25519 public key"))?
            };
            published.push((kid, public));
        }
        let Some(active) = &settings.active_kid else {
            return Err(setup_error(
                "signing.active_kid",
                "required when signing.keys lists keys: the id of the key that signs new quotes",
            ));
        };
        let active = private
            .into_iter()
            .find(|(kid, _)| kid.as_str() == active)
            .ok_or_else(|| {
                setup_error(
                    "signing.active_kid",
                    format!("`{active}` must name a key of signing.keys with a private key"),
                )
            })?;
        // The active key first: readers that take the first key find the current one.
        published.sort_by_key(|(kid, _)| *kid != active.0);
        Ok(Signer {
            active,
            published,
            ephemeral: false,
        })
    }

    /// A signer over a key made now, which no one else has and which is forgotten at exit.
    pub fn ephemeral() -> Signer {
        let seed: [u8; 32] = rand::random();
        let secret = SigningKey::from_bytes(&seed);
        let suffix: [u8; 4] = rand::random();
        let kid = Kid(format!("ephemeral-{}", hex::encode(suffix)));
        Signer {
            published: vec![(kid.clone(), secret.verifying_key())],
            active: (kid, secret),
            ephemeral: true,
        }
    }

    /// Whether the active key was made at start-up rather than configured.
    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    /// The id of the key that signs.
    pub fn active_kid(&self) -> &Kid {
        &self.active.0
    }

    pub(super) fn active_key(&self) -> &SigningKey {
        &self.active.1
    }

    pub(super) fn published(&self) -> &[(Kid, VerifyingKey)] {
        &self.published
    }
}

/// A key made by [`mint`]: its id, its private key (shown once) and its public key.
pub struct MintedKey {
    /// The key's id.
    pub kid: Kid,
    /// The private key: unpadded base64url of the 32-byte seed.
    pub private_key: String,
    /// The public key: unpadded base64url, as the JWK's `x`.
    pub public_key: String,
}

/// A new Ed25519 key with id `kid`, from the operating system's randomness (through `rand`'s
/// cryptographically secure generator).
pub fn mint(kid: Kid) -> MintedKey {
    let seed: [u8; 32] = rand::random();
    let secret = SigningKey::from_bytes(&seed);
    MintedKey {
        kid,
        private_key: URL_SAFE_NO_PAD.encode(secret.to_bytes()),
        public_key: URL_SAFE_NO_PAD.encode(secret.verifying_key().to_bytes()),
    }
}
