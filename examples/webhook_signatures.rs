//! Prints webhook messages signed as the service signs them, one JSON object a line, for a
//! check with another implementation of Standard Webhooks (`.ci/webhooks/verify.py`, run by
//! `.ci/run` with the `standardwebhooks` package):
//!
//! ```sh
//! cargo run --quiet --example webhook_signatures | .ci/webhooks/venv/bin/python .ci/webhooks/verify.py
//! ```
//!
//! Each line holds the secrets (the current one first, then one being rotated out) and the
//! `webhook-id`, `webhook-timestamp` (now), `webhook-signature` and body of a message. The
//! bodies are the thin payloads of quote events, with made-up ids.

use chrono::Utc;
use regenquote::webhooks::signature::{WebhookSecret, signature_header};
use serde_json::json;

fn main() {
    let timestamp = Utc::now().timestamp();
    let current = WebhookSecret::generate();
    let old = WebhookSecret::generate();
    let bodies = [
        json!({"type": "quote.created", "timestamp": Utc::now(),
               "data": {"quote_id": "q_aaaaaaaaaaaaaaaaaaaaaaaaaa", "account": "acme", "status": "active"}}),
        json!({"type": "quote.superseded", "timestamp": Utc::now(),
               "data": {"quote_id": "q_aaaaaaaaaaaaaaaaaaaaaaaaaa", "account": "acme",
                        "status": "superseded", "superseded_by": "q_bbbbbbbbbbbbbbbbbbbbbbbbbb"}}),
        // Characters that a careless receiver re-encodes: the signature is over the bytes sent.
        json!({"type": "quote.created", "timestamp": Utc::now(),
               "data": {"quote_id": "q_cccccccccccccccccccccccccc", "account": "clínica-ñ/✓"}}),
    ];
    for (n, body) in bodies.iter().enumerate() {
        let body = body.to_string();
        let id = format!("msg_example{n}");
        let secrets: Vec<&WebhookSecret> = if n == 1 {
            vec![&current, &old]
        } else {
            vec![&current]
        };
        let line = json!({
            "secrets": secrets.iter().map(|s| s.expose()).collect::<Vec<_>>(),
            "webhook-id": id,
            "webhook-timestamp": timestamp.to_string(),
            "webhook-signature": signature_header(&secrets, &id, timestamp, body.as_bytes()),
            "body": body,
        });
        println!("{line}");
    }
}
