//! A center's published price list: the clinic's own cash prices, written by its back office
//! (`PUT /v1/centers/{id}/price-list`) as immutable, numbered versions.
//!
//! A list gives, per therapy the center offers, the procedure price (one price, or a range
//! where the clinic really quotes one), the price of each session after the first if it
//! charges one, and the add-ons it prices; and, for the whole list, optional percentage
//! discounts. Published, a version is mapped into the shape every center price book has
//! ([`CenterPrices`]), discounts applied, so estimates price it as they price any center's
//! own list.
//!
//! Bounds (each refused with the field's JSON pointer): at most one entry per catalog therapy,
//! one per add-on, [`MAX_DISCOUNTS`] discounts, amounts from 0 to [`MAX_CENTS`] cents, a
//! discount from 1 to [`MAX_PERCENT_OFF`] percent, `effective_from` not in the past and at most
//! [`MAX_DAYS_AHEAD`] days ahead. The amount bound is there to catch typing errors (an extra
//! digit), not a statement about any price.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::money::Cents;
use crate::pricing::catalog::CashPrice;
use crate::pricing::{CenterPrices, PriceBook, PriceRange};
use crate::therapy::{AddOn, TherapyCode};

/// The largest amount a price list may state, in cents ($1,000,000): a bound against typing
/// errors.
pub const MAX_CENTS: u64 = 100_000_000;
/// The most discounts one list may carry.
pub const MAX_DISCOUNTS: usize = 5;
/// The largest discount, in percent.
pub const MAX_PERCENT_OFF: u8 = 90;
/// How far ahead a version may take effect, in days.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// The longest discount label or source, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest `source`, in characters.
pub const MAX_SOURCE_CHARS: usize = 2_000;
/// The most add-ons one therapy may list: each of the catalog's five add-ons once.
pub const MAX_ADD_ONS: usize = 5;
/// What a list says of where its prices come from when it does not say.
pub const DEFAULT_SOURCE: &str = "The center's price list, as published by its account";

/// A price: one amount (`cents`), or a range (`low_cents` and `high_cents`) where the clinic
/// really quotes one. Exactly one of the two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cents": 450000}))]
pub struct ListedPrice {
    /// The single price, in cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(maximum = 100_000_000)]
    pub cents: Option<u64>,
    /// The lowest price of a range, in cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(maximum = 100_000_000)]
    pub low_cents: Option<u64>,
    /// The highest price of a range, in cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(maximum = 100_000_000)]
    pub high_cents: Option<u64>,
}

/// An add-on's price at the center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListedAddOn {
    /// The add-on, as the catalog names it.
    pub add_on: AddOn,
    /// Its price.
    pub price: ListedPrice,
}

/// The center's prices for one therapy it offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListedTherapy {
    /// The therapy, one the center offers.
    pub therapy: TherapyCode,
    /// The procedure's price for one joint (or one treatment area).
    pub price: ListedPrice,
    /// With a range: the price the center usually charges, within the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_cents: Option<u64>,
    /// The price of each session after the first, per joint, when the center charges one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_additional_session: Option<ListedPrice>,
    /// The add-ons the center prices for this therapy (each one the catalog offers with it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_ons: Vec<ListedAddOn>,
}

/// A discount off every price of the list (for example for paying in full up front).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListedDiscount {
    /// What the discount is, as the patient reads it.
    #[schema(example = "Paid in full before the procedure")]
    pub label: String,
    /// Percent off, 1 to 90.
    #[schema(example = 5, minimum = 1, maximum = 90)]
    pub percent_off: u8,
}

/// A price list as a back office sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "effective_from": "2027-02-01T00:00:00Z",
    "source": "Example Clinic cash price sheet (synthetic example)",
    "therapies": [{
        "therapy": "knee_msc_injection",
        "price": {"low_cents": 450000, "high_cents": 600000},
        "typical_cents": 500000,
        "per_additional_session": {"cents": 150000},
        "add_ons": [{"add_on": "imaging_guidance", "price": {"cents": 30000}}]
    }],
    "discounts": [{"label": "Paid in full before the procedure", "percent_off": 5}]
}))]
pub struct PriceListInput {
    /// When the version takes effect (RFC 3339); now when absent. Not in the past, at most 366
    /// days ahead: history is never rewritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<DateTime<Utc>>,
    /// Where the prices come from (the clinic's price sheet, …); a plain default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// One entry per therapy the center prices; at least one.
    pub therapies: Vec<ListedTherapy>,
    /// Discounts off every price, applied one after the other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<ListedDiscount>,
}

/// One field of a price list at fault: its JSON pointer and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFault {
    /// RFC 6901 pointer into the request body.
    pub pointer: String,
    /// What is wrong and what is accepted.
    pub detail: String,
}

fn fault(pointer: impl Into<String>, detail: impl Into<String>) -> ListFault {
    ListFault {
        pointer: pointer.into(),
        detail: detail.into(),
    }
}

