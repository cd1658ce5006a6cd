use std::cell::Cell;

use super::*;
use crate::auth::{Permission, mint};

thread_local! {
    /// How many constant-time comparisons this thread ran.
    pub(super) static COMPARISONS: Cell<usize> = const { Cell::new(0) };
}

fn comparisons() -> usize {
    COMPARISONS.with(Cell::get)
}

fn row(id: &str, kind: KeyKind) -> ApiKeySettings {
    ApiKeySettings {
        id: id.into(),
        label: format!("{id} label"),
        kind,
        allowed_origins: match kind {
            KeyKind::Publishable => vec!["https://www.acme-clinic.example".into()],
            KeyKind::Secret => vec![],
        },
        secret_sha256: None,
        secret_env: None,
        account: None,
        reads_any_quote: false,
    }
}

/// A keyring with one secret and one publishable key, and their tokens.
fn keyring() -> (Keyring, String, String) {
    let (sk, sk_hash) = mint(KeyKind::Secret, &"lender-one".parse().unwrap());
    let (pk, pk_hash) = mint(KeyKind::Publishable, &"acme-web".parse().unwrap());
    let settings = AuthSettings {
        keys: vec![
            ApiKeySettings {
                secret_sha256: Some(sk_hash),
                ..row("lender-one", KeyKind::Secret)
            },
            ApiKeySettings {
                secret_sha256: Some(pk_hash.to_uppercase()),
                ..row("acme-web", KeyKind::Publishable)
            },
        ],
    };
    let ring = Keyring::from_settings_with_env(&settings, |_| None).unwrap();
    (ring, sk, pk)
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[test]
fn the_right_token_verifies_as_its_key() {
    let (ring, sk, pk) = keyring();
    let key = ring.verify(Some(&bearer(&sk))).unwrap();
    assert_eq!(
        (key.id().as_str(), key.kind()),
        ("lender-one", KeyKind::Secret)
    );
    let key = ring.verify(Some(&format!("bearer   {pk}"))).unwrap();
    assert_eq!(
        (key.id().as_str(), key.kind()),
        ("acme-web", KeyKind::Publishable)
    );
}

#[test]
fn a_wrong_secret_for_a_known_id_is_unauthorized() {
    let (ring, sk, _) = keyring();
    let mut forged = sk.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'a' { 'b' } else { 'a' });
    assert_eq!(
        ring.verify(Some(&bearer(&forged))).unwrap_err(),
        AuthError::Unauthorized
    );
}

#[test]
fn a_token_for_an_unknown_id_is_unauthorized() {
    let (ring, _, _) = keyring();
    let (other, _) = mint(KeyKind::Secret, &"stranger".parse().unwrap());
    assert_eq!(
        ring.verify(Some(&bearer(&other))).unwrap_err(),
        AuthError::Unauthorized
    );
}

#[test]
fn a_token_of_the_other_kind_is_unauthorized() {
    let (ring, sk, _) = keyring();
    let as_publishable = sk.replacen("rq_sk_", "rq_pk_", 1);
    assert_eq!(
        ring.verify(Some(&bearer(&as_publishable))).unwrap_err(),
        AuthError::Unauthorized
    );
}

#[test]
fn missing_and_malformed_headers_are_unauthorized() {
    let (ring, sk, _) = keyring();
    let malformed = [
        String::new(),
        "Bearer".into(),
        "Bearer ".into(),
        sk.clone(),
        format!("Basic {sk}"),
        "Bearer rq_sk_".into(),
        "Bearer rq_sk_lender-one".into(),
        "Bearer rq_sk_lender-one_".into(),
        "Bearer rq_xx_lender-one_abc".into(),
        "Bearer rq_sk_Lender_abc".into(),
        format!("Bearer {sk}!"),
    ];
    assert_eq!(ring.verify(None).unwrap_err(), AuthError::Unauthorized);
    for header in malformed {
        assert_eq!(
            ring.verify(Some(&header)).unwrap_err(),
            AuthError::Unauthorized,
            "{header:?}"
        );
    }
}

#[test]
fn unknown_ids_and_wrong_secrets_both_take_the_constant_time_comparison() {
    let (ring, sk, _) = keyring();
    let (stranger, _) = mint(KeyKind::Secret, &"stranger".parse().unwrap());
    let wrong = format!("{}0", &sk[..sk.len() - 1]);
    for token in [sk.as_str(), stranger.as_str(), wrong.as_str()] {
        let before = comparisons();
        let _ = ring.verify(Some(&bearer(token)));
        assert_eq!(comparisons(), before + 1, "{}", &token[..12]);
    }
}

