//! Signed quotes: each stored quote's `signed_quote` verifies offline against
//! `GET /.well-known/jwks.json`, states what the quote says, and survives a key rotation. The
//! checks here use the JOSE and RFC 8785 rules directly (Ed25519, base64url, canonical JSON),
//! not the service's own verifier.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, VerifyingKey};
use regenquote::app::configuration::Settings;
use regenquote::signing::{PrivateKey, SigningKeySettings, SigningSettings, mint};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, scheduled_date, spawn_app_with, spawn_apps};

fn knee() -> Value {
    json!({"therapy": "knee_msc_injection", "zip": "76102",
           "center_id": "regenerative-orthopedics-fort-worth",
           "scheduled_date": scheduled_date().to_string()})
}

async fn create(app: &TestApp, body: &Value) -> Value {
    let res = app
        .post_as(&app.keys.clinic_office, "/v1/quotes", body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", app.database);
    res.json().await.unwrap()
}

async fn jwks(app: &TestApp) -> Value {
    let res = app.get("/.well-known/jwks.json").await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn decode(part: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(part).expect("base64url")
}

/// Why a token does not verify, as a lender's check would say it.
#[derive(Debug, PartialEq)]
enum Refused {
    UnknownKid,
    BadSignature,
    ContentChanged,
}

/// Verifies `token` against `jwks` as a lender would, offline, and checks that its
/// `content_sha256` is the SHA-256 of `content` in RFC 8785 canonical form; returns the header
/// and the claims.
fn verify(token: &str, jwks: &Value, content: &Value) -> Result<(Value, Value), Refused> {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "compact JWS: {token}");
    let header: Value = serde_json::from_slice(&decode(parts[0])).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .ok_or(Refused::UnknownKid)?;
    assert_eq!(
        (jwk["kty"].as_str(), jwk["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    let x: [u8; 32] = decode(jwk["x"].as_str().unwrap()).try_into().unwrap();
    let key = VerifyingKey::from_bytes(&x).unwrap();
    let signature = Signature::from_slice(&decode(parts[2])).unwrap();
    key.verify_strict(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .map_err(|_| Refused::BadSignature)?;
    let claims: Value = serde_json::from_slice(&decode(parts[1])).unwrap();
    let digest = hex::encode(Sha256::digest(serde_jcs::to_vec(content).unwrap()));
    if claims["content_sha256"] != digest.as_str() {
        return Err(Refused::ContentChanged);
    }
    Ok((header, claims))
}

/// The `content` member of a JSON answer, as the bytes it was served as.
fn served_content(body: &str) -> String {
    let members: std::collections::HashMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(body).unwrap();
    members["content"].get().to_owned()
}

#[tokio::test]
async fn a_new_quotes_content_is_served_as_rfc_8785_canonical_json() {
    for app in spawn_apps().await {
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &knee())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", app.database);
        let created = res.text().await.unwrap();
        let content = served_content(&created);
        let parsed: Value = serde_json::from_str(&content).unwrap();
        assert_eq!(
            content,
            serde_jcs::to_string(&parsed).unwrap(),
            "{}",
            app.database
        );

        let id = serde_json::from_str::<Value>(&created).unwrap()["id"].clone();
        let read = app
            .get_as(
                &app.keys.lender,
                &format!("/v1/quotes/{}", id.as_str().unwrap()),
            )
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(served_content(&read), content, "{}", app.database);
    }
}

#[tokio::test]
async fn a_stored_quote_is_signed_and_verifies_offline_against_the_published_keys() {
    for app in spawn_apps().await {
        let created = create(&app, &knee()).await;
        let token = created["signed_quote"]
            .as_str()
            .expect("the 201 carries it");
        let keys = jwks(&app).await;
        let (header, claims) = verify(token, &keys, &created["content"]).unwrap();
        assert_eq!(header["typ"], "JWT");
        assert_eq!(
            header["kid"], keys["keys"][0]["kid"],
            "signed by the active key"
        );
        assert_eq!(claims["quote_id"], created["id"]);
        assert_eq!(claims["account"], "clinic");
        assert_eq!(claims["therapy"], created["therapy"]);
        assert_eq!(claims["center_id"], "regenerative-orthopedics-fort-worth");
        assert_eq!(claims["total"], created["total"]);
        assert_eq!(claims["price_book_version"], created["price_book_version"]);
        assert_eq!(claims["created_at"], created["created_at"]);
        assert_eq!(claims["expires_at"], created["expires_at"]);
        let created_at =
            chrono::DateTime::parse_from_rfc3339(created["created_at"].as_str().unwrap());
        assert_eq!(claims["iat"], created_at.unwrap().timestamp());

        let read: Value = app
            .get_as(
                &app.keys.lender,
                &format!("/v1/quotes/{}", created["id"].as_str().unwrap()),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            read["signed_quote"], created["signed_quote"],
            "{}",
            app.database
        );
        verify(
            read["signed_quote"].as_str().unwrap(),
            &keys,
            &read["content"],
        )
        .unwrap();
    }
}

#[tokio::test]
async fn a_quote_with_a_changed_amount_or_content_does_not_verify() {
    let app = crate::helpers::spawn_app().await;
    let created = create(&app, &knee()).await;
    let token = created["signed_quote"].as_str().unwrap();
    let keys = jwks(&app).await;
    let parts: Vec<&str> = token.split('.').collect();

    // A payload with a lower typical total, under the original signature.
    let mut claims: Value = serde_json::from_slice(&decode(parts[1])).unwrap();
    claims["total"]["typical_cents"] = json!(100);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap()),
        parts[2]
    );
    assert_eq!(
        verify(&forged, &keys, &created["content"]).unwrap_err(),
        Refused::BadSignature
    );

    // The signature intact, the content beside it changed.
    let mut content = created["content"].clone();
    content["estimate"]["total"]["typical_cents"] = json!(100);
    assert_eq!(
        verify(token, &keys, &content).unwrap_err(),
        Refused::ContentChanged
    );
    let mut content = created["content"].clone();
    content["request"]["zip"] = json!("10001");
    assert_eq!(
        verify(token, &keys, &content).unwrap_err(),
        Refused::ContentChanged
    );

    // The content re-written with other whitespace and key order still verifies.
    let reordered: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&created["content"]).unwrap()).unwrap();
    assert!(verify(token, &keys, &reordered).is_ok());
}

