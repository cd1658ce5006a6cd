//! The estimate model: prices an [`EstimateRequest`] against the national price book, or a
//! center's own price list, as itemised lines with low, typical and high amounts in integer
//! cents, plus the assumptions and disclaimers that go with them. Every factor comes from the
//! price book's data file; this module only applies them.

mod error;
mod lines;
mod request;
mod response;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use error::EstimateError;
pub use request::EstimateRequest;
pub use response::{Currency, Estimate, EstimateLine, EstimateTotal, PricedBy};

use crate::money::Cents;
use crate::pricing::catalog::{
    AddOnOffer, AddOnPricing, CashPrice, Disclaimer, PricedTherapy, wire_name,
};
use crate::pricing::{CenterPrices, PriceBook, PriceRange};
use crate::therapy::{AddOn, TherapyCode};

use lines::Sheet;

/// Prices `req`. `center` is the price list of the center named by `req.center_id` for this
/// therapy, when it has one; it then replaces the national ranges.
///
/// An add-on that makes the procedure another therapy (PRP with the knee injection is the
/// MSC + PRP combination) is priced nationally as that therapy, so one procedure has one price
/// however it is asked for; a center's own list prices what the center lists.
pub fn estimate(
    book: &PriceBook,
    req: &EstimateRequest,
    center: Option<&CenterPrices>,
) -> Result<Estimate, EstimateError> {
    let entry = book.therapy(req.therapy);
    let therapy = match &entry.cash_price {
        CashPrice::Priced(priced) => priced,
        CashPrice::NoCashPrice(none) => {
            return Err(EstimateError::NoCashPrice {
                therapy: req.therapy,
                reason: none.reason.clone(),
            });
        }
    };
    let joints = req.joints.unwrap_or(1);
    if joints == 0 || joints > therapy.max_joints {
        return Err(EstimateError::JointsOutOfRange {
            therapy: req.therapy,
            given: joints,
            max: therapy.max_joints,
        });
    }
    let sessions = req.sessions.unwrap_or(1);
    if sessions == 0 || sessions > therapy.max_sessions {
        return Err(EstimateError::SessionsOutOfRange {
            therapy: req.therapy,
            given: sessions,
            max: therapy.max_sessions,
        });
    }
    if let Some(given) = req.cell_source
        && !therapy.cell_sources.iter().any(|o| o.cell_source == given)
    {
        return Err(EstimateError::CellSourceNotOffered {
            therapy: req.therapy,
            given,
            offered: therapy.cell_sources.iter().map(|o| o.cell_source).collect(),
        });
    }
    let add_ons = chosen_add_ons(req.therapy, therapy, req.add_ons.as_deref())?;
    if let Some(center) = center {
        check_center(center)?;
    }
    if center.is_none()
        && let Some(offer) = add_ons
            .iter()
            .find(|o| o.pricing == AddOnPricing::AsTherapy)
        && let Some(as_therapy) = offer.therapy
    {
        // The target accepts every option this therapy accepts and redirects nowhere itself
        // (checked at load), so this recurses once.
        let redirected = EstimateRequest {
            therapy: as_therapy,
            add_ons: Some(add_ons.iter().map(|o| o.add_on).collect()),
            ..req.clone()
        };
        let mut priced = estimate(book, &redirected, None)?;
        priced
            .assumptions
            .insert(0, format!("{}: {}", offer.label, offer.rationale));
        return Ok(priced);
    }

    let assumptions = book.assumptions();
    let typical_explanation = match center {
        Some(_) => assumptions.center_typical.clone(),
        None => therapy
            .base
            .typical_rationale
            .clone()
            .unwrap_or_else(|| book.typical_rationale().to_owned()),
    };
    let mut sheet = Sheet::new(book, therapy, center, joints, sessions);
    let priced_by = match center {
        None => {
            if req.center_id.is_some() {
                sheet.assume(&assumptions.no_center_prices);
            }
            PricedBy::NationalBook
        }
        Some(c) => {
            sheet.assume(&format!(
                "{} Source: {}, as of {}.",
                assumptions.center_prices, c.source, c.as_of
            ));
            PricedBy::Center {
                center_id: req.center_id.clone(),
                source: c.source.clone(),
                as_of: c.as_of,
                price_list_version: c.published_version,
            }
        }
    };
    sheet.assume(&typical_explanation);
    sheet.base()?;
    sheet.assume(&assumptions.per_joint);
    sheet.sessions()?;
    sheet.assume(&assumptions.cell_source);
    sheet.assume(&assumptions.zip);
    if req.add_ons.is_none()
        && let Some(rationale) = &therapy.default_add_ons_rationale
    {
        sheet.assume(rationale);
    }
    sheet.add_ons(&add_ons)?;
    let (lines, assumptions) = sheet.finish();

    let total = EstimateTotal {
        low_cents: Cents::checked_sum(lines.iter().map(|l| l.low_cents))?,
        typical_cents: Cents::checked_sum(lines.iter().map(|l| l.typical_cents))?,
        high_cents: Cents::checked_sum(lines.iter().map(|l| l.high_cents))?,
    };
    let mut disclaimers = entry.disclaimers.clone();
    let chosen: Vec<_> = add_ons.iter().map(|o| o.add_on).collect();
    disclaimers.extend(
        entry
            .conditional_disclaimers
            .iter()
            .filter(|d| d.applies(req.cell_source, &chosen))
            .map(|d| d.disclaimer.clone()),
    );
    if let Some(coverage) = &entry.coverage {
        disclaimers.push(Disclaimer {
            code: "coverage".to_owned(),
            text: coverage.text.clone(),
            source: coverage.source.clone(),
        });
    }
    Ok(Estimate {
        therapy: req.therapy,
        currency: Currency::Usd,
        total,
        typical_explanation,
        lines,
        assumptions,
        disclaimers,
        price_book: book.version().clone(),
        priced_by,
    })
}

