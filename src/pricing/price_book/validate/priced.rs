//! Validation of a priced therapy: its lines, typical prices, sessions, cell sources and add-ons.

use std::collections::BTreeSet;

use crate::pricing::catalog::{
    AddOnOffer, AddOnPricing, BASE_LINE, PriceLine, PricedTherapy, SESSIONS_LINE, SessionPricing,
    SourcedRange, TypicalMethod, wire_name,
};
use crate::pricing::price_book::file::{
    AddOnFile, BookFile, EstimateFile, LineFile, PriceFile, SessionFile, TherapyTypicalFile,
};

use super::{At, PriceBookError};

/// How the lines of one therapy find their typical price.
#[derive(Clone, Copy)]
struct Typical<'a> {
    book: &'a BookFile,
    therapy: Option<&'a TherapyTypicalFile>,
}

pub(super) fn priced_therapy(
    at: &At,
    price: PriceFile,
    mut options: EstimateFile,
    typical: Option<&TherapyTypicalFile>,
    book: &BookFile,
) -> Result<PricedTherapy, PriceBookError> {
    if let Some(t) = typical {
        let at = at.field("typical");
        if !t.position.is_valid() {
            return Err(at.field("position").invalid(
                "must be a fraction from 0 to 1: denominator at least 1, numerator at most the \
                 denominator",
            ));
        }
        at.field("rationale").text(&t.rationale)?;
        at.field("source").text(&t.source)?;
    }
    let typical = Typical {
        book,
        therapy: typical,
    };
    let base = line(
        &at.field("price").field("base"),
        price.base,
        BASE_LINE,
        typical,
    )?;
    let table_total = match price.table_total {
        None => None,
        Some(total) => {
            let at = at.field("price").field("table_total");
            at.field("source").text(&total.source)?;
            if total.range.low_cents < base.low_cents || total.range.high_cents < base.high_cents {
                return Err(at
                    .field("range")
                    .invalid("a total that includes the base cannot be below the base range"));
            }
            Some(SourcedRange {
                low_cents: total.range.low_cents,
                high_cents: total.range.high_cents,
                source: total.source,
            })
        }
    };

    let at = at.field("estimate");
    at.field("max_joints_rationale")
        .text(&options.max_joints_rationale)?;
    at.field("max_sessions_rationale")
        .text(&options.max_sessions_rationale)?;
    at.field("cell_sources_rationale")
        .text(&options.cell_sources_rationale)?;
    if options.max_joints == 0 {
        return Err(at.field("max_joints").invalid("must be at least 1"));
    }
    if options.max_sessions == 0 {
        return Err(at.field("max_sessions").invalid("must be at least 1"));
    }
    let per_additional_session = match (options.max_sessions, options.per_additional_session) {
        (1, None) => None,
        (1, Some(_)) => {
            return Err(at.field("per_additional_session").invalid(
                "only one session is offered, so there is no additional session to price",
            ));
        }
        (_, None) => {
            return Err(at
                .field("per_additional_session")
                .invalid("more than one session is offered, so additional sessions need a price"));
        }
        (_, Some(SessionFile::Priced(session))) => Some(SessionPricing::Priced {
            line: line(
                &at.field("per_additional_session"),
                session,
                SESSIONS_LINE,
                typical,
            )?,
        }),
        (
            _,
            Some(SessionFile::Unpriced {
                description,
                rationale,
                source,
            }),
        ) => {
            let at = at.field("per_additional_session");
            at.field("description").text(&description)?;
            at.field("rationale").text(&rationale)?;
            at.field("source").text(&source)?;
            Some(SessionPricing::Unpriced {
                description,
                rationale,
                source,
            })
        }
    };

    let mut cell_sources = BTreeSet::new();
    for (index, offer) in options.cell_sources.iter().enumerate() {
        let at = at.item("cell_sources", index);
        at.field("source").text(&offer.source)?;
        if !cell_sources.insert(offer.cell_source) {
            return Err(at.field("cell_source").invalid(format!(
                "`{}` is listed twice",
                wire_name(&offer.cell_source)
            )));
        }
    }

    let mut add_on_lines = Vec::with_capacity(options.add_on_lines.len());
    for (index, file) in std::mem::take(&mut options.add_on_lines)
        .into_iter()
        .enumerate()
    {
        let at = at.item("add_on_lines", index);
        let code = file.code.clone().unwrap_or_default();
        at.field("code").text(&code)?;
        if code == BASE_LINE || code == SESSIONS_LINE {
            return Err(at.field("code").invalid(format!("`{code}` is reserved")));
        }
        if add_on_lines.iter().any(|l: &PriceLine| l.code == code) {
            return Err(at.field("code").invalid(format!("`{code}` is used twice")));
        }
        if file.add_ons.is_empty() {
            return Err(at
                .field("add_ons")
                .invalid("name the add-ons this line prices"));
        }
        let add_ons = file.add_ons.clone();
        let mut priced = line(&at, file, &code, typical)?;
        priced.add_ons = add_ons;
        add_on_lines.push(priced);
    }

    let add_ons = add_on_offers(&at, &options.add_ons, &add_on_lines, book)?;

    let mut defaults = BTreeSet::new();
    for (index, add_on) in options.default_add_ons.iter().enumerate() {
        let at = at.item("default_add_ons", index);
        if !add_ons.iter().any(|o| o.add_on == *add_on) {
            return Err(at.invalid(format!("`{}` is not an offered add-on", wire_name(add_on))));
        }
        if !defaults.insert(*add_on) {
            return Err(at.invalid(format!("`{}` is listed twice", wire_name(add_on))));
        }
    }
    match (
        &options.default_add_ons_rationale,
        options.default_add_ons.is_empty(),
    ) {
        (None, false) => {
            return Err(at
                .field("default_add_ons_rationale")
                .invalid("say why these add-ons are the default"));
        }
        (rationale, _) => at
            .field("default_add_ons_rationale")
            .optional_text(rationale.as_deref())?,
    }

    Ok(PricedTherapy {
        base,
        table_total,
        max_joints: options.max_joints,
        max_joints_rationale: options.max_joints_rationale,
        max_sessions: options.max_sessions,
        max_sessions_rationale: options.max_sessions_rationale,
        per_additional_session,
        cell_sources: options.cell_sources,
        cell_sources_rationale: options.cell_sources_rationale,
        add_ons,
        add_on_lines,
        default_add_ons: options.default_add_ons,
        default_add_ons_rationale: options.default_add_ons_rationale,
    })
}

