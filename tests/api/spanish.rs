//! Spanish: `Accept-Language` chooses the language of everything a patient reads, every answer
//! states it in `Content-Language` and varies on it, and no figure, code or id changes with it.

use serde_json::{Value, json};

use crate::good_faith::{gfe_path, quote};
use crate::helpers::{TestApp, spawn_app, spawn_apps};

/// The fields that hold text for a reader; everything else is a machine field.
const TEXT_FIELDS: [&str; 17] = [
    "description",
    "explanation",
    "text",
    "how_to_start",
    "ask_the_provider",
    "after_the_decision",
    "while_it_runs",
    "disclaimer",
    "note",
    "reason",
    "detail",
    "pricing_basis",
    "disclosure",
    "terms",
    "notice",
    "typical_explanation",
    "assumptions",
];

/// `value` with every text field removed, and the fields that differ between any two
/// documents (their id and time) too when `per_document` names them.
fn machine_fields(value: &Value, per_document: &[&str]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !TEXT_FIELDS.contains(&k.as_str()) && !per_document.contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), machine_fields(v, per_document)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| machine_fields(v, per_document))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn body() -> Value {
    json!({"patient": {"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"}})
}

async fn issue_in(
    app: &TestApp,
    q: &Value,
    accept_language: &str,
    accept: &str,
) -> reqwest::Response {
    let res = app
        .post_as(&app.keys.clinic_office, &gfe_path(q), &body())
        .header("accept-language", accept_language)
        .header("accept", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", app.database);
    res
}

fn assert_language(res: &reqwest::Response, lang: &str) {
    assert_eq!(res.headers()["content-language"], lang);
    let vary: Vec<&str> = res
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("Accept-Language")),
        "{vary:?}"
    );
}

#[tokio::test]
async fn a_spanish_good_faith_estimate_differs_from_the_english_one_only_in_its_text() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let res = issue_in(&app, &q, "es-MX,es;q=0.9,en;q=0.5", "application/json").await;
        assert_language(&res, "es");
        let es: Value = res.json().await.unwrap();
        let res = issue_in(&app, &q, "en-US", "application/json").await;
        assert_language(&res, "en");
        let en: Value = res.json().await.unwrap();

        let notice = es["right_to_estimate"]["text"].as_str().unwrap();
        assert!(
            notice.starts_with("Usted tiene derecho a recibir un estimado de buena fe"),
            "{notice}"
        );
        assert!(notice.contains("al menos $400.00 más alta"), "{notice}");
        let dispute = es["disclaimers"][2]["text"].as_str().unwrap();
        assert!(
            dispute.contains("proceso de resolución de disputas entre pacientes y proveedores")
        );
        assert!(
            es["dispute_resolution"]["after_the_decision"]
                .as_str()
                .unwrap()
                .contains("$25.00")
        );
        assert!(
            es["separately_scheduled"]["disclaimer"]
                .as_str()
                .unwrap()
                .starts_with("Los artículos")
        );
        assert!(
            es["missing_elements"][0]["detail"]
                .as_str()
                .unwrap()
                .starts_with("El ")
        );
        // The base line is described from the catalog by its stable code.
        let item = &es["providers"][0]["items"][0];
        assert_eq!(item["line_code"], "base");
        assert_eq!(item["description"], "Inyección de MSC, por rodilla");
        // Codes, amounts, ids and field names: the same.
        assert_eq!(
            machine_fields(&es, &["id", "issued_at"]),
            machine_fields(&en, &["id", "issued_at"])
        );
        assert_ne!(es["disclaimers"], en["disclaimers"]);
    }
}

#[tokio::test]
async fn the_spanish_printable_page_is_marked_spanish_and_dates_read_in_spanish() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let res = issue_in(app, &q, "es", "text/html").await;
    assert_language(&res, "es");
    let page = res.text().await.unwrap();
    assert!(
        page.starts_with("<!doctype html><html lang=\"es\">"),
        "{}",
        &page[..80]
    );
    for spanish in [
        "<title>Estimado de buena fe (borrador)</title>",
        "Estimado de buena fe de artículos y servicios de atención médica",
        "9 de abril de 1961",
        "Su derecho a un estimado de buena fe",
        "Para completar por el proveedor",
        ">BORRADOR<",
        "1-800-985-3059",
        "$25.00",
    ] {
        assert!(page.contains(spanish), "{spanish}");
    }
    for english in [
        "Items and services from this provider",
        "Date of birth",
        "April 9, 1961",
        "not a contract",
    ] {
        assert!(!page.contains(english), "{english}");
    }
}

