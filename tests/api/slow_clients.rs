//! Slow clients: many connections that send a request head or body a byte at a time must not
//! keep the service from answering everyone else, and must themselves be cut off (408 or a
//! closed connection) rather than held open for as long as they keep dribbling.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::helpers::spawn_app_with;

/// Slow connections opened at once; half dribble the head, half the body.
const SLOW_CLIENTS: usize = 200;
/// Time between two dribbled bytes: far below any timeout, so only a deadline that does not
/// reset on every byte can end these connections.
const DRIBBLE_EVERY: Duration = Duration::from_millis(100);
/// Longest a slow connection may stay open before the test calls it a failure.
const GIVE_UP_AFTER: Duration = Duration::from_secs(30);

/// What the server did with a slow connection.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// It answered with this status line's code (and then closed).
    Answered(u16),
    /// It closed (or reset) the connection without an answer.
    Closed,
    /// It was still open after [`GIVE_UP_AFTER`].
    StillOpen,
}

/// Which part of the request the client sends slowly.
#[derive(Debug, Clone, Copy)]
enum SlowPart {
    /// The head never ends: after the request line, header bytes trickle in forever.
    Head,
    /// The head is complete and announces a 200-byte body, which trickles in.
    Body,
}

/// Opens a connection, sends the first part of a request, waits at `ready` with the other
/// slow clients, then sends one more byte every [`DRIBBLE_EVERY`] until the server answers or
/// closes the connection.
async fn dribble(
    address: String,
    part: SlowPart,
    ready: std::sync::Arc<Barrier>,
) -> (SlowPart, Outcome) {
    let mut stream = TcpStream::connect(&address)
        .await
        .expect("slow client connects");
    let start: &[u8] = match part {
        SlowPart::Head => b"POST /v1/estimates HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
        SlowPart::Body => {
            b"POST /v1/estimates HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"therapy\": \""
        }
    };
    stream.write_all(start).await.expect("first bytes sent");
    ready.wait().await;
    let outcome = tokio::time::timeout(GIVE_UP_AFTER, async {
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        let mut tick = tokio::time::interval(DRIBBLE_EVERY);
        loop {
            tokio::select! {
                read = stream.read(&mut buf) => match read {
                    Ok(0) | Err(_) => return answered_or_closed(&answer),
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                },
                _ = tick.tick() => {
                    // A refused write means the server has closed its side: read what it said.
                    if stream.write_all(b"a").await.is_err() {
                        let _ = tokio::time::timeout(
                            Duration::from_secs(1),
                            stream.read_to_end(&mut answer),
                        )
                        .await;
                        return answered_or_closed(&answer);
                    }
                }
            }
        }
    })
    .await;
    (part, outcome.unwrap_or(Outcome::StillOpen))
}

fn answered_or_closed(answer: &[u8]) -> Outcome {
    // "HTTP/1.1 408 Request Timeout": the code is the second word of the status line.
    std::str::from_utf8(answer)
        .ok()
        .and_then(|text| text.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .map_or(Outcome::Closed, Outcome::Answered)
}

#[tokio::test]
async fn a_normal_request_is_answered_while_200_clients_dribble_and_the_dribblers_are_cut_off() {
    let app = spawn_app_with(|s| {
        // Short limits keep the test quick; the defaults (5 s, 10 s) behave the same way.
        s.server.client_request_timeout_ms = 1_000;
        s.server.handler_timeout_ms = 2_000;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let ready = std::sync::Arc::new(Barrier::new(SLOW_CLIENTS + 1));
    let mut slow = JoinSet::new();
    for i in 0..SLOW_CLIENTS {
        let part = if i % 2 == 0 {
            SlowPart::Head
        } else {
            SlowPart::Body
        };
        slow.spawn(dribble(address.clone(), part, ready.clone()));
    }
    // Every slow client is connected and mid-request before the normal one is sent.
    ready.wait().await;

    let res = app
        .post_json(
            "/v1/estimates",
            &serde_json::json!({"therapy": "knee_msc_injection", "zip": "76102"}),
        )
        .await;
    assert_eq!(res.status(), 200, "the normal request is answered");
    let body: serde_json::Value = res.json().await.expect("an estimate");
    assert!(body["total"]["typical_cents"].is_u64(), "{body}");

    let mut heads = Vec::new();
    let mut bodies = Vec::new();
    while let Some(ended) = slow.join_next().await {
        match ended.expect("slow client task finishes") {
            (SlowPart::Head, outcome) => heads.push(outcome),
            (SlowPart::Body, outcome) => bodies.push(outcome),
        }
    }
    assert_eq!(heads.len() + bodies.len(), SLOW_CLIENTS);
    // An unfinished head is cut off by the server's head timeout (408, or a plain close).
    let unexpected: Vec<&Outcome> = heads
        .iter()
        .filter(|o| !matches!(o, Outcome::Answered(408) | Outcome::Closed))
        .collect();
    assert!(unexpected.is_empty(), "slow heads: {unexpected:?}");
    // An unfinished body is cut off by the handler timeout, which blames the client: 408.
    let unexpected: Vec<&Outcome> = bodies
        .iter()
        .filter(|o| **o != Outcome::Answered(408))
        .collect();
    assert!(unexpected.is_empty(), "slow bodies: {unexpected:?}");

    // The service is still healthy after the slow clients are gone.
    assert_eq!(app.get("/health/live").await.status(), 200);
}