#[test]
fn secret_keys_may_do_everything_and_publishable_keys_only_create_quotes() {
    let (ring, sk, pk) = keyring();
    let secret = ring.verify(Some(&bearer(&sk))).unwrap();
    let publishable = ring.verify(Some(&bearer(&pk))).unwrap();
    for p in [
        Permission::CreateQuote,
        Permission::ReadQuote,
        Permission::GoodFaithEstimate,
        Permission::ReconcileBill,
    ] {
        assert_eq!(secret.require(p), Ok(()));
        let expected = if p == Permission::CreateQuote {
            Ok(())
        } else {
            Err(AuthError::Forbidden)
        };
        assert_eq!(publishable.require(p), expected, "{p:?}");
    }
}

#[test]
fn a_publishable_key_works_only_from_its_allowed_origins() {
    let (ring, sk, pk) = keyring();
    let publishable = ring.verify(Some(&bearer(&pk))).unwrap();
    assert_eq!(
        publishable.check_origin(Some("https://www.acme-clinic.example")),
        Ok(())
    );
    assert_eq!(
        publishable.check_origin(Some("HTTPS://WWW.ACME-CLINIC.EXAMPLE")),
        Ok(())
    );
    for origin in [
        None,
        Some("https://evil.example"),
        Some("http://www.acme-clinic.example"),
    ] {
        assert_eq!(
            publishable.check_origin(origin),
            Err(AuthError::OriginNotAllowed)
        );
    }
    let secret = ring.verify(Some(&bearer(&sk))).unwrap();
    assert_eq!(secret.check_origin(None), Ok(()));
}

#[test]
fn a_token_in_an_environment_variable_is_hashed_at_start_up() {
    let id = "lender-two".parse().unwrap();
    let (token, _) = mint(KeyKind::Secret, &id);
    let settings = AuthSettings {
        keys: vec![ApiKeySettings {
            secret_env: Some("LENDER_TWO_KEY".into()),
            ..row("lender-two", KeyKind::Secret)
        }],
    };
    let env_token = token.clone();
    let ring = Keyring::from_settings_with_env(&settings, move |name| {
        (name == "LENDER_TWO_KEY").then(|| env_token.clone())
    })
    .unwrap();
    assert_eq!(ring.verify(Some(&bearer(&token))).unwrap().id(), &id);
}

fn config_error(keys: Vec<ApiKeySettings>, env: Option<String>) -> KeyringError {
    Keyring::from_settings_with_env(&AuthSettings { keys }, |_| env.clone()).unwrap_err()
}

#[test]
fn a_bad_key_row_stops_start_up_naming_its_index_id_and_field() {
    let hash = Some("ab".repeat(32));
    let good = ApiKeySettings {
        secret_sha256: hash.clone(),
        ..row("good", KeyKind::Secret)
    };
    let (other_token, _) = mint(KeyKind::Secret, &"someone-else".parse().unwrap());
    let cases: Vec<(ApiKeySettings, Option<String>, &str)> = vec![
        (
            ApiKeySettings {
                id: "Bad_Id".into(),
                ..good.clone()
            },
            None,
            "id",
        ),
        (
            ApiKeySettings {
                id: "good".into(),
                ..good.clone()
            },
            None,
            "id",
        ),
        (
            ApiKeySettings {
                label: " ".into(),
                ..good.clone()
            },
            None,
            "label",
        ),
        (
            ApiKeySettings {
                secret_sha256: Some("abc".into()),
                ..good.clone()
            },
            None,
            "secret_sha256",
        ),
        (
            ApiKeySettings {
                secret_sha256: None,
                ..good.clone()
            },
            None,
            "secret_sha256",
        ),
        (
            ApiKeySettings {
                secret_env: Some("K".into()),
                ..good.clone()
            },
            None,
            "secret_sha256",
        ),
        (
            ApiKeySettings {
                secret_sha256: None,
                secret_env: Some("K".into()),
                ..good.clone()
            },
            None,
            "secret_env",
        ),
        (
            ApiKeySettings {
                secret_sha256: None,
                secret_env: Some("K".into()),
                ..good.clone()
            },
            Some(other_token.clone()),
            "secret_env",
        ),
        (
            ApiKeySettings {
                allowed_origins: vec!["https://a.example".into()],
                ..good.clone()
            },
            None,
            "allowed_origins",
        ),
        (
            ApiKeySettings {
                secret_sha256: hash.clone(),
                ..row("web", KeyKind::Publishable)
            }
            .with_origins(&[]),
            None,
            "allowed_origins",
        ),
        (
            ApiKeySettings {
                secret_sha256: hash.clone(),
                ..row("web", KeyKind::Publishable)
            }
            .with_origins(&["https://a.example/path"]),
            None,
            "allowed_origins",
        ),
    ];
    for (bad, env, field) in cases {
        let id = bad.id.clone();
        let err = config_error(vec![good.clone(), bad], env);
        assert_eq!(
            (err.index, err.id.as_str(), err.field()),
            (1, id.as_str(), field),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("auth.keys[1] (id `{id}`): {field}: ")),
            "{text}"
        );
        assert!(!text.contains(&other_token), "never echoes a token: {text}");
    }
}

