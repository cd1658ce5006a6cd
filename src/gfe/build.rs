//! Writing a Good Faith Estimate from a stored quote: every element comes from the quote, the
//! center directory, the therapy catalog or the request; what none of them holds is listed as
//! missing, never guessed, and the document stays a draft until the provider supplies it.

use chrono::{DateTime, SubsecRound, Utc};

use crate::gfe::care::expected_charge;
use crate::gfe::document::{
    ElementKind, EstimatedItem, ExpectedChargeBasis, MissingElement, PrimaryService,
    ProviderContact, ProviderEstimate, ProviderLocation, SeparateItem, SeparatelyScheduled,
};
use crate::gfe::html::long_date;
use crate::gfe::issued::{ChargesBasis, EstimateId};
use crate::gfe::regulation::{
    GFE_CITATION, dispute_resolution, required_disclaimers, right_to_estimate,
    separately_scheduled_disclaimer,
};
use crate::gfe::{GfeError, GoodFaithEstimate, GoodFaithEstimateRequest, QuotedCare, Today};
use crate::i18n::{self, Catalog, Lang};
use crate::money::Cents;
use crate::pricing::Estimate;
use crate::pricing::catalog::{AttributeName, CashPrice, Disclaimer, TherapyEntry};
use crate::pricing::estimate::PricedBy;
use crate::quoting::QuotedCenter;

/// A Good Faith Estimate of `care` for the patient in `request`, issued at `issued_at`.
///
/// `provider` is the quoted center as today's directory has it (its NPI, TIN and address may
/// have been added since the quote); without it the center as quoted is used. `therapy` is the
/// quoted therapy's catalog entry. Every text is written in `lang`; codes, amounts and ids are
/// the same in every language. Refuses a quote that expired or was superseded (its prices
/// no longer stand), a date of birth after `today`, too many codes, and codes for a line the
/// quote does not have.
pub fn good_faith_estimate(
    care: &QuotedCare,
    provider: Option<&QuotedCenter>,
    therapy: &TherapyEntry,
    request: &GoodFaithEstimateRequest,
    today: Today,
    issued_at: DateTime<Utc>,
    lang: Lang,
) -> Result<GoodFaithEstimate, GfeError> {
    care.require_active()?;
    request.validate_lengths()?;
    request.patient.validate(today)?;
    if let Some(key) = request
        .lines
        .keys()
        .find(|key| !care.lines().iter().any(|l| &l.code == *key))
    {
        let accepted = care
            .lines()
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>();
        return Err(GfeError::UnknownLine {
            key: key.clone(),
            accepted: accepted.join(", "),
        });
    }
    let center = provider.or(care.quoted_center());
    let location = center.map(|c| ProviderLocation {
        street_address: c.street_address.clone(),
        city: c.city.clone(),
        state: c.state,
        zip: c.zip,
    });
    let mut missing = provider_gaps(center, lang);
    let basis = match care.estimate.priced_by {
        PricedBy::NationalBook => ChargesBasis::NationalReference,
        PricedBy::Center { .. } => ChargesBasis::CenterPriceList,
    };
    let items = items(
        care,
        request,
        center,
        location.as_ref(),
        basis,
        &mut missing,
        lang,
    );
    let provider = ProviderEstimate {
        provider_id: center.map(|c| c.id.clone()),
        name: center.map(|c| c.name.clone()),
        kind: center.and_then(|c| c.kind),
        role: "convening",
        npi: center.and_then(|c| c.npi.clone()),
        tin: center.and_then(|c| c.tin.clone()),
        location,
        contact: ProviderContact {
            person: None,
            phone: center.and_then(|c| c.phone.clone()),
            email: None,
        },
        pricing_basis: pricing_basis(
            center,
            &care.estimate.priced_by,
            &care.quote.price_book_version,
            lang,
        ),
        charges_basis: basis,
        expected_charges_cents: Cents::checked_sum(items.iter().map(|i| i.expected_charge_cents))?,
        low_total_cents: Cents::checked_sum(items.iter().map(|i| i.low_cents))?,
        high_total_cents: Cents::checked_sum(items.iter().map(|i| i.high_cents))?,
        items,
    };
    let providers = vec![provider];
    Ok(GoodFaithEstimate {
        id: EstimateId::generate(),
        draft: missing.iter().any(|m| m.required),
        regulation: GFE_CITATION,
        issued_at: issued_at.trunc_subsecs(0),
        quote: care.quote.clone(),
        patient: request.patient.clone(),
        primary_service: PrimaryService {
            therapy: care.estimate.therapy,
            description: describe(therapy, care, lang),
            scheduled_date: care.scheduled_date,
        },
        diagnosis_codes: request.diagnosis_codes.clone(),
        expected_charge_basis: ExpectedChargeBasis {
            explanation: explain(&care.estimate, lang),
        },
        total_expected_charges_cents: Cents::checked_sum(
            providers.iter().map(|p| p.expected_charges_cents),
        )?,
        providers,
        separately_scheduled: separately_scheduled(care, therapy, lang),
        disclaimers: required_disclaimers(lang),
        dispute_resolution: dispute_resolution(lang),
        right_to_estimate: right_to_estimate(lang),
        clinical_disclaimers: care
            .estimate
            .disclaimers
            .iter()
            .map(|d| Disclaimer {
                text: data(lang, &d.text),
                ..d.clone()
            })
            .collect(),
        missing_elements: missing,
        language: lang,
    })
}

