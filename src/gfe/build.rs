//! Writing a Good Faith Estimate from a stored quote: every element comes from the quote, the
//! center directory, the therapy catalog or the request; what none of them holds is listed as
//! missing, never guessed.

use chrono::{DateTime, Utc};

use crate::gfe::care::figure;
use crate::gfe::document::{
    ElementKind, EstimatedItem, ExpectedChargeBasis, MissingElement, PrimaryService,
    ProviderEstimate, ProviderLocation, SeparateItem, SeparatelyScheduled,
};
use crate::gfe::regulation::{
    GFE_CITATION, dispute_resolution, required_disclaimers, separately_scheduled_disclaimer,
};
use crate::gfe::{
    ExpectedBasis, GfeError, GoodFaithEstimate, GoodFaithEstimateRequest, QuotedCare, Today,
};
use crate::money::Cents;
use crate::pricing::catalog::{AttributeName, CashPrice, TherapyEntry};
use crate::pricing::estimate::PricedBy;
use crate::quoting::QuotedCenter;

/// A Good Faith Estimate of `care` for the patient in `request`, issued at `issued_at`.
///
/// `provider` is the quoted center as today's directory has it (its NPI, TIN and address may
/// have been added since the quote); without it the center as quoted is used. `therapy` is the
/// quoted therapy's catalog entry. Refuses a date of birth after `today`, too many codes, and
/// codes for a line the quote does not have.
pub fn good_faith_estimate(
    care: &QuotedCare,
    provider: Option<&QuotedCenter>,
    therapy: &TherapyEntry,
    request: &GoodFaithEstimateRequest,
    today: Today,
    issued_at: DateTime<Utc>,
) -> Result<GoodFaithEstimate, GfeError> {
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
    let basis = request.expected_basis;
    let center = provider.or(care.quoted_center());
    let mut missing = provider_gaps(center);
    let items = items(care, request, basis, center, &mut missing);
    let provider = ProviderEstimate {
        provider_id: center.map(|c| c.id.clone()),
        name: center.map(|c| c.name.clone()),
        kind: center.and_then(|c| c.kind),
        role: "convening",
        npi: center.and_then(|c| c.npi.clone()),
        tin: center.and_then(|c| c.tin.clone()),
        location: center.map(|c| ProviderLocation {
            street_address: c.street_address.clone(),
            city: c.city.clone(),
            state: c.state,
            zip: c.zip,
        }),
        pricing_basis: pricing_basis(&care.estimate.priced_by, &care.quote.price_book_version),
        expected_charges_cents: Cents::checked_sum(items.iter().map(|i| i.expected_charge_cents))?,
        low_total_cents: Cents::checked_sum(items.iter().map(|i| i.low_cents))?,
        high_total_cents: Cents::checked_sum(items.iter().map(|i| i.high_cents))?,
        items,
    };
    let providers = vec![provider];
    Ok(GoodFaithEstimate {
        regulation: GFE_CITATION,
        issued_at,
        quote: care.quote.clone(),
        patient: request.patient.clone(),
        primary_service: PrimaryService {
            therapy: care.estimate.therapy,
            description: describe(therapy, care),
            scheduled_date: care.scheduled_date,
        },
        diagnosis_codes: request.diagnosis_codes.clone(),
        expected_charge_basis: ExpectedChargeBasis {
            figure: basis,
            explanation: explain(basis),
        },
        total_expected_charges_cents: Cents::checked_sum(
            providers.iter().map(|p| p.expected_charges_cents),
        )?,
        providers,
        separately_scheduled: separately_scheduled(care, therapy),
        disclaimers: required_disclaimers(),
        dispute_resolution: dispute_resolution(),
        clinical_disclaimers: care.estimate.disclaimers.clone(),
        missing_elements: missing,
    })
}