impl ListedPrice {
    /// The range this price stands for, or what is wrong with it (pointer relative to it).
    pub fn range(&self) -> Result<PriceRange, (&'static str, String)> {
        let bounded = |field: &'static str, v: u64| {
            if v <= MAX_CENTS {
                Ok(Cents::new(v))
            } else {
                Err((field, format!("must be an integer from 0 to {MAX_CENTS}")))
            }
        };
        match (self.cents, self.low_cents, self.high_cents) {
            (Some(c), None, None) => {
                let c = bounded("cents", c)?;
                Ok(PriceRange {
                    low_cents: c,
                    high_cents: c,
                })
            }
            (None, Some(low), Some(high)) => {
                let low = bounded("low_cents", low)?;
                let high = bounded("high_cents", high)?;
                PriceRange::new(low, high).map_err(|_| {
                    (
                        "low_cents",
                        "must not be above high_cents; for one price send `cents`".to_owned(),
                    )
                })
            }
            (Some(_), _, _) => Err((
                "cents",
                "send either `cents` (one price) or `low_cents` and `high_cents` (a range), not both"
                    .to_owned(),
            )),
            (None, None, _) => Err((
                "low_cents",
                "send `cents` (one price) or `low_cents` and `high_cents` (a range)".to_owned(),
            )),
            (None, Some(_), None) => Err((
                "high_cents",
                "a range needs `high_cents` too; for one price send `cents`".to_owned(),
            )),
        }
    }

    fn is_range(&self) -> bool {
        self.cents.is_none()
    }
}

