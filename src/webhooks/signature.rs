//! Endpoint signing secrets and the `webhook-signature` header (Standard Webhooks 1.0,
//! symmetric scheme `v1`).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of a serialised secret.
const PREFIX: &str = "whsec_";
/// Bytes of a secret made by [`WebhookSecret::generate`].
const GENERATED_LEN: usize = 32;
/// The accepted lengths of a secret, in bytes (the specification: at least 24, at most 64).
const LENGTHS: std::ops::RangeInclusive<usize> = 24..=64;

/// An endpoint's signing secret: random bytes, written `whsec_` + base64. Never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

/// A secret that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a signing secret is `whsec_` followed by 24 to 64 bytes in base64")]
pub struct MalformedSecret;

impl WebhookSecret {
    /// A new secret of 32 random bytes.
    pub fn generate() -> WebhookSecret {
        let bytes: [u8; GENERATED_LEN] = rand::random();
        WebhookSecret(bytes.to_vec())
    }

    /// A secret as written, `whsec_` + base64.
    pub fn parse(text: &str) -> Result<WebhookSecret, MalformedSecret> {
        let bytes = text
            .strip_prefix(PREFIX)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|bytes| LENGTHS.contains(&bytes.len()))
            .ok_or(MalformedSecret)?;
        Ok(WebhookSecret(bytes))
    }

    /// The secret as given to the endpoint's owner: `whsec_` + base64.
    pub fn expose(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.0))
    }

    /// `v1,` + the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        format!(
            "v1,{}",
            STANDARD.encode(self.mac(id, timestamp, body).finalize().into_bytes())
        )
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// Whether `signature` (`v1,<base64>`) is this secret's signature of the message, compared
    /// in constant time.
    fn signed(&self, signature: &str, id: &str, timestamp: i64, body: &[u8]) -> bool {
        let Some(Ok(bytes)) = signature
            .strip_prefix("v1,")
            .map(|b64| STANDARD.decode(b64))
        else {
            return false;
        };
        self.mac(id, timestamp, body).verify_slice(&bytes).is_ok()
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// The `webhook-signature` header: the message signed by each of `secrets` (the current one,
/// then one being rotated out), space-separated.
pub fn signature_header(
    secrets: &[&WebhookSecret],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    secrets
        .iter()
        .map(|s| s.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether any signature of `header` is `secret`'s signature of the message: what a receiver
/// checks, after checking that `timestamp` is recent.
pub fn verify_header(
    header: &str,
    secret: &WebhookSecret,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> bool {
    header
        .split(' ')
        .any(|signature| secret.signed(signature, id, timestamp, body))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The example of the reference libraries: a secret, an id, a timestamp, a body and the
    /// signature they make.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn a_message_is_signed_as_the_reference_libraries_sign_it() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        assert_eq!(secret.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        assert!(verify_header(SIGNATURE, &secret, ID, TIMESTAMP, BODY));
    }

    #[test]
    fn a_changed_body_id_or_timestamp_does_not_verify() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        assert!(!verify_header(
            SIGNATURE,
            &secret,
            ID,
            TIMESTAMP,
            br#"{"test": 2432232315}"#
        ));
        assert!(!verify_header(
            SIGNATURE,
            &secret,
            "msg_other",
            TIMESTAMP,
            BODY
        ));
        assert!(!verify_header(SIGNATURE, &secret, ID, TIMESTAMP + 1, BODY));
        assert!(!verify_header("v1,AAAA", &secret, ID, TIMESTAMP, BODY));
        assert!(!verify_header(
            "v1a,whatever not-a-signature",
            &secret,
            ID,
            TIMESTAMP,
            BODY
        ));
    }

    #[test]
    fn during_a_rotation_both_secrets_sign_and_either_verifies() {
        let (new, old) = (WebhookSecret::generate(), WebhookSecret::generate());
        let header = signature_header(&[&new, &old], ID, TIMESTAMP, BODY);
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.starts_with("v1,")));
        assert!(verify_header(&header, &new, ID, TIMESTAMP, BODY));
        assert!(verify_header(&header, &old, ID, TIMESTAMP, BODY));
        assert!(!verify_header(
            &header,
            &WebhookSecret::generate(),
            ID,
            TIMESTAMP,
            BODY
        ));
    }

    #[test]
    fn secrets_are_whsec_base64_of_24_to_64_bytes_and_never_shown_by_debug() {
        let secret = WebhookSecret::generate();
        let text = secret.expose();
        assert!(text.starts_with("whsec_"));
        assert_eq!(WebhookSecret::parse(&text).unwrap(), secret);
        assert_eq!(format!("{secret:?}"), "WebhookSecret(<redacted>)");
        assert_ne!(WebhookSecret::generate(), secret);
        for bad in [
            "",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_",
            "whsec_not base64!",
            &format!("whsec_{}", STANDARD.encode([0u8; 23])),
            &format!("whsec_{}", STANDARD.encode([0u8; 65])),
        ] {
            assert_eq!(WebhookSecret::parse(bad), Err(MalformedSecret), "{bad}");
        }
        assert!(WebhookSecret::parse(&format!("whsec_{}", STANDARD.encode([7u8; 24]))).is_ok());
        assert!(WebhookSecret::parse(&format!("whsec_{}", STANDARD.encode([7u8; 64]))).is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_message_verifies_and_any_changed_body_does_not(
            body in proptest::collection::vec(any::<u8>(), 0..256),
            flip in any::<prop::sample::Index>(),
            timestamp in 0i64..4_000_000_000,
        ) {
            let secret = WebhookSecret::generate();
            let header = signature_header(&[&secret], "msg_1", timestamp, &body);
            prop_assert!(verify_header(&header, &secret, "msg_1", timestamp, &body));
            let mut changed = body.clone();
            if changed.is_empty() {
                changed.push(0);
            } else {
                let i = flip.index(changed.len());
                changed[i] ^= 1;
            }
            prop_assert!(!verify_header(&header, &secret, "msg_1", timestamp, &changed));
        }
    }
}
