//! The quoting service: the one place a request becomes an estimate or a quote. It checks
//! what the request names outside the price book (its ZIP code, its center), prices it from
//! the national book or the center's own prices, and adds the financing options and, for a
//! quote, the coverage answer and the center as it stands. Reference data is loaded once at
//! start-up and never changes while the service runs; the centers accounts manage and their
//! published price lists are a live view beside it ([`LiveCenters`]), read as they stand when
//! a request is priced.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::calendar::Today;
use crate::centers::{Directory, LiveCenters, ZipTable};
use crate::coverage::{Condition, CoverageAnswer, CoverageRules, Payer};
use crate::financing::{FinancingOptions, FinancingPlan};
use crate::i18n::Lang;
use crate::money::Cents;
use crate::pricing::{CenterPrices, EstimateRequest, PriceBook, PriceRange};
use crate::quoting::{
    PricedEstimate, QuoteRequest, QuoteSnapshot, QuotedCenter, QuotingError, SNAPSHOT_VERSION,
    ScheduledDateError,
};
use crate::therapy::TherapyCode;

/// When a quote is issued: the dates it is today across the US, and the last day it is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteWindow {
    /// Today, from the earliest to the latest date it is in the US.
    pub today: Today,
    /// The last date the quote is valid anywhere in the US.
    pub expires_on: NaiveDate,
}

impl QuoteWindow {
    /// The window of a quote issued at `now`, valid for `valid_for`.
    pub fn new(now: DateTime<Utc>, valid_for: TimeDelta) -> QuoteWindow {
        let expires = now.checked_add_signed(valid_for).unwrap_or(now);
        QuoteWindow {
            today: Today::at(now),
            expires_on: Today::at(expires).latest(),
        }
    }
}

/// What an estimate's answer depends on (see [`Quoting::estimate_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EstimateKey {
    /// The change the live center view included.
    pub centers_seq: i64,
    /// The named center's price-list version in effect.
    pub price_list_version: Option<u32>,
    /// The request without its ZIP.
    pub inputs: EstimateRequest,
}

/// Prices, coverage rules, centers, ZIP codes and financing plans, and what is made of them.
#[derive(Debug, Clone)]
pub struct Quoting {
    price_book: Arc<PriceBook>,
    coverage: Arc<CoverageRules>,
    zips: Arc<ZipTable>,
    centers: LiveCenters,
    plans: Arc<[FinancingPlan]>,
    /// Each priced therapy's default-estimate range: what a patient pays when insurance does
    /// not.
    cash_prices: Arc<BTreeMap<TherapyCode, PriceRange>>,
}

impl Quoting {
    /// The service over validated reference data.
    pub fn new(
        price_book: PriceBook,
        coverage: CoverageRules,
        zips: ZipTable,
        directory: Directory,
        plans: Vec<FinancingPlan>,
    ) -> Quoting {
        let cash_prices = TherapyCode::ALL
            .into_iter()
            .filter_map(|therapy| {
                let default = EstimateRequest::for_therapy(therapy);
                let total = crate::pricing::estimate(&price_book, &default, None)
                    .ok()?
                    .total;
                Some((
                    therapy,
                    PriceRange::new(total.low_cents, total.high_cents).ok()?,
                ))
            })
            .collect();
        Quoting {
            price_book: Arc::new(price_book),
            coverage: Arc::new(coverage),
            zips: Arc::new(zips),
            centers: LiveCenters::new(Arc::new(directory)),
            plans: plans.into(),
            cash_prices: Arc::new(cash_prices),
        }
    }

    /// The national price book and the therapy catalog it carries.
    pub fn price_book(&self) -> &PriceBook {
        &self.price_book
    }

    /// The operator's center directory.
    pub fn directory(&self) -> &Directory {
        self.centers.directory()
    }

    /// The live view of every center: the directory and the centers accounts manage.
    pub fn centers(&self) -> &LiveCenters {
        &self.centers
    }

    /// The service with the operator's handoffs (directory center id → account).
    pub fn with_handoffs(mut self, handoffs: BTreeMap<String, String>) -> Quoting {
        self.centers = self.centers.with_handoffs(handoffs);
        self
    }

    /// US ZIP code centroids.
    pub fn zips(&self) -> &ZipTable {
        &self.zips
    }

    /// What of `request` its estimate depends on: the request without its ZIP, once the ZIP is
    /// known to exist (an unknown one is refused, as [`Quoting::estimate`] refuses it). A known
    /// ZIP changes nothing in an estimate (the 2026 table is national), so answers can be
    /// remembered by these inputs and one patient's answer serves every ZIP.
    pub fn estimate_inputs(
        &self,
        request: &EstimateRequest,
    ) -> Result<EstimateRequest, QuotingError> {
        self.check_zip(request)?;
        Ok(EstimateRequest {
            zip: None,
            ..request.clone()
        })
    }

    /// What an estimate's answer depends on, now: [`Quoting::estimate_inputs`], the change
    /// the live center view includes and the version of the named center's price list in
    /// effect. A new version, a center write, or a future version taking effect gives another
    /// key, so a remembered answer is never a stale one.
    pub fn estimate_key(&self, request: &EstimateRequest) -> Result<EstimateKey, QuotingError> {
        let inputs = self.estimate_inputs(request)?;
        let version = inputs
            .center_id
            .as_ref()
            .and_then(|id| self.centers.version_in_effect(id.as_str(), Utc::now()));
        Ok(EstimateKey {
            centers_seq: self.centers.seq(),
            price_list_version: version,
            inputs,
        })
    }

