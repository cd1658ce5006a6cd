use proptest::prelude::*;
use serde_json::json;

use super::*;

fn key(kid: &str) -> (MintedKey, SigningKeySettings) {
    let minted = mint(kid.parse().unwrap());
    let settings = SigningKeySettings {
        kid: kid.into(),
        private_key: Some(PrivateKey::new(minted.private_key.clone())),
        private_key_env: None,
        public_key: None,
    };
    (minted, settings)
}

fn retired(minted: &MintedKey) -> SigningKeySettings {
    SigningKeySettings {
        kid: minted.kid.to_string(),
        private_key: None,
        private_key_env: None,
        public_key: Some(minted.public_key.clone()),
    }
}

fn settings(active: &str, keys: Vec<SigningKeySettings>) -> SigningSettings {
    SigningSettings {
        active_kid: Some(active.into()),
        keys,
        ephemeral_key_if_none: false,
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn signer(kid: &str) -> Signer {
    Signer::from_settings(&settings(kid, vec![key(kid).1]), no_env).unwrap()
}

#[test]
fn a_signed_payload_verifies_against_the_published_keys_and_names_its_key() {
    let signer = signer("2026-11");
    let token = signer
        .sign(&json!({"quote_id": "q", "total": 100}))
        .unwrap();
    let (kid, payload) = verify(&token, &signer.jwks()).unwrap();
    assert_eq!(kid, "2026-11");
    let payload: serde_json::Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(payload, json!({"quote_id": "q", "total": 100}));
    let header = token.split('.').next().unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&base64_url(header)).expect("header is JSON");
    assert_eq!(
        header,
        json!({"alg": "EdDSA", "kid": "2026-11", "typ": "JWT"})
    );
}

fn base64_url(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

fn encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn a_changed_payload_does_not_verify() {
    let signer = signer("k1");
    let token = signer.sign(&json!({"total": 100})).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], encode(br#"{"total":1}"#), parts[2]);
    assert_eq!(
        verify(&forged, &signer.jwks()),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn a_signature_by_another_key_with_the_same_kid_does_not_verify() {
    let token = signer("k1").sign(&json!({"total": 100})).unwrap();
    assert_eq!(
        verify(&token, &signer("k1").jwks()),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn an_unknown_kid_and_another_algorithm_are_refused() {
    let token = signer("k1").sign(&json!({})).unwrap();
    assert_eq!(
        verify(&token, &signer("k2").jwks()),
        Err(VerifyError::UnknownKid("k1".into()))
    );
    let none = format!(
        "{}.{}.",
        encode(br#"{"alg":"none","kid":"k1","typ":"JWT"}"#),
        encode(b"{}")
    );
    assert_eq!(
        verify(&none, &signer("k1").jwks()),
        Err(VerifyError::Algorithm("none".into()))
    );
    for malformed in ["", "a.b", "a.b.c.d", "!!.!!.!!"] {
        assert_eq!(
            verify(malformed, &signer("k1").jwks()),
            Err(VerifyError::Malformed)
        );
    }
}

#[test]
fn after_a_rotation_what_the_retired_key_signed_still_verifies() {
    let (old, old_settings) = key("2026-10");
    let before = Signer::from_settings(&settings("2026-10", vec![old_settings]), no_env).unwrap();
    let token = before.sign(&json!({"quote_id": "q1"})).unwrap();

    let (_, new_settings) = key("2026-11");
    let after = Signer::from_settings(
        &settings("2026-11", vec![retired(&old), new_settings]),
        no_env,
    )
    .unwrap();
    let jwks = after.jwks();
    let kids: Vec<&str> = jwks.keys.iter().map(|k| k.kid.as_str()).collect();
    assert_eq!(
        kids,
        ["2026-11", "2026-10"],
        "the active key is listed first"
    );
    assert_eq!(verify(&token, &jwks).unwrap().0, "2026-10");
    let fresh = after.sign(&json!({"quote_id": "q2"})).unwrap();
    assert_eq!(verify(&fresh, &jwks).unwrap().0, "2026-11");
}

#[test]
fn published_keys_are_ed25519_signature_keys() {
    let jwks = signer("k1").jwks();
    let jwk = serde_json::to_value(&jwks.keys[0]).unwrap();
    assert_eq!(jwk["kty"], "OKP");
    assert_eq!(jwk["crv"], "Ed25519");
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["alg"], "EdDSA");
    assert_eq!(jwk["x"].as_str().unwrap().len(), 43);
    assert!(jwk.get("d").is_none(), "no private part is published");
}

#[test]
fn a_private_key_is_read_from_the_environment_variable_named() {
    let (minted, _) = key("k1");
    let settings = settings(
        "k1",
        vec![SigningKeySettings {
            kid: "k1".into(),
            private_key: None,
            private_key_env: Some("SIGNING_K1".into()),
            public_key: None,
        }],
    );
    let env = |name: &str| (name == "SIGNING_K1").then(|| minted.private_key.clone());
    let signer = Signer::from_settings(&settings, env).unwrap();
    assert_eq!(signer.jwks().keys[0].x, minted.public_key);

    let err = Signer::from_settings(&settings, no_env).unwrap_err();
    assert_eq!(err.field, "signing.keys[0].private_key_env");
    assert!(err.message.contains("SIGNING_K1"), "{err}");
}

#[test]
fn bad_signing_settings_name_the_setting_and_what_is_accepted() {
    let (minted, good) = key("k1");
    let cases: Vec<(SigningSettings, &str)> = vec![
        (SigningSettings::default(), "signing.keys"),
        (
            SigningSettings {
                active_kid: None,
                ..settings("k1", vec![good.clone()])
            },
            "signing.active_kid",
        ),
        (settings("k2", vec![good.clone()]), "signing.active_kid"),
        (settings("k1", vec![retired(&minted)]), "signing.active_kid"),
        (
            settings("k1", vec![good.clone(), good.clone()]),
            "signing.keys[1].kid",
        ),
        (
            settings(
                "k 1",
                vec![SigningKeySettings {
                    kid: "k 1".into(),
                    ..good.clone()
                }],
            ),
            "signing.keys[0].kid",
        ),
        (
            settings(
                "k1",
                vec![SigningKeySettings {
                    public_key: Some(minted.public_key.clone()),
                    ..good.clone()
                }],
            ),
            "signing.keys[0]",
        ),
        (
            settings(
                "k1",
                vec![SigningKeySettings {
                    private_key: Some(PrivateKey::new("c2hvcnQ")),
                    ..good.clone()
                }],
            ),
            "signing.keys[0].private_key",
        ),
        (
            settings(
                "k1",
                vec![
                    good.clone(),
                    SigningKeySettings {
                        kid: "old".into(),
                        private_key: None,
                        private_key_env: None,
                        public_key: Some("not base64!".into()),
                    },
                ],
            ),
            "signing.keys[1].public_key",
        ),
    ];
    for (settings, field) in cases {
        let err = Signer::from_settings(&settings, no_env).unwrap_err();
        assert_eq!(err.field, field, "{err}");
        assert!(!err.message.is_empty());
        let shown = format!("{err} {settings:?}");
        assert!(
            !shown.contains(&minted.private_key),
            "a private key is never shown: {shown}"
        );
    }
}

#[test]
fn with_no_key_configured_a_developer_machine_signs_with_a_key_made_at_start_up() {
    let settings = SigningSettings {
        ephemeral_key_if_none: true,
        ..SigningSettings::default()
    };
    let signer = Signer::from_settings(&settings, no_env).unwrap();
    assert!(signer.is_ephemeral());
    assert!(signer.active_kid().as_str().starts_with("ephemeral-"));
    let token = signer.sign(&json!({})).unwrap();
    assert!(verify(&token, &signer.jwks()).is_ok());
    assert!(format!("{signer:?}").contains("ephemeral: true"));
}

#[test]
fn a_minted_key_signs_with_the_public_key_it_prints() {
    let (minted, settings_entry) = key("fresh");
    let signer = Signer::from_settings(&settings("fresh", vec![settings_entry]), no_env).unwrap();
    assert!(!signer.is_ephemeral());
    assert_eq!(signer.jwks().keys[0].x, minted.public_key);
    assert_eq!(minted.private_key.len(), 43);
    assert_ne!(
        mint("fresh".parse().unwrap()).private_key,
        minted.private_key
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_payload_verifies_and_any_changed_byte_does_not(
        text in ".{0,64}",
        flip in any::<prop::sample::Index>(),
    ) {
        let signer = signer("p");
        let token = signer.sign(&json!({ "text": text })).unwrap();
        let jwks = signer.jwks();
        let (_, payload) = verify(&token, &jwks).unwrap();
        prop_assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&payload).unwrap(),
            json!({ "text": text })
        );
        let mut bytes = token.clone().into_bytes();
        let i = flip.index(bytes.len());
        // Swap for another base64url character, or another separator-free character.
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap();
        prop_assume!(changed != token);
        prop_assert!(verify(&changed, &jwks).is_err());
    }
}
