//! Requests the HTTP parser refuses before the app runs: answered by the framework, and never
//! written to the log one ERROR line each.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::helpers::ScratchDir;
use crate::process::{ProcessConfig, ServerProcess, sqlite_url};

/// Sends `head` raw on a new connection and answers the status line it gets back.
fn raw_status_line(address: &str, head: &[u8]) -> String {
    let mut stream = TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before the whole head is written.
    let _ = stream.write_all(head);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_flood_of_malformed_and_oversized_request_heads_writes_no_error_lines() {
    let config = ProcessConfig::new();
    let data = ScratchDir::new();
    let server = ServerProcess::start(&config, &sqlite_url(&data.0, "parser.sqlite"), "info");
    let huge = format!(
        "GET /health/live HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    for _ in 0..20 {
        let malformed = raw_status_line(&server.address, b"GARBAGE\x01 / HTTP/1.1\r\n\r\n");
        assert!(malformed.starts_with("HTTP/1.1 400"), "{malformed:?}");
        let oversized = raw_status_line(&server.address, huge.as_bytes());
        assert!(oversized.starts_with("HTTP/1.1 431"), "{oversized:?}");
    }
    assert!(
        server.wait_for_log(
            "the HTTP parser refused connections",
            Duration::from_secs(5)
        ),
        "{}",
        server.log()
    );
    // Let any late line arrive, then read the whole log.
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    assert!(!log.contains("\"level\":\"ERROR\""), "{log}");
    let reports = log.matches("the HTTP parser refused connections").count();
    assert_eq!(reports, 1, "reported once a minute at most: {log}");
}
