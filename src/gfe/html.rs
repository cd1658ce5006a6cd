//! The printable HTML rendering of a Good Faith Estimate: a document for the patient, laid out
//! after the HHS standard form, with dates in words, blanks where the provider must fill
//! something in, and a DRAFT mark on every page while a required element is missing. Every
//! piece of text passes through [`escape`]: names, descriptions and sources are data, never
//! markup. The page loads nothing and runs no script.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::gfe::GoodFaithEstimate;
use crate::gfe::document::{EstimatedItem, ProviderEstimate, ProviderLocation};
use crate::gfe::issued::ChargesBasis;
use crate::gfe::regulation::RequiredDisclaimer;
use crate::i18n::{self, Lang};

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

/// A date as a patient reads it in `lang`: `December 20, 2026`, `20 de diciembre de 2026`.
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    i18n::format(
        lang,
        "date-long",
        &[
            ("month", t(lang, &format!("month-{}", date.month())).into()),
            ("day", date.day().to_string().into()),
            ("year", date.year().to_string().into()),
        ],
    )
}

/// A catalog text.
fn t(lang: Lang, key: &str) -> &'static str {
    i18n::text(lang, key)
}

/// A line to write on, with what belongs there.
fn blank(what: &str) -> String {
    format!("<span class=\"blank\">{}</span>", escape(what))
}

/// `value` escaped, or a blank to fill in.
fn or_blank(value: Option<&str>, what: &str) -> String {
    value.map_or_else(|| blank(what), escape)
}

/// The document as a complete, printable HTML page, in the document's language.
pub fn render_html(doc: &GoodFaithEstimate) -> String {
    let lang = doc.language;
    let mut h = String::with_capacity(16_384);
    let e = escape;
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        lang.tag(),
        e(t(
            lang,
            if doc.draft {
                "gfe-page-title-draft"
            } else {
                "gfe-page-title"
            }
        )),
    );
    if doc
        .providers
        .iter()
        .any(|p| p.charges_basis == ChargesBasis::NationalReference)
    {
        let _ = write!(
            h,
            "<p class=\"draft\" role=\"alert\">{}</p>",
            e(t(lang, "gfe-page-national-alert"))
        );
    }
    if doc.draft {
        let _ = write!(
            h,
            "<div class=\"watermark\" aria-hidden=\"true\">{}</div>\
             <p class=\"draft\" role=\"note\">{}</p>",
            e(t(lang, "gfe-page-watermark")),
            e(t(lang, "gfe-page-draft-note")),
        );
    }
    let issued = i18n::format(
        lang,
        "gfe-page-issued",
        &[
            ("date", long_date(doc.issued_at.date_naive(), lang).into()),
            ("estimate", doc.id.as_str().into()),
            ("quote", doc.quote.id.as_str().into()),
        ],
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p>{}</p>",
        e(t(lang, "gfe-page-heading")),
        e(&issued)
    );
    let scheduled = doc.primary_service.scheduled_date.map_or_else(
        || t(lang, "gfe-page-not-scheduled").to_owned(),
        |d| long_date(d, lang),
    );
    let _ = write!(
        h,
        "<h2>{}</h2><dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>\
         <h2>{}</h2><dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>",
        e(t(lang, "gfe-page-patient")),
        e(t(lang, "gfe-page-name")),
        e(doc.patient.name.as_str()),
        e(t(lang, "gfe-page-date-of-birth")),
        e(&long_date(doc.patient.date_of_birth.date(), lang)),
        e(t(lang, "gfe-page-primary-service")),
        e(t(lang, "gfe-page-service")),
        e(&doc.primary_service.description),
        e(t(lang, "gfe-page-scheduled-for")),
        e(&scheduled),
    );
    let codes: Vec<&str> = doc.diagnosis_codes.iter().map(|c| c.as_str()).collect();
    let _ = write!(
        h,
        "<dt>{}</dt><dd>{}</dd></dl><p>{}</p>",
        e(t(lang, "gfe-page-diagnosis-codes")),
        if codes.is_empty() {
            blank(t(lang, "gfe-page-blank-diagnosis-codes"))
        } else {
            e(&codes.join(", "))
        },
        e(&doc.expected_charge_basis.explanation)
    );
    for provider in &doc.providers {
        provider_section(&mut h, provider, lang);
    }
    let total = i18n::format(
        lang,
        "gfe-page-total",
        &[("total", doc.total_expected_charges_cents.to_string().into())],
    );
    let _ = write!(h, "<p class=\"keep\"><strong>{}</strong></p>", e(&total));
    separately_scheduled(&mut h, doc, lang);
    let _ = write!(h, "<h2>{}</h2><ul>", e(t(lang, "gfe-page-please-note")));
    for d in &doc.disclaimers {
        disclaimer(&mut h, d);
    }
    h.push_str("</ul>");
    dispute(&mut h, doc, lang);
    let _ = write!(h, "<h2>{}</h2><ul>", e(t(lang, "gfe-page-about-treatment")));
    for d in &doc.clinical_disclaimers {
        let _ = write!(h, "<li>{}</li>", e(&d.text));
    }
    let notice = &doc.right_to_estimate;
    let _ = write!(
        h,
        "</ul><div class=\"keep\"><h2>{}</h2><p>{}</p><p class=\"note\">{}</p></div>",
        e(t(lang, "gfe-page-your-right")),
        e(&notice.text),
        e(notice.citation)
    );
    to_complete(&mut h, doc, lang);
    let follows = i18n::format(
        lang,
        "gfe-page-follows",
        &[
            ("regulation", doc.regulation.into()),
            ("quote", doc.quote.id.as_str().into()),
            ("version", doc.quote.price_book_version.as_str().into()),
        ],
    );
    let _ = write!(h, "<p class=\"note\">{}</p></body></html>", e(&follows));
    h
}

