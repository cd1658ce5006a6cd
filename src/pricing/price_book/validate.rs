//! Turns the parsed file into a [`PriceBook`], checking every rule the estimate model relies on.
//! Each failure names the row (index and code) and the field.

mod priced;

use std::collections::{BTreeMap, BTreeSet};

use crate::pricing::catalog::{
    AddOnPricing, CashPrice, ConditionalDisclaimer, Disclaimer, Evidence, Outcome,
    PriceBookVersion, SessionPricing, SourcedText, TherapyCatalog, TherapyEntry, wire_name,
};
use crate::pricing::estimate::{EstimateRequest, estimate};
use crate::therapy::TherapyCode;

use super::file::{BookFile, DisclaimerFile, EvidenceFile, OutcomeFile, TherapyFile};
use super::{PriceBook, PriceBookError};

/// Where in the file a value sits, e.g. `therapies[2] (scaffold_construct).price.base.range`.
#[derive(Debug, Clone)]
struct At(String);

impl At {
    fn root(name: &str) -> At {
        At(name.to_owned())
    }

    fn row(index: usize, code: TherapyCode) -> At {
        At(format!("therapies[{index}] ({code})"))
    }

    fn field(&self, name: &str) -> At {
        At(format!("{}.{name}", self.0))
    }

    fn item(&self, name: &str, index: usize) -> At {
        At(format!("{}.{name}[{index}]", self.0))
    }

    fn invalid(&self, problem: impl Into<String>) -> PriceBookError {
        PriceBookError::Invalid {
            location: self.0.clone(),
            problem: problem.into(),
        }
    }

    /// Text every row must give: present and not blank.
    fn text(&self, value: &str) -> Result<(), PriceBookError> {
        if value.trim().is_empty() {
            Err(self.invalid("must not be empty"))
        } else {
            Ok(())
        }
    }

    /// Text a row may leave out, but not give blank.
    fn optional_text(&self, value: Option<&str>) -> Result<(), PriceBookError> {
        value.map_or(Ok(()), |v| self.text(v))
    }
}

/// Validates the whole file and builds the book.
pub(super) fn build(mut file: BookFile) -> Result<PriceBook, PriceBookError> {
    At::root("version").text(&file.version)?;
    At::root("source").text(&file.source)?;
    if file.effective_from > file.effective_to {
        return Err(At::root("effective_to").invalid(format!(
            "{} is before effective_from {}",
            file.effective_to, file.effective_from
        )));
    }
    if file.currency != "USD" {
        return Err(At::root("currency").invalid(format!(
            "`{}` is not supported; accepted: USD",
            file.currency
        )));
    }
    At::root("typical")
        .field("rationale")
        .text(&file.typical.rationale)?;
    for (key, text) in file.assumptions.named() {
        At::root("assumptions").field(key).text(text)?;
    }
    for (add_on, label) in &file.add_on_labels {
        At::root("add_on_labels")
            .field(&wire_name(add_on))
            .text(label)?;
    }
    check_disclaimers(&file.disclaimers)?;
    for (name, caveats) in &file.caveat_sets {
        let at = At::root("caveat_sets").field(name);
        if caveats.is_empty() {
            return Err(at.invalid("list at least one caveat"));
        }
        for (index, c) in caveats.iter().enumerate() {
            let at = At(format!("{}[{index}]", at.0));
            at.field("text").text(&c.text)?;
            at.field("source").text(&c.source)?;
        }
    }
    for (name, outcomes) in &file.outcome_sets {
        outcome_rows(&At::root("outcome_sets").field(name), outcomes, &file)?;
    }

    let mut by_code: BTreeMap<TherapyCode, TherapyEntry> = BTreeMap::new();
    for (index, therapy) in std::mem::take(&mut file.therapies).into_iter().enumerate() {
        let at = At::row(index, therapy.code);
        if by_code.contains_key(&therapy.code) {
            return Err(at
                .field("code")
                .invalid("a second row for this code; give one row per code"));
        }
        let code = therapy.code;
        let entry = therapy_entry(&at, therapy, &file)?;
        by_code.insert(code, entry);
    }
    let mut therapies = Vec::with_capacity(TherapyCode::ALL.len());
    for code in TherapyCode::ALL {
        let entry = by_code
            .remove(&code)
            .ok_or_else(|| At::root("therapies").invalid(format!("no row for `{code}`")))?;
        therapies.push(entry);
    }

    let book = PriceBook {
        catalog: TherapyCatalog {
            price_book: PriceBookVersion {
                version: file.version,
                effective_from: file.effective_from,
                effective_to: file.effective_to,
            },
            therapies,
        },
        typical: file.typical.default_method,
        typical_rationale: file.typical.rationale,
        assumptions: file.assumptions,
        translated: Vec::new(),
    };
    check_largest_estimates(&book)?;
    check_as_therapy_targets(&book)?;
    Ok(book)
}

