//! A bad price-book file fails to load, naming the row and field.

use super::*;

/// The embedded file with `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    assert!(
        EMBEDDED.contains(from),
        "the price book no longer contains {from:?}"
    );
    EMBEDDED.replacen(from, to, 1)
}

fn invalid_at(text: &str) -> (String, String) {
    match PriceBook::from_toml_str(text) {
        Err(PriceBookError::Invalid { location, problem }) => (location, problem),
        Err(other) => panic!("expected an invalid-row error, got {other}"),
        Ok(_) => panic!("expected an invalid-row error, but the book loaded"),
    }
}

#[test]
fn a_missing_file_is_a_read_error_naming_the_path() {
    let err = PriceBook::from_path(Path::new("/nonexistent/price_book.toml")).unwrap_err();
    assert!(matches!(err, PriceBookError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/price_book.toml"));
}

#[test]
fn the_book_loads_from_a_path() {
    let path = std::env::temp_dir().join(format!("price_book_{}.toml", std::process::id()));
    std::fs::write(&path, EMBEDDED).expect("write a copy");
    let loaded = PriceBook::from_path(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(&loaded.expect("the copy loads"), book());
}

#[test]
fn unknown_keys_and_bad_values_are_malformed_with_their_line() {
    let cases = [
        edited(
            "currency = \"USD\"",
            "currency = \"USD\"\npayer = \"medicare\"",
        ),
        edited("cell_source = \"adipose\"", "cell_source = \"synovial\""),
        edited(
            "low_cents = 350_000, high_cents = 2_500_000",
            "low_cents = 2_500_000, high_cents = 350_000",
        ),
    ];
    for text in cases {
        let err = PriceBook::from_toml_str(&text).unwrap_err();
        assert!(matches!(err, PriceBookError::Malformed(_)), "{err}");
        assert!(err.to_string().contains("line"), "{err}");
    }
}

#[test]
fn rule_breaking_rows_are_named_by_index_code_and_field() {
    let cases: [(String, &str, &str); 15] = [
        (
            edited("currency = \"USD\"", "currency = \"EUR\""),
            "currency",
            "accepted: USD",
        ),
        (
            edited(
                "effective_to = \"2026-12-31\"",
                "effective_to = \"2025-12-31\"",
            ),
            "effective_to",
            "before",
        ),
        (
            edited(
                "position = { numerator = 1, denominator = 10 }",
                "position = { numerator = 11, denominator = 10 }",
            ),
            "therapies[0] (knee_msc_injection).typical.position",
            "fraction from 0 to 1",
        ),
        (
            edited("line = \"imaging_and_post_care\"", "line = \"imaging\""),
            "therapies[0] (knee_msc_injection).estimate.add_ons[1].line",
            "imaging",
        ),
        (
            edited("code = \"remestemcel_l\"", "code = \"hsct\""),
            "therapies[5] (hsct).code",
            "second row",
        ),
        (
            edited("max_sessions = 6", "max_sessions = 1"),
            "therapies[0] (knee_msc_injection).estimate.per_additional_session",
            "only one session",
        ),
        (
            edited(
                "default_add_ons = []",
                "default_add_ons = [\"prp\", \"prp\"]",
            ),
            "therapies[1] (knee_msc_prp).estimate.default_add_ons[1]",
            "listed twice",
        ),
        (
            edited("name = \"Single-knee MSC injection\"", "name = \" \""),
            "therapies[0] (knee_msc_injection).name",
            "empty",
        ),
        (
            edited(
                "[therapies.no_cash_price]\nreason = \"The 2026",
                "[therapies.price.base]\ndescription = \"x\"\nrange = { low_cents = 1, high_cents = 2 }\nrationale = \"x\"\nsource = \"x\"\n\n[therapies.no_cash_price]\nreason = \"The 2026",
            ),
            "therapies[4] (hsct)",
            "not both",
        ),
        (
            edited("\noutcome_set = \"knee_msc\"", "\noutcome_set = \"knees\""),
            "therapies[0] (knee_msc_injection).outcome_set",
            "defined: knee_msc",
        ),
        (
            edited(
                "high_cents = 500_000 }",
                "high_cents = 9_300_000_000_000_000_000 }",
            ),
            "therapies[0] (knee_msc_injection)",
            "too large",
        ),
        (
            edited(
                "pricing = \"unpriced\"\nrationale = \"One clinic names",
                "pricing = \"unpriced\"\nline = \"prp\"\nrationale = \"One clinic names",
            ),
            "therapies[0] (knee_msc_injection).estimate.add_ons[3].line",
            "only a priced add-on",
        ),
        (
            edited(
                "add_on = \"prp\"\npricing = \"included\"\nrationale = \"PRP is part of this therapy: the MSC",
                "add_on = \"prp\"\npricing = \"unpriced\"\nrationale = \"PRP is part of this therapy: the MSC",
            ),
            "therapies[0] (knee_msc_injection).estimate.add_ons[0].therapy",
            "must offer `prp` as included",
        ),
        (
            edited(
                "pricing = \"as_therapy\"\ntherapy = \"knee_msc_prp\"",
                "pricing = \"as_therapy\"",
            ),
            "therapies[0] (knee_msc_injection).estimate.add_ons[0].therapy",
            "names its therapy",
        ),
        (
            edited(
                "range = { low_cents = 1_000_000, high_cents = 4_500_000 }",
                "range = { low_cents = 1_000_000, high_cents = 4_500_000 }\ntypical_method = \"position\"",
            ),
            "therapies[2] (scaffold_construct).price.base.typical_method",
            "[therapies.typical]",
        ),
    ];
    for (text, location, problem) in cases {
        let (got_location, got_problem) = invalid_at(&text);
        assert_eq!(got_location, location, "{got_problem}");
        assert!(
            got_problem.contains(problem),
            "{got_location}: {got_problem}"
        );
    }
}

#[test]
fn a_book_without_a_row_for_every_code_is_rejected_naming_the_code() {
    let cut = EMBEDDED
        .find("[[therapies]]\ncode = \"remestemcel_l\"")
        .expect("the row");
    let (location, problem) = invalid_at(&EMBEDDED[..cut]);
    assert_eq!(location, "therapies");
    assert!(problem.contains("remestemcel_l"), "{problem}");
}

#[test]
fn the_default_typical_method_cannot_be_sourced() {
    let text = edited(
        "default_method = \"midpoint\"",
        "default_method = \"sourced\"",
    );
    assert!(matches!(
        PriceBook::from_toml_str(&text),
        Err(PriceBookError::Malformed(_))
    ));
    let text = edited(
        "default_method = \"midpoint\"",
        "default_method = \"geometric_mean\"",
    );
    let book = PriceBook::from_toml_str(&text).expect("geometric_mean is a valid default");
    // isqrt(1_000_000 × 4_500_000) = 2_121_320
    assert_eq!(
        priced(&book, TherapyCode::ScaffoldConstruct)
            .base
            .typical_cents,
        Cents::new(2_121_320)
    );
}