fn address(loc: Option<&ProviderLocation>, lang: Lang) -> String {
    let Some(loc) = loc else {
        return blank(t(lang, "gfe-page-blank-address"));
    };
    let street = or_blank(
        loc.street_address.as_deref(),
        t(lang, "gfe-page-blank-street-address"),
    );
    let zip = or_blank(
        loc.zip.as_ref().map(|z| z.as_str()),
        t(lang, "gfe-page-blank-zip"),
    );
    format!(
        "{street}, {}, {} {zip}",
        escape(&loc.city),
        escape(loc.state.as_str())
    )
}

fn provider_section(h: &mut String, p: &ProviderEstimate, lang: Lang) {
    let e = escape;
    let _ = write!(
        h,
        "<h2>{}</h2><dl class=\"keep\"><dt>{}</dt><dd>{}</dd>\
         <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>\
         <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>\
         <p class=\"note\">{}</p>",
        e(t(lang, "gfe-page-provider")),
        e(t(lang, "gfe-page-name")),
        or_blank(p.name.as_deref(), t(lang, "gfe-page-blank-provider-name")),
        e(t(lang, "gfe-page-address")),
        address(p.location.as_ref(), lang),
        e(t(lang, "gfe-page-contact-person")),
        or_blank(
            p.contact.person.as_deref(),
            t(lang, "gfe-page-blank-contact-person")
        ),
        e(t(lang, "gfe-page-phone")),
        or_blank(
            p.contact.phone.as_ref().map(|x| x.as_str()),
            t(lang, "gfe-page-blank-phone")
        ),
        e(t(lang, "gfe-page-email")),
        or_blank(p.contact.email.as_deref(), t(lang, "gfe-page-blank-email")),
        e(t(lang, "gfe-page-npi")),
        or_blank(
            p.npi.as_ref().map(|n| n.as_str()),
            t(lang, "gfe-page-blank-npi")
        ),
        e(t(lang, "gfe-page-tin")),
        or_blank(
            p.tin.as_ref().map(|t| t.as_str()),
            t(lang, "gfe-page-blank-tin")
        ),
        e(&p.pricing_basis),
    );
    let _ = write!(
        h,
        "<table><caption>{}</caption><thead><tr>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th>\
         </tr></thead><tbody>",
        e(t(lang, "gfe-page-items-caption")),
        e(t(lang, "gfe-page-col-item")),
        e(t(lang, "gfe-page-col-where")),
        e(t(lang, "gfe-page-col-service-code")),
        e(t(lang, "gfe-page-col-diagnosis-codes")),
        e(t(lang, "gfe-page-col-quantity")),
        e(t(lang, "gfe-page-col-expected-charge")),
    );
    for item in &p.items {
        item_row(h, item, lang);
    }
    let range = i18n::format(
        lang,
        "gfe-page-range",
        &[
            ("low", p.low_total_cents.to_string().into()),
            ("high", p.high_total_cents.to_string().into()),
        ],
    );
    let _ = write!(
        h,
        "</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">{}</th><td class=\"n\">{}</td>\
         </tr></tfoot></table><p class=\"note\">{}</p>",
        e(t(lang, "gfe-page-provider-total")),
        p.expected_charges_cents,
        e(&range),
    );
}