#[tokio::test]
async fn any_other_or_refused_or_malformed_language_answers_english() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    for header in [
        "fr-FR",
        "es;q=0, en;q=0.1",
        "es;q=7",
        &"x".repeat(5_000),
        "*",
    ] {
        let res = issue_in(app, &q, header, "application/json").await;
        assert_language(&res, "en");
        let doc: Value = res.json().await.unwrap();
        assert!(
            doc["right_to_estimate"]["text"]
                .as_str()
                .unwrap()
                .starts_with("You have the right"),
            "{header}"
        );
    }
}

#[tokio::test]
async fn financing_disclosures_in_spanish_state_the_same_figures() {
    let app = &spawn_app().await;
    let ask = |lang: &'static str| {
        app.client
            .get(app.url("/v1/financing/options?amount_cents=1000000"))
            .header("accept-language", lang)
            .send()
    };
    let res = ask("es").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_language(&res, "es");
    let es: Value = res.json().await.unwrap();
    let en: Value = ask("en").await.unwrap().json().await.unwrap();
    let disclosures: Vec<&str> = es["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["offer"]["disclosure"].as_str())
        .collect();
    assert!(!disclosures.is_empty());
    for d in &disclosures {
        assert!(
            d.starts_with("Ejemplo representativo")
                || d.starts_with("Promoción con intereses diferidos"),
            "{d}"
        );
        assert!(d.contains("ningún prestamista los ofrece"), "{d}");
    }
    assert!(es["as_low_as"]["text"].as_str().unwrap().contains("al mes"));
    assert!(
        es["notice"]
            .as_str()
            .unwrap()
            .starts_with("Los planes que se muestran")
    );
    assert_eq!(machine_fields(&es, &[]), machine_fields(&en, &[]));
    // The batch form too.
    let res = app
        .client
        .post(app.url("/v1/financing/options"))
        .header("accept-language", "es-US")
        .json(&json!({"amounts_cents": [1000000]}))
        .send()
        .await
        .unwrap();
    let batch: Value = res.json().await.unwrap();
    assert_eq!(batch["results"][0], es);
}

#[tokio::test]
async fn english_then_spanish_estimates_for_one_request_each_answer_their_own_language() {
    let app = &spawn_app().await;
    let request = json!({"therapy": "knee_msc_injection", "zip": "76102"});
    let ask = |lang: &'static str| {
        app.client
            .post(app.url("/v1/estimates"))
            .header("accept-language", lang)
            .json(&request)
            .send()
    };
    let mut answers = Vec::new();
    // English first fills the cache; Spanish must not be served it, nor English the Spanish.
    for lang in ["en", "es", "en", "es"] {
        let res = ask(lang).await.unwrap();
        assert_eq!(res.status(), 200);
        assert_language(&res, lang);
        let answer: Value = res.json().await.unwrap();
        let notice = answer["financing"]["notice"].as_str().unwrap().to_owned();
        assert_eq!(
            notice.starts_with("Los planes"),
            lang == "es",
            "{lang}: {notice}"
        );
        answers.push(answer);
    }
    let es = &answers[1];
    assert_eq!(
        es["lines"][0]["description"],
        "Inyección de MSC, por rodilla"
    );
    assert!(
        es["typical_explanation"]
            .as_str()
            .unwrap()
            .starts_with("El precio típico")
    );
    let disclaimers: Vec<&str> = es["disclaimers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert!(disclaimers.contains(&"Los resultados varían y no se pueden garantizar."));
    let assumptions = es["assumptions"].as_array().unwrap();
    assert!(
        assumptions
            .iter()
            .any(|a| a.as_str().unwrap().starts_with("El código postal (ZIP)"))
    );
    // Sources are citations, quoted as published.
    assert_eq!(
        es["disclaimers"][0]["source"],
        answers[0]["disclaimers"][0]["source"]
    );
    assert_eq!(answers[0], answers[2]);
    assert_eq!(answers[1], answers[3]);
    assert_eq!(
        machine_fields(&answers[0], &[]),
        machine_fields(&answers[1], &[])
    );
}

