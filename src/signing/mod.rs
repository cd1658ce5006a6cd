//! Signing what the service issues, so that a reader can check it offline: compact JWS
//! (RFC 7515) with `alg` `EdDSA` over Ed25519 (RFC 8037), each signature naming its key by
//! `kid`, and the public keys published as a JWK Set (RFC 7517).
//!
//! The [`Signer`] holds one active key, which signs, and any number of retired keys, kept only
//! to be published so that what they signed still verifies after a rotation. Private keys come
//! from the operator's configuration or environment ([`SigningSettings`]); none ships with the
//! service. [`mint`] makes a new one.

mod jws;
mod keys;

pub use jws::{Jwk, Jwks, VerifyError, verify};
pub use keys::{
    Kid, MintedKey, PrivateKey, Signer, SigningKeySettings, SigningSettings, SigningSetupError,
    mint,
};

#[cfg(test)]
mod tests;