fn check_disclaimers(disclaimers: &[DisclaimerFile]) -> Result<(), PriceBookError> {
    let mut codes = BTreeSet::new();
    for (index, d) in disclaimers.iter().enumerate() {
        let at = At(format!("disclaimers[{index}]"));
        at.field("code").text(&d.code)?;
        if !codes.insert(d.code.as_str()) {
            return Err(at
                .field("code")
                .invalid(format!("`{}` is used twice", d.code)));
        }
        if d.applies_to.is_empty() {
            return Err(at
                .field("applies_to")
                .invalid("name at least one therapy code"));
        }
        at.field("text").text(&d.text)?;
        at.field("source").text(&d.source)?;
    }
    Ok(())
}

/// The caveats a row names with `caveat_set`, or none.
fn caveats(
    at: &At,
    set: Option<&str>,
    book: &BookFile,
) -> Result<Vec<SourcedText>, PriceBookError> {
    let Some(name) = set else {
        return Ok(Vec::new());
    };
    book.caveat_sets.get(name).cloned().ok_or_else(|| {
        let defined: Vec<&str> = book.caveat_sets.keys().map(String::as_str).collect();
        at.field("caveat_set").invalid(format!(
            "no caveat set `{name}`; defined: {}",
            defined.join(", ")
        ))
    })
}

fn outcome_rows(
    at: &At,
    outcomes: &[OutcomeFile],
    book: &BookFile,
) -> Result<Vec<Outcome>, PriceBookError> {
    let mut rows = Vec::with_capacity(outcomes.len());
    for (index, o) in outcomes.iter().enumerate() {
        let at = At(format!("{}[{index}]", at.0));
        at.field("metric").text(&o.metric)?;
        at.field("reported_results").text(&o.reported_results)?;
        at.field("timeframe")
            .optional_text(o.timeframe.as_deref())?;
        at.field("adverse_events")
            .optional_text(o.adverse_events.as_deref())?;
        at.field("source").text(&o.source)?;
        rows.push(Outcome {
            metric: o.metric.clone(),
            reported_results: o.reported_results.clone(),
            timeframe: o.timeframe.clone(),
            adverse_events: o.adverse_events.clone(),
            caveats: caveats(&at, o.caveat_set.as_deref(), book)?,
            source: o.source.clone(),
        });
    }
    Ok(rows)
}

fn evidence_rows(
    at: &At,
    evidence: Vec<EvidenceFile>,
    book: &BookFile,
) -> Result<Vec<Evidence>, PriceBookError> {
    let mut rows = Vec::with_capacity(evidence.len());
    for (index, e) in evidence.into_iter().enumerate() {
        let at = at.item("evidence", index);
        at.field("condition").text(&e.condition)?;
        at.field("stem_cell_types").text(&e.stem_cell_types)?;
        at.field("clinical_evidence").text(&e.clinical_evidence)?;
        at.field("typical_delivery").text(&e.typical_delivery)?;
        at.field("source").text(&e.source)?;
        rows.push(Evidence {
            caveats: caveats(&at, e.caveat_set.as_deref(), book)?,
            condition: e.condition,
            stem_cell_types: e.stem_cell_types,
            clinical_evidence: e.clinical_evidence,
            typical_delivery: e.typical_delivery,
            source: e.source,
        });
    }
    Ok(rows)
}

