//! `regenquote mint-key`: the printed token works once the printed block is configured.

use std::process::Command;

use sha2::{Digest, Sha256};

use crate::process::{ProcessConfig, ServerProcess, sqlite_url};

fn mint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regenquote"))
        .arg("mint-key")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn mint_key_prints_a_token_and_only_its_hash_for_the_config() {
    let out = mint(&["secret", "acme-back-office"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let token = text
        .lines()
        .find(|l| l.starts_with("rq_sk_acme-back-office_"))
        .expect("a token line");
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    assert!(
        text.contains(&format!("secret_sha256 = \"{hash}\"")),
        "{text}"
    );
    assert_eq!(text.matches(token).count(), 1, "the token is printed once");
    assert!(text.contains("kind = \"secret\"") && text.contains("# reads_any_quote = true"));
    let publishable = String::from_utf8(mint(&["publishable", "acme-web"]).stdout).unwrap();
    assert!(
        publishable.contains("allowed_origins = []"),
        "{publishable}"
    );
}

#[test]
fn mint_key_refuses_bad_arguments_naming_what_is_accepted() {
    for (args, needle) in [
        (
            &["admin", "acme"][..],
            "[possible values: publishable, secret]",
        ),
        (
            &["secret", "Acme_Co"][..],
            "invalid value 'Acme_Co' for '<ID>'",
        ),
        (&["secret"][..], "required arguments were not provided"),
    ] {
        let out = mint(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(needle) && err.contains("--help"), "{err}");
    }
}

#[test]
fn every_command_answers_help() {
    for command in [
        &["--help"][..],
        &["serve", "--help"],
        &["openapi", "--help"],
        &["mint-key", "--help"],
        &["mint-signing-key", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_regenquote"))
            .args(command)
            .output()
            .expect("the binary runs");
        assert!(out.status.success(), "{command:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: regenquote"), "{command:?}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minted_key_authenticates_once_its_block_is_configured() {
    let text = String::from_utf8(mint(&["secret", "minted-office"]).stdout).unwrap();
    let token = text
        .lines()
        .find(|l| l.starts_with("rq_sk_"))
        .unwrap()
        .to_owned();
    let block = &text[text.find("[[auth.keys]]").unwrap()..];
    let config = ProcessConfig::new();
    let local = config.dir.0.join("local.toml");
    let mut toml = std::fs::read_to_string(&local).unwrap();
    toml.push('\n');
    toml.push_str(block);
    std::fs::write(&local, toml).unwrap();
    let data = crate::helpers::ScratchDir::new();
    let server = ServerProcess::start(
        &config,
        &sqlite_url(&data.0, "keys.sqlite"),
        "warn,regenquote=info",
    );
    let client = reqwest::Client::new();
    let path = server.url("/v1/quotes/q_aaaaaaaaaaaaaaaaaaaaaaaaaa");
    let res = client.get(&path).bearer_auth(&token).send().await.unwrap();
    assert_eq!(
        res.status(),
        404,
        "the minted key is accepted (404: no such quote)"
    );
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    let res = client.get(&path).bearer_auth(forged).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

fn mint_signing_key(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regenquote"))
        .arg("mint-signing-key")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The `NAME=value` line of a minted signing key.
fn private_key_line(text: &str) -> (String, String) {
    let line = text
        .lines()
        .find(|l| l.starts_with("REGENQUOTE_SIGNING_KEY_"))
        .expect("a private key line");
    let (name, value) = line.split_once('=').unwrap();
    (name.to_owned(), value.to_owned())
}

#[test]
fn mint_signing_key_prints_the_private_key_once_and_a_block_reading_it_from_the_environment() {
    let out = mint_signing_key(&["2026-11"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let (name, private) = private_key_line(&text);
    assert_eq!(name, "REGENQUOTE_SIGNING_KEY_2026_11");
    assert_eq!(private.len(), 43, "32 bytes, unpadded base64url");
    assert_eq!(
        text.matches(&private).count(),
        1,
        "the private key is printed once"
    );
    for line in [
        "active_kid = \"2026-11\"",
        "kid = \"2026-11\"",
        "private_key_env = \"REGENQUOTE_SIGNING_KEY_2026_11\"",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let other = String::from_utf8(mint_signing_key(&["2026-11"]).stdout).unwrap();
    assert_ne!(private_key_line(&other).1, private, "each key is new");

    let dated = String::from_utf8(mint_signing_key(&[]).stdout).unwrap();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(dated.contains(&format!("kid = \"{today}\"")), "{dated}");

    let out = mint_signing_key(&["not a kid"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("1 to 64 characters"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minted_signing_key_signs_the_quotes_of_a_server_configured_with_it() {
    let text = String::from_utf8(mint_signing_key(&["minted-1"]).stdout).unwrap();
    let (name, private) = private_key_line(&text);
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("public_key = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("the public key line")
        .to_owned();
    let start = text.find("[signing]").unwrap();
    let end = text.find("When this key is retired").unwrap();
    let block = &text[start..end];
    let mut config = ProcessConfig::new();
    let local = config.dir.0.join("local.toml");
    // The operator's block replaces the developer machine's `[signing]` table.
    let toml = std::fs::read_to_string(&local)
        .unwrap()
        .replace("[signing]\n", "")
        .replace("ephemeral_key_if_none = true\n", "");
    std::fs::write(&local, format!("{toml}\n{block}")).unwrap();
    config.env.push((name, private));
    let data = crate::helpers::ScratchDir::new();
    let server = ServerProcess::start(
        &config,
        &sqlite_url(&data.0, "signing.sqlite"),
        "warn,regenquote=info",
    );
    let client = reqwest::Client::new();
    let jwks: serde_json::Value = client
        .get(server.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kid"], "minted-1", "{jwks}");
    assert_eq!(jwks["keys"][0]["x"], public.as_str());
    assert!(!server.log().contains("no signing key is configured"));
    let quote: serde_json::Value = client
        .post(server.url("/v1/quotes"))
        .bearer_auth(&config.token)
        .json(&serde_json::json!({"therapy": "knee_msc_injection"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = quote["signed_quote"].as_str().expect("a signed quote");
    let header: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            token.split('.').next().unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(header["kid"], "minted-1");
    let jwks: regenquote::signing::Jwks = serde_json::from_value(jwks).unwrap();
    assert!(regenquote::signing::verify(token, &jwks).is_ok());
}

#[test]
fn a_server_without_its_signing_keys_private_key_refuses_to_start_naming_the_variable() {
    let text = String::from_utf8(mint_signing_key(&["unset-1"]).stdout).unwrap();
    let block = &text[text.find("[signing]").unwrap()..text.find("When this key").unwrap()];
    let config = ProcessConfig::new();
    let local = config.dir.0.join("local.toml");
    let toml = std::fs::read_to_string(&local)
        .unwrap()
        .replace("[signing]\n", "")
        .replace("ephemeral_key_if_none = true\n", "");
    std::fs::write(&local, format!("{toml}\n{block}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_regenquote"))
        .current_dir(&config.dir.0)
        .env_clear()
        .env("APP_CONFIG_DIR", &config.dir.0)
        .env(
            "APP__DATABASE__URL",
            sqlite_url(&config.dir.0, "refused.sqlite"),
        )
        .env("APP__SERVER__PORT", "0")
        .output()
        .expect("the binary runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("signing.keys[0].private_key_env")
            && err.contains("REGENQUOTE_SIGNING_KEY_UNSET_1"),
        "{err}"
    );
}
