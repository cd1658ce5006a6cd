//! The quote widget in a real headless Chromium, embedded with its one-line snippet in a clinic's
//! page on another origin, checked against what the API itself answers. Skipped, saying so, when
//! Chromium or chromedriver is not installed.

mod driver;

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use futures_util::FutureExt;
use regenquote::auth::ApiKeySettings;
use regenquote::auth::{KeyId, KeyKind, mint};
use regenquote::money::Cents;
use serde_json::{Value, json};

use crate::helpers::{ScratchDir, TestApp, spawn_app_with};

/// A phone-sized viewport: the widget must be usable at 360 CSS pixels.
const WIDTH: u32 = 360;
const WAIT: Duration = Duration::from_secs(30);

/// Dollars as the widget shows them: cents only when there are some.
fn dollars(cents: &Value) -> String {
    let text = Cents::new(cents.as_u64().expect("cents are an integer")).to_string();
    text.strip_suffix(".00").map_or(text.clone(), str::to_owned)
}

/// A clinic's page embedding the widget with the one-line snippet and its publishable `key`.
fn clinic_page(app: &TestApp, key: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Example clinic</title></head>\
         <body style=\"margin:0;font-family:sans-serif;background:#eef1f4\">\
         <header style=\"padding:12px 16px;background:#24364b;color:#fff\"><strong>Example clinic</strong>\
         <div>Knee and back care</div></header>\
         <p style=\"padding:0 16px\">What will my treatment cost?</p>\
         <script src=\"{}/widget/embed.js\" data-key=\"{key}\" async></script>\
         </body></html>",
        app.address
    )
}

