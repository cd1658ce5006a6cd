//! Building an estimate's lines: the procedure, additional sessions and add-ons, each from the
//! national book or the center's list, multiplied by its quantity with checked arithmetic.

use crate::money::Cents;
use crate::pricing::catalog::{
    AddOnOffer, AddOnPricing, BASE_LINE, PriceLine, PricedTherapy, SESSIONS_LINE, wire_name,
};
use crate::pricing::{CenterPrices, PriceBook, PriceRange};

use super::{EstimateError, EstimateLine};

/// The price of one unit of a line.
#[derive(Debug, Clone, Copy)]
struct Unit {
    low: Cents,
    typical: Cents,
    high: Cents,
}

impl Unit {
    /// Nothing: an add-on already in the therapy's price, or the $0 shown for an unpriced item.
    const ZERO: Unit = Unit {
        low: Cents::ZERO,
        typical: Cents::ZERO,
        high: Cents::ZERO,
    };

    fn of_line(line: &PriceLine) -> Unit {
        Unit {
            low: line.low_cents,
            typical: line.typical_cents,
            high: line.high_cents,
        }
    }
}

/// An estimate being built: its lines and the assumptions stated so far.
pub(super) struct Sheet<'a> {
    book: &'a PriceBook,
    therapy: &'a PricedTherapy,
    center: Option<&'a CenterPrices>,
    joints: u8,
    sessions: u8,
    lines: Vec<EstimateLine>,
    assumptions: Vec<String>,
}

impl<'a> Sheet<'a> {
    pub(super) fn new(
        book: &'a PriceBook,
        therapy: &'a PricedTherapy,
        center: Option<&'a CenterPrices>,
        joints: u8,
        sessions: u8,
    ) -> Sheet<'a> {
        Sheet {
            book,
            therapy,
            center,
            joints,
            sessions,
            lines: Vec::new(),
            assumptions: Vec::new(),
        }
    }

    /// States an assumption (once, however many lines rest on it).
    pub(super) fn assume(&mut self, text: &str) {
        if !self.assumptions.iter().any(|a| a == text) {
            self.assumptions.push(text.to_owned());
        }
    }

    /// The lines and assumptions.
    pub(super) fn finish(self) -> (Vec<EstimateLine>, Vec<String>) {
        (self.lines, self.assumptions)
    }

    /// The procedure itself, once per joint.
    pub(super) fn base(&mut self) -> Result<(), EstimateError> {
        let (book, line) = (self.book, &self.therapy.base);
        let (unit, source) = match self.center {
            None => {
                if let Some(rationale) = &line.typical_rationale {
                    self.assume(rationale);
                }
                (Unit::of_line(line), &line.source)
            }
            Some(center) => {
                let typical = center
                    .typical_cents
                    .unwrap_or_else(|| book.default_typical().of(center.base));
                let unit = Unit {
                    low: center.base.low_cents,
                    typical,
                    high: center.base.high_cents,
                };
                (unit, &center.source)
            }
        };
        let quantity = u32::from(self.joints);
        self.push(BASE_LINE, &line.description, quantity, Some(unit), source)
    }

    /// Sessions after the first, per joint; no line when there is one session.
    pub(super) fn sessions(&mut self) -> Result<(), EstimateError> {
        // A therapy offering more than one session always has a session price (checked at load).
        let (book, therapy) = (self.book, self.therapy);
        let Some(line) = &therapy.per_additional_session else {
            return Ok(());
        };
        if self.sessions <= 1 {
            return Ok(());
        }
        let quantity = u32::from(self.sessions - 1) * u32::from(self.joints);
        self.assume(&book.assumptions().sessions_per_joint);
        let (unit, source) = match self.center {
            None => {
                self.assume(&line.rationale);
                (Some(Unit::of_line(line)), &line.source)
            }
            Some(center) => match center.per_additional_session {
                Some(range) => (Some(self.computed(range)), &center.source),
                None => {
                    self.assume(&book.assumptions().center_unpriced_sessions);
                    (None, &center.source)
                }
            },
        };
        self.push(SESSIONS_LINE, &line.description, quantity, unit, source)
    }

    /// The chosen add-ons, once per joint. Add-ons the national book prices together share
    /// one line.
    pub(super) fn add_ons(&mut self, chosen: &[&AddOnOffer]) -> Result<(), EstimateError> {
        let quantity = u32::from(self.joints);
        let (assumptions, therapy) = (self.book.assumptions(), self.therapy);
        let mut lines_added: Vec<&str> = Vec::new();
        for offer in chosen {
            let code = wire_name(&offer.add_on);
            let label = &offer.label;
            match (offer.pricing, self.center) {
                (AddOnPricing::Included, _) => {
                    self.assume(&format!("{label}: {}", offer.rationale));
                    self.push(&code, label, quantity, Some(Unit::ZERO), &offer.source)?;
                }
                (_, Some(center)) => match center.add_ons.get(&offer.add_on) {
                    Some(range) => {
                        let unit = self.computed(*range);
                        self.push(&code, label, quantity, Some(unit), &center.source)?;
                    }
                    None => {
                        self.assume(&format!("{label}: {}", assumptions.center_unpriced_add_on));
                        self.push(&code, label, quantity, None, &center.source)?;
                    }
                },
                (AddOnPricing::Priced, None) => {
                    let Some(line) = therapy
                        .add_on_lines
                        .iter()
                        .find(|l| offer.line.as_deref() == Some(l.code.as_str()))
                    else {
                        // Every priced offer names an existing line (checked at load).
                        continue;
                    };
                    if lines_added.contains(&line.code.as_str()) {
                        continue;
                    }
                    lines_added.push(&line.code);
                    self.assume(&line.rationale);
                    let unit = Unit::of_line(line);
                    self.push(
                        &line.code,
                        &line.description,
                        quantity,
                        Some(unit),
                        &line.source,
                    )?;
                }
                (AddOnPricing::Unpriced, None) => {
                    self.assume(&format!(
                        "{label}: {} {}",
                        offer.rationale, assumptions.unpriced_add_on
                    ));
                    self.push(&code, label, quantity, None, &offer.source)?;
                }
            }
        }
        Ok(())
    }

    /// A range with no stated typical price: the book's default method finds one.
    fn computed(&self, range: PriceRange) -> Unit {
        Unit {
            low: range.low_cents,
            typical: self.book.default_typical().of(range),
            high: range.high_cents,
        }
    }

    /// Adds a line of `quantity` units; `None` is an unpriced line at $0.
    fn push(
        &mut self,
        code: &str,
        description: &str,
        quantity: u32,
        unit: Option<Unit>,
        source: &str,
    ) -> Result<(), EstimateError> {
        let priced = unit.is_some();
        let unit = unit.unwrap_or(Unit::ZERO);
        let times = u64::from(quantity);
        self.lines.push(EstimateLine {
            code: code.to_owned(),
            description: description.to_owned(),
            quantity,
            low_cents: unit.low.checked_mul(times)?,
            typical_cents: unit.typical.checked_mul(times)?,
            high_cents: unit.high.checked_mul(times)?,
            priced,
            source: source.to_owned(),
        });
        Ok(())
    }
}
