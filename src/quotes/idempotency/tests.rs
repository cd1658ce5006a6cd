use super::*;
use proptest::prelude::*;
use serde_json::json;

fn fp(body: serde_json::Value) -> Fingerprint {
    Fingerprint::of_json(&body)
}

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn row(body: serde_json::Value, locked_secs_ago: i64, done: bool) -> KeyRow {
    KeyRow {
        fingerprint: fp(body),
        locked_at: t0() - TimeDelta::seconds(locked_secs_ago),
        response: done.then(|| StoredResponse {
            status: 201,
            body: json!({"id": "q"}),
            quote_id: None,
        }),
    }
}

const TIMEOUT: TimeDelta = TimeDelta::seconds(60);

#[test]
fn key_order_and_spacing_do_not_change_the_fingerprint() {
    let a: serde_json::Value =
        serde_json::from_str(r#"{"therapy":"knee_msc_prp","opts":{"b":1,"a":[2,{"y":1,"x":0}]}}"#)
            .unwrap();
    let b: serde_json::Value = serde_json::from_str(
        r#"{ "opts" : { "a" : [2, {"x":0, "y":1}], "b":1 }, "therapy" : "knee_msc_prp" }"#,
    )
    .unwrap();
    assert_eq!(fp(a), fp(b));
}

#[test]
fn any_change_of_value_changes_the_fingerprint() {
    let base = fp(json!({"therapy": "knee_msc_prp", "joints": 1}));
    for other in [
        json!({"therapy": "knee_msc_prp", "joints": 2}),
        json!({"therapy": "knee_msc_prp", "joints": "1"}),
        json!({"therapy": "knee_msc_prp"}),
        json!({"therapy": "knee_msc_prp", "joints": 1, "zip": null}),
        json!([{"therapy": "knee_msc_prp", "joints": 1}]),
    ] {
        assert_ne!(fp(other.clone()), base, "{other}");
    }
}

#[test]
fn the_fingerprint_is_sha256_of_the_canonical_text_in_hex() {
    // sha256("{\"a\":1,\"b\":[true,null]}"), computed independently.
    assert_eq!(
        fp(json!({"b": [true, null], "a": 1})).as_str(),
        hex::encode(Sha256::digest(br#"{"a":1,"b":[true,null]}"#))
    );
    assert_eq!(fp(json!({})).as_str().len(), 64);
}

#[test]
fn a_completed_key_with_the_same_body_replays_its_response() {
    let d = decide(
        row(json!({"a": 1}), 5, true),
        &fp(json!({"a": 1})),
        t0(),
        TIMEOUT,
    );
    assert!(matches!(d, Decision::Replay(r) if r.status == 201));
}

#[test]
fn a_completed_key_with_another_body_is_a_mismatch_even_long_after() {
    let d = decide(
        row(json!({"a": 1}), 3600, true),
        &fp(json!({"a": 2})),
        t0(),
        TIMEOUT,
    );
    assert_eq!(d, Decision::Mismatch);
}

#[test]
fn a_running_request_makes_its_retry_wait() {
    let d = decide(
        row(json!({"a": 1}), 59, false),
        &fp(json!({"a": 1})),
        t0(),
        TIMEOUT,
    );
    assert_eq!(d, Decision::InProgress);
}

#[test]
fn a_running_request_refuses_another_body() {
    let d = decide(
        row(json!({"a": 1}), 1, false),
        &fp(json!({"a": 2})),
        t0(),
        TIMEOUT,
    );
    assert_eq!(d, Decision::Mismatch);
}

#[test]
fn a_key_held_past_the_lock_timeout_is_taken_over() {
    for body in [json!({"a": 1}), json!({"a": 2})] {
        let d = decide(row(json!({"a": 1}), 60, false), &fp(body), t0(), TIMEOUT);
        assert_eq!(d, Decision::TakeOver);
    }
}

#[test]
fn idempotency_keys_accept_visible_ascii_up_to_255_characters() {
    assert!(
        "5f0c7e1a-2b7d-4c1e-9a8f-0b1d2c3e4f50"
            .parse::<IdempotencyKey>()
            .is_ok()
    );
    assert!("x".repeat(255).parse::<IdempotencyKey>().is_ok());
    for bad in [
        String::new(),
        "x".repeat(256),
        "a b".into(),
        "tab\t".into(),
        "ключ".into(),
    ] {
        assert_eq!(
            bad.parse::<IdempotencyKey>(),
            Err(InvalidIdempotencyKey),
            "{bad:?}"
        );
    }
}

#[test]
fn debug_output_never_shows_the_key() {
    let key: IdempotencyKey = "order-4711-secret-ish".parse().unwrap();
    assert!(!format!("{key:?}").contains("4711"));
}

#[test]
fn scopes_of_different_callers_never_collide() {
    let a = IdempotencyScope::ApiKey("anonymous".parse().unwrap()).as_stored();
    assert_ne!(a, IdempotencyScope::Anonymous.as_stored());
}

#[test]
fn every_ticket_has_its_own_lease() {
    let key: IdempotencyKey = "k".parse().unwrap();
    let a = IdempotencyTicket::new(&IdempotencyScope::Anonymous, &key);
    let b = IdempotencyTicket::new(&IdempotencyScope::Anonymous, &key);
    assert_ne!(a.lease, b.lease);
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "\\PC{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn the_canonical_text_parses_back_to_the_same_value(v in json_value()) {
        let mut text = String::new();
        write_canonical(&v, &mut text);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, v);
    }
}
