use serde_json::json;

use super::*;
use crate::gfe::care::fixtures::{
    PRICED_CENTER, issued, knee_at_fort_worth, knee_at_priced_center,
};
use crate::gfe::{GoodFaithEstimateRequest, QuotedCare, Today, good_faith_estimate};
use crate::quoting::QuotedCenter;

fn document(body: serde_json::Value, provider: Option<&QuotedCenter>) -> GoodFaithEstimate {
    let req: GoodFaithEstimateRequest = serde_json::from_value(body).unwrap();
    let quote = if provider.is_some_and(|p| p.id.as_str() == PRICED_CENTER) {
        knee_at_priced_center()
    } else {
        knee_at_fort_worth()
    };
    let care = QuotedCare::from_quote(&quote, issued()).unwrap();
    let book = crate::pricing::PriceBook::embedded().unwrap();
    let therapy = book.therapy(crate::therapy::TherapyCode::KneeMscInjection);
    let today = Today::on("2026-03-01".parse().unwrap());
    good_faith_estimate(
        &care,
        provider,
        therapy,
        &req,
        today,
        issued(),
        crate::i18n::Lang::En,
    )
    .unwrap()
}

fn patient() -> serde_json::Value {
    json!({"name": "Jordan Rivera", "date_of_birth": "1961-04-09"})
}

/// The synthetic priced center with every detail the directory can hold (test data).
fn complete_center() -> QuotedCenter {
    let care = QuotedCare::from_quote(&knee_at_priced_center(), issued()).unwrap();
    let mut center = care.quoted_center().cloned().unwrap();
    assert_eq!(center.id.as_str(), PRICED_CENTER);
    center.npi = Some("1234567893".parse().unwrap());
    center.tin = Some("12-3456789".parse().unwrap());
    center.street_address = Some("100 Main Street".into());
    center.zip = Some("76102".parse().unwrap());
    center
}

#[test]
fn escaping_neutralises_every_markup_character() {
    assert_eq!(
        escape(r#"<script>alert("x&'y")</script>"#),
        "&lt;script&gt;alert(&quot;x&amp;&#39;y&quot;)&lt;/script&gt;"
    );
    assert_eq!(escape("Jordan Rivera"), "Jordan Rivera");
}

#[test]
fn a_name_holding_markup_is_printed_as_text() {
    let doc = document(
        json!({"patient": {"name": "<script>alert('x')</script> & Co", "date_of_birth": "1961-04-09"}}),
        None,
    );
    let page = render_html(&doc);
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(page.contains("1-800-985-3059"));
    assert!(page.contains("Total expected charges: $"));
}

#[test]
fn dates_read_as_words_and_no_timestamp_or_developer_text_appears() {
    let page = render_html(&document(json!({"patient": patient()}), None));
    assert!(page.contains("April 9, 1961"), "date of birth");
    assert!(page.contains("March 20, 2026"), "scheduled date");
    assert!(page.contains("Issued March 1, 2026"), "issued date");
    for developer in [
        "1961-04-09",
        "2026-03-20",
        "T12:00:00",
        "lines.",
        "service_code",
        "diagnosis_codes",
        "`",
        "geometric",
        "skew",
        "(base)",
        "imaging_and_post_care",
        "centers:",
    ] {
        assert!(!page.contains(developer), "the page shows `{developer}`");
    }
}

#[test]
fn a_document_with_required_elements_missing_is_marked_draft_with_blanks_to_fill() {
    let doc = document(json!({"patient": patient()}), None);
    assert!(doc.draft);
    let page = render_html(&doc);
    assert!(page.contains("<title>Good Faith Estimate (draft)</title>"));
    assert!(page.contains("class=\"watermark\"") && page.contains(">DRAFT<"));
    assert!(page.contains("DRAFT: this Good Faith Estimate is not complete"));
    for blank in [
        "National Provider Identifier",
        "Taxpayer Identification Number",
        "street address",
    ] {
        assert!(
            page.contains(&format!("<span class=\"blank\">{blank}</span>")),
            "no blank for {blank}"
        );
    }
    assert!(page.contains("To be completed by the provider"));
}

#[test]
fn a_complete_document_carries_no_draft_mark_but_still_asks_for_the_contact() {
    let center = complete_center();
    let body = json!({
        "patient": patient(), "diagnosis_codes": ["M17.11"],
        "lines": {"base": {"service_code": "0232T"}, "imaging_guidance": {"service_code": "76942"},
                  "post_procedure_care": {"service_code": "G0463"}}
    });
    let doc = document(body, Some(&center));
    assert!(!doc.draft, "{:?}", doc.missing_elements);
    let page = render_html(&doc);
    assert!(
        !page.contains("DRAFT") && !page.contains("watermark\""),
        "{page}"
    );
    assert!(page.contains("100 Main Street, Fort Worth, TX 76102"));
    assert!(page.contains("<span class=\"blank\">contact person</span>"));
    assert!(page.contains("Asked for by the standard form."));
}

#[test]
fn national_reference_charges_are_called_so_above_everything_else() {
    const BANNER: &str = "These are not the provider&#39;s own charges.";
    let page = render_html(&document(json!({"patient": patient()}), None));
    let banner = page.find(BANNER).expect("the banner");
    let first = ["<h1>", "DRAFT:"]
        .iter()
        .filter_map(|s| page.find(s))
        .min()
        .unwrap();
    assert!(banner < first, "{page}");
    let own = render_html(&document(
        json!({"patient": patient(), "diagnosis_codes": ["M17.11"]}),
        Some(&complete_center()),
    ));
    assert!(!own.contains(BANNER), "{own}");
}

#[test]
fn the_page_prints_as_a_document() {
    let page = render_html(&document(json!({"patient": patient()}), None));
    for css in [
        "@page",
        "@media print",
        "break-inside:avoid",
        "break-after:avoid",
    ] {
        assert!(page.contains(css), "{css}");
    }
    // Every table is whole: a caption, a head, a body and a total row.
    assert_eq!(
        page.matches("<table>").count(),
        page.matches("</table>").count()
    );
    for part in ["<caption>", "<thead>", "<tbody>", "<tfoot>"] {
        assert_eq!(
            page.matches(part).count(),
            page.matches("<table>").count(),
            "{part}"
        );
    }
}

#[test]
fn the_page_tells_the_patient_what_the_standard_form_does() {
    let page = render_html(&document(json!({"patient": patient()}), None));
    for needle in [
        "$25.00 fee",
        "pay the higher amount",
        "cannot move the bill",
        "update the bill to match the Good Faith Estimate",
        "financial assistance",
        "Your right to a Good Faith Estimate",
        "Where it is provided",
        "Contact person",
        "Email",
        "120 calendar days",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
}
