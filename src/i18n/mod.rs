//! The languages a patient reads the service in, and the catalogs of their text.
//!
//! Two languages: English, the default and the language every source text is written in, and
//! Spanish. [`Lang::negotiate`] picks one from an `Accept-Language` header (RFC 9110 §12.5.4);
//! [`Catalog`] holds one Project Fluent catalog per language (`en.ftl` and `es.ftl` beside this
//! file, each entry noting its source or translator), parsed once at start-up. A message the
//! Spanish catalog lacks falls back to English. Machine fields (codes, amounts, ids) never pass
//! through a catalog.

mod catalog;
mod negotiate;

pub use catalog::{Arg, Catalog, CatalogError, DATA_PREFIXES};

/// A language the service writes patient text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English: the default, and the language of every source text.
    #[default]
    En,
    /// Spanish (any region: `es-US`, `es-MX`, … all read `es`).
    Es,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The language tag answered in `Content-Language` and written in `lang` attributes.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The language a tag names (`es`, `es-MX`, `EN-us`), if the service writes it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// Index into per-language tables.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// The text of `key` in `lang` from the shipped catalogs (English when Spanish lacks it).
/// Precomputed at start-up: no formatting happens here.
pub fn text(lang: Lang, key: &str) -> &'static str {
    Catalog::shipped().text(lang, key)
}

/// Price-book text in `lang`, found by its English (see [`Catalog::data_text`]); the English
/// when there is no translation.
pub fn data_text(lang: Lang, english: &str) -> &str {
    Catalog::shipped()
        .data_text(lang, english)
        .unwrap_or(english)
}

/// The message `key` in `lang` with `args` placed in it, from the shipped catalogs.
pub fn format(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    Catalog::shipped().format(lang, key, args)
}

#[cfg(test)]
mod tests;
