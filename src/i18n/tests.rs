use super::*;

#[test]
fn the_shipped_catalogs_parse() {
    Catalog::check_shipped().unwrap();
}

/// Lists what Spanish lacks; the texts the rules require, the financing disclosures and the
/// coverage answers may lack nothing.
#[test]
fn spanish_lacks_no_good_faith_estimate_or_financing_disclosure_text() {
    let missing = Catalog::shipped().missing(Lang::Es);
    println!(
        "messages in en.ftl missing from es.ftl ({}): {missing:?}",
        missing.len()
    );
    let required: Vec<_> = missing
        .iter()
        .filter(|k| {
            ["gfe-", "fin-", "date-", "cov-"]
                .iter()
                .any(|prefix| k.starts_with(prefix))
        })
        .collect();
    assert!(required.is_empty(), "missing in es.ftl: {required:?}");
}

#[test]
fn spanish_has_no_message_english_lacks() {
    let catalog = Catalog::shipped();
    let english = catalog.keys(Lang::En);
    let extra: Vec<_> = catalog
        .keys(Lang::Es)
        .iter()
        .filter(|k| !english.contains(k))
        .collect();
    assert!(extra.is_empty(), "only in es.ftl: {extra:?}");
}

#[test]
fn a_missing_translation_falls_back_to_english_and_is_listed() {
    let catalog = Catalog::from_sources([
        "greeting = Hello\nfarewell = Goodbye\ncount = { $n ->\n    [one] one day\n   *[other] { $n } days\n}\n",
        "greeting = Hola\n",
    ])
    .unwrap();
    assert_eq!(catalog.text(Lang::Es, "greeting"), "Hola");
    assert_eq!(catalog.text(Lang::Es, "farewell"), "Goodbye");
    assert_eq!(catalog.get(Lang::Es, "farewell"), None);
    assert_eq!(
        catalog.format(Lang::Es, "count", &[("n", 3u32.into())]),
        "3 days"
    );
    assert_eq!(catalog.missing(Lang::Es), ["farewell", "count"]);
    assert!(catalog.missing(Lang::En).is_empty());
}

#[test]
fn an_invalid_catalog_is_refused_naming_its_file() {
    let err = Catalog::from_sources(["greeting = Hello\n", "greeting = { \n"]).unwrap_err();
    assert!(err.to_string().contains("src/i18n/es.ftl"), "{err}");
    let err = Catalog::from_sources(["a = 1\na = 2\n", "a = 1\n"]).unwrap_err();
    assert!(err.to_string().contains("src/i18n/en.ftl"), "{err}");
}

#[test]
fn a_wrapped_message_reads_as_one_line_without_isolation_marks() {
    let catalog = Catalog::from_sources([
        "long = first line\n    second { $x } line\n",
        "long = primera\n    segunda\n",
    ])
    .unwrap();
    assert_eq!(
        catalog.format(Lang::En, "long", &[("x", "$400.00".into())]),
        "first line second $400.00 line"
    );
    assert_eq!(catalog.text(Lang::Es, "long"), "primera segunda");
}

#[test]
fn plural_forms_follow_each_language() {
    let one = format(
        Lang::Es,
        "fin-headline-installment",
        &[
            ("months", 1u32.into()),
            ("apr", "17.90%".into()),
            ("total", "$1.00".into()),
        ],
    );
    assert!(one.starts_with("por 1 mes a una APR"), "{one}");
    let many = format(
        Lang::En,
        "fin-headline-installment",
        &[
            ("months", 24u32.into()),
            ("apr", "17.90%".into()),
            ("total", "$1.00".into()),
        ],
    );
    assert!(many.starts_with("for 24 months at 17.90% APR"), "{many}");
}
