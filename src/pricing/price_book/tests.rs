use std::sync::LazyLock;

use super::*;

mod rejections;
use crate::money::Cents;
use crate::pricing::catalog::{
    AddOnPricing, AttributeName, CashPrice, PricedTherapy, TypicalMethod,
};

static BOOK: LazyLock<PriceBook> =
    LazyLock::new(|| PriceBook::embedded().expect("the embedded price book is valid"));

fn book() -> &'static PriceBook {
    &BOOK
}

fn priced(book: &PriceBook, code: TherapyCode) -> &PricedTherapy {
    match &book.therapy(code).cash_price {
        CashPrice::Priced(p) => p,
        CashPrice::NoCashPrice(_) => panic!("{code} should be priced"),
    }
}

fn dollars(d: u64) -> Cents {
    Cents::from_dollars(d)
}

#[test]
fn embedded_book_is_the_2026_usd_book_for_calendar_2026() {
    let v = book().version().clone();
    assert_eq!(v.version, "2026");
    assert_eq!(v.effective_from.to_string(), "2026-01-01");
    assert_eq!(v.effective_to.to_string(), "2026-12-31");
}

#[test]
fn catalog_lists_every_therapy_once_in_code_order() {
    let book = book();
    let codes: Vec<TherapyCode> = book.therapies().iter().map(|t| t.code).collect();
    assert_eq!(codes, TherapyCode::ALL.to_vec());
    for code in TherapyCode::ALL {
        assert_eq!(book.therapy(code).code, code);
    }
}

#[test]
fn table_rows_carry_the_2026_prices_and_coverage_wording() {
    let book = book();
    let rows = [
        (
            TherapyCode::KneeMscInjection,
            3_500,
            25_000,
            "Rarely covered; classified as experimental",
        ),
        (
            TherapyCode::KneeMscPrp,
            4_000,
            28_000,
            "Usually not covered",
        ),
        (
            TherapyCode::ScaffoldConstruct,
            10_000,
            45_000,
            "Not covered (investigational)",
        ),
        (TherapyCode::BackMscPrp, 2_500, 15_000, "Not covered"),
    ];
    for (code, low, high, coverage) in rows {
        let p = priced(book, code);
        assert_eq!(
            (p.base.low_cents, p.base.high_cents),
            (dollars(low), dollars(high)),
            "{code}"
        );
        let entry = book.therapy(code);
        assert_eq!(
            entry.coverage.as_ref().map(|c| c.text.as_str()),
            Some(coverage)
        );
        assert!(
            p.base.source.contains("Economic & Access Landscape (2026)"),
            "{code}"
        );
    }
    let knee = priced(book, TherapyCode::KneeMscInjection);
    let total = knee
        .table_total
        .as_ref()
        .expect("the knee row gives a total");
    assert_eq!(
        (total.low_cents, total.high_cents),
        (dollars(5_000), dollars(30_000))
    );
}

#[test]
fn knee_typicals_sit_one_tenth_up_each_range_where_the_one_stated_typical_sits() {
    let book = book();
    for code in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        let p = priced(book, code);
        assert_eq!(p.base.typical_method, TypicalMethod::Position, "{code}");
        let span = p.base.high_cents.get() - p.base.low_cents.get();
        assert_eq!(
            p.base.typical_cents.get(),
            p.base.low_cents.get() + span / 10,
            "{code}"
        );
        let rationale = p.base.typical_rationale.as_deref().unwrap_or("");
        assert!(rationale.contains("one tenth"), "{code}: {rationale}");
        assert!(rationale.contains("derived"), "{code}: {rationale}");
        let source = p.base.typical_source.as_deref().unwrap_or("");
        assert!(source.contains("6,000 to 9,000"), "{code}: {source}");
    }
    // The clinic's $6,000-$9,000 is at its middle, $7,500, one tenth up the $5,000-$30,000 total.
    let knee = priced(book, TherapyCode::KneeMscInjection);
    let total = knee.table_total.as_ref().expect("knee total");
    let at_position = total.low_cents.get() + (total.high_cents.get() - total.low_cents.get()) / 10;
    assert_eq!(at_position, dollars(7_500).get());
}

