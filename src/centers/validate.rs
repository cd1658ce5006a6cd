//! The checks a row must pass beyond its field types: text shape, cross-field consistency,
//! the ZIP agreeing with the state, and prices only for offered therapies. Unique ids are
//! checked across rows when the directory is built.

use super::center::{Center, Precision};
use super::zips::ZipTable;

/// Longest accepted center name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest accepted city name or street address, in characters.
pub const MAX_PLACE_CHARS: usize = 200;
/// Longest accepted `source`, in characters.
pub const MAX_SOURCE_CHARS: usize = 2_000;

/// Checks one row on its own; a failure names the field and what is wrong.
pub fn check_row(c: &Center, zips: &ZipTable) -> Result<(), (String, String)> {
    text("name", &c.name, MAX_NAME_CHARS)?;
    text("city", &c.city, MAX_PLACE_CHARS)?;
    text("source", &c.source, MAX_SOURCE_CHARS)?;
    if let Some(street) = &c.street_address {
        text("street_address", street, MAX_PLACE_CHARS)?;
    }
    for (i, therapy) in c.therapies.iter().enumerate() {
        if c.therapies[..i].contains(therapy) {
            return Err((
                format!("therapies[{i}]"),
                format!("`{therapy}` is listed twice"),
            ));
        }
    }
    match c.location.precision() {
        Precision::Address if c.street_address.is_none() => {
            return Err((
                "location.precision".into(),
                "precision `address` needs a street_address; use `zip` or `city`".into(),
            ));
        }
        Precision::Zip if c.zip.is_none() => {
            return Err((
                "location.precision".into(),
                "precision `zip` needs a zip; use `city`".into(),
            ));
        }
        _ => {}
    }
    if let Some(zip) = &c.zip {
        let place = zips.resolve(zip).ok_or_else(|| {
            (
                "zip".to_owned(),
                format!("ZIP {zip} is not in the ZIP table"),
            )
        })?;
        if place.state != c.state {
            return Err((
                "zip".into(),
                format!(
                    "ZIP {zip} is in {}, but the row's state is {}",
                    place.state, c.state
                ),
            ));
        }
    }
    for (therapy, prices) in &c.prices {
        let field = format!("prices.{therapy}");
        if !c.offers(*therapy) {
            return Err((
                field,
                format!("prices are given for `{therapy}`, which is not in the row's therapies"),
            ));
        }
        if let Some(typical) = prices.typical_cents
            && !(prices.base.low_cents..=prices.base.high_cents).contains(&typical)
        {
            return Err((
                format!("{field}.typical_cents"),
                "typical_cents must lie within base low_cents..=high_cents".into(),
            ));
        }
        text(&format!("{field}.source"), &prices.source, MAX_SOURCE_CHARS)?;
    }
    Ok(())
}

impl Center {
    /// Checks the center on its own, as a directory row is checked: the failure names the
    /// field (`location.precision`, `therapies[1]`) and what is wrong.
    pub fn check(&self, zips: &ZipTable) -> Result<(), (String, String)> {
        check_row(self, zips)
    }
}

fn text(field: &str, value: &str, max_chars: usize) -> Result<(), (String, String)> {
    let problem = if value.trim().is_empty() {
        "must not be empty"
    } else if value.trim() != value {
        "must not start or end with whitespace"
    } else if value.chars().any(char::is_control) {
        "must not contain control characters"
    } else if value.chars().count() > max_chars {
        return Err((
            field.to_owned(),
            format!("must be at most {max_chars} characters"),
        ));
    } else {
        return Ok(());
    };
    Err((field.to_owned(), problem.to_owned()))
}