fn therapy_entry(at: &At, t: TherapyFile, book: &BookFile) -> Result<TherapyEntry, PriceBookError> {
    at.field("name").text(&t.name)?;
    at.field("table_item")
        .optional_text(t.table_item.as_deref())?;
    if let Some(coverage) = &t.coverage {
        at.field("coverage").field("text").text(&coverage.text)?;
        at.field("coverage")
            .field("source")
            .text(&coverage.source)?;
    }
    if t.typical.is_some() && t.price.is_none() {
        return Err(at
            .field("typical")
            .invalid("only a priced therapy places its typical prices"));
    }
    let cash_price =
        match (t.price, t.no_cash_price, t.estimate) {
            (Some(price), None, Some(options)) => CashPrice::Priced(Box::new(
                priced::priced_therapy(at, price, options, t.typical.as_ref(), book)?,
            )),
            (None, Some(none), None) => {
                at.field("no_cash_price")
                    .field("reason")
                    .text(&none.reason)?;
                at.field("no_cash_price")
                    .field("source")
                    .text(&none.source)?;
                CashPrice::NoCashPrice(none)
            }
            (Some(_), Some(_), _) => {
                return Err(at.invalid("give either `price` or `no_cash_price`, not both"));
            }
            (None, None, _) => {
                return Err(at.invalid("give `price` (with `estimate`) or `no_cash_price`"));
            }
            (Some(_), None, None) => {
                return Err(at
                    .field("estimate")
                    .invalid("a priced therapy needs its estimate options"));
            }
            (None, Some(_), Some(_)) => {
                return Err(at
                    .field("estimate")
                    .invalid("a therapy without a cash price takes no estimate options"));
            }
        };
    for (index, a) in t.attributes.iter().enumerate() {
        at.item("attributes", index).field("value").text(&a.value)?;
        at.item("attributes", index)
            .field("source")
            .text(&a.source)?;
    }
    let evidence = evidence_rows(at, t.evidence, book)?;
    let mut outcomes = match &t.outcome_set {
        None => Vec::new(),
        Some(name) => {
            let set = book.outcome_sets.get(name).ok_or_else(|| {
                let defined: Vec<&str> = book.outcome_sets.keys().map(String::as_str).collect();
                at.field("outcome_set").invalid(format!(
                    "no outcome set `{name}`; defined: {}",
                    defined.join(", ")
                ))
            })?;
            outcome_rows(&At::root("outcome_sets").field(name), set, book)?
        }
    };
    outcomes.extend(outcome_rows(&at.field("outcomes"), &t.outcomes, book)?);
    let mut disclaimers = Vec::new();
    let mut conditional_disclaimers = Vec::new();
    for d in book
        .disclaimers
        .iter()
        .filter(|d| d.applies_to.contains(&t.code))
    {
        let disclaimer = Disclaimer {
            code: d.code.clone(),
            text: d.text.clone(),
            source: d.source.clone(),
        };
        if d.when_cell_sources.is_empty() && d.when_add_ons.is_empty() {
            disclaimers.push(disclaimer);
        } else {
            conditional_disclaimers.push(ConditionalDisclaimer {
                when_cell_sources: d.when_cell_sources.clone(),
                when_add_ons: d.when_add_ons.clone(),
                disclaimer,
            });
        }
    }

    let mut entry = TherapyEntry {
        code: t.code,
        name: t.name,
        table_item: t.table_item,
        cash_price,
        coverage: t.coverage,
        attributes: t.attributes,
        evidence,
        outcomes,
        disclaimers,
        conditional_disclaimers,
        sources: Vec::new(),
    };
    entry.sources = sources_of(&entry);
    Ok(entry)
}