#[test]
fn a_typical_no_source_places_is_the_middle_of_its_range_and_says_so() {
    let book = book();
    for (code, middle) in [
        (TherapyCode::ScaffoldConstruct, 27_500),
        (TherapyCode::BackMscPrp, 8_750),
    ] {
        let p = priced(book, code);
        assert_eq!(p.base.typical_method, TypicalMethod::Midpoint, "{code}");
        assert_eq!(p.base.typical_cents, dollars(middle), "{code}");
        let rationale = p.base.typical_rationale.as_deref().unwrap_or("");
        assert!(rationale.contains("middle"), "{code}: {rationale}");
    }
}

#[test]
fn no_text_makes_a_claim_about_the_shape_of_the_ranges() {
    // The seeds give only the ends of each range: nothing may say how prices spread between them.
    for claim in ["skew", "geometric mean", "most patients pay"] {
        assert!(
            !EMBEDDED.to_lowercase().contains(claim),
            "the price book claims `{claim}`"
        );
    }
}

#[test]
fn the_only_derived_range_says_it_is_derived_and_from_which_rows() {
    let book = book();
    let knee = priced(book, TherapyCode::KneeMscInjection);
    let total = knee.table_total.as_ref().expect("knee total");
    let codes: Vec<&str> = knee.add_on_lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["imaging_and_post_care"]);
    let bundle = &knee.add_on_lines[0];
    assert_eq!(
        bundle.low_cents.get(),
        total.low_cents.get() - knee.base.low_cents.get()
    );
    assert_eq!(
        bundle.high_cents.get(),
        total.high_cents.get() - knee.base.high_cents.get()
    );
    let derivation = bundle.derivation.as_deref().expect("a derivation");
    assert!(derivation.starts_with("Derived"), "{derivation}");
    assert!(
        derivation.contains("$5,000-$30,000") && derivation.contains("$3,500-$25,000"),
        "{derivation}"
    );
    // Every range a row states itself has no derivation.
    for entry in book.therapies() {
        if let CashPrice::Priced(p) = &entry.cash_price {
            assert!(p.base.derivation.is_none(), "{}", entry.code);
        }
    }
    assert!(
        priced(book, TherapyCode::KneeMscPrp)
            .add_on_lines
            .is_empty()
    );
}

#[test]
fn additional_sessions_are_unpriced_in_the_national_book() {
    use crate::pricing::catalog::SessionPricing;
    for code in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        match &priced(book(), code).per_additional_session {
            Some(SessionPricing::Unpriced { rationale, .. }) => {
                assert!(rationale.contains("unpriced"), "{code}: {rationale}");
            }
            other => panic!("{code}: additional sessions must be unpriced, got {other:?}"),
        }
    }
}

#[test]
fn hsct_and_remestemcel_l_have_no_cash_price_and_say_why() {
    let book = book();
    for code in [TherapyCode::Hsct, TherapyCode::RemestemcelL] {
        match &book.therapy(code).cash_price {
            CashPrice::NoCashPrice(none) => {
                assert!(none.reason.contains("no"), "{code}: {}", none.reason);
                assert!(!none.source.is_empty());
            }
            CashPrice::Priced(_) => panic!("{code} must have no cash price"),
        }
    }
}

#[test]
fn remestemcel_l_cites_its_fda_approval_and_has_no_coverage_wording() {
    let entry = book().therapy(TherapyCode::RemestemcelL).clone();
    assert!(entry.coverage.is_none());
    let fact = entry
        .attributes
        .iter()
        .find(|a| a.name == AttributeName::RegulatoryStatus)
        .expect("the approval fact");
    assert!(fact.value.contains("2024-12-18") && fact.value.contains("graft-versus-host"));
    assert!(
        fact.source.contains("Food and Drug Administration") && fact.source.contains("2024-12-18")
    );
}

