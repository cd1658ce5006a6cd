//! The rules' texts in the reader's language. Each patient text of `rules.toml` (the source)
//! has an English copy in `src/i18n/en.ftl` keyed by its row's stable code or id
//! (`cov-condition-<code>`, `cov-condition-<code>-summary`, `cov-therapy-<code>`,
//! `cov-therapy-<code>-off-indication`, `cov-rule-<id>`, `cov-orthopedic-note`,
//! `cov-step-<id>`) and its translation under the same key in the other catalogs. A text is
//! translated only while it matches its English copy word for word: an operator's rules file
//! with other words stays English rather than showing the translation of something else.

use std::collections::HashMap;

use super::answer::NextStep;
use super::rules::{ConditionInfo, Note, Rule, Rulebook, RulesError, TherapyInfo};
use super::table::{PerCondition, PerPayer, PerTherapy};
use crate::i18n::{Catalog, Lang};

/// The prefix of the catalog entries that copy a text of the rules.
pub(crate) const PREFIXES: [&str; 5] = [
    "cov-condition-",
    "cov-therapy-",
    "cov-rule-",
    "cov-orthopedic-note",
    "cov-step-",
];

/// Finds a rules text's translation by its English.
pub(crate) struct Translator {
    lang: Lang,
    catalog: &'static Catalog,
    by_english: HashMap<&'static str, &'static str>,
}

impl Translator {
    pub(crate) fn new(lang: Lang) -> Self {
        let catalog = Catalog::shipped();
        let by_english = catalog
            .keys(Lang::En)
            .iter()
            .filter(|k| PREFIXES.iter().any(|p| k.starts_with(p)))
            .filter_map(|k| Some((catalog.get(Lang::En, k)?, k.as_str())))
            .collect();
        Translator {
            lang,
            catalog,
            by_english,
        }
    }

    /// The catalog key of a rules text, found by its English.
    pub(crate) fn key(&self, english: &str) -> Option<&'static str> {
        self.by_english.get(english).copied()
    }

    /// `english` in this translator's language; the English itself when it is not one of the
    /// shipped rules' texts or has no translation.
    pub(crate) fn text(&self, english: &str) -> String {
        if self.lang == Lang::En {
            return english.to_owned();
        }
        self.key(english)
            .and_then(|key| self.catalog.get(self.lang, key))
            .unwrap_or(english)
            .to_owned()
    }
}