impl PriceListInput {
    /// Checks the list against what the center offers and the catalog prices, and the time it
    /// takes effect against `now`; answers the time it takes effect, or every fault found.
    pub fn check(
        &self,
        offered: &[TherapyCode],
        book: &PriceBook,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, Vec<ListFault>> {
        let mut faults = Vec::new();
        let effective_from = self.effective_from.unwrap_or(now);
        if effective_from < now {
            faults.push(fault(
                "/effective_from",
                "must not be in the past: history is never rewritten; omit it to take effect now",
            ));
        } else if effective_from > now + TimeDelta::days(MAX_DAYS_AHEAD) {
            faults.push(fault(
                "/effective_from",
                format!("must be at most {MAX_DAYS_AHEAD} days ahead"),
            ));
        }
        if let Some(source) = &self.source {
            text(&mut faults, "/source", source, MAX_SOURCE_CHARS);
        }
        if self.therapies.is_empty() {
            faults.push(fault(
                "/therapies",
                "must list at least one therapy the center offers",
            ));
        }
        if self.therapies.len() > TherapyCode::ALL.len() {
            faults.push(fault(
                "/therapies",
                format!(
                    "must list each therapy at most once: at most {} entries",
                    TherapyCode::ALL.len()
                ),
            ));
            return Err(faults);
        }
        for (i, entry) in self.therapies.iter().enumerate() {
            check_therapy(&mut faults, i, entry, &self.therapies[..i], offered, book);
        }
        if self.discounts.len() > MAX_DISCOUNTS {
            faults.push(fault(
                "/discounts",
                format!("must hold at most {MAX_DISCOUNTS} discounts"),
            ));
        } else {
            for (i, d) in self.discounts.iter().enumerate() {
                text(
                    &mut faults,
                    &format!("/discounts/{i}/label"),
                    &d.label,
                    MAX_LABEL_CHARS,
                );
                if !(1..=MAX_PERCENT_OFF).contains(&d.percent_off) {
                    faults.push(fault(
                        format!("/discounts/{i}/percent_off"),
                        format!("must be an integer from 1 to {MAX_PERCENT_OFF}"),
                    ));
                }
            }
        }
        if faults.is_empty() {
            Ok(effective_from)
        } else {
            Err(faults)
        }
    }

    /// The list as the center price book estimates use, by therapy, discounts applied. Call it
    /// on a list that passed [`PriceListInput::check`]; a price that fails it is left out.
    pub fn center_prices(
        &self,
        version: u32,
        effective_from: DateTime<Utc>,
    ) -> BTreeMap<TherapyCode, CenterPrices> {
        let factor = discount_factor(&self.discounts);
        let apply = |r: PriceRange| PriceRange {
            low_cents: discounted(r.low_cents, factor),
            high_cents: discounted(r.high_cents, factor),
        };
        let source = self.source.as_deref().unwrap_or(DEFAULT_SOURCE);
        let mut source = format!("{source} (version {version})");
        if !self.discounts.is_empty() {
            let off: Vec<String> = self
                .discounts
                .iter()
                .map(|d| format!("{} {}% off", d.label, d.percent_off))
                .collect();
            source.push_str(&format!(
                "; prices shown after its discounts: {}",
                off.join(", ")
            ));
        }
        self.therapies
            .iter()
            .filter_map(|t| {
                let base = t.price.range().ok()?;
                let typical = match t.typical_cents {
                    Some(c) => Some(Cents::new(c)),
                    None if !t.price.is_range() => Some(base.low_cents),
                    None => None,
                };
                Some((
                    t.therapy,
                    CenterPrices {
                        base: apply(base),
                        typical_cents: typical.map(|c| discounted(c, factor)),
                        add_ons: t
                            .add_ons
                            .iter()
                            .filter_map(|a| Some((a.add_on, apply(a.price.range().ok()?))))
                            .collect(),
                        per_additional_session: t
                            .per_additional_session
                            .and_then(|p| p.range().ok())
                            .map(apply),
                        source: source.clone(),
                        as_of: effective_from.date_naive(),
                        published_version: Some(version),
                    },
                ))
            })
            .collect()
    }
}

fn text(faults: &mut Vec<ListFault>, pointer: &str, value: &str, max: usize) {
    let chars = value.trim().chars().count();
    if chars == 0 || value.chars().count() > max {
        faults.push(fault(pointer, format!("must be 1 to {max} characters")));
    }
}

fn check_therapy(
    faults: &mut Vec<ListFault>,
    i: usize,
    entry: &ListedTherapy,
    before: &[ListedTherapy],
    offered: &[TherapyCode],
    book: &PriceBook,
) {
    let at = format!("/therapies/{i}");
    let therapy = entry.therapy;
    if before.iter().any(|b| b.therapy == therapy) {
        faults.push(fault(
            format!("{at}/therapy"),
            format!("`{therapy}` is listed twice; list each therapy once"),
        ));
    }
    if !offered.contains(&therapy) {
        let offered: Vec<&str> = offered.iter().map(|t| t.as_str()).collect();
        faults.push(fault(
            format!("{at}/therapy"),
            format!(
                "the center does not offer `{therapy}`; it offers: {}",
                if offered.is_empty() {
                    "none yet (add therapies to the center first)".to_owned()
                } else {
                    offered.join(", ")
                }
            ),
        ));
    }
    let catalog = match &book.therapy(therapy).cash_price {
        CashPrice::Priced(priced) => Some(priced),
        CashPrice::NoCashPrice(_) => {
            faults.push(fault(
                format!("{at}/therapy"),
                format!("the catalog quotes no cash price for `{therapy}`"),
            ));
            None
        }
    };
    let base = match entry.price.range() {
        Ok(r) => Some(r),
        Err((field, detail)) => {
            faults.push(fault(format!("{at}/price/{field}"), detail));
            None
        }
    };
    if let Some(typical) = entry.typical_cents {
        if !entry.price.is_range() {
            faults.push(fault(
                format!("{at}/typical_cents"),
                "only with a range; a single price is its own typical price",
            ));
        } else if let Some(base) = base
            && !(base.low_cents.get()..=base.high_cents.get()).contains(&typical)
        {
            faults.push(fault(
                format!("{at}/typical_cents"),
                format!(
                    "must be within the price range, {} to {}",
                    base.low_cents.get(),
                    base.high_cents.get()
                ),
            ));
        }
    }
    if let Some(session) = &entry.per_additional_session
        && let Err((field, detail)) = session.range()
    {
        faults.push(fault(
            format!("{at}/per_additional_session/{field}"),
            detail,
        ));
    }
    if entry.add_ons.len() > MAX_ADD_ONS {
        faults.push(fault(
            format!("{at}/add_ons"),
            format!("must list each add-on at most once: at most {MAX_ADD_ONS} entries"),
        ));
        return;
    }
    for (j, a) in entry.add_ons.iter().enumerate() {
        let at = format!("{at}/add_ons/{j}");
        if entry.add_ons[..j].iter().any(|b| b.add_on == a.add_on) {
            faults.push(fault(
                format!("{at}/add_on"),
                "this add-on is listed twice; list each add-on once",
            ));
        }
        if let Some(catalog) = catalog
            && !catalog.add_ons.iter().any(|o| o.add_on == a.add_on)
        {
            let names: Vec<String> = catalog
                .add_ons
                .iter()
                .map(|o| crate::pricing::catalog::wire_name(&o.add_on))
                .collect();
            faults.push(fault(
                format!("{at}/add_on"),
                format!(
                    "the catalog offers no such add-on with `{therapy}`; it offers: {}",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        }
        if let Err((field, detail)) = a.price.range() {
            faults.push(fault(format!("{at}/price/{field}"), detail));
        }
    }
}

/// The share of a price left after `discounts`, as a fraction numerator over 100^n.
fn discount_factor(discounts: &[ListedDiscount]) -> (u128, u128) {
    discounts.iter().fold((1, 1), |(num, den), d| {
        (num * u128::from(100 - d.percent_off.min(100)), den * 100)
    })
}

/// `cents` after the discounts, rounded to the nearest cent (halves up).
fn discounted(cents: Cents, (num, den): (u128, u128)) -> Cents {
    let value = (u128::from(cents.get()) * num * 2 + den) / (den * 2);
    Cents::new(u64::try_from(value).unwrap_or(u64::MAX))
}

/// The version in effect at `at` among `versions`: the one with the latest `effective_from`
/// not after `at`, the higher version on a tie. `versions` may be in any order.
pub fn in_effect<T>(
    versions: &[T],
    at: DateTime<Utc>,
    key: impl Fn(&T) -> (DateTime<Utc>, u32),
) -> Option<&T> {
    versions
        .iter()
        .filter(|v| key(v).0 <= at)
        .max_by_key(|v| key(v))
}

#[cfg(test)]
mod tests;
