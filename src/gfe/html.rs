//! The printable HTML rendering of a Good Faith Estimate: a document for the patient, laid out
//! after the HHS standard form, with dates in words, blanks where the provider must fill
//! something in, and a DRAFT mark on every page while a required element is missing. Every
//! piece of text passes through [`escape`]: names, descriptions and sources are data, never
//! markup. The page loads nothing and runs no script.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::gfe::GoodFaithEstimate;
use crate::gfe::document::{EstimatedItem, ProviderEstimate, ProviderLocation};
use crate::gfe::issued::ChargesBasis;
use crate::gfe::regulation::RequiredDisclaimer;

const STYLE: &str = "\
body{font:15px/1.5 Georgia,'Times New Roman',serif;max-width:48rem;margin:2rem auto;\
padding:0 1.25rem;color:#111;background:#fff}\
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:1.75rem 0 .5rem;\
border-bottom:1px solid #999;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\
p{margin:.4rem 0}ul{margin:.4rem 0;padding-left:1.3rem}li{margin:.25rem 0}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}\
dt{font-weight:bold}dd{margin:0}\
table{border-collapse:collapse;width:100%;margin:.6rem 0}\
caption{text-align:left;font-weight:bold;padding:.2rem 0}\
th,td{border:1px solid #777;padding:.35rem .45rem;text-align:left;vertical-align:top}\
th{background:#eee}td.n,th.n{text-align:right;white-space:nowrap}tfoot td,tfoot th{font-weight:bold}\
.blank{display:inline-block;min-width:14rem;border-bottom:1px solid #111;color:#555;\
font-style:italic}td .blank{min-width:5rem}\
.note{font-size:13px;color:#333}\
.draft{border:3px solid #a4161a;color:#a4161a;padding:.6rem .8rem;margin:1rem 0;font-weight:bold}\
.watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:7rem;\
font-weight:bold;color:rgba(164,22,26,.12);transform:rotate(-30deg);pointer-events:none;\
z-index:-1}\
.keep{break-inside:avoid;page-break-inside:avoid}\
@page{size:letter;margin:18mm 16mm}\
@media print{body{margin:0;max-width:none;font-size:11pt}h2,h3{break-after:avoid;\
page-break-after:avoid}tr,dl,li{break-inside:avoid;page-break-inside:avoid}\
thead{display:table-header-group}.newpage{break-before:page;page-break-before:always}}";

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

/// A date as a patient reads it: `December 20, 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// A line to write on, with what belongs there.
fn blank(what: &str) -> String {
    format!("<span class=\"blank\">{}</span>", escape(what))
}

/// `value` escaped, or a blank to fill in.
fn or_blank(value: Option<&str>, what: &str) -> String {
    value.map_or_else(|| blank(what), escape)
}