fn item_row(h: &mut String, item: &EstimatedItem, lang: Lang) {
    let e = escape;
    let code = or_blank(
        item.service_code.as_ref().map(|c| c.as_str()),
        t(lang, "gfe-page-blank-code"),
    );
    let diagnoses: Vec<&str> = item.diagnosis_codes.iter().map(|c| c.as_str()).collect();
    let diagnoses = if diagnoses.is_empty() {
        blank(t(lang, "gfe-page-blank-codes"))
    } else {
        e(&diagnoses.join(", "))
    };
    let charge = if item.priced {
        e(&item.expected_charge_cents.to_string())
    } else {
        blank(t(lang, "gfe-page-blank-no-price"))
    };
    let _ = write!(
        h,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td></tr>",
        e(&item.description),
        address(item.service_location.as_ref(), lang),
        code,
        diagnoses,
        item.quantity,
        charge,
    );
}

fn separately_scheduled(h: &mut String, doc: &GoodFaithEstimate, lang: Lang) {
    let e = escape;
    let separate = &doc.separately_scheduled;
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}</p><ul>",
        e(t(lang, "gfe-page-separately")),
        e(&separate.disclaimer)
    );
    for item in &separate.items {
        let _ = write!(h, "<li>{}: {}</li>", e(&item.description), e(&item.reason));
    }
    if separate.items.is_empty() {
        let _ = write!(h, "<li>{}</li>", e(t(lang, "gfe-page-none-listed")));
    }
    let _ = write!(h, "</ul><p class=\"note\">{}</p>", e(&separate.note));
}

fn disclaimer(h: &mut String, d: &RequiredDisclaimer) {
    let _ = write!(h, "<li>{}</li>", escape(&d.text));
}

fn dispute(h: &mut String, doc: &GoodFaithEstimate, lang: Lang) {
    let e = escape;
    let d = &doc.dispute_resolution;
    let _ = write!(
        h,
        "<div class=\"keep\"><h2>{}</h2><p>{}</p><p>{}</p>\
         <p>{}</p><p>{}</p><p class=\"note\">{}; {}.</p></div>",
        e(t(lang, "gfe-page-if-billed-more")),
        e(&d.ask_the_provider),
        e(&d.how_to_start),
        e(&d.after_the_decision),
        e(&d.while_it_runs),
        e(d.citation),
        e(&d.forms.join("; ")),
    );
}

fn to_complete(h: &mut String, doc: &GoodFaithEstimate, lang: Lang) {
    if doc.missing_elements.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<div class=\"keep\"><h2>{}</h2><p>{}</p><ul>",
        escape(t(lang, "gfe-page-to-complete")),
        escape(t(lang, "gfe-page-to-complete-intro")),
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
            .map(|i| {
                format!(
                    " {}",
                    i18n::format(
                        lang,
                        "gfe-page-for-item",
                        &[("item", i.description.as_str().into())]
                    )
                )
            })
            .unwrap_or_default();
        let need = if m.required {
            String::new()
        } else {
            format!(" {}", escape(t(lang, "gfe-page-asked-by-form")))
        };
        let _ = write!(h, "<li>{}{}{}</li>", escape(&m.detail), escape(&item), need);
    }
    h.push_str("</ul></div>");
}

#[cfg(test)]
mod tests;
