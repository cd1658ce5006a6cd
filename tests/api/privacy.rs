//! Patient details on a Good Faith Estimate never reach the log: the real binary, logging
//! everything at `trace`, is searched for them.

use serde_json::{Value, json};

use crate::good_faith::{FORT_WORTH, gfe_path};
use crate::process::{ProcessConfig, ServerProcess, sqlite_url};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_faith_estimate_never_reaches_the_log() {
    let config = ProcessConfig::new();
    let data = crate::helpers::ScratchDir::new();
    let server = ServerProcess::start(&config, &sqlite_url(&data.0, "log.sqlite"), "trace");
    let client = reqwest::Client::new();
    let body = json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH});
    let res = client
        .post(server.url("/v1/quotes"))
        .bearer_auth(&config.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let q: Value = res.json().await.unwrap();
    let name = "Zebulon Quillfeather-Oyelaran";
    let gfe = json!({"patient": {"name": name, "date_of_birth": "1937-11-23"},
                     "diagnosis_codes": ["S83.511A"], "lines": {"base": {"service_code": "20610"}}});
    // The shipped center lacks the FHIR identifiers, so the Bundle is asked for as a draft.
    for (accept, query) in [
        ("application/json", ""),
        ("text/html", ""),
        ("application/fhir+json", "?draft=true"),
    ] {
        let res = client
            .post(server.url(&format!("{}{query}", gfe_path(&q))))
            .bearer_auth(&config.token)
            .header("accept", accept)
            .json(&gfe)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Quillfeather"));
    }
    let mut bad = gfe.clone();
    bad["patient"]["date_of_birth"] = json!("2999-01-01");
    let res = client
        .post(server.url(&gfe_path(&q)))
        .bearer_auth(&config.token)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        server.wait_for_log("good-faith-estimate", std::time::Duration::from_secs(5)),
        "requests are logged"
    );
    let log = server.log();
    for secret in [
        "Quillfeather",
        "Zebulon",
        "1937-11-23",
        "S83.511A",
        "S83",
        "2999-01-01",
    ] {
        assert!(!log.contains(secret), "`{secret}` reached the log:\n{log}");
    }
}