#[test]
fn every_source_names_a_seed_file_or_the_fda_approval() {
    for entry in book().therapies() {
        assert!(!entry.sources.is_empty(), "{}", entry.code);
        for source in &entry.sources {
            assert!(
                source.contains("seed 000_d9be3b6bbdbe24f3.txt")
                    || source.contains("seed 001_7f2bdf31ff97891a.txt")
                    || source.contains("U.S. Food and Drug Administration"),
                "{}: {source}",
                entry.code
            );
        }
    }
}

#[test]
fn knee_therapies_carry_key_features_evidence_and_outcomes() {
    let book = book();
    for code in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        let entry = book.therapy(code);
        assert_eq!(entry.outcomes.len(), 5, "{code}");
        assert_eq!(entry.evidence[0].condition, "Knee osteoarthritis");
        assert!(
            entry
                .attributes
                .iter()
                .any(|a| a.name == AttributeName::MainLimitations)
        );
    }
    // The disease table's cartilage-defect row is about iPSC-derived cells, not MSC scaffolds.
    let scaffold = book.therapy(TherapyCode::ScaffoldConstruct);
    assert!(scaffold.evidence.is_empty(), "{:?}", scaffold.evidence);
    let hsct = book.therapy(TherapyCode::Hsct);
    assert_eq!(hsct.evidence[0].condition, "Hematologic malignancies");
}

#[test]
fn knee_injection_offers_the_seeded_cell_sources_and_add_ons() {
    use crate::therapy::{AddOn, CellSource};
    let knee = priced(book(), TherapyCode::KneeMscInjection);
    let sources: Vec<CellSource> = knee.cell_sources.iter().map(|c| c.cell_source).collect();
    // The table's row is autologous: no row prices an umbilical-cord injection.
    assert_eq!(sources, [CellSource::BoneMarrow, CellSource::Adipose]);
    let pricing = |add_on| {
        knee.add_ons
            .iter()
            .find(|o| o.add_on == add_on)
            .map(|o| o.pricing)
    };
    assert_eq!(pricing(AddOn::Prp), Some(AddOnPricing::AsTherapy));
    let prp = knee.add_ons.iter().find(|o| o.add_on == AddOn::Prp);
    assert_eq!(prp.and_then(|o| o.therapy), Some(TherapyCode::KneeMscPrp));
    assert_eq!(pricing(AddOn::Exosomes), Some(AddOnPricing::Unpriced));
    assert_eq!(
        pricing(AddOn::CollateralLigamentSites),
        Some(AddOnPricing::Unpriced)
    );
    assert_eq!(
        knee.default_add_ons,
        [AddOn::ImagingGuidance, AddOn::PostProcedureCare]
    );
}

#[test]
fn the_60_to_70_percent_figures_never_appear_without_the_seeds_caveats() {
    let mut rows = 0;
    for entry in book().therapies() {
        let evidence = entry
            .evidence
            .iter()
            .map(|e| (&e.clinical_evidence, &e.caveats));
        let outcomes = entry
            .outcomes
            .iter()
            .map(|o| (&o.reported_results, &o.caveats));
        for (figure, caveats) in evidence.chain(outcomes) {
            if !figure.contains("60-70") {
                continue;
            }
            rows += 1;
            let all: String = caveats.iter().map(|c| c.text.as_str()).collect();
            for needle in [
                "share of patients who improved",
                "corticosteroid injections",
                "modest and not consistently superior",
                "Long-term efficacy is not yet proven",
            ] {
                assert!(all.contains(needle), "{}: {figure}: {needle}", entry.code);
            }
            assert!(caveats.iter().all(|c| c.source.contains("seed 000")));
        }
    }
    // The evidence row and two outcome rows, for each of the two knee therapies.
    assert_eq!(rows, 6);
}

