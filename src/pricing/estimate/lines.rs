//! Building an estimate's lines: the procedure, additional sessions and add-ons, each from the
//! national book or the center's list, multiplied by its quantity with checked arithmetic.

use crate::money::Cents;
use crate::pricing::catalog::{
    AddOnOffer, AddOnPricing, BASE_LINE, PriceLine, PricedTherapy, SESSIONS_LINE, SessionPricing,
    wire_name,
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
    /// Nothing: the amounts of an included or unpriced item, which add nothing to the total.
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

/// How a line is priced.
#[derive(Debug, Clone, Copy)]
enum Pricing<'a> {
    /// A price per unit.
    Priced(Unit),
    /// Already paid for by the line with this code.
    IncludedIn(&'a str),
    /// No source prices it.
    Unpriced,
}

/// One line about to be added.
struct Line<'a> {
    code: &'a str,
    description: &'a str,
    pricing: Pricing<'a>,
    derivation: Option<&'a str>,
    source: &'a str,
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
        let quantity = u32::from(self.joints);
        match self.center {
            None => self.push(
                quantity,
                Line {
                    code: BASE_LINE,
                    description: &line.description,
                    pricing: Pricing::Priced(Unit::of_line(line)),
                    derivation: line.derivation.as_deref(),
                    source: &line.source,
                },
            ),
            Some(center) => {
                let typical = center
                    .typical_cents
                    .unwrap_or_else(|| book.default_typical().of(center.base));
                let unit = Unit {
                    low: center.base.low_cents,
                    typical,
                    high: center.base.high_cents,
                };
                self.push(
                    quantity,
                    Line {
                        code: BASE_LINE,
                        description: &line.description,
                        pricing: Pricing::Priced(unit),
                        derivation: None,
                        source: &center.source,
                    },
                )
            }
        }
    }

    /// Sessions after the first, per joint; no line when there is one session.
    pub(super) fn sessions(&mut self) -> Result<(), EstimateError> {
        // A therapy offering more than one session always says how they are priced (checked at
        // load).
        let (book, therapy) = (self.book, self.therapy);
        let Some(sessions) = &therapy.per_additional_session else {
            return Ok(());
        };
        if self.sessions <= 1 {
            return Ok(());
        }
        let quantity = u32::from(self.sessions - 1) * u32::from(self.joints);
        self.assume(&book.assumptions().sessions_per_joint);
        let description = sessions.description();
        let (pricing, derivation, source) = match (self.center, sessions) {
            (None, SessionPricing::Priced { line }) => {
                self.assume(&line.rationale);
                (
                    Pricing::Priced(Unit::of_line(line)),
                    line.derivation.as_deref(),
                    line.source.as_str(),
                )
            }
            (
                None,
                SessionPricing::Unpriced {
                    rationale, source, ..
                },
            ) => {
                self.assume(rationale);
                (Pricing::Unpriced, None, source.as_str())
            }
            (Some(center), _) => match center.per_additional_session {
                Some(range) => (
                    Pricing::Priced(self.computed(range)),
                    None,
                    center.source.as_str(),
                ),
                None => {
                    self.assume(&book.assumptions().center_unpriced_sessions);
                    (Pricing::Unpriced, None, center.source.as_str())
                }
            },
        };
        self.push(
            quantity,
            Line {
                code: SESSIONS_LINE,
                description,
                pricing,
                derivation,
                source,
            },
        )
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
            let line = |pricing, source| Line {
                code: &code,
                description: label,
                pricing,
                derivation: None,
                source,
            };
            match (offer.pricing, self.center) {
                (AddOnPricing::Included, _) => {
                    self.assume(&format!("{label}: {}", offer.rationale));
                    self.push(
                        quantity,
                        line(Pricing::IncludedIn(BASE_LINE), &offer.source),
                    )?;
                }
                (_, Some(center)) => match center.add_ons.get(&offer.add_on) {
                    Some(range) => {
                        let unit = self.computed(*range);
                        self.push(quantity, line(Pricing::Priced(unit), &center.source))?;
                    }
                    None => {
                        self.assume(&format!("{label}: {}", assumptions.center_unpriced_add_on));
                        self.push(quantity, line(Pricing::Unpriced, &center.source))?;
                    }
                },
                (AddOnPricing::Priced, None) => {
                    let Some(priced) = therapy
                        .add_on_lines
                        .iter()
                        .find(|l| offer.line.as_deref() == Some(l.code.as_str()))
                    else {
                        // Every priced offer names an existing line (checked at load).
                        continue;
                    };
                    if lines_added.contains(&priced.code.as_str()) {
                        continue;
                    }
                    lines_added.push(&priced.code);
                    self.assume(&priced.rationale);
                    self.push(
                        quantity,
                        Line {
                            code: &priced.code,
                            description: &priced.description,
                            pricing: Pricing::Priced(Unit::of_line(priced)),
                            derivation: priced.derivation.as_deref(),
                            source: &priced.source,
                        },
                    )?;
                }
                // A national estimate never gets here: the model prices the other therapy
                // instead. Should it, the item is unpriced rather than guessed.
                (AddOnPricing::Unpriced | AddOnPricing::AsTherapy, None) => {
                    self.assume(&format!(
                        "{label}: {} {}",
                        offer.rationale, assumptions.unpriced_add_on
                    ));
                    self.push(quantity, line(Pricing::Unpriced, &offer.source))?;
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

    /// Adds `line`, `quantity` units of it.
    fn push(&mut self, quantity: u32, line: Line<'_>) -> Result<(), EstimateError> {
        let (unit, priced, included_in) = match line.pricing {
            Pricing::Priced(unit) => (unit, true, None),
            Pricing::IncludedIn(code) => (Unit::ZERO, true, Some(code.to_owned())),
            Pricing::Unpriced => (Unit::ZERO, false, None),
        };
        let times = u64::from(quantity);
        self.lines.push(EstimateLine {
            code: line.code.to_owned(),
            description: line.description.to_owned(),
            quantity,
            low_cents: unit.low.checked_mul(times)?,
            typical_cents: unit.typical.checked_mul(times)?,
            high_cents: unit.high.checked_mul(times)?,
            priced,
            included_in,
            derivation: line.derivation.map(str::to_owned),
            source: line.source.to_owned(),
        });
        Ok(())
    }
}
