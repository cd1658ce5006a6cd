//! The printable HTML rendering of a Good Faith Estimate. Every piece of text passes through
//! [`escape`]: names, descriptions and sources are data, never markup. The page loads nothing
//! and runs no script.

use std::fmt::Write;

use crate::gfe::GoodFaithEstimate;
use crate::gfe::document::{EstimatedItem, ProviderEstimate};
use crate::money::Cents;
use crate::quoting::QuoteStatus;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;max-width:50rem;margin:2rem auto;\
padding:0 1rem;color:#111}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .4rem;\
text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}\
.small{font-size:12px;color:#444}@media print{body{margin:0}}";

/// Replaces the five characters that are markup in HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The document as a complete, printable HTML page.
pub fn render_html(doc: &GoodFaithEstimate) -> String {
    let mut h = String::with_capacity(8_192);
    let e = escape;
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Good Faith Estimate</title><style>{STYLE}</style></head><body>\
         <h1>Good Faith Estimate</h1><p class=\"small\">{} · issued {} · quote {} ({}, price \
         book {})</p>",
        e(doc.regulation),
        e(&doc.issued_at.to_rfc3339()),
        e(doc.quote.id.as_str()),
        status(doc.quote.status),
        e(&doc.quote.price_book_version),
    );
    let scheduled = doc
        .primary_service
        .scheduled_date
        .map_or_else(|| "not scheduled yet".to_owned(), |d| d.to_string());
    let _ = write!(
        h,
        "<h2>Patient</h2><p>{}<br>Date of birth: {}</p>\
         <h2>Primary service</h2><p>{}<br>Scheduled: {}</p>",
        e(doc.patient.name.as_str()),
        doc.patient.date_of_birth,
        e(&doc.primary_service.description),
        e(&scheduled),
    );
    if !doc.diagnosis_codes.is_empty() {
        let codes: Vec<&str> = doc.diagnosis_codes.iter().map(|c| c.as_str()).collect();
        let _ = write!(h, "<p>Diagnosis codes: {}</p>", e(&codes.join(", ")));
    }
    let _ = write!(
        h,
        "<h2>Expected charges</h2><p>{}</p>",
        e(&doc.expected_charge_basis.explanation)
    );
    for provider in &doc.providers {
        provider_section(&mut h, provider);
    }
    let _ = write!(
        h,
        "<p><strong>Total expected charges: {}</strong></p>",
        doc.total_expected_charges_cents
    );
    let separate = &doc.separately_scheduled;
    let _ = write!(
        h,
        "<h2>Items or services scheduled separately</h2><p>{}</p><ul>",
        e(&separate.disclaimer)
    );
    for item in &separate.items {
        let _ = write!(h, "<li>{}: {}</li>", e(&item.description), e(&item.reason));
    }
    if separate.items.is_empty() {
        h.push_str("<li>None listed.</li>");
    }
    let _ = write!(
        h,
        "</ul><p class=\"small\">{}</p><h2>Please note</h2><ul>",
        e(&separate.note)
    );
    for d in &doc.disclaimers {
        let _ = write!(
            h,
            "<li>{} <span class=\"small\">({})</span></li>",
            e(&d.text),
            e(d.citation)
        );
    }
    let dispute = &doc.dispute_resolution;
    let _ = write!(
        h,
        "</ul><h2>Disputing a bill</h2><p>{}</p><h2>About this therapy</h2><ul>",
        e(&dispute.how_to_start)
    );
    for d in &doc.clinical_disclaimers {
        let _ = write!(h, "<li>{}</li>", e(&d.text));
    }
    h.push_str("</ul>");
    if !doc.missing_elements.is_empty() {
        h.push_str(
            "<h2>To be completed by the provider</h2><p>The service could not supply these \
             required elements; they are not guessed.</p><ul>",
        );
        for m in &doc.missing_elements {
            let line = m
                .line_code
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let _ = write!(h, "<li>{}{}</li>", e(&m.detail), e(&line));
        }
        h.push_str("</ul>");
    }
    h.push_str("</body></html>");
    h
}

fn provider_section(h: &mut String, p: &ProviderEstimate) {
    let e = escape;
    let name = p
        .name
        .as_deref()
        .unwrap_or("Provider not named on the quote");
    let _ = write!(h, "<h2>{}</h2><p>", e(name));
    let missing = "not on file";
    let npi = p.npi.as_ref().map_or(missing, |n| n.as_str());
    let tin = p.tin.as_ref().map_or(missing, |t| t.as_str());
    let _ = write!(h, "NPI: {}<br>TIN: {}<br>", e(npi), e(tin));
    if let Some(loc) = &p.location {
        let street = loc
            .street_address
            .as_deref()
            .unwrap_or("street address not on file");
        let zip = loc.zip.as_ref().map_or("", |z| z.as_str());
        let _ = write!(
            h,
            "{}, {}, {} {}",
            e(street),
            e(&loc.city),
            e(loc.state.as_str()),
            e(zip)
        );
    }
    let _ = write!(
        h,
        "</p><p class=\"small\">{}</p><table><thead><tr><th>Item or service</th><th>Service \
         code</th><th>Diagnosis codes</th><th>Expected charge</th><th>Range</th></tr></thead>\
         <tbody>",
        e(&p.pricing_basis)
    );
    for item in &p.items {
        item_row(h, item);
    }
    let _ = write!(
        h,
        "</tbody></table><p>Expected charges from this provider: <strong>{}</strong> (range {} \
         to {})</p>",
        p.expected_charges_cents, p.low_total_cents, p.high_total_cents
    );
}

fn item_row(h: &mut String, item: &EstimatedItem) {
    let e = escape;
    let code = item.service_code.as_ref().map_or("—", |c| c.as_str());
    let diagnoses: Vec<&str> = item.diagnosis_codes.iter().map(|c| c.as_str()).collect();
    let diagnoses = if diagnoses.is_empty() {
        "—".to_owned()
    } else {
        diagnoses.join(", ")
    };
    let charge = if item.priced {
        money(item.expected_charge_cents)
    } else {
        "not priced".to_owned()
    };
    let _ = write!(
        h,
        "<tr><td>{} × {}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} to \
         {}</td></tr>",
        item.quantity,
        e(&item.description),
        e(code),
        e(&diagnoses),
        e(&charge),
        item.low_cents,
        item.high_cents
    );
}

fn status(status: QuoteStatus) -> &'static str {
    match status {
        QuoteStatus::Active => "active",
        QuoteStatus::Expired => "expired",
        QuoteStatus::Superseded => "superseded",
    }
}

fn money(cents: Cents) -> String {
    cents.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        use crate::gfe::care::fixtures::{issued, knee_at_fort_worth};
        use crate::gfe::{QuotedCare, Today, good_faith_estimate};
        let req = serde_json::from_value(serde_json::json!({
            "patient": {"name": "<script>alert('x')</script> & Co", "date_of_birth": "1961-04-09"}
        }))
        .unwrap();
        let care = QuotedCare::from_quote(&knee_at_fort_worth(), issued()).unwrap();
        let book = crate::pricing::PriceBook::embedded().unwrap();
        let therapy = book.therapy(crate::therapy::TherapyCode::KneeMscInjection);
        let today = Today::on("2026-03-01".parse().unwrap());
        let doc = good_faith_estimate(&care, None, therapy, &req, today, issued()).unwrap();
        let page = render_html(&doc);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
        assert!(page.contains("1961-04-09") && page.contains("1-800-985-3059"));
        assert!(page.contains("Total expected charges: $"));
    }
}