#[test]
fn hsct_is_called_an_established_procedure_and_remestemcel_l_missing_from_the_seeds() {
    let reason = |code| match &book().therapy(code).cash_price {
        CashPrice::NoCashPrice(none) => none.reason.clone(),
        CashPrice::Priced(_) => panic!("{code} has no cash price"),
    };
    let hsct = reason(TherapyCode::Hsct);
    assert!(hsct.contains("established"), "{hsct}");
    assert!(!hsct.contains("FDA-approved"), "{hsct}");
    let remestemcel = reason(TherapyCode::RemestemcelL);
    assert!(remestemcel.contains("do not mention it"), "{remestemcel}");
    assert!(
        !EMBEDDED.contains("predate"),
        "the seeds are 2026, the approval 2024"
    );
}

#[test]
fn every_orthopedic_therapy_tells_the_patient_the_seeds_risks_and_whom_to_choose() {
    let book = book();
    let codes = |code: TherapyCode| -> Vec<String> {
        book.therapy(code)
            .disclaimers
            .iter()
            .map(|d| d.code.clone())
            .collect()
    };
    for code in [
        TherapyCode::KneeMscInjection,
        TherapyCode::KneeMscPrp,
        TherapyCode::ScaffoldConstruct,
        TherapyCode::BackMscPrp,
    ] {
        let have = codes(code);
        for needed in ["risks", "choose_a_regulated_clinic", "investigational"] {
            assert!(have.iter().any(|c| c == needed), "{code}: {needed}");
        }
    }
    for code in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        let have = codes(code);
        assert!(have.iter().any(|c| c == "advanced_arthritis"), "{code}");
        assert!(have.iter().any(|c| c == "modest_effect"), "{code}");
    }
    assert!(codes(TherapyCode::ScaffoldConstruct).contains(&"pilot_trial_stage".to_owned()));
    let back = book.therapy(TherapyCode::BackMscPrp);
    let not_approved = back
        .disclaimers
        .iter()
        .find(|d| d.code == "not_fda_approved_back")
        .expect("back pain: not FDA-approved");
    assert!(
        not_approved
            .source
            .contains("Consumer Alert on Regenerative Medicine Products")
    );
    assert!(not_approved.source.contains("July 22, 2020"));
    let risks = book
        .therapy(TherapyCode::KneeMscInjection)
        .disclaimers
        .iter()
        .find(|d| d.code == "risks")
        .expect("risks");
    for risk in [
        "injection-site pain",
        "inflammation",
        "infection",
        "unintended tissue differentiation",
    ] {
        assert!(risks.text.contains(risk), "{risk}");
    }
}

#[test]
fn fda_warnings_are_attached_where_exosomes_or_umbilical_cord_can_be_chosen() {
    use crate::therapy::{AddOn, CellSource};
    let book = book();
    for code in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        let entry = book.therapy(code);
        let exosomes = entry
            .conditional_disclaimers
            .iter()
            .find(|d| d.when_add_ons.contains(&AddOn::Exosomes))
            .unwrap_or_else(|| panic!("{code}: no FDA word on exosomes"));
        assert!(
            exosomes
                .disclaimer
                .text
                .contains("no FDA-approved exosome products")
        );
        assert!(exosomes.disclaimer.source.contains("July 22, 2020"));
    }
    let scaffold = book.therapy(TherapyCode::ScaffoldConstruct);
    let cord = scaffold
        .conditional_disclaimers
        .iter()
        .find(|d| d.when_cell_sources.contains(&CellSource::UmbilicalCord))
        .expect("scaffold with umbilical cord: FDA's word on cord products");
    assert!(cord.disclaimer.text.contains("umbilical cord blood"));
    assert!(cord.disclaimer.text.contains("not for other uses"));
}