/// Checks the offered add-ons against the lines, and resolves each priced one's rationale and
/// source from its line.
fn add_on_offers(
    at: &At,
    files: &[AddOnFile],
    lines: &[PriceLine],
    book: &BookFile,
) -> Result<Vec<AddOnOffer>, PriceBookError> {
    let mut offers: Vec<AddOnOffer> = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let at = at.item("add_ons", index);
        let name = wire_name(&file.add_on);
        if offers.iter().any(|o| o.add_on == file.add_on) {
            return Err(at
                .field("add_on")
                .invalid(format!("`{name}` is listed twice")));
        }
        let label = book
            .add_on_labels
            .get(&file.add_on)
            .cloned()
            .ok_or_else(|| {
                at.field("add_on")
                    .invalid(format!("`{name}` has no label in [add_on_labels]"))
            })?;
        if file.therapy.is_some() != (file.pricing == AddOnPricing::AsTherapy) {
            return Err(at
                .field("therapy")
                .invalid("an as_therapy add-on names its therapy, and only it does"));
        }
        let (rationale, source) = match (file.pricing, &file.line) {
            (AddOnPricing::Priced, Some(code)) => {
                if file.rationale.is_some() || file.source.is_some() {
                    return Err(at.invalid(
                        "a priced add-on takes its rationale and source from its line; remove them",
                    ));
                }
                let line = lines
                    .iter()
                    .find(|l| &l.code == code && l.add_ons.contains(&file.add_on))
                    .ok_or_else(|| {
                        at.field("line").invalid(format!(
                            "no add_on_lines entry `{code}` that lists `{name}`"
                        ))
                    })?;
                (line.rationale.clone(), line.source.clone())
            }
            (AddOnPricing::Priced, None) => {
                return Err(at.field("line").invalid("a priced add-on names its line"));
            }
            (_, Some(_)) => {
                return Err(at
                    .field("line")
                    .invalid("only a priced add-on names a line"));
            }
            (_, None) => {
                let rationale = file.rationale.clone().unwrap_or_default();
                let source = file.source.clone().unwrap_or_default();
                at.field("rationale").text(&rationale)?;
                at.field("source").text(&source)?;
                (rationale, source)
            }
        };
        offers.push(AddOnOffer {
            add_on: file.add_on,
            label,
            pricing: file.pricing,
            line: file.line.clone(),
            therapy: file.therapy,
            rationale,
            source,
        });
    }
    for (index, line) in lines.iter().enumerate() {
        for add_on in &line.add_ons {
            let named_here = offers.iter().any(|o| {
                o.add_on == *add_on
                    && o.pricing == AddOnPricing::Priced
                    && o.line.as_deref() == Some(line.code.as_str())
            });
            if !named_here {
                return Err(at
                    .item("add_on_lines", index)
                    .field("add_ons")
                    .invalid(format!(
                        "`{}` must be offered as a priced add-on with line = \"{}\"",
                        wire_name(add_on),
                        line.code
                    )));
            }
        }
    }
    Ok(offers)
}