/// Every distinct source the entry cites, in the order they first appear.
fn sources_of(entry: &TherapyEntry) -> Vec<String> {
    let mut all: Vec<&str> = Vec::new();
    match &entry.cash_price {
        CashPrice::NoCashPrice(none) => all.push(&none.source),
        CashPrice::Priced(p) => {
            all.push(&p.base.source);
            all.extend(p.base.typical_source.as_deref());
            all.extend(p.table_total.as_ref().map(|t| t.source.as_str()));
            all.extend(p.per_additional_session.as_ref().map(|s| match s {
                SessionPricing::Priced { line } => line.source.as_str(),
                SessionPricing::Unpriced { source, .. } => source.as_str(),
            }));
            all.extend(p.cell_sources.iter().map(|c| c.source.as_str()));
            all.extend(p.add_on_lines.iter().map(|l| l.source.as_str()));
            all.extend(p.add_ons.iter().map(|a| a.source.as_str()));
        }
    }
    all.extend(entry.coverage.as_ref().map(|c| c.source.as_str()));
    all.extend(entry.attributes.iter().map(|a| a.source.as_str()));
    all.extend(entry.evidence.iter().map(|e| e.source.as_str()));
    all.extend(
        entry
            .evidence
            .iter()
            .flat_map(|e| e.caveats.iter().map(|c| c.source.as_str())),
    );
    all.extend(entry.outcomes.iter().map(|o| o.source.as_str()));
    all.extend(
        entry
            .outcomes
            .iter()
            .flat_map(|o| o.caveats.iter().map(|c| c.source.as_str())),
    );
    all.extend(entry.disclaimers.iter().map(|d| d.source.as_str()));
    all.extend(
        entry
            .conditional_disclaimers
            .iter()
            .map(|d| d.disclaimer.source.as_str()),
    );
    let mut seen = BTreeSet::new();
    all.into_iter()
        .filter(|s| seen.insert(*s))
        .map(str::to_owned)
        .collect()
}

/// An add-on that makes the procedure another therapy must name a priced therapy that
/// includes that add-on, redirects nowhere itself, and accepts every option the first one does,
/// so that any request the first accepts can be priced as the second.
fn check_as_therapy_targets(book: &PriceBook) -> Result<(), PriceBookError> {
    for (index, entry) in book.therapies().iter().enumerate() {
        let CashPrice::Priced(from) = &entry.cash_price else {
            continue;
        };
        for (offer_index, offer) in from.add_ons.iter().enumerate() {
            if offer.pricing != AddOnPricing::AsTherapy {
                continue;
            }
            let at = At::row(index, entry.code)
                .field("estimate")
                .item("add_ons", offer_index)
                .field("therapy");
            let Some(code) = offer.therapy else {
                return Err(at.invalid("an as_therapy add-on names its therapy"));
            };
            let CashPrice::Priced(to) = &book.therapy(code).cash_price else {
                return Err(at.invalid(format!("`{code}` has no cash price")));
            };
            let name = wire_name(&offer.add_on);
            let included = to
                .add_ons
                .iter()
                .any(|o| o.add_on == offer.add_on && o.pricing == AddOnPricing::Included);
            if !included {
                return Err(at.invalid(format!("`{code}` must offer `{name}` as included")));
            }
            if to
                .add_ons
                .iter()
                .any(|o| o.pricing == AddOnPricing::AsTherapy)
            {
                return Err(at.invalid(format!("`{code}` itself makes add-ons another therapy")));
            }
            let accepts_options = to.max_joints >= from.max_joints
                && to.max_sessions >= from.max_sessions
                && from.cell_sources.iter().all(|c| {
                    to.cell_sources
                        .iter()
                        .any(|t| t.cell_source == c.cell_source)
                })
                && from
                    .add_ons
                    .iter()
                    .all(|a| to.add_ons.iter().any(|t| t.add_on == a.add_on));
            if !accepts_options {
                return Err(at.invalid(format!(
                    "`{code}` must accept every joint count, session count, cell source and \
                     add-on this therapy accepts"
                )));
            }
        }
    }
    Ok(())
}

/// Prices the largest request each therapy accepts, so that national prices can never overflow
/// an estimate.
fn check_largest_estimates(book: &PriceBook) -> Result<(), PriceBookError> {
    for (index, entry) in book.therapies().iter().enumerate() {
        let CashPrice::Priced(p) = &entry.cash_price else {
            continue;
        };
        let largest = EstimateRequest {
            therapy: entry.code,
            joints: Some(p.max_joints),
            sessions: Some(p.max_sessions),
            cell_source: None,
            // An add-on that makes it another therapy is priced on that therapy's own row.
            add_ons: Some(
                p.add_ons
                    .iter()
                    .filter(|a| a.pricing != AddOnPricing::AsTherapy)
                    .map(|a| a.add_on)
                    .collect(),
            ),
            zip: None,
            center_id: None,
        };
        estimate(book, &largest, None).map_err(|e| {
            At::row(index, entry.code).invalid(format!(
                "the largest estimate it accepts cannot be priced: {e}"
            ))
        })?;
    }
    Ok(())
}
