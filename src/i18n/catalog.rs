//! The catalogs: one Project Fluent resource per language, parsed and checked once. Messages
//! without variables are formatted once, when the catalog is built, so reading one costs a
//! hash lookup; messages with variables are formatted when asked for.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::Entry;

use super::Lang;

/// Prefixes of the entries that carry price-book data (its English is in price_book.toml).
pub const DATA_PREFIXES: [&str; 5] = ["therapy-", "line-", "add-on-", "assumption-", "disclaimer-"];

/// The English catalog: the source texts.
const EN: &str = include_str!("en.ftl");
/// The Spanish catalog.
const ES: &str = include_str!("es.ftl");

static SHIPPED: LazyLock<Catalog> = LazyLock::new(|| {
    // Checked at start-up (`Catalog::check_shipped`) and by a unit test, so this cannot fail in
    // a running service.
    Catalog::from_sources([EN, ES]).unwrap_or_else(|e| panic!("{e}"))
});

/// A value placed into a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text, placed as is (amounts arrive already written: `$400.00`).
    Text(Cow<'a, str>),
    /// A count, which can choose a plural form.
    Count(u64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Count(u64::from(n))
    }
}

/// A catalog that does not parse, or repeats a message.
#[derive(Debug, thiserror::Error)]
#[error("the {lang} catalog (src/i18n/{lang}.ftl) is invalid: {detail}")]
pub struct CatalogError {
    lang: Lang,
    detail: String,
}

/// The messages of every language.
pub struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Each language's messages without variables, formatted once.
    plain: Vec<HashMap<String, String>>,
    /// Each language's message ids, in file order.
    keys: Vec<Vec<String>>,
    /// The English of each price-book entry, to its id: how a text frozen in English (in a
    /// stored quote, or made by the price book) is found again.
    by_english: HashMap<String, String>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field(
                "messages",
                &self.keys.iter().map(Vec::len).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalogs shipped with the service.
    pub fn shipped() -> &'static Catalog {
        &SHIPPED
    }

    /// Parses the shipped catalogs, naming the file and the fault when one is invalid; called
    /// once at start-up so that a broken catalog stops the service before it answers.
    pub fn check_shipped() -> Result<(), CatalogError> {
        Catalog::from_sources([EN, ES]).map(|_| ())
    }

    /// A catalog from Fluent sources, one per language in [`Lang::ALL`] order.
    pub fn from_sources(sources: [&str; 2]) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog {
            bundles: Vec::with_capacity(2),
            plain: Vec::with_capacity(2),
            keys: Vec::with_capacity(2),
            by_english: HashMap::new(),
        };
        for (lang, source) in Lang::ALL.into_iter().zip(sources) {
            let invalid = |detail: String| CatalogError { lang, detail };
            let resource = FluentResource::try_new(source.to_owned())
                .map_err(|(_, errors)| invalid(format!("{:?}", errors.first())))?;
            let keys: Vec<String> = resource
                .entries()
                .filter_map(|entry| match entry {
                    Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                })
                .collect();
            let id = lang
                .tag()
                .parse()
                .map_err(|e| invalid(format!("language tag: {e}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks would end up in JSON text and HTML; the placed values are
            // amounts, numbers and names, never right-to-left text.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| invalid(format!("{:?}", errors.first())))?;
            let mut plain = HashMap::with_capacity(keys.len());
            for key in &keys {
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                    return Err(invalid(format!("message {key} has no value")));
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                // A message with variables fails to format without arguments: it is formatted
                // when asked for instead.
                if errors.is_empty() {
                    plain.insert(key.clone(), unwrap_lines(text.into_owned()));
                }
            }
            if lang == Lang::En {
                catalog.by_english = plain
                    .iter()
                    .filter(|(key, _)| DATA_PREFIXES.iter().any(|p| key.starts_with(p)))
                    .map(|(key, text)| (text.clone(), key.clone()))
                    .collect();
            }
            catalog.bundles.push(bundle);
            catalog.plain.push(plain);
            catalog.keys.push(keys);
        }
        Ok(catalog)
    }

    /// The message `key` without variables in `lang`, or in English when `lang` lacks it.
    /// Unknown everywhere (a defect the tests catch) gives an empty text.
    pub fn text(&self, lang: Lang, key: &str) -> &str {
        match self.plain[lang.index()]
            .get(key)
            .or_else(|| self.plain[Lang::En.index()].get(key))
        {
            Some(text) => text,
            None => {
                debug_assert!(false, "no plain message {key}");
                ""
            }
        }
    }

    /// The message `key` without variables in `lang` only: `None` when that catalog lacks it
    /// (data with its own English text, such as a stored quote's line, then keeps it).
    pub fn get(&self, lang: Lang, key: &str) -> Option<&str> {
        self.plain[lang.index()].get(key).map(String::as_str)
    }

    /// The message `key` in `lang` (English when `lang` lacks it) with `args` placed in it.
    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let found = [lang, Lang::En].into_iter().find_map(|l| {
            let bundle = &self.bundles[l.index()];
            bundle
                .get_message(key)
                .and_then(|m| m.value())
                .map(|p| (bundle, p))
        });
        let Some((bundle, pattern)) = found else {
            debug_assert!(false, "no message {key}");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_ref()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        debug_assert!(errors.is_empty(), "{key}: {errors:?}");
        unwrap_lines(text.into_owned())
    }

    /// Price-book text (a therapy's name, a line's description, an assumption, a disclaimer)
    /// in `lang`, found by its English: `None` for English, and when the text is not the
    /// shipped price book's or `lang` has no entry for it (the English then stands).
    pub fn data_text(&self, lang: Lang, english: &str) -> Option<&str> {
        if lang == Lang::En {
            return None;
        }
        self.get(lang, self.by_english.get(english)?)
    }

    /// The id of a price-book text, found by its English.
    pub fn data_key(&self, english: &str) -> Option<&str> {
        self.by_english.get(english).map(String::as_str)
    }

    /// The message ids English has and `lang` lacks, in the English file's order.
    pub fn missing(&self, lang: Lang) -> Vec<&str> {
        let have = &self.keys[lang.index()];
        self.keys[Lang::En.index()]
            .iter()
            .filter(|k| !have.contains(k))
            .map(String::as_str)
            .collect()
    }

    /// The message ids of `lang`, in file order.
    pub fn keys(&self, lang: Lang) -> &[String] {
        &self.keys[lang.index()]
    }
}

/// A message wraps over lines freely in its file; no text needs a line break, so one reads as
/// a space.
fn unwrap_lines(text: String) -> String {
    if text.contains('\n') {
        text.replace('\n', " ")
    } else {
        text
    }
}
