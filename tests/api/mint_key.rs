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
