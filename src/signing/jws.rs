//! Compact JWS (RFC 7515 §7.1) with `EdDSA` over Ed25519 (RFC 8037), and the JWK Set that
//! publishes the keys.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, VerifyingKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::keys::Signer;

/// The protected header of every signature: the algorithm, the key and the type.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    alg: String,
    kid: String,
    typ: String,
}

/// The signature's `alg`.
const ALG: &str = "EdDSA";
/// The signature's `typ`: a JSON claims set, as JWT libraries read it.
const TYP: &str = "JWT";

impl Signer {
    /// `payload` signed by the active key, as a compact JWS.
    pub fn sign(&self, payload: &impl Serialize) -> Result<String, serde_json::Error> {
        let header = serde_json::to_vec(&Header {
            alg: ALG.into(),
            kid: self.active_kid().as_str().into(),
            typ: TYP.into(),
        })?;
        let payload = serde_json::to_vec(payload)?;
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature = self.active_key().sign(signing_input.as_bytes());
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }

    /// Every published key, the active one first, as a JWK Set.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self
                .published()
                .iter()
                .map(|(kid, key)| Jwk::ed25519(kid.as_str(), key))
                .collect(),
        }
    }
}

/// A JWK Set (RFC 7517 §5): the public keys that signed quotes verify against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "2026-11",
    "use": "sig", "alg": "EdDSA", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}))]
pub struct Jwks {
    /// The keys: the one signing new quotes first, then retired keys that signed earlier ones.
    pub keys: Vec<Jwk>,
}

/// An Ed25519 public key as a JWK (RFC 8037 §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Jwk {
    /// Key type: `OKP` (octet key pair).
    #[schema(example = "OKP")]
    pub kty: String,
    /// Curve: `Ed25519`.
    #[schema(example = "Ed25519")]
    pub crv: String,
    /// The key's id, as the `kid` in the header of the signatures it made.
    #[schema(example = "2026-11")]
    pub kid: String,
    /// What the key is for: `sig` (signatures).
    #[serde(rename = "use")]
    #[schema(example = "sig")]
    pub use_: String,
    /// The algorithm it signs with: `EdDSA`.
    #[schema(example = "EdDSA")]
    pub alg: String,
    /// The public key: 32 bytes, unpadded base64url.
    #[schema(example = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")]
    pub x: String,
}

impl Jwk {
    fn ed25519(kid: &str, key: &VerifyingKey) -> Jwk {
        Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            kid: kid.into(),
            use_: "sig".into(),
            alg: ALG.into(),
            x: URL_SAFE_NO_PAD.encode(key.to_bytes()),
        }
    }
}

/// Why a compact JWS does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// It is not three base64url parts with a JSON header.
    #[error("not a compact JWS")]
    Malformed,
    /// The header names another algorithm than `EdDSA`.
    #[error("algorithm `{0}` is not EdDSA")]
    Algorithm(String),
    /// No published key has the header's `kid`.
    #[error("no published key has kid `{0}`")]
    UnknownKid(String),
    /// The signature does not match the header and payload.
    #[error("the signature does not match")]
    BadSignature,
}

/// Verifies compact JWS `token` against the keys of `jwks` and returns its `kid` and payload.
/// Only `EdDSA` over Ed25519 is accepted, whatever the header says.
pub fn verify(token: &str, jwks: &Jwks) -> Result<(String, Vec<u8>), VerifyError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed);
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| VerifyError::Malformed)
    };
    let parsed: Header =
        serde_json::from_slice(&decode(header)?).map_err(|_| VerifyError::Malformed)?;
    if parsed.alg != ALG {
        return Err(VerifyError::Algorithm(parsed.alg));
    }
    let jwk = jwks
        .keys
        .iter()
        .find(|k| k.kid == parsed.kid && k.kty == "OKP" && k.crv == "Ed25519")
        .ok_or_else(|| VerifyError::UnknownKid(parsed.kid.clone()))?;
    let x = <[u8; 32]>::try_from(decode(&jwk.x)?).map_err(|_| VerifyError::Malformed)?;
    let key = VerifyingKey::from_bytes(&x).map_err(|_| VerifyError::Malformed)?;
    let signature =
        Signature::from_slice(&decode(signature)?).map_err(|_| VerifyError::Malformed)?;
    let signing_input = &token[..header.len() + 1 + payload.len()];
    key.verify_strict(signing_input.as_bytes(), &signature)
        .map_err(|_| VerifyError::BadSignature)?;
    Ok((parsed.kid, decode(payload)?))
}