/// `book` with every patient text in `lang`; codes, statuses and sources unchanged.
pub(crate) fn localized(book: &Rulebook, lang: Lang) -> Result<Rulebook, RulesError> {
    if lang == Lang::En {
        return Ok(book.clone());
    }
    let tr = Translator::new(lang);
    let conditions = PerCondition::try_build(|c| {
        let info = book.conditions.get(c);
        Ok::<_, RulesError>(ConditionInfo {
            label: tr.text(&info.label),
            summary: tr.text(&info.summary),
            sources: info.sources.clone(),
        })
    })?;
    let therapies = PerTherapy::try_build(|t| {
        let info = book.therapies.get(t);
        Ok::<_, RulesError>(TherapyInfo {
            label: tr.text(&info.label),
            off_indication_note: info.off_indication_note.as_deref().map(|n| tr.text(n)),
            ..info.clone()
        })
    })?;
    let rules = book
        .rules
        .iter()
        .map(|rule| Rule {
            explanation: tr.text(&rule.explanation),
            ..rule.clone()
        })
        .collect();
    let orthopedic_note = Note {
        text: tr.text(&book.orthopedic_note.text),
        sources: book.orthopedic_note.sources.clone(),
    };
    let steps = PerPayer::try_build(|payer| {
        Ok::<_, RulesError>(
            book.steps
                .get(payer)
                .iter()
                .map(|step| NextStep {
                    action: tr.text(&step.action),
                    ..step.clone()
                })
                .collect(),
        )
    })?;
    Ok(Rulebook {
        conditions,
        therapies,
        rules,
        orthopedic_note,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::{Condition, CoverageRules, EMBEDDED, Payer};
    use crate::pricing::PriceRange;
    use crate::therapy::TherapyCode;

    /// Every patient text of the shipped rules file, with the catalog key it must have.
    fn rules_texts() -> Vec<(String, String)> {
        let file: toml::Table = toml::from_str(EMBEDDED).unwrap();
        let rows = |table: &str| file[table].as_array().unwrap().clone();
        let text = |row: &toml::Value, field: &str| row[field].as_str().unwrap().to_owned();
        let mut texts = Vec::new();
        for row in rows("condition") {
            let code = text(&row, "code");
            texts.push((format!("cov-condition-{code}"), text(&row, "label")));
            texts.push((
                format!("cov-condition-{code}-summary"),
                text(&row, "summary"),
            ));
        }
        for row in rows("therapy") {
            let code = text(&row, "code");
            texts.push((format!("cov-therapy-{code}"), text(&row, "label")));
            if row.get("off_indication_note").is_some() {
                texts.push((
                    format!("cov-therapy-{code}-off-indication"),
                    text(&row, "off_indication_note"),
                ));
            }
        }
        for row in rows("rule") {
            texts.push((
                format!("cov-rule-{}", text(&row, "id")),
                text(&row, "explanation"),
            ));
        }
        let note = toml::Value::Table(file["orthopedic_note"].as_table().unwrap().clone());
        texts.push(("cov-orthopedic-note".into(), text(&note, "text")));
        for row in rows("next_step") {
            texts.push((
                format!("cov-step-{}", text(&row, "id")),
                text(&row, "action"),
            ));
        }
        texts
    }

    #[test]
    fn every_rules_text_has_its_english_copy_word_for_word_and_a_spanish_translation() {
        let catalog = Catalog::shipped();
        let texts = rules_texts();
        assert!(texts.len() > 40, "{}", texts.len());
        let differ: Vec<_> = texts
            .iter()
            .filter(|(key, english)| catalog.get(Lang::En, key) != Some(english.as_str()))
            .map(|(key, _)| key)
            .collect();
        assert!(
            differ.is_empty(),
            "en.ftl differs from rules.toml: {differ:?}"
        );
        let untranslated: Vec<_> = texts
            .iter()
            .filter(|(key, _)| catalog.get(Lang::Es, key).is_none())
            .map(|(key, _)| key)
            .collect();
        assert!(
            untranslated.is_empty(),
            "missing in es.ftl: {untranslated:?}"
        );
        let stale: Vec<_> = catalog
            .keys(Lang::En)
            .iter()
            .filter(|k| PREFIXES.iter().any(|p| k.starts_with(p)))
            .filter(|k| !texts.iter().any(|(key, _)| key == *k))
            .collect();
        assert!(
            stale.is_empty(),
            "in en.ftl but not in rules.toml: {stale:?}"
        );
    }

    fn every_question() -> impl Iterator<Item = (TherapyCode, Payer, Option<Condition>)> {
        TherapyCode::ALL.into_iter().flat_map(|t| {
            Payer::ALL.into_iter().flat_map(move |p| {
                std::iter::once(None)
                    .chain(Condition::ALL.map(Some))
                    .map(move |c| (t, p, c))
            })
        })
    }

    /// The answer as JSON with its texts taken out.
    fn machine_fields(answer: &crate::coverage::CoverageAnswer) -> serde_json::Value {
        let mut json = serde_json::to_value(answer).unwrap();
        json.as_object_mut().unwrap().remove("explanation");
        if let Some(owed) = json.get_mut("patient_responsibility") {
            owed.as_object_mut().unwrap().remove("note");
        }
        for step in json["next_steps"].as_array_mut().unwrap() {
            step.as_object_mut().unwrap().remove("action");
        }
        json
    }

    #[test]
    fn every_spanish_answer_is_spanish_with_the_english_machine_fields() {
        let rules = CoverageRules::embedded().unwrap();
        let price = PriceRange::new(
            crate::money::Cents::from_dollars(3_500),
            crate::money::Cents::from_dollars(25_000),
        )
        .ok();
        for (therapy, payer, condition) in every_question() {
            let en = rules.answer_in(therapy, payer, condition, price, Lang::En);
            let es = rules.answer_in(therapy, payer, condition, price, Lang::Es);
            let asked = format!("{therapy} {payer} {condition:?}");
            assert_eq!(machine_fields(&en), machine_fields(&es), "{asked}");
            assert_eq!(
                en,
                rules.answer(therapy, payer, condition, price),
                "{asked}"
            );
            assert_ne!(en.explanation, es.explanation, "{asked}");
            // No English text of the rules is left in the Spanish answer (a name such as
            // "remestemcel-L (Ryoncil)" reads the same in both).
            for (key, english) in rules_texts() {
                if Catalog::shipped().get(Lang::Es, &key) != Some(english.as_str()) {
                    assert!(!es.explanation.contains(&english), "{asked}: {english}");
                }
            }
            for (e, s) in en.next_steps.iter().zip(&es.next_steps) {
                assert_ne!(e.action, s.action, "{asked}");
            }
            let notes = (en.patient_responsibility, es.patient_responsibility);
            if let (Some(e), Some(s)) = notes {
                assert_ne!(e.note, s.note, "{asked}");
            }
        }
    }

    #[test]
    fn the_spanish_assumption_and_off_indication_sentences_use_spanish_labels() {
        let rules = CoverageRules::embedded().unwrap();
        let assumed = rules.answer_in(
            TherapyCode::KneeMscInjection,
            Payer::Commercial,
            None,
            None,
            Lang::Es,
        );
        assert!(
            assumed.explanation.starts_with(
                "No se indicó ninguna afección, así que esta respuesta supone osteoartritis de \
                 rodilla, el uso principal de una inyección de MSC en una sola rodilla. La tabla"
            ),
            "{}",
            assumed.explanation
        );
        let off = rules.answer_in(
            TherapyCode::KneeMscInjection,
            Payer::SelfPay,
            Some(Condition::BackPain),
            None,
            Lang::Es,
        );
        assert!(
            off.explanation.contains(
                "como tratamiento para dolor de espalda; lo indican para osteoartritis de \
                 rodilla y defectos del cartílago."
            ),
            "{}",
            off.explanation
        );
    }

    #[test]
    fn an_operators_text_that_differs_from_the_shipped_one_stays_english() {
        let shipped = "explanation = \"The 2026 access table lists scaffold-based and bioprinted \
                       constructs as “Not covered (investigational)”. Expect to pay for it yourself.\"";
        assert!(EMBEDDED.contains(shipped));
        let own = "explanation = \"Our clinic's own words.\"";
        let rules = CoverageRules::parse(&EMBEDDED.replace(shipped, own)).unwrap();
        let answer = |lang| {
            rules.answer_in(
                TherapyCode::ScaffoldConstruct,
                Payer::Medicaid,
                Some(Condition::CartilageDefect),
                None,
                lang,
            )
        };
        assert!(
            answer(Lang::Es)
                .explanation
                .starts_with("Our clinic's own words. ")
        );
        // The rest of the answer is still translated.
        assert!(
            answer(Lang::Es)
                .explanation
                .contains("Ningún producto de MSC")
        );
        assert_eq!(
            machine_fields(&answer(Lang::En)),
            machine_fields(&answer(Lang::Es))
        );
    }
}
