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
use crate::money::Cents;
use crate::pricing::Estimate;
use crate::pricing::catalog::{AttributeName, CashPrice, TherapyEntry};
use crate::pricing::estimate::PricedBy;
use crate::quoting::QuotedCenter;

/// A Good Faith Estimate of `care` for the patient in `request`, issued at `issued_at`.
///
/// `provider` is the quoted center as today's directory has it (its NPI, TIN and address may
/// have been added since the quote); without it the center as quoted is used. `therapy` is the
/// quoted therapy's catalog entry. Refuses a quote that expired or was superseded (its prices
/// no longer stand), a date of birth after `today`, too many codes, and codes for a line the
/// quote does not have.
pub fn good_faith_estimate(
    care: &QuotedCare,
    provider: Option<&QuotedCenter>,
    therapy: &TherapyEntry,
    request: &GoodFaithEstimateRequest,
    today: Today,
    issued_at: DateTime<Utc>,
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
    let mut missing = provider_gaps(center);
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
            description: describe(therapy, care),
            scheduled_date: care.scheduled_date,
        },
        diagnosis_codes: request.diagnosis_codes.clone(),
        expected_charge_basis: ExpectedChargeBasis {
            explanation: explain(&care.estimate),
        },
        total_expected_charges_cents: Cents::checked_sum(
            providers.iter().map(|p| p.expected_charges_cents),
        )?,
        providers,
        separately_scheduled: separately_scheduled(care, therapy),
        disclaimers: required_disclaimers(),
        dispute_resolution: dispute_resolution(),
        right_to_estimate: right_to_estimate(),
        clinical_disclaimers: care.estimate.disclaimers.clone(),
        missing_elements: missing,
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
                "The service code (CPT or HCPCS) of this item.",
                format!("lines.{code}.service_code"),
            );
        }
        if diagnosis_codes.is_empty() {
            gap(
                ElementKind::DiagnosisCodes,
                code,
                "The diagnosis codes (ICD-10-CM) of this item.",
                format!("diagnosis_codes, or lines.{code}.diagnosis_codes"),
            );
        }
        if !line.priced {
            gap(
                ElementKind::ExpectedCharge,
                code,
                "The provider's expected charge for this item: no source prices it.",
                "centers: the center's price list".to_owned(),
            );
        } else if basis == ChargesBasis::NationalReference {
            gap(
                ElementKind::ProviderCharge,
                code,
                &format!(
                    "The provider's own charge for this item: the figure shown is the national \
                     {version} reference price, not a charge the provider has stated."
                ),
                "centers: the center's price list".to_owned(),
            );
        }
        items.push(EstimatedItem {
            line_code: line.code.clone(),
            description: line.description.clone(),
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
fn provider_gaps(center: Option<&QuotedCenter>) -> Vec<MissingElement> {
    let Some(center) = center else {
        return vec![MissingElement {
            element: ElementKind::Provider,
            required: true,
            provider_id: None,
            line_code: None,
            detail: "The name, address, NPI and TIN of the provider or facility that will give \
                     the care: the quote names none."
                .into(),
            supplied_by: "center_id, when the quote is made".into(),
        }];
    };
    let name = &center.name;
    let written_in = "not kept by the service: the provider writes it in";
    let known = [
        (
            ElementKind::Npi,
            true,
            center.npi.is_some(),
            format!("The National Provider Identifier (NPI) of {name}."),
            "centers: npi",
        ),
        (
            ElementKind::Tin,
            true,
            center.tin.is_some(),
            format!("The Taxpayer Identification Number (TIN) of {name}."),
            "centers: tin",
        ),
        (
            ElementKind::StreetAddress,
            true,
            center.street_address.is_some(),
            format!("The street address where {name} provides the care."),
            "centers: street_address",
        ),
        (
            ElementKind::Zip,
            true,
            center.zip.is_some(),
            format!("The ZIP code of {name}'s address."),
            "centers: zip",
        ),
        (
            ElementKind::ContactPerson,
            false,
            false,
            format!("The person to contact at {name}."),
            written_in,
        ),
        (
            ElementKind::Phone,
            false,
            center.phone.is_some(),
            format!("The phone number of {name}."),
            "centers: phone",
        ),
        (
            ElementKind::Email,
            false,
            false,
            format!("The email address of {name}."),
            written_in,
        ),
    ];
    known
        .into_iter()
        .filter(|(_, _, present, _, _)| !present)
        .map(
            |(element, required, _, detail, supplied_by)| MissingElement {
                element,
                required,
                provider_id: Some(center.id.to_string()),
                line_code: None,
                detail,
                supplied_by: supplied_by.to_owned(),
            },
        )
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

/// What the expected charges are: the quote's typical figures, which the estimate says how it
/// built.
fn explain(estimate: &Estimate) -> String {
    let typical = if estimate.typical_explanation.is_empty() {
        "The typical figure is derived from the item's price range."
    } else {
        estimate.typical_explanation.as_str()
    };
    format!(
        "Each item's expected charge is the typical figure of the quoted item. {typical} The low \
         and high figures beside it are the range the sources report for the item. A bill at \
         least $400 over a provider's expected charges may be disputed, even when it stays \
         inside that range."
    )
}

/// Whose prices the expected charges are, in plain words.
fn pricing_basis(center: Option<&QuotedCenter>, priced_by: &PricedBy, version: &str) -> String {
    match (center, priced_by) {
        (None, _) => format!(
            "No provider is named on the quote, so these are the national {version} reference \
             prices, not any provider's own charges."
        ),
        (Some(c), PricedBy::NationalBook) => format!(
            "The national {version} reference prices: {} has published no price list here, so \
             its own charges may differ.",
            c.name
        ),
        (Some(c), PricedBy::Center { source, as_of, .. }) => format!(
            "{}'s own price list ({source}), as of {}.",
            c.name,
            long_date(*as_of)
        ),
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