#[tokio::test]
async fn the_widget_on_a_clinic_page_shows_the_apis_estimate_centers_and_monthly_line() {
    let Some((chromium, chromedriver)) = driver::find_browser() else {
        crate::helpers::skip("the browser test (chromium/chromedriver not found)");
        return;
    };
    // The clinic's site and a publishable key for it, configured as an operator would.
    let site = driver::ClinicSite::bind();
    let id: KeyId = "example-clinic-web".parse().unwrap();
    let (token, hash) = mint(KeyKind::Publishable, &id);
    let origin = site.origin.clone();
    let app = spawn_app_with(move |settings| {
        settings.auth.keys.push(ApiKeySettings {
            id: id.to_string(),
            label: "Example clinic website".to_owned(),
            kind: KeyKind::Publishable,
            allowed_origins: vec![origin],
            secret_sha256: Some(hash),
            secret_env: None,
            account: None,
            reads_any_quote: false,
        });
    })
    .await;
    let clinic = site.serve(clinic_page(&app, &token));
    let driver = driver::Chromedriver::start(&chromedriver);
    let profile = ScratchDir::new();
    let client = driver.session(&chromium, &profile, WIDTH).await;
    // Close the browser even when a check fails, then report the failure.
    let outcome = AssertUnwindSafe(scenario(&client, &app, &clinic))
        .catch_unwind()
        .await;
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The same widget once more in Spanish, asked for with `data-lang="es"` on the snippet: its own
/// words, `lang="es"`, and the API's Spanish figures and disclosure.
#[tokio::test]
async fn the_widget_in_spanish_shows_spanish_words_and_the_apis_spanish_answer() {
    let Some((chromium, chromedriver)) = driver::find_browser() else {
        crate::helpers::skip("the Spanish browser test (chromium/chromedriver not found)");
        return;
    };
    let site = driver::ClinicSite::bind();
    let app = spawn_app_with(|_| {}).await;
    let page = clinic_page(&app, "").replace(" data-key=\"\" async>", " data-lang=\"es\" async>");
    assert!(page.contains("data-lang=\"es\""));
    let clinic = site.serve(page);
    let driver = driver::Chromedriver::start(&chromedriver);
    let profile = ScratchDir::new();
    let client = driver.session(&chromium, &profile, WIDTH).await;
    let outcome = AssertUnwindSafe(spanish_scenario(&client, &app, &clinic))
        .catch_unwind()
        .await;
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

async fn spanish_scenario(client: &Client, app: &TestApp, clinic: &str) {
    set_viewport(client, WIDTH, 800).await;
    client.goto(clinic).await.unwrap();
    let frame = wait_for(client, "iframe[data-regenquote]").await;
    frame.enter_frame().await.unwrap();
    wait_for(client, "#rq-therapy option[value='knee_msc_injection']").await;
    assert_eq!(
        run(client, "return document.documentElement.lang;").await,
        "es"
    );
    assert_eq!(text(client, "#rq-submit").await, "Ver mi estimado");
    assert_eq!(
        text(client, "label[for='rq-zip']").await,
        "Su código postal (ZIP)"
    );
    // Therapy names and add-on labels come from the API's Spanish catalog.
    let res = app
        .client
        .get(app.url("/v1/therapies"))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-language"], "es");
    let spanish: Value = res.json().await.unwrap();
    let name = spanish["therapies"][0]["name"].as_str().unwrap().to_owned();
    assert_eq!(spanish["therapies"][0]["code"], "knee_msc_injection");
    assert_eq!(name, "Inyección de MSC en una rodilla");
    assert_eq!(
        text(client, "#rq-therapy option[value='knee_msc_injection']").await,
        name
    );
    let find = |css: &'static str| client.find(Locator::Css(css));
    find("#rq-therapy")
        .await
        .unwrap()
        .select_by_value("knee_msc_injection")
        .await
        .unwrap();
    let add_ons = run(
        client,
        "return document.getElementById('rq-add-ons-field').innerText;",
    )
    .await;
    assert!(
        add_ons
            .as_str()
            .unwrap()
            .contains("Plasma rico en plaquetas (PRP)"),
        "{add_ons}"
    );
    let payer = run(client, "return document.getElementById('rq-payer').value;").await;
    let zip = find("#rq-zip").await.unwrap();
    zip.send_keys("76102").await.unwrap();
    zip.send_keys(&Key::Enter.to_string()).await.unwrap();

    let catalog: Value = app.get("/v1/therapies").await.json().await.unwrap();
    let knee = catalog["therapies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "knee_msc_injection")
        .unwrap();
    let request = json!({"therapy": "knee_msc_injection", "joints": 1, "sessions": 1,
                         "add_ons": knee["cash_price"]["default_add_ons"], "zip": "76102"});
    let res = app
        .client
        .post(app.url("/v1/estimates"))
        .header("accept-language", "es")
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-language"], "es");
    let estimate: Value = res.json().await.unwrap();
    assert_eq!(
        text(client, "#rq-total-typical").await,
        dollars(&estimate["total"]["typical_cents"])
    );
    let as_low_as = &estimate["financing"]["as_low_as"];
    let monthly = text(client, "#rq-monthly").await;
    assert!(monthly.starts_with("Ejemplo: desde"), "{monthly}");
    assert_eq!(monthly, as_low_as["text"].as_str().unwrap());
    assert_eq!(
        text(client, "#rq-monthly-disclosure").await,
        as_low_as["disclosure"].as_str().unwrap()
    );
    assert_eq!(
        text(client, "#rq-estimate caption").await,
        "De qué se compone el precio"
    );
    let first_line = text(client, "#rq-estimate tbody tr td").await;
    assert_eq!(first_line, "Inyección de MSC, por rodilla");

    // The coverage answer too.
    let coverage: Value = app
        .client
        .get(app.url(&format!(
            "/v1/coverage?therapy=knee_msc_injection&payer={}",
            payer.as_str().unwrap()
        )))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let explanation = coverage["explanation"].as_str().unwrap();
    assert!(explanation.starts_with("No se indicó"), "{explanation}");
    wait_for(client, "#rq-coverage-status").await;
    let shown = text(client, "#rq-coverage-body").await;
    assert!(shown.contains(explanation), "{shown}");
}

async fn scenario(client: &Client, app: &TestApp, clinic: &str) {
    set_viewport(client, WIDTH, 800).await;
    client.goto(clinic).await.unwrap();
    let frame = wait_for(client, "iframe[data-regenquote]").await;
    frame.enter_frame().await.unwrap();
    wait_for(client, "#rq-therapy option[value='knee_msc_injection']").await;

    let unlabelled = run(
        client,
        "return Array.from(document.querySelectorAll('select, input'))\
         .filter(c => c.labels.length === 0).map(c => c.id || c.name);",
    )
    .await;
    assert_eq!(unlabelled, json!([]), "every control has a label");
    let ring = run(
        client,
        "const c = document.getElementById('rq-zip'); c.focus(); const s = getComputedStyle(c);\
         return [s.outlineStyle, parseFloat(s.outlineWidth)];",
    )
    .await;
    assert!(
        ring[0] != "none" && ring[1].as_f64().unwrap() >= 2.0,
        "focus is visible: {ring}"
    );

    let catalog: Value = app.get("/v1/therapies").await.json().await.unwrap();
    let knee = catalog["therapies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "knee_msc_injection")
        .unwrap();
    let default_add_ons = knee["cash_price"]["default_add_ons"].clone();

    let find = |css: &'static str| client.find(Locator::Css(css));
    find("#rq-therapy")
        .await
        .unwrap()
        .select_by_value("knee_msc_injection")
        .await
        .unwrap();
    find("#rq-joints")
        .await
        .unwrap()
        .select_by_value("2")
        .await
        .unwrap();
    find("#rq-payer")
        .await
        .unwrap()
        .select_by_value("medicare")
        .await
        .unwrap();
    // Submitted from the keyboard: Enter in the ZIP field.
    let zip = find("#rq-zip").await.unwrap();
    zip.send_keys("76102").await.unwrap();
    zip.send_keys(&Key::Enter.to_string()).await.unwrap();

    let request = json!({"therapy": "knee_msc_injection", "joints": 2, "sessions": 1,
                         "add_ons": default_add_ons, "zip": "76102"});
    let res = app.post_json("/v1/estimates", &request).await;
    assert_eq!(res.status(), 200);
    let estimate: Value = res.json().await.unwrap();
    let total = &estimate["total"];
    assert_eq!(
        text(client, "#rq-total-low").await,
        dollars(&total["low_cents"])
    );
    assert_eq!(
        text(client, "#rq-total-high").await,
        dollars(&total["high_cents"])
    );
    assert_eq!(
        text(client, "#rq-total-typical").await,
        dollars(&total["typical_cents"])
    );
    let lines = client
        .find_all(Locator::Css("#rq-estimate tbody tr"))
        .await
        .unwrap();
    assert_eq!(lines.len(), estimate["lines"].as_array().unwrap().len());

    let as_low_as = &estimate["financing"]["as_low_as"];
    assert_eq!(
        text(client, "#rq-monthly").await,
        format!(
            "Example: as low as {}/month",
            dollars(&as_low_as["monthly_payment_cents"])
        )
    );
    assert_eq!(
        text(client, "#rq-monthly-terms").await,
        as_low_as["terms"].as_str().unwrap()
    );
    assert_eq!(
        text(client, "#rq-monthly-disclosure").await,
        as_low_as["disclosure"].as_str().unwrap()
    );
    check_financing_prominence(client).await;

    let coverage: Value = app
        .get("/v1/coverage?therapy=knee_msc_injection&payer=medicare")
        .await
        .json()
        .await
        .unwrap();
    wait_for(client, "#rq-coverage-status").await;
    let shown = text(client, "#rq-coverage-body").await;
    assert!(
        shown.contains(coverage["explanation"].as_str().unwrap()),
        "{shown}"
    );

    check_centers(client, app).await;
    check_save_quote(client, app).await;

    let (scroll, client_width) = {
        let v = run(
            client,
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
        )
        .await;
        (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
    };
    assert!(
        scroll <= client_width,
        "no sideways scrolling at {WIDTH}px: {scroll} > {client_width}"
    );
    let content_height = run(
        client,
        "return Math.ceil(document.body.getBoundingClientRect().height);",
    )
    .await;

    client.enter_parent_frame().await.unwrap();
    // The iframe grows to the widget's height through postMessage, on another origin.
    let deadline = Instant::now() + WAIT;
    loop {
        let frame_height = run(
            client,
            "return Math.round(document.querySelector('iframe[data-regenquote]')\
             .getBoundingClientRect().height);",
        )
        .await;
        if frame_height == content_height {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "iframe {frame_height}px tall, widget {content_height}px"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    save_screenshot(client).await;
    check_errors_in_words(client).await;
    check_without_key(client, app).await;
}

/// An unknown ZIP code is explained beside the field and in the centers card, never a blank.
async fn check_errors_in_words(client: &Client) {
    wait_for(client, "iframe[data-regenquote]")
        .await
        .enter_frame()
        .await
        .unwrap();
    let zip = client.find(Locator::Css("#rq-zip")).await.unwrap();
    zip.clear().await.unwrap();
    zip.send_keys("00001").await.unwrap();
    zip.send_keys(&Key::Enter.to_string()).await.unwrap();
    let beside = text(client, "#rq-zip-error:not([hidden])").await;
    assert!(beside.contains("not a known US ZIP code"), "{beside}");
    assert_eq!(
        wait_for(client, "#rq-zip")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    let card = text(client, "#rq-centers-body .rq-problem").await;
    assert!(card.contains("00001"), "{card}");
    client.enter_parent_frame().await.unwrap();
}

/// Framed directly without a key, the widget prices but offers no "save quote".
async fn check_without_key(client: &Client, app: &TestApp) {
    client.goto(&app.url("/widget/")).await.unwrap();
    let zip = wait_for(client, "form:not([hidden]) #rq-zip").await;
    zip.send_keys("76102").await.unwrap();
    client
        .find(Locator::Css("#rq-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(client, "#rq-total-low").await;
    let save = client.find(Locator::Css("#rq-save")).await.unwrap();
    assert!(!save.is_displayed().await.unwrap(), "no key, no save quote");
}

/// The centers list matches `GET /v1/centers` for the same ZIP, nearest first; or, where the
/// service has no center search yet, the widget says so in words.
async fn check_centers(client: &Client, app: &TestApp) {
    let res = app
        .get("/v1/centers?zip=76102&therapy=knee_msc_injection&radius_miles=500&limit=5")
        .await;
    if res.status() == 404 {
        wait_for(client, "#rq-centers-missing").await;
        assert!(
            text(client, "#rq-centers-missing")
                .await
                .contains("not available")
        );
        return;
    }
    assert_eq!(res.status(), 200);
    let centers: Value = res.json().await.unwrap();
    wait_for(client, "#rq-centers-list li").await;
    let names = client
        .find_all(Locator::Css("#rq-centers-list .rq-center-name"))
        .await
        .unwrap();
    let mut shown = Vec::new();
    for name in names {
        shown.push(name.text().await.unwrap());
    }
    let expected: Vec<String> = centers["centers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(
        shown.first().map(String::as_str),
        Some("Regenerative Orthopedics")
    );
    let first = text(client, "#rq-centers-list li:first-child").await;
    assert!(first.contains("Fort Worth, TX"), "{first}");
}

/// "Save quote" answers in words: the quote's number, or why it could not be saved; where the
/// service has no quotes yet, it says exactly that.
async fn check_save_quote(client: &Client, app: &TestApp) {
    wait_for(client, "#rq-save:not([hidden]) #rq-save-button").await;
    client
        .find(Locator::Css("#rq-save-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let answer = wait_for(client, "#rq-quote-id, #rq-save-body .rq-problem").await;
    let id = answer.text().await.unwrap();
    let id = id.trim();
    assert!(
        id.starts_with("q_"),
        "save quote answered `{id}`, not a quote id"
    );
    // The saved quote is the clinic's: a financing partner reads it back by that id.
    let res = app
        .get_as(&app.keys.lender, &format!("/v1/quotes/{id}"))
        .await;
    assert_eq!(res.status(), 200, "the quote the widget saved reads back");
}

async fn save_screenshot(client: &Client) {
    // The whole page in one picture: a viewport as tall as the page, scrolled to the top.
    let height = run(client, "return document.documentElement.scrollHeight;").await;
    let height = u32::try_from(height.as_u64().unwrap()).unwrap();
    set_viewport(client, WIDTH, height).await;
    run(client, "window.scrollTo(0, 0); return null;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = client.screenshot().await.unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("widget-screenshot.png"), png).unwrap();
}

/// Sizes the window so that the page's viewport is `width` x `height` CSS pixels: the window is
/// taller than its viewport by its frame. (Chromium reports an outer width of at least 500 even
/// when the viewport is narrower, so only the height is corrected.)
async fn set_viewport(client: &Client, width: u32, height: u32) {
    // A resize is applied asynchronously, and on a loaded machine the first reading can come
    // before it: measure the frame again and retry for a few seconds before giving up.
    let mut inner = Value::Null;
    for _ in 0..50 {
        client.set_window_size(width, height).await.unwrap();
        let frame = run(client, "return window.outerHeight - window.innerHeight;").await;
        let frame = u32::try_from(frame.as_u64().unwrap_or(0)).unwrap_or(0);
        client.set_window_size(width, height + frame).await.unwrap();
        inner = run(client, "return [window.innerWidth, window.innerHeight];").await;
        if inner == json!([width, height]) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        inner,
        json!([width, height]),
        "the viewport is {width}x{height}"
    );
}

/// The repayment period, APR and total of payments a stated payment triggers are as prominent
/// as the payment (12 CFR 1026.16(b)(2), 1026.24(d)), and the disclosure is not faded.
async fn check_financing_prominence(client: &Client) {
    let styles = run(
        client,
        "return ['rq-monthly', 'rq-monthly-terms', 'rq-monthly-disclosure'].map(function (id) { \
           var s = getComputedStyle(document.getElementById(id)); \
           return [s.fontSize, s.fontWeight, s.color, s.fontStyle, s.opacity]; });",
    )
    .await;
    let [payment, terms, disclosure] = [&styles[0], &styles[1], &styles[2]];
    assert_eq!(
        payment, terms,
        "the terms must look exactly like the payment"
    );
    let size = |v: &Value| {
        v[0].as_str()
            .and_then(|px| px.trim_end_matches("px").parse::<f64>().ok())
            .unwrap()
    };
    assert!(size(disclosure) >= 16.0, "disclosure at {disclosure}");
    assert_eq!(
        disclosure[2], payment[2],
        "the disclosure is in the text colour"
    );
    assert_eq!(disclosure[4], "1");
}

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waited for `{css}`: {e}"))
}

async fn text(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

async fn run(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}