#[tokio::test]
async fn errors_are_written_in_english_and_say_so() {
    let app = &spawn_app().await;
    let res = app
        .client
        .post(app.url("/v1/estimates"))
        .header("accept-language", "es")
        .json(&json!({"therapy": "knee_msc_injection", "joints": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_language(&res, "en");
}

async fn coverage_in(app: &TestApp, query: &str, accept_language: Option<&str>) -> (String, Value) {
    let mut req = app.client.get(app.url(&format!("/v1/coverage?{query}")));
    if let Some(lang) = accept_language {
        req = req.header("accept-language", lang);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200, "{query}");
    let lang = res.headers()["content-language"]
        .to_str()
        .unwrap()
        .to_owned();
    (lang, res.json().await.unwrap())
}

/// A coverage answer's machine fields: without its texts, nor each next step's action.
fn coverage_machine_fields(answer: &Value) -> Value {
    let mut fields = machine_fields(answer, &[]);
    for step in fields["next_steps"].as_array_mut().unwrap() {
        step.as_object_mut().unwrap().remove("action");
    }
    fields
}

#[tokio::test]
async fn a_spanish_coverage_answer_has_spanish_text_and_the_english_machine_fields() {
    let app = &spawn_app().await;
    for query in [
        "therapy=knee_msc_injection&payer=medicare",
        "therapy=knee_msc_prp&payer=self_pay&condition=back_pain",
        "therapy=hsct&payer=medicaid&condition=hematologic_malignancy",
    ] {
        let (lang, es) = coverage_in(app, query, Some("es-US,es;q=0.9,en;q=0.8")).await;
        assert_eq!(lang, "es", "{query}");
        let (lang, en) = coverage_in(app, query, None).await;
        assert_eq!(lang, "en", "{query}");
        assert_eq!(
            coverage_machine_fields(&es),
            coverage_machine_fields(&en),
            "{query}"
        );
        assert_ne!(es["explanation"], en["explanation"], "{query}");
        let steps = es["next_steps"].as_array().unwrap();
        assert!(!steps.is_empty(), "{query}");
        for (s, e) in steps.iter().zip(en["next_steps"].as_array().unwrap()) {
            assert_ne!(s["action"], e["action"], "{query}");
        }
        // The sources are cited as they are written.
        assert_eq!(es["sources"], en["sources"], "{query}");
    }

    let (_, es) = coverage_in(app, "therapy=knee_msc_injection&payer=medicare", Some("es")).await;
    let explanation = es["explanation"].as_str().unwrap();
    assert!(
        explanation.starts_with("No se indicó ninguna afección"),
        "{explanation}"
    );
    assert!(explanation.contains("“rara vez se cubre”"), "{explanation}");
    let abn = es["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "advance_beneficiary_notice")
        .unwrap();
    assert!(
        abn["action"]
            .as_str()
            .unwrap()
            .contains("Aviso anticipado de no cobertura para el beneficiario (ABN"),
        "{abn}"
    );
    let note = es["patient_responsibility"]["note"].as_str().unwrap();
    assert!(
        note.starts_with("Cuente con pagar esto usted mismo"),
        "{note}"
    );

    // English stays the default, and any language but Spanish answers English.
    for header in [None, Some("fr-CA"), Some("es;q=0, en")] {
        let (lang, en) =
            coverage_in(app, "therapy=knee_msc_injection&payer=medicare", header).await;
        assert_eq!(lang, "en", "{header:?}");
        assert!(
            en["explanation"]
                .as_str()
                .unwrap()
                .starts_with("No condition was given"),
            "{header:?}"
        );
    }
}

#[tokio::test]
async fn the_spanish_therapy_catalog_names_therapies_and_add_ons_in_spanish_with_the_same_codes_and_prices()
 {
    let app = &spawn_app().await;
    let get = |path: &'static str, lang: &'static str| async move {
        let res = app
            .client
            .get(app.url(path))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_language(&res, if lang.starts_with("es") { "es" } else { "en" });
        res.json::<Value>().await.unwrap()
    };
    let es = get("/v1/therapies", "es-419").await;
    let en = get("/v1/therapies", "en").await;
    let (es_list, en_list) = (
        es["therapies"].as_array().unwrap(),
        en["therapies"].as_array().unwrap(),
    );
    assert_eq!(es_list.len(), en_list.len());
    for (s, e) in es_list.iter().zip(en_list) {
        assert_eq!(s["code"], e["code"]);
        // A product's own name ("Remestemcel-L (Ryoncil)") reads the same in both.
        if e["code"] != "remestemcel_l" {
            assert_ne!(s["name"], e["name"], "{}", e["code"]);
        }
        assert_eq!(s["sources"], e["sources"]);
        let prices = |t: &Value| {
            let mut t = t["cash_price"].clone();
            strip_texts(&mut t);
            t
        };
        assert_eq!(prices(s), prices(e), "{}", e["code"]);
    }
    assert_eq!(es["price_book"], en["price_book"]);
    let knee = get("/v1/therapies/knee_msc_injection", "es").await;
    assert_eq!(knee["code"], "knee_msc_injection");
    assert_eq!(knee["name"], "Inyección de MSC en una rodilla");
    let labels: Vec<&str> = knee["cash_price"]["add_ons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Plasma rico en plaquetas (PRP)"),
        "{labels:?}"
    );
    // English stays the default.
    let plain: Value = app.get("/v1/therapies").await.json().await.unwrap();
    assert_eq!(plain, en);
}

/// Removes every string but codes and sources: what is left are the figures and codes.
fn strip_texts(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, v| {
                !v.is_string()
                    || ["code", "source", "add_on", "therapy", "pricing", "line"]
                        .contains(&k.as_str())
            });
            map.values_mut().for_each(strip_texts);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_texts),
        _ => {}
    }
}
