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
fn knee_injection_base_typical_is_the_sourced_7500_dollars() {
    let knee = priced(book(), TherapyCode::KneeMscInjection);
    assert_eq!(knee.base.typical_method, TypicalMethod::Sourced);
    assert_eq!(knee.base.typical_cents, dollars(7_500));
    assert!(
        knee.base
            .typical_source
            .as_deref()
            .unwrap_or("")
            .contains("6,000 to 9,000")
    );
}

#[test]
fn unsourced_typical_is_the_integer_geometric_mean_of_the_range() {
    let prp = priced(book(), TherapyCode::KneeMscPrp);
    assert_eq!(prp.base.typical_method, TypicalMethod::GeometricMean);
    // isqrt(400_000 × 2_800_000) = 1_058_300.5… → 1_058_300
    assert_eq!(prp.base.typical_cents, Cents::new(1_058_300));
}

#[test]
fn add_on_lines_are_differences_of_table_rows() {
    let book = book();
    let knee = priced(book, TherapyCode::KneeMscInjection);
    let combo = priced(book, TherapyCode::KneeMscPrp);
    let total = knee.table_total.as_ref().expect("knee total");
    let line = |p: &PricedTherapy, code: &str| {
        p.add_on_lines
            .iter()
            .find(|l| l.code == code)
            .cloned()
            .expect(code)
    };
    let prp = line(knee, "prp");
    assert_eq!(
        prp.low_cents.get(),
        combo.base.low_cents.get() - knee.base.low_cents.get()
    );
    assert_eq!(
        prp.high_cents.get(),
        combo.base.high_cents.get() - knee.base.high_cents.get()
    );
    for therapy in [knee, combo] {
        let bundle = line(therapy, "imaging_and_post_care");
        assert_eq!(
            bundle.low_cents.get(),
            total.low_cents.get() - knee.base.low_cents.get()
        );
        assert_eq!(
            bundle.high_cents.get(),
            total.high_cents.get() - knee.base.high_cents.get()
        );
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
    let scaffold = book.therapy(TherapyCode::ScaffoldConstruct);
    assert_eq!(
        scaffold.evidence[0].condition,
        "Cartilage defects (experimental)"
    );
    let hsct = book.therapy(TherapyCode::Hsct);
    assert_eq!(hsct.evidence[0].condition, "Hematologic malignancies");
}

#[test]
fn knee_injection_offers_the_seeded_cell_sources_and_add_ons() {
    use crate::therapy::{AddOn, CellSource};
    let knee = priced(book(), TherapyCode::KneeMscInjection);
    let sources: Vec<CellSource> = knee.cell_sources.iter().map(|c| c.cell_source).collect();
    assert_eq!(
        sources,
        [
            CellSource::BoneMarrow,
            CellSource::Adipose,
            CellSource::UmbilicalCord
        ]
    );
    let pricing = |add_on| {
        knee.add_ons
            .iter()
            .find(|o| o.add_on == add_on)
            .map(|o| o.pricing)
    };
    assert_eq!(pricing(AddOn::Prp), Some(AddOnPricing::Priced));
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