trait WithOrigins {
    fn with_origins(self, origins: &[&str]) -> Self;
}

impl WithOrigins for ApiKeySettings {
    fn with_origins(mut self, origins: &[&str]) -> Self {
        self.allowed_origins = origins.iter().map(|o| o.to_string()).collect();
        self
    }
}

#[test]
fn origins_are_scheme_host_and_optional_port_only() {
    for good in [
        "https://a.example",
        "http://localhost:3000",
        "https://x-y.example.org:8443",
    ] {
        assert!(is_origin(good), "{good}");
    }
    for bad in [
        "a.example",
        "https://",
        "https://a.example/",
        "https://a.example:0",
        "https://a.example:99999",
        "ftp://a.example",
        "https://a.example?x=1",
        "https://user@a.example",
    ] {
        assert!(!is_origin(bad), "{bad}");
    }
}

#[test]
fn debug_output_shows_ids_but_nothing_secret() {
    let (ring, sk, _) = keyring();
    let key = ring.verify(Some(&bearer(&sk))).unwrap();
    let hash = hex::encode(key.hash);
    for text in [format!("{ring:?}"), format!("{key:?}")] {
        assert!(text.contains("lender-one"), "{text}");
        assert!(!text.contains(&hash) && !text.contains(&sk[6..]), "{text}");
    }
    let settings = ApiKeySettings {
        secret_sha256: Some(hash.clone()),
        ..row("lender-one", KeyKind::Secret)
    };
    assert!(!format!("{settings:?}").contains(&hash));
}

#[test]
fn minted_tokens_have_the_documented_shape_and_their_printed_hash() {
    let id = "acme-web".parse().unwrap();
    let (token, hash) = mint(KeyKind::Publishable, &id);
    assert!(token.starts_with("rq_pk_acme-web_"), "{token}");
    assert_eq!(token.len(), "rq_pk_acme-web_".len() + 64);
    assert_eq!(hash, hex::encode(crate::auth::key::token_hash(&token)));
    assert_ne!(mint(KeyKind::Publishable, &id).0, token);
}

#[test]
fn a_secret_key_reads_quotes_of_its_own_account_only_unless_it_reads_any() {
    let mut clinic_web = row("clinic-web", KeyKind::Publishable);
    clinic_web.account = Some("clinic".into());
    let mut clinic_office = row("clinic-office", KeyKind::Secret);
    clinic_office.account = Some("clinic".into());
    let other = row("other-office", KeyKind::Secret);
    let mut lender = row("lender", KeyKind::Secret);
    lender.reads_any_quote = true;
    for r in [&mut clinic_web, &mut clinic_office, &mut lender] {
        r.secret_sha256 = Some("0".repeat(64));
    }
    let mut other = other;
    other.secret_sha256 = Some("0".repeat(64));
    let ring = Keyring::from_settings(&AuthSettings {
        keys: vec![clinic_web, clinic_office, other, lender],
    })
    .unwrap();
    let office = ring.get("clinic-office").unwrap();
    assert!(office.may_read_quote_of(Some("clinic-web"), Some("clinic")));
    assert!(
        !ring
            .get("other-office")
            .unwrap()
            .may_read_quote_of(Some("clinic-web"), Some("clinic"))
    );
    assert!(
        ring.get("lender")
            .unwrap()
            .may_read_quote_of(Some("clinic-web"), Some("clinic"))
    );
    // A quote whose creating key was removed from the configuration: only that key's id matches.
    assert!(!office.may_read_quote_of(Some("gone"), None));
}

#[test]
fn a_publishable_key_cannot_be_granted_reading_any_quote() {
    let mut r = row("web", KeyKind::Publishable);
    r.reads_any_quote = true;
    r.secret_sha256 = Some("0".repeat(64));
    let err = Keyring::from_settings(&AuthSettings { keys: vec![r] }).unwrap_err();
    assert_eq!(err.field(), "reads_any_quote");
}