    fn check_zip(&self, request: &EstimateRequest) -> Result<(), QuotingError> {
        match &request.zip {
            Some(zip) if self.zips.resolve(zip).is_none() => Err(QuotingError::UnknownZip(*zip)),
            _ => Ok(()),
        }
    }

    /// Prices `request`, with the financing options for its typical total.
    pub fn estimate(&self, request: &EstimateRequest) -> Result<PricedEstimate, QuotingError> {
        self.estimate_in(request, Lang::En)
    }

    /// [`Quoting::estimate`] with its text in `lang`; figures and codes are the same in every
    /// language.
    pub fn estimate_in(
        &self,
        request: &EstimateRequest,
        lang: Lang,
    ) -> Result<PricedEstimate, QuotingError> {
        self.check_zip(request)?;
        let center = self.center_prices(request, Utc::now())?;
        let mut estimate = crate::pricing::estimate(&self.price_book, request, center.as_ref())?;
        crate::pricing::translate(&mut estimate, lang);
        let financing = self.financing_options_in(estimate.total.typical_cents, lang);
        Ok(PricedEstimate {
            estimate,
            financing,
        })
    }

    /// Everything a quote for `request` promises: the priced estimate, the coverage answer
    /// for its payer (self-pay unless it says otherwise) and condition, and its center. A
    /// scheduled date must fall within `window` and the price book's dates.
    pub fn quote(
        &self,
        request: &QuoteRequest,
        window: QuoteWindow,
    ) -> Result<QuoteSnapshot, QuotingError> {
        if let Some(date) = request.scheduled_date {
            self.check_scheduled(date.date(), window)
                .map_err(QuotingError::ScheduledDate)?;
        }
        let estimate = self.estimate(&request.estimate_request())?;
        // The therapy priced, which an add-on may have made another (PRP with the knee
        // injection is the MSC + PRP combination).
        let coverage = self.coverage(
            estimate.estimate.therapy,
            request.payer.unwrap_or(Payer::SelfPay),
            request.condition,
        );
        let center = request
            .center_id
            .as_ref()
            .and_then(|id| self.centers.center(id.as_str(), Utc::now()))
            .map(|c| QuotedCenter::from(&c));
        Ok(QuoteSnapshot {
            snapshot_version: SNAPSHOT_VERSION,
            request: request.clone(),
            estimate,
            coverage,
            center,
            scheduled_date: request.scheduled_date.map(|d| d.date()),
        })
    }

    /// A scheduled date is no earlier than today anywhere in the US, no later than the last
    /// day the quote is valid, and within the price book that prices it.
    fn check_scheduled(
        &self,
        date: NaiveDate,
        window: QuoteWindow,
    ) -> Result<(), ScheduledDateError> {
        let book = self.price_book.version();
        let earliest = window.today.earliest().max(book.effective_from);
        let latest = window.expires_on.min(book.effective_to);
        if earliest > latest {
            return Err(ScheduledDateError::NoDate {
                expires_on: window.expires_on,
                version: book.version.clone(),
                from: book.effective_from,
                to: book.effective_to,
            });
        }
        if date < earliest || date > latest {
            return Err(ScheduledDateError::OutsideWindow {
                earliest,
                latest,
                expires_on: window.expires_on,
                version: book.version.clone(),
                from: book.effective_from,
                to: book.effective_to,
            });
        }
        Ok(())
    }

    /// Will `payer` pay for `therapy` for `condition`, with the therapy's cash price range as
    /// what the patient pays when it does not.
    pub fn coverage(
        &self,
        therapy: TherapyCode,
        payer: Payer,
        condition: Option<Condition>,
    ) -> CoverageAnswer {
        self.coverage_in(therapy, payer, condition, Lang::En)
    }

    /// [`Quoting::coverage`] with every text in `lang`.
    pub fn coverage_in(
        &self,
        therapy: TherapyCode,
        payer: Payer,
        condition: Option<Condition>,
        lang: Lang,
    ) -> CoverageAnswer {
        let cash_price = self.cash_prices.get(&therapy).copied();
        self.coverage
            .answer_in(therapy, payer, condition, cash_price, lang)
    }

    /// Every configured financing plan applied to `amount`.
    pub fn financing_options(&self, amount: Cents) -> FinancingOptions {
        self.financing_options_in(amount, Lang::En)
    }

    /// [`Quoting::financing_options`] with every text in `lang`.
    pub fn financing_options_in(&self, amount: Cents, lang: Lang) -> FinancingOptions {
        crate::financing::options_in(&self.plans, amount, lang)
    }

    /// The center's own prices for the request's therapy at `at` (its published price list in
    /// effect, else the operator's), when it names a center that has them; an unknown or
    /// retired center, or one that does not offer the therapy, is refused.
    fn center_prices(
        &self,
        request: &EstimateRequest,
        at: DateTime<Utc>,
    ) -> Result<Option<CenterPrices>, QuotingError> {
        let Some(id) = &request.center_id else {
            return Ok(None);
        };
        let (offered, prices) = self
            .centers
            .offer(id.as_str(), request.therapy, at)
            .ok_or_else(|| QuotingError::UnknownCenter(id.clone()))?;
        if !offered.contains(&request.therapy) {
            return Err(QuotingError::NotOffered {
                center: id.clone(),
                therapy: request.therapy,
                offered: offered
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        Ok(prices)
    }
}

#[cfg(test)]
mod tests;