/// Signing settings with `active` signing and each of `retired` published by its public key.
fn keys_with(
    active: &regenquote::signing::MintedKey,
    retired: &[&regenquote::signing::MintedKey],
) -> SigningSettings {
    let mut keys = vec![SigningKeySettings {
        kid: active.kid.to_string(),
        private_key: Some(PrivateKey::new(active.private_key.clone())),
        private_key_env: None,
        public_key: None,
    }];
    keys.extend(retired.iter().map(|k| SigningKeySettings {
        kid: k.kid.to_string(),
        private_key: None,
        private_key_env: None,
        public_key: Some(k.public_key.clone()),
    }));
    SigningSettings {
        active_kid: Some(active.kid.to_string()),
        keys,
        ephemeral_key_if_none: false,
    }
}

#[tokio::test]
async fn a_quote_signed_before_a_key_rotation_still_verifies_after_it() {
    let old = mint("2026-10".parse().unwrap());
    let new = mint("2026-11".parse().unwrap());
    let mut databases = vec![None];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => databases.push(Some(url)),
        _ => crate::helpers::skip("the PostgreSQL rotation (TEST_DATABASE_URL is not set)"),
    }
    for database in databases {
        let with_db = |s: &mut Settings| {
            if let Some(url) = &database {
                s.database.url = url.clone();
            }
        };
        let before = spawn_app_with(|s| {
            with_db(s);
            s.signing = keys_with(&old, &[]);
        })
        .await;
        let quote = create(&before, &knee()).await;
        let url = before.database_url.clone();
        let after = spawn_app_with(|s| {
            s.database.url = url;
            s.signing = keys_with(&new, &[&old]);
        })
        .await;
        let keys = jwks(&after).await;
        let kids: Vec<&str> = keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap())
            .collect();
        assert_eq!(kids, ["2026-11", "2026-10"], "{}", after.database);

        let read: Value = after
            .get_as(
                &after.keys.lender,
                &format!("/v1/quotes/{}", quote["id"].as_str().unwrap()),
            )
            .await
            .json()
            .await
            .unwrap();
        let (header, _) = verify(
            read["signed_quote"].as_str().unwrap(),
            &keys,
            &read["content"],
        )
        .expect("the old quote verifies after the rotation");
        assert_eq!(header["kid"], "2026-10");

        let fresh = create(&after, &knee()).await;
        let (header, _) = verify(
            fresh["signed_quote"].as_str().unwrap(),
            &keys,
            &fresh["content"],
        )
        .unwrap();
        assert_eq!(
            header["kid"], "2026-11",
            "new quotes are signed by the new key"
        );

        // A key dropped from the set no longer vouches for what it signed.
        let before_rotation_keys = jwks(&before).await;
        assert_eq!(
            verify(
                fresh["signed_quote"].as_str().unwrap(),
                &before_rotation_keys,
                &fresh["content"]
            )
            .unwrap_err(),
            Refused::UnknownKid
        );
    }
}

#[tokio::test]
async fn the_published_keys_need_no_api_key_may_be_cached_and_hold_no_private_part() {
    let app = crate::helpers::spawn_app().await;
    let res = app.get("/.well-known/jwks.json").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = res.json().await.unwrap();
    let keys = body["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{body}");
    for key in keys {
        let mut names: Vec<&str> = key
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        assert_eq!(names, ["alg", "crv", "kid", "kty", "use", "x"], "{key}");
        assert_eq!(key["use"], "sig");
    }
    // Without a configured key the local settings sign with a key made at start-up.
    assert!(keys[0]["kid"].as_str().unwrap().starts_with("ephemeral-"));
}

#[tokio::test]
async fn only_get_is_allowed_on_the_published_keys() {
    let app = crate::helpers::spawn_app().await;
    let res = app.post_json("/.well-known/jwks.json", &json!({})).await;
    let body = crate::helpers::assert_problem(res, 405, "method_not_allowed").await;
    assert!(body["detail"].as_str().is_some());
}