/// Validates one price line and finds its typical price: the one the line states, else the
/// therapy's position, else the book's default method.
fn line(
    at: &At,
    file: LineFile,
    code: &str,
    typical: Typical<'_>,
) -> Result<PriceLine, PriceBookError> {
    let book = typical.book;
    at.field("description").text(&file.description)?;
    at.field("rationale").text(&file.rationale)?;
    at.field("source").text(&file.source)?;
    at.field("derivation")
        .optional_text(file.derivation.as_deref())?;
    if code == BASE_LINE || code == SESSIONS_LINE {
        if file.code.is_some() {
            return Err(at
                .field("code")
                .invalid(format!("this line's code is always `{code}`")));
        }
        if !file.add_ons.is_empty() {
            return Err(at
                .field("add_ons")
                .invalid("only add-on lines list add-ons"));
        }
    }
    let range = file.range;
    if let (None, None, Some(position)) = (file.typical_method, file.typical_cents, typical.therapy)
    {
        if file.typical_rationale.is_some() || file.typical_source.is_some() {
            return Err(at.field("typical_source").invalid(
                "only typical_method = \"sourced\" takes typical_rationale and typical_source",
            ));
        }
        return Ok(PriceLine {
            code: code.to_owned(),
            description: file.description,
            add_ons: Vec::new(),
            low_cents: range.low_cents,
            typical_cents: position.position.of(range),
            high_cents: range.high_cents,
            typical_method: TypicalMethod::Position,
            typical_rationale: Some(position.rationale.clone()),
            typical_source: Some(position.source.clone()),
            derivation: file.derivation,
            rationale: file.rationale,
            source: file.source,
        });
    }
    let method = file
        .typical_method
        .unwrap_or(book.typical.default_method.method());
    if method == TypicalMethod::Position {
        return Err(at.field("typical_method").invalid(
            "`position` is set for the whole therapy under [therapies.typical], not per line",
        ));
    }
    let typical_cents = match (method.computed(), file.typical_cents) {
        (None, None) => {
            return Err(at
                .field("typical_cents")
                .invalid("typical_method = \"sourced\" needs typical_cents"));
        }
        (None, Some(typical)) => {
            if typical < range.low_cents || typical > range.high_cents {
                return Err(at.field("typical_cents").invalid(format!(
                    "{} is outside the range {}..={}",
                    typical.get(),
                    range.low_cents.get(),
                    range.high_cents.get()
                )));
            }
            let rationale = file.typical_rationale.as_deref().unwrap_or_default();
            let source = file.typical_source.as_deref().unwrap_or_default();
            at.field("typical_rationale").text(rationale)?;
            at.field("typical_source").text(source)?;
            typical
        }
        (Some(_), Some(_)) => {
            return Err(at
                .field("typical_cents")
                .invalid("only typical_method = \"sourced\" states typical_cents"));
        }
        (Some(computed), None) => {
            if file.typical_rationale.is_some() || file.typical_source.is_some() {
                return Err(at.field("typical_source").invalid(
                    "only typical_method = \"sourced\" takes typical_rationale and typical_source",
                ));
            }
            computed.of(range)
        }
    };
    // A computed typical price says what it is too: the book's one sentence for its method.
    let typical_rationale = match method.computed() {
        Some(_) if method == book.typical.default_method.method() => {
            Some(book.typical.rationale.clone())
        }
        Some(_) => None,
        None => file.typical_rationale,
    };
    Ok(PriceLine {
        code: code.to_owned(),
        description: file.description,
        add_ons: Vec::new(),
        low_cents: range.low_cents,
        typical_cents,
        high_cents: range.high_cents,
        typical_method: method,
        typical_rationale,
        typical_source: file.typical_source,
        derivation: file.derivation,
        rationale: file.rationale,
        source: file.source,
    })
}