/// The offers for the requested add-ons (or the defaults), in catalog order.
fn chosen_add_ons<'a>(
    code: TherapyCode,
    therapy: &'a PricedTherapy,
    requested: Option<&[AddOn]>,
) -> Result<Vec<&'a AddOnOffer>, EstimateError> {
    let requested = requested.unwrap_or(&therapy.default_add_ons);
    let mut chosen = BTreeSet::new();
    for &add_on in requested {
        if !therapy.add_ons.iter().any(|o| o.add_on == add_on) {
            return Err(EstimateError::AddOnNotOffered {
                therapy: code,
                given: add_on,
                offered: therapy.add_ons.iter().map(|o| o.add_on).collect(),
            });
        }
        if !chosen.insert(add_on) {
            return Err(EstimateError::DuplicateAddOn { add_on });
        }
    }
    Ok(therapy
        .add_ons
        .iter()
        .filter(|o| chosen.contains(&o.add_on))
        .collect())
}

/// A center's list is built outside this module, so its ranges are checked before use.
fn check_center(center: &CenterPrices) -> Result<(), EstimateError> {
    let ordered = |what: &str, r: &PriceRange| {
        if r.low_cents <= r.high_cents {
            Ok(())
        } else {
            Err(EstimateError::CenterPricesInvalid {
                problem: format!(
                    "{what}: low_cents {} is above high_cents {}",
                    r.low_cents.get(),
                    r.high_cents.get()
                ),
            })
        }
    };
    ordered("base", &center.base)?;
    if let Some(typical) = center.typical_cents
        && (typical < center.base.low_cents || typical > center.base.high_cents)
    {
        return Err(EstimateError::CenterPricesInvalid {
            problem: format!(
                "typical_cents {} is outside the base range {}..={}",
                typical.get(),
                center.base.low_cents.get(),
                center.base.high_cents.get()
            ),
        });
    }
    if let Some(session) = &center.per_additional_session {
        ordered("per_additional_session", session)?;
    }
    for (add_on, range) in &center.add_ons {
        ordered(&wire_name(add_on), range)?;
    }
    Ok(())
}