/// The document as a complete, printable HTML page.
pub fn render_html(doc: &GoodFaithEstimate) -> String {
    let mut h = String::with_capacity(16_384);
    let e = escape;
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Good Faith Estimate{}</title><style>{STYLE}</style></head><body>",
        if doc.draft { " (draft)" } else { "" }
    );
    if doc
        .providers
        .iter()
        .any(|p| p.charges_basis == ChargesBasis::NationalReference)
    {
        h.push_str(
            "<p class=\"draft\" role=\"alert\">These are not the provider's own charges. Each \
             expected charge below is a national reference price. The provider must state its \
             own charges before this is a Good Faith Estimate.</p>",
        );
    }
    if doc.draft {
        h.push_str(
            "<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>\
             <p class=\"draft\" role=\"note\">DRAFT: this Good Faith Estimate is not complete. \
             The provider must fill in every blank listed under “To be completed by the \
             provider” before giving it to the patient.</p>",
        );
    }
    let _ = write!(
        h,
        "<h1>Good Faith Estimate for Health Care Items and Services</h1>\
         <p>Issued {} · Estimate number {} · Quote number {}</p>",
        e(&long_date(doc.issued_at.date_naive())),
        e(doc.id.as_str()),
        e(doc.quote.id.as_str()),
    );
    let scheduled = doc
        .primary_service
        .scheduled_date
        .map_or_else(|| "Not scheduled yet".to_owned(), long_date);
    let _ = write!(
        h,
        "<h2>Patient</h2><dl><dt>Name</dt><dd>{}</dd><dt>Date of birth</dt><dd>{}</dd></dl>\
         <h2>Primary service</h2><dl><dt>Service</dt><dd>{}</dd><dt>Scheduled for</dt>\
         <dd>{}</dd>",
        e(doc.patient.name.as_str()),
        e(&long_date(doc.patient.date_of_birth.date())),
        e(&doc.primary_service.description),
        e(&scheduled),
    );
    let codes: Vec<&str> = doc.diagnosis_codes.iter().map(|c| c.as_str()).collect();
    let _ = write!(
        h,
        "<dt>Diagnosis codes</dt><dd>{}</dd></dl><p>{}</p>",
        if codes.is_empty() {
            blank("diagnosis codes")
        } else {
            e(&codes.join(", "))
        },
        e(&doc.expected_charge_basis.explanation)
    );
    for provider in &doc.providers {
        provider_section(&mut h, provider);
    }
    let _ = write!(
        h,
        "<p class=\"keep\"><strong>Total expected charges: {}</strong></p>",
        doc.total_expected_charges_cents
    );
    separately_scheduled(&mut h, doc);
    h.push_str("<h2>Please note</h2><ul>");
    for d in &doc.disclaimers {
        disclaimer(&mut h, d);
    }
    h.push_str("</ul>");
    dispute(&mut h, doc);
    h.push_str("<h2>About this treatment</h2><ul>");
    for d in &doc.clinical_disclaimers {
        let _ = write!(h, "<li>{}</li>", e(&d.text));
    }
    let notice = &doc.right_to_estimate;
    let _ = write!(
        h,
        "</ul><div class=\"keep\"><h2>Your right to a Good Faith Estimate</h2><p>{}</p>\
         <p class=\"note\">{}</p></div>",
        e(&notice.text),
        e(notice.citation)
    );
    to_complete(&mut h, doc);
    let _ = write!(
        h,
        "<p class=\"note\">This estimate follows {} and the HHS standard form. Its prices come \
         from quote {}, priced with the {} price book.</p></body></html>",
        e(doc.regulation),
        e(doc.quote.id.as_str()),
        e(&doc.quote.price_book_version),
    );
    h
}

fn address(loc: Option<&ProviderLocation>) -> String {
    let Some(loc) = loc else {
        return blank("address");
    };
    let street = or_blank(loc.street_address.as_deref(), "street address");
    let zip = or_blank(loc.zip.as_ref().map(|z| z.as_str()), "ZIP code");
    format!(
        "{street}, {}, {} {zip}",
        escape(&loc.city),
        escape(loc.state.as_str())
    )
}