/// Each quoted line as an item, with the codes the request gave for it; notes what is missing.
fn items(
    care: &QuotedCare,
    request: &GoodFaithEstimateRequest,
    center: Option<&QuotedCenter>,
    location: Option<&ProviderLocation>,
    basis: ChargesBasis,
    missing: &mut Vec<MissingElement>,
    lang: Lang,
) -> Vec<EstimatedItem> {
    let version = &care.quote.price_book_version;
    let provider_id = center.map(|c| c.id.to_string());
    let mut gap = |element, line: &str, detail: &str, supplied_by: String| {
        missing.push(MissingElement {
            element,
            required: true,
            provider_id: provider_id.clone(),
            line_code: Some(line.to_owned()),
            detail: detail.to_owned(),
            supplied_by,
        });
    };
    let mut items = Vec::with_capacity(care.lines().len());
    for line in care.lines() {
        let codes = request.lines.get(&line.code);
        let service_code = codes.and_then(|c| c.service_code.clone());
        let diagnosis_codes = match codes {
            Some(c) if !c.diagnosis_codes.is_empty() => c.diagnosis_codes.clone(),
            _ => request.diagnosis_codes.clone(),
        };
        let code = &line.code;
        if service_code.is_none() {
            gap(
                ElementKind::ServiceCode,
                code,
                i18n::text(lang, "gfe-missing-service-code"),
                format!("lines.{code}.service_code"),
            );
        }
        if diagnosis_codes.is_empty() {
            gap(
                ElementKind::DiagnosisCodes,
                code,
                i18n::text(lang, "gfe-missing-diagnosis-codes"),
                format!("diagnosis_codes, or lines.{code}.diagnosis_codes"),
            );
        }
        if !line.priced {
            gap(
                ElementKind::ExpectedCharge,
                code,
                i18n::text(lang, "gfe-missing-expected-charge"),
                "centers: the center's price list".to_owned(),
            );
        } else if basis == ChargesBasis::NationalReference {
            gap(
                ElementKind::ProviderCharge,
                code,
                &i18n::format(
                    lang,
                    "gfe-missing-provider-charge",
                    &[("version", version.as_str().into())],
                ),
                "centers: the center's price list".to_owned(),
            );
        }
        items.push(EstimatedItem {
            line_code: line.code.clone(),
            description: data(lang, &line.description),
            quantity: line.quantity,
            service_location: location.cloned(),
            service_code,
            diagnosis_codes,
            expected_charge_cents: expected_charge(line),
            expected_charge_basis: basis,
            low_cents: line.low_cents,
            typical_cents: line.typical_cents,
            high_cents: line.high_cents,
            priced: line.priced,
            source: line.source.clone(),
        });
    }
    items
}

/// The provider's identifiers, address and contact the directory does not hold.
fn provider_gaps(center: Option<&QuotedCenter>, lang: Lang) -> Vec<MissingElement> {
    let Some(center) = center else {
        return vec![MissingElement {
            element: ElementKind::Provider,
            required: true,
            provider_id: None,
            line_code: None,
            detail: i18n::text(lang, "gfe-missing-provider").to_owned(),
            supplied_by: "center_id, when the quote is made".into(),
        }];
    };
    let detail = |key| i18n::format(lang, key, &[("name", center.name.as_str().into())]);
    let written_in = "not kept by the service: the provider writes it in";
    let known = [
        (
            ElementKind::Npi,
            true,
            center.npi.is_some(),
            "gfe-missing-npi",
            "centers: npi",
        ),
        (
            ElementKind::Tin,
            true,
            center.tin.is_some(),
            "gfe-missing-tin",
            "centers: tin",
        ),
        (
            ElementKind::StreetAddress,
            true,
            center.street_address.is_some(),
            "gfe-missing-street-address",
            "centers: street_address",
        ),
        (
            ElementKind::Zip,
            true,
            center.zip.is_some(),
            "gfe-missing-zip",
            "centers: zip",
        ),
        (
            ElementKind::ContactPerson,
            false,
            false,
            "gfe-missing-contact-person",
            written_in,
        ),
        (
            ElementKind::Phone,
            false,
            center.phone.is_some(),
            "gfe-missing-phone",
            "centers: phone",
        ),
        (
            ElementKind::Email,
            false,
            false,
            "gfe-missing-email",
            written_in,
        ),
    ];
    known
        .into_iter()
        .filter(|(_, _, present, _, _)| !present)
        .map(|(element, required, _, key, supplied_by)| MissingElement {
            element,
            required,
            provider_id: Some(center.id.to_string()),
            line_code: None,
            detail: detail(key),
            supplied_by: supplied_by.to_owned(),
        })
        .collect()
}

