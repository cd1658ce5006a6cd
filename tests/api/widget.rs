//! `GET /widget/` and `GET /widget/{file}`: the embeddable widget's page and files.

use crate::helpers::{assert_problem, spawn_app};

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_widget_page_is_html_whose_policy_runs_only_this_origins_files_in_any_frame() {
    let app = spawn_app().await;
    let res = app.get("/widget/").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
    let csp = header(&res, "content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(
        header(&res, "x-frame-options").is_empty(),
        "the page must be frameable"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("aria-live"), "results are announced");
    for tag in html.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap();
        assert!(open.contains("src="), "inline script: <script{open}>");
    }
    assert!(!html.contains(" style="), "inline styles would be refused");
    assert!(
        !html.contains(" onclick="),
        "inline handlers would be refused"
    );
}

#[tokio::test]
async fn every_file_the_widget_page_loads_is_served_with_its_media_type() {
    let app = spawn_app().await;
    let html = app.get("/widget/").await.text().await.unwrap();
    let mut files: Vec<&str> = html
        .split(['"', '\''])
        .filter(|part| part.starts_with("/widget/") && part.len() > "/widget/".len())
        .collect();
    files.push("/widget/embed.js");
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let res = app.get(file).await;
        assert_eq!(res.status(), 200, "{file}");
        let expected = if file.ends_with(".css") {
            "text/css; charset=utf-8"
        } else {
            "text/javascript; charset=utf-8"
        };
        assert_eq!(header(&res, "content-type"), expected, "{file}");
        assert!(!res.text().await.unwrap().is_empty(), "{file}");
    }
}

#[tokio::test]
async fn an_unknown_widget_file_is_a_404_problem_naming_the_files_there_are() {
    let app = spawn_app().await;
    for path in [
        "/widget/nope.js",
        "/widget/..%2Fstartup.rs",
        "/widget/index.html",
    ] {
        let body = assert_problem(app.get(path).await, 404, "not_found").await;
        assert!(
            body["detail"].as_str().unwrap().contains("embed.js"),
            "{path}: {body}"
        );
    }
}

#[test]
fn the_widget_scripts_never_parse_api_text_as_html() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/http/routes/widget");
    for file in ["widget.js", "results.js", "embed.js"] {
        let source = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!source.contains(sink), "{file} uses {sink}");
        }
    }
}

#[tokio::test]
async fn a_widget_with_a_publishable_key_may_only_be_framed_by_that_keys_origins() {
    let app = crate::helpers::spawn_app().await;
    let csp = |res: &reqwest::Response| {
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let res = app
        .get(&format!("/widget/?key={}", app.keys.clinic_web))
        .await;
    assert!(
        csp(&res).contains(&format!(
            "frame-ancestors {}",
            crate::helpers::CLINIC_ORIGIN
        )),
        "{}",
        csp(&res)
    );
    let res = app.get("/widget/?key=rq_pk_unknown-clinic_abc").await;
    assert!(
        csp(&res).contains("frame-ancestors 'none'"),
        "{}",
        csp(&res)
    );
}

#[tokio::test]
async fn the_widget_saves_quotes_from_the_apis_own_origin_with_its_publishable_key() {
    let app = crate::helpers::spawn_app().await;
    let res = app
        .client
        .post(app.url("/v1/quotes"))
        .bearer_auth(&app.keys.clinic_web)
        .header("origin", &app.address)
        .json(&serde_json::json!({"therapy": "knee_msc_injection"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}