fn provider_section(h: &mut String, p: &ProviderEstimate) {
    let e = escape;
    let _ = write!(
        h,
        "<h2>Provider or facility</h2><dl class=\"keep\"><dt>Name</dt><dd>{}</dd>\
         <dt>Address</dt><dd>{}</dd><dt>Contact person</dt><dd>{}</dd><dt>Phone</dt><dd>{}</dd>\
         <dt>Email</dt><dd>{}</dd><dt>NPI</dt><dd>{}</dd><dt>TIN</dt><dd>{}</dd></dl>\
         <p class=\"note\">{}</p>",
        or_blank(p.name.as_deref(), "name of the provider or facility"),
        address(p.location.as_ref()),
        or_blank(p.contact.person.as_deref(), "contact person"),
        or_blank(p.contact.phone.as_ref().map(|x| x.as_str()), "phone"),
        or_blank(p.contact.email.as_deref(), "email"),
        or_blank(
            p.npi.as_ref().map(|n| n.as_str()),
            "National Provider Identifier"
        ),
        or_blank(
            p.tin.as_ref().map(|t| t.as_str()),
            "Taxpayer Identification Number"
        ),
        e(&p.pricing_basis),
    );
    h.push_str(
        "<table><caption>Items and services from this provider</caption><thead><tr>\
         <th scope=\"col\">Item or service</th><th scope=\"col\">Where it is provided</th>\
         <th scope=\"col\">Service code</th><th scope=\"col\">Diagnosis codes</th>\
         <th scope=\"col\" class=\"n\">Quantity</th><th scope=\"col\" class=\"n\">Expected \
         charge</th></tr></thead><tbody>",
    );
    for item in &p.items {
        item_row(h, item);
    }
    let _ = write!(
        h,
        "</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">Total expected charges from this \
         provider</th><td class=\"n\">{}</td></tr></tfoot></table>\
         <p class=\"note\">The price tables this estimate comes from give {} to {} for these \
         items; the expected charge is what the provider expects to bill.</p>",
        p.expected_charges_cents, p.low_total_cents, p.high_total_cents
    );
}

fn item_row(h: &mut String, item: &EstimatedItem) {
    let e = escape;
    let code = or_blank(item.service_code.as_ref().map(|c| c.as_str()), "code");
    let diagnoses: Vec<&str> = item.diagnosis_codes.iter().map(|c| c.as_str()).collect();
    let diagnoses = if diagnoses.is_empty() {
        blank("codes")
    } else {
        e(&diagnoses.join(", "))
    };
    let charge = if item.priced {
        e(&item.expected_charge_cents.to_string())
    } else {
        blank("no price yet")
    };
    let _ = write!(
        h,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td></tr>",
        e(&item.description),
        address(item.service_location.as_ref()),
        code,
        diagnoses,
        item.quantity,
        charge,
    );
}

fn separately_scheduled(h: &mut String, doc: &GoodFaithEstimate) {
    let e = escape;
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
    let _ = write!(h, "</ul><p class=\"note\">{}</p>", e(&separate.note));
}

fn disclaimer(h: &mut String, d: &RequiredDisclaimer) {
    let _ = write!(h, "<li>{}</li>", escape(&d.text));
}

fn dispute(h: &mut String, doc: &GoodFaithEstimate) {
    let e = escape;
    let d = &doc.dispute_resolution;
    let _ = write!(
        h,
        "<div class=\"keep\"><h2>If you are billed more than this estimate</h2><p>{}</p><p>{}</p>\
         <p>{}</p><p>{}</p><p class=\"note\">{}; {}.</p></div>",
        e(&d.ask_the_provider),
        e(&d.how_to_start),
        e(&d.after_the_decision),
        e(&d.while_it_runs),
        e(d.citation),
        e(&d.forms.join("; ")),
    );
}

fn to_complete(h: &mut String, doc: &GoodFaithEstimate) {
    if doc.missing_elements.is_empty() {
        return;
    }
    h.push_str(
        "<div class=\"keep\"><h2>To be completed by the provider</h2><p>The service that wrote \
         this estimate does not hold these details, and does not guess them.</p><ul>",
    );
    for m in &doc.missing_elements {
        let item = m
            .line_code
            .as_deref()
            .and_then(|code| {
                doc.providers
                    .iter()
                    .flat_map(|p| &p.items)
                    .find(|i| i.line_code == code)
            })
            .map(|i| format!(" (for “{}”)", i.description))
            .unwrap_or_default();
        let need = if m.required {
            ""
        } else {
            " Asked for by the standard form."
        };
        let _ = write!(h, "<li>{}{}{}</li>", escape(&m.detail), escape(&item), need);
    }
    h.push_str("</ul></div>");
}

#[cfg(test)]
mod tests;
