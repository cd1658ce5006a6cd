//! The national price book: loads `price_book.toml` (embedded, or an operator's copy from a
//! path), validates it once, and serves the therapy catalog and the factors the estimate model
//! applies. A bad file fails at start-up with the row and field that is wrong.

mod file;
#[cfg(test)]
mod tests;
mod validate;

use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::pricing::catalog::{ComputedTypical, PriceBookVersion, TherapyCatalog, TherapyEntry};
use crate::therapy::TherapyCode;

pub(crate) use file::Assumptions;

/// The price book shipped with the service.
const EMBEDDED: &str = include_str!("price_book.toml");

/// A validated price book. Built only by its loaders, so every therapy code has exactly one entry
/// and every factor has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceBook {
    catalog: TherapyCatalog,
    typical: ComputedTypical,
    typical_rationale: String,
    assumptions: Assumptions,
    /// The catalog in each language of [`Lang::ALL`], made once when the book is loaded.
    translated: Vec<TherapyCatalog>,
}

/// The price book could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PriceBookError {
    /// The file could not be read.
    #[error("cannot read the price book at {path}: {source}")]
    Read {
        /// The path given.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The file is not TOML of the price-book format (the message gives line, column and key).
    #[error("the price book is malformed: {0}")]
    Malformed(#[from] toml::de::Error),
    /// The file parses but a row breaks a rule.
    #[error("the price book is invalid at {location}: {problem}")]
    Invalid {
        /// Row and field, e.g. `therapies[0] (knee_msc_injection).estimate.add_ons[3].line`.
        location: String,
        /// What is wrong and what would be accepted.
        problem: String,
    },
}

impl PriceBook {
    /// The price book shipped inside the binary.
    pub fn embedded() -> Result<PriceBook, PriceBookError> {
        PriceBook::from_toml_str(EMBEDDED)
    }

    /// An operator's price book, read from `path`.
    pub fn from_path(path: &Path) -> Result<PriceBook, PriceBookError> {
        let text = std::fs::read_to_string(path).map_err(|source| PriceBookError::Read {
            path: path.to_owned(),
            source,
        })?;
        PriceBook::from_toml_str(&text)
    }

    /// A price book from the text of a price-book file.
    pub fn from_toml_str(text: &str) -> Result<PriceBook, PriceBookError> {
        let file: file::BookFile = toml::from_str(text)?;
        let mut book = validate::build(file)?;
        book.translated = Lang::ALL
            .into_iter()
            .map(|lang| crate::pricing::translate::catalog_in(&book.catalog, lang))
            .collect();
        Ok(book)
    }

    /// The whole catalog, ready to serialise as the `GET /v1/therapies` response.
    pub fn catalog(&self) -> &TherapyCatalog {
        &self.catalog
    }

    /// [`PriceBook::catalog`] with its names, labels and other price-book texts in `lang`, where
    /// the catalogs have them; codes, figures and sources unchanged.
    pub fn catalog_in(&self, lang: Lang) -> &TherapyCatalog {
        self.translated.get(lang.index()).unwrap_or(&self.catalog)
    }

    /// [`PriceBook::therapy`] in `lang` (see [`PriceBook::catalog_in`]).
    pub fn therapy_in(&self, code: TherapyCode, lang: Lang) -> &TherapyEntry {
        &self.catalog_in(lang).therapies[code as usize]
    }

    /// Every therapy, in catalog order (the order of [`TherapyCode::ALL`]).
    pub fn therapies(&self) -> &[TherapyEntry] {
        &self.catalog.therapies
    }

    /// The catalog entry for `code`.
    pub fn therapy(&self, code: TherapyCode) -> &TherapyEntry {
        // The loader stores exactly one entry per code in `TherapyCode::ALL` order, which is the
        // enum's declaration order, so the discriminant is the index.
        &self.catalog.therapies[code as usize]
    }

    /// The book's version and effective dates.
    pub fn version(&self) -> &PriceBookVersion {
        &self.catalog.price_book
    }

    /// How a range's typical price is found when nothing states one (e.g. a center's range).
    pub(crate) fn default_typical(&self) -> ComputedTypical {
        self.typical
    }

    /// Why that method.
    pub(crate) fn typical_rationale(&self) -> &str {
        &self.typical_rationale
    }

    /// The plain-words statements estimates make.
    pub(crate) fn assumptions(&self) -> &Assumptions {
        &self.assumptions
    }
}