/// Price-book text (a therapy's name, a line's description, a rationale) in `lang`, found by
/// the English the quote froze or the catalog holds: stored quotes keep their English, and a
/// text the Spanish catalog does not know stays as quoted.
fn data(lang: Lang, english: &str) -> String {
    i18n::data_text(lang, english).to_owned()
}

/// The primary service in plain words, from the catalog and the quoted procedure line.
fn describe(therapy: &TherapyEntry, care: &QuotedCare, lang: Lang) -> String {
    let mut text = data(lang, &therapy.name);
    if let Some(delivery) = therapy
        .attributes
        .iter()
        .find(|a| a.name == AttributeName::DeliveryMethod)
    {
        text.push_str(" — ");
        text.push_str(i18n::data_text(lang, &delivery.value));
    }
    text.push('.');
    if let Some(base) = care.lines().iter().find(|l| l.code == "base") {
        let description = data(lang, &base.description);
        text.push_str(&format!(" {} × {description}.", base.quantity));
    }
    text
}

/// What the expected charges are: the quote's typical figures, which the estimate says how it
/// built.
fn explain(estimate: &Estimate, lang: Lang) -> String {
    let english = estimate.typical_explanation.as_str();
    let typical = match Catalog::shipped().data_text(lang, english) {
        Some(text) => text,
        None if english.is_empty() => i18n::text(lang, "gfe-typical-default"),
        None if lang == Lang::En => english,
        // An explanation the catalog does not know: say in the reader's language how the
        // typical figure is made rather than mix languages.
        None => i18n::text(lang, "gfe-typical-default"),
    };
    i18n::format(
        lang,
        "gfe-charge-explanation",
        &[("typical", typical.into())],
    )
}

/// Whose prices the expected charges are, in plain words.
fn pricing_basis(
    center: Option<&QuotedCenter>,
    priced_by: &PricedBy,
    version: &str,
    lang: Lang,
) -> String {
    match (center, priced_by) {
        (None, _) => i18n::format(
            lang,
            "gfe-basis-no-provider",
            &[("version", version.into())],
        ),
        (Some(c), PricedBy::NationalBook) => i18n::format(
            lang,
            "gfe-basis-national",
            &[
                ("version", version.into()),
                ("name", c.name.as_str().into()),
            ],
        ),
        (Some(c), PricedBy::Center { source, as_of, .. }) => i18n::format(
            lang,
            "gfe-basis-own",
            &[
                ("name", c.name.as_str().into()),
                ("source", source.as_str().into()),
                ("date", long_date(*as_of, lang).into()),
            ],
        ),
    }
}

/// What the table counts in the procedure's price but the quote leaves out.
fn separately_scheduled(
    care: &QuotedCare,
    therapy: &TherapyEntry,
    lang: Lang,
) -> SeparatelyScheduled {
    let name = i18n::data_text(lang, &therapy.name);
    let mut items: Vec<SeparateItem> = Vec::new();
    if let CashPrice::Priced(priced) = &therapy.cash_price {
        for add_on in &priced.default_add_ons {
            let Some(line) = priced
                .add_on_lines
                .iter()
                .find(|l| l.add_ons.contains(add_on))
            else {
                continue;
            };
            let quoted = care.lines().iter().any(|l| l.code == line.code);
            let description = data(lang, &line.description);
            if quoted || items.iter().any(|i| i.description == description) {
                continue;
            }
            let rationale = i18n::data_text(
                lang,
                priced
                    .default_add_ons_rationale
                    .as_deref()
                    .unwrap_or(&line.rationale),
            );
            items.push(SeparateItem {
                description,
                reason: i18n::format(
                    lang,
                    "gfe-separate-reason",
                    &[("therapy", name.into()), ("rationale", rationale.into())],
                ),
                source: line.source.clone(),
            });
        }
    }
    let note = if items.is_empty() {
        "gfe-separate-note-none-left-out"
    } else {
        "gfe-separate-note"
    };
    SeparatelyScheduled {
        disclaimer: separately_scheduled_disclaimer(lang),
        items,
        note: i18n::text(lang, note).to_owned(),
    }
}

#[cfg(test)]
mod tests;