/// Each quoted line as an item, with the codes the request gave for it; notes what is missing.
fn items(
    care: &QuotedCare,
    request: &GoodFaithEstimateRequest,
    basis: ExpectedBasis,
    center: Option<&QuotedCenter>,
    missing: &mut Vec<MissingElement>,
) -> Vec<EstimatedItem> {
    let provider_id = center.map(|c| c.id.to_string());
    let mut gap = |element, line: &str, detail: String| {
        missing.push(MissingElement {
            element,
            provider_id: provider_id.clone(),
            line_code: Some(line.to_owned()),
            detail,
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
        if service_code.is_none() {
            gap(
                ElementKind::ServiceCode,
                &line.code,
                "No service code was given for this item; the provider adds the CPT or HCPCS \
                 code it bills the item under (`lines.<code>.service_code`)."
                    .into(),
            );
        }
        if diagnosis_codes.is_empty() {
            gap(
                ElementKind::DiagnosisCodes,
                &line.code,
                "No diagnosis code was given; the provider adds the applicable ICD-10-CM codes \
                 (`diagnosis_codes`)."
                    .into(),
            );
        }
        if !line.priced {
            gap(
                ElementKind::ExpectedCharge,
                &line.code,
                "No source prices this item, so it is shown at $0; the provider adds its \
                 expected charge."
                    .into(),
            );
        }
        items.push(EstimatedItem {
            line_code: line.code.clone(),
            description: line.description.clone(),
            quantity: line.quantity,
            service_code,
            diagnosis_codes,
            expected_charge_cents: figure(line, basis),
            low_cents: line.low_cents,
            typical_cents: line.typical_cents,
            high_cents: line.high_cents,
            priced: line.priced,
            source: line.source.clone(),
        });
    }
    items
}

/// The provider's identifiers and address the directory does not hold.
fn provider_gaps(center: Option<&QuotedCenter>) -> Vec<MissingElement> {
    let Some(center) = center else {
        return vec![MissingElement {
            element: ElementKind::Provider,
            provider_id: None,
            line_code: None,
            detail: "The quote names no center: the name, NPI, TIN and address of the provider \
                     or facility that will furnish the care must be added."
                .into(),
        }];
    };
    let known = [
        (
            ElementKind::Npi,
            center.npi.is_some(),
            "National Provider Identifier (NPI)",
        ),
        (
            ElementKind::Tin,
            center.tin.is_some(),
            "Taxpayer Identification Number (TIN)",
        ),
        (
            ElementKind::StreetAddress,
            center.street_address.is_some(),
            "street address",
        ),
        (ElementKind::Zip, center.zip.is_some(), "ZIP code"),
    ];
    known
        .into_iter()
        .filter(|(_, present, _)| !present)
        .map(|(element, _, what)| MissingElement {
            element,
            provider_id: Some(center.id.to_string()),
            line_code: None,
            detail: format!(
                "The center directory has no {what} for {}; the provider adds it.",
                center.name
            ),
        })
        .collect()
}

/// The primary service in plain words, from the catalog and the quoted procedure line.
fn describe(therapy: &TherapyEntry, care: &QuotedCare) -> String {
    let mut text = therapy.name.clone();
    if let Some(delivery) = therapy
        .attributes
        .iter()
        .find(|a| a.name == AttributeName::DeliveryMethod)
    {
        text.push_str(" — ");
        text.push_str(&delivery.value);
    }
    text.push('.');
    if let Some(base) = care.lines().iter().find(|l| l.code == "base") {
        text.push_str(&format!(" {} × {}.", base.quantity, base.description));
    }
    text
}

fn explain(basis: ExpectedBasis) -> String {
    let figure = match basis {
        ExpectedBasis::Typical => {
            "its typical figure: the price a source states as typical where one does, otherwise \
             the geometric mean of the sourced range (the 2026 ranges are wide and right-skewed, \
             so their midpoint would overstate what most patients pay)"
        }
        ExpectedBasis::Low => "the low end of its sourced range, as the provider chose",
        ExpectedBasis::High => "the high end of its sourced range, as the provider chose",
    };
    format!(
        "Each item's expected charge is {figure}. The low and high figures beside it show the \
         range the sources report. A bill at least $400 over a provider's expected charges may \
         be disputed, even when it stays inside that range."
    )
}

fn pricing_basis(priced_by: &PricedBy, version: &str) -> String {
    match priced_by {
        PricedBy::NationalBook => format!(
            "National {version} price book: this center has published no prices here, so the \
             national ranges apply; its own charges may differ."
        ),
        PricedBy::Center { source, as_of, .. } => {
            format!("The center's own price list ({source}), as of {as_of}.")
        }
    }
}

/// What the table counts in the procedure's price but the quote leaves out.
fn separately_scheduled(care: &QuotedCare, therapy: &TherapyEntry) -> SeparatelyScheduled {
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
            if quoted || items.iter().any(|i| i.description == line.description) {
                continue;
            }
            items.push(SeparateItem {
                description: line.description.clone(),
                reason: format!(
                    "The 2026 price for {} includes it ({}), but this quote leaves it out, so it \
                     may be furnished and scheduled separately, possibly by another provider. No \
                     provider or price for it is known here.",
                    therapy.name,
                    priced
                        .default_add_ons_rationale
                        .as_deref()
                        .unwrap_or(&line.rationale)
                ),
                source: line.source.clone(),
            });
        }
    }
    let nothing_left_out = if items.is_empty() {
        ", and this quote leaves none of it out"
    } else {
        ""
    };
    SeparatelyScheduled {
        disclaimer: separately_scheduled_disclaimer(),
        items,
        note: format!(
            "Only what the 2026 price table counts in this procedure's price but the quote \
             leaves out can be derived here{nothing_left_out}. The center directory does not \
             record which services a center furnishes itself or schedules separately, so nothing \
             else is listed; ask the provider which other services (such as follow-up visits) it \
             will recommend and schedule separately."
        ),
    }
}

#[cfg(test)]
mod tests;
