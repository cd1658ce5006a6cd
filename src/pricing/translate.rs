//! An estimate's text in another language: its line descriptions, typical explanation,
//! assumptions and disclaimers, each found by its English in the catalog's price-book entries.
//! Amounts, codes and sources (citations, quoted as published) do not change; a text the
//! catalog does not know (an operator's own price book, a center's price-list source) stays
//! English.

use serde_json::Value;

use crate::i18n::{Catalog, Lang};
use crate::pricing::{Estimate, TherapyCatalog};

/// Fields of the therapy catalog that are never translated: citations (quoted as published)
/// and codes.
const UNTRANSLATED_FIELDS: [&str; 6] =
    ["source", "sources", "code", "citation", "quote", "version"];

/// The therapy catalog (`GET /v1/therapies`) with each text that is a price-book entry of the
/// catalogs (a therapy's name, its coverage wording, line descriptions, add-on labels, ...) in
/// `lang`, found by its English like an estimate's; codes, figures and sources unchanged, and a
/// text without an entry stays English. Made once per language when the price book loads.
pub(crate) fn catalog_in(catalog: &TherapyCatalog, lang: Lang) -> TherapyCatalog {
    if lang == Lang::En {
        return catalog.clone();
    }
    let Ok(mut value) = serde_json::to_value(catalog) else {
        return catalog.clone();
    };
    translate_texts(&mut value, Catalog::shipped(), lang);
    serde_json::from_value(value).unwrap_or_else(|_| catalog.clone())
}

fn translate_texts(value: &mut Value, catalog: &Catalog, lang: Lang) {
    match value {
        Value::Object(map) => {
            for (field, v) in map.iter_mut() {
                if !UNTRANSLATED_FIELDS.contains(&field.as_str()) {
                    translate_texts(v, catalog, lang);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                translate_texts(v, catalog, lang);
            }
        }
        Value::String(text) => {
            if let Some(translated) = catalog.data_text(lang, text) {
                *text = translated.to_owned();
            }
        }
        _ => {}
    }
}

/// Rewrites `estimate`'s text in `lang`; English leaves it as priced.
pub fn translate(estimate: &mut Estimate, lang: Lang) {
    if lang == Lang::En {
        return;
    }
    let catalog = Catalog::shipped();
    let tr = |text: &mut String| {
        if let Some(translated) = catalog.data_text(lang, text) {
            *text = translated.to_owned();
        }
    };
    for line in &mut estimate.lines {
        tr(&mut line.description);
    }
    tr(&mut estimate.typical_explanation);
    for assumption in &mut estimate.assumptions {
        tr(assumption);
    }
    for disclaimer in &mut estimate.disclaimers {
        tr(&mut disclaimer.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::DATA_PREFIXES;
    use crate::pricing::PriceBook;
    use crate::therapy::TherapyCode;

    fn knee(lang: Lang) -> Estimate {
        let book = PriceBook::embedded().unwrap();
        let request = serde_json::from_value(serde_json::json!({
            "therapy": "knee_msc_injection", "joints": 2, "sessions": 2
        }))
        .unwrap();
        let mut e = crate::pricing::estimate(&book, &request, None).unwrap();
        translate(&mut e, lang);
        e
    }

    #[test]
    fn a_spanish_estimate_has_spanish_text_and_the_same_figures() {
        let (en, es) = (knee(Lang::En), knee(Lang::Es));
        assert_eq!(es.lines[0].description, "Inyección de MSC, por rodilla");
        assert!(es.typical_explanation.starts_with("El precio típico"));
        assert!(
            es.disclaimers
                .iter()
                .any(|d| d.text == "Los resultados varían y no se pueden garantizar.")
        );
        for (a, b) in en.assumptions.iter().zip(&es.assumptions) {
            assert_ne!(a, b, "an assumption left in English: {a}");
        }
        let machine = |e: &Estimate| {
            let mut e = e.clone();
            e.typical_explanation.clear();
            e.assumptions.clear();
            e.lines.iter_mut().for_each(|l| l.description.clear());
            e.disclaimers.iter_mut().for_each(|d| d.text.clear());
            e
        };
        assert_eq!(machine(&en), machine(&es));
    }

    /// The two answers have the same shape, numbers and untranslated fields; any other text
    /// that differs is one the catalogs translate.
    fn same_but_translated(en: &Value, es: &Value, field: &str, translated: &mut usize) {
        match (en, es) {
            (Value::Object(a), Value::Object(b)) => {
                assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
                for (k, v) in a {
                    same_but_translated(v, &b[k], k, translated);
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                assert_eq!(a.len(), b.len(), "{field}");
                for (x, y) in a.iter().zip(b) {
                    same_but_translated(x, y, field, translated);
                }
            }
            (Value::String(a), Value::String(b)) if a != b => {
                assert!(!UNTRANSLATED_FIELDS.contains(&field), "{field}: {a}");
                assert_eq!(Catalog::shipped().data_text(Lang::Es, a), Some(b.as_str()));
                *translated += 1;
            }
            (a, b) => assert_eq!(a, b, "{field}"),
        }
    }

    #[test]
    fn the_spanish_catalog_names_therapies_and_add_ons_in_spanish_with_the_same_codes_and_figures()
    {
        let book = PriceBook::embedded().unwrap();
        let es = book.catalog_in(Lang::Es);
        assert_eq!(book.catalog_in(Lang::En), book.catalog());
        let knee = book.therapy_in(TherapyCode::KneeMscInjection, Lang::Es);
        assert_eq!(knee.code, TherapyCode::KneeMscInjection);
        assert_eq!(knee.name, "Inyección de MSC en una rodilla");
        let labels = serde_json::to_string(&knee.cash_price).unwrap();
        assert!(
            labels.contains("\"Plasma rico en plaquetas (PRP)\""),
            "{labels}"
        );
        let mut translated = 0;
        same_but_translated(
            &serde_json::to_value(book.catalog()).unwrap(),
            &serde_json::to_value(es).unwrap(),
            "",
            &mut translated,
        );
        // Every therapy's name at least.
        assert!(translated >= TherapyCode::ALL.len(), "{translated}");
    }

    /// Every price-book entry of en.ftl is the shipped price book's English word for word, so
    /// no translation is found for a text it was not made from.
    #[test]
    fn the_catalogs_price_book_entries_match_the_shipped_price_book() {
        let book = PriceBook::embedded().unwrap();
        let catalog = Catalog::shipped();
        let mut texts: Vec<String> = Vec::new();
        for code in TherapyCode::ALL {
            let t = book.therapy(code);
            texts.push(t.name.clone());
            texts.extend(t.disclaimers.iter().map(|d| d.text.clone()));
        }
        let keys: Vec<&String> = catalog
            .keys(Lang::En)
            .iter()
            .filter(|k| DATA_PREFIXES.iter().any(|p| k.starts_with(p)))
            .collect();
        assert!(keys.len() > 40, "{}", keys.len());
        for text in &texts {
            assert!(catalog.data_key(text).is_some(), "no entry for {text}");
        }
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| catalog.get(Lang::Es, k).is_none())
            .collect();
        println!("price-book entries without Spanish: {missing:?}");
        assert!(missing.is_empty(), "{missing:?}");
    }
}
