//! What the No Surprises Act rules say a Good Faith Estimate must tell the patient, and the
//! numbers of the patient-provider dispute resolution process, each with its citation.
//!
//! Checked against: 45 CFR 149.620(a)(2)(ii) ("substantially in excess" means at least $400 more
//! than the total expected charges on the estimate for that provider or facility); the CMS
//! patient-provider dispute resolution form (CMS-10853: "a bill that shows a date within the last
//! 120 calendar days"; while a bill is disputed it cannot be moved into collection, collection
//! stops, late fees are suspended; help at cms.gov/nosurprises and 1-800-985-3059); the No
//! Surprises Help Desk page on nsa-idr.cms.gov (1-800-985-3059); the content elements of 45 CFR
//! 149.610(c)(1) as published in the interim final rule of 7 October 2021 (Federal Register vol.
//! 86, no. 192); and the HHS standard form "Good Faith Estimate for Health Care Items and
//! Services" and standard notice "Right to Receive a Good Faith Estimate of Expected Charges"
//! (CMS-10791, appendices 2 and 1): the provider's contact person, phone and email, the
//! address where each item is provided, asking the provider to update or negotiate the bill or
//! about financial assistance, the $25 fee, and what the patient pays after the decision.

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{self, Arg, Lang};
use crate::money::Cents;

/// A bill at least this much over a provider's expected charges may be disputed.
pub const DISPUTE_THRESHOLD: Cents = Cents::new(40_000);
/// Calendar days after the bill within which a dispute must be started; the last day counts.
pub const DISPUTE_WINDOW_DAYS: u32 = 120;
/// The No Surprises Help Desk.
pub const HELP_DESK_PHONE: &str = "1-800-985-3059";
/// Where patients find how to start a dispute.
pub const NO_SURPRISES_URL: &str = "https://www.cms.gov/nosurprises";
/// The rule a Good Faith Estimate follows.
pub const GFE_CITATION: &str = "45 CFR 149.610(c)(1)";
/// The rule of the dispute process.
pub const DISPUTE_CITATION: &str = "45 CFR 149.620";
/// The fee for starting the patient-provider dispute resolution process.
pub const DISPUTE_FEE: Cents = Cents::new(2_500);
/// The HHS standard form a Good Faith Estimate follows.
pub const STANDARD_FORM: &str = "HHS standard form \"Good Faith Estimate for Health Care Items and \
    Services\" (CMS-10791, appendix 2)";
/// The HHS standard notice of the right to a Good Faith Estimate.
pub const STANDARD_NOTICE: &str = "HHS standard notice \"Right to Receive a Good Faith Estimate of \
    Expected Charges\" (CMS-10791, appendix 1)";
/// The CMS form that starts a dispute, which states the patient's protections while it runs.
pub const DISPUTE_FORM: &str = "CMS patient-provider dispute resolution form (CMS-10853)";

/// A statement the document must make, with the rule that requires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequiredDisclaimer {
    /// Stable code: `additional_items`, `estimate_only`, `dispute_resolution`, `not_a_contract`,
    /// or `right_to_good_faith_estimate` for the standard notice.
    #[schema(example = "not_a_contract")]
    pub code: &'static str,
    /// The statement, addressed to the patient.
    pub text: String,
    /// The rule or standard form that requires it.
    #[schema(example = "45 CFR 149.610(c)(1)")]
    pub citation: &'static str,
}

/// How and when a patient may dispute a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DisputeResolution {
    /// A provider's bill at least this much over its expected charges may be disputed ($400).
    #[schema(example = 40_000)]
    pub threshold_cents: Cents,
    /// The dispute must be started within this many calendar days of the bill; the last day
    /// still counts.
    #[schema(example = 120)]
    pub window_days: u32,
    /// How to start, in plain words.
    pub how_to_start: String,
    /// The fee for starting the dispute process ($25).
    #[schema(example = 2_500)]
    pub fee_cents: Cents,
    /// Before disputing: what the patient can ask the provider.
    pub ask_the_provider: String,
    /// What the patient pays once the dispute is decided.
    pub after_the_decision: String,
    /// What the provider may not do while the dispute runs.
    pub while_it_runs: String,
    /// The No Surprises Help Desk.
    #[schema(example = "1-800-985-3059")]
    pub help_desk_phone: &'static str,
    /// Where to find the dispute process.
    #[schema(example = "https://www.cms.gov/nosurprises")]
    pub website: &'static str,
    /// The rule.
    #[schema(example = "45 CFR 149.620")]
    pub citation: &'static str,
    /// The forms whose words these are.
    pub forms: [&'static str; 2],
}

/// The values the dispute texts place: threshold, window, website and help desk.
fn dispute_args() -> [(&'static str, Arg<'static>); 4] {
    [
        ("threshold", DISPUTE_THRESHOLD.to_string().into()),
        ("days", DISPUTE_WINDOW_DAYS.to_string().into()),
        ("url", NO_SURPRISES_URL.into()),
        ("phone", HELP_DESK_PHONE.into()),
    ]
}

/// The dispute process, as every document and reconciliation states it, in `lang`.
pub fn dispute_resolution(lang: Lang) -> DisputeResolution {
    DisputeResolution {
        threshold_cents: DISPUTE_THRESHOLD,
        window_days: DISPUTE_WINDOW_DAYS,
        how_to_start: i18n::format(lang, "gfe-how-to-start", &dispute_args()),
        fee_cents: DISPUTE_FEE,
        ask_the_provider: i18n::text(lang, "gfe-ask-the-provider").to_owned(),
        after_the_decision: i18n::format(
            lang,
            "gfe-after-the-decision",
            &[("fee", DISPUTE_FEE.to_string().into())],
        ),
        while_it_runs: i18n::text(lang, "gfe-while-it-runs").to_owned(),
        help_desk_phone: HELP_DESK_PHONE,
        website: NO_SURPRISES_URL,
        citation: DISPUTE_CITATION,
        forms: [STANDARD_FORM, DISPUTE_FORM],
    }
}

/// The HHS standard notice of the patient's right to a Good Faith Estimate, as the document
/// repeats it, in `lang`.
pub fn right_to_estimate(lang: Lang) -> RequiredDisclaimer {
    RequiredDisclaimer {
        code: "right_to_good_faith_estimate",
        text: i18n::format(lang, "gfe-right-to-estimate", &dispute_args()),
        citation: STANDARD_NOTICE,
    }
}

/// The four disclaimers every Good Faith Estimate carries, in `lang`.
pub fn required_disclaimers(lang: Lang) -> Vec<RequiredDisclaimer> {
    let plain = |code, key| RequiredDisclaimer {
        code,
        text: i18n::text(lang, key).to_owned(),
        citation: GFE_CITATION,
    };
    vec![
        plain("additional_items", "gfe-disclaimer-additional-items"),
        plain("estimate_only", "gfe-disclaimer-estimate-only"),
        RequiredDisclaimer {
            code: "dispute_resolution",
            text: i18n::format(lang, "gfe-disclaimer-dispute-resolution", &dispute_args()),
            citation: GFE_CITATION,
        },
        plain("not_a_contract", "gfe-disclaimer-not-a-contract"),
    ]
}

/// What the list of separately scheduled items must say above it, in `lang`.
pub fn separately_scheduled_disclaimer(lang: Lang) -> String {
    i18n::text(lang, "gfe-separately-scheduled-disclaimer").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dispute_disclaimer_states_the_threshold_the_window_and_where_to_start() {
        let text = &required_disclaimers(Lang::En)[2].text;
        for needle in [
            "$400.00",
            "120 calendar days",
            "1-800-985-3059",
            "cms.gov/nosurprises",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
    }

    #[test]
    fn the_dispute_process_states_the_fee_the_outcome_collections_and_whom_to_ask_first() {
        let d = dispute_resolution(Lang::En);
        assert_eq!(d.fee_cents, Cents::new(2_500));
        assert!(
            d.after_the_decision.contains("$25.00 fee"),
            "{}",
            d.after_the_decision
        );
        assert!(d.after_the_decision.contains("pay the higher amount"));
        assert!(
            d.while_it_runs.contains("cannot move the bill"),
            "{}",
            d.while_it_runs
        );
        assert!(d.while_it_runs.contains("late fees"));
        for ask in [
            "update the bill",
            "negotiate the bill",
            "financial assistance",
        ] {
            assert!(d.ask_the_provider.contains(ask), "{ask}");
        }
        assert!(d.forms.iter().any(|f| f.contains("CMS-10791")));
    }

    #[test]
    fn the_right_to_an_estimate_is_stated_as_the_standard_notice_says_it() {
        let notice = right_to_estimate(Lang::En);
        assert!(
            notice
                .text
                .starts_with("You have the right to receive a Good Faith Estimate")
        );
        for needle in ["1 business day", "$400.00", "save a copy", "1-800-985-3059"] {
            assert!(notice.text.contains(needle), "{needle}");
        }
        assert!(
            notice
                .citation
                .contains("Right to Receive a Good Faith Estimate")
        );
    }

    #[test]
    fn every_required_disclaimer_has_a_distinct_code_and_a_citation() {
        let all = required_disclaimers(Lang::En);
        let mut codes: Vec<_> = all.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 4);
        assert!(all.iter().all(|d| d.citation.starts_with("45 CFR 149.6")));
    }

    #[test]
    fn in_spanish_the_statements_use_cms_terms_and_keep_every_figure() {
        let notice = right_to_estimate(Lang::Es);
        assert!(
            notice
                .text
                .starts_with("Usted tiene derecho a recibir un estimado de buena fe")
        );
        assert!(
            notice
                .text
                .contains("al menos $400.00 más alta que su estimado de buena fe")
        );
        let dispute = &required_disclaimers(Lang::Es)[2].text;
        for needle in [
            "proceso de resolución de disputas entre pacientes y proveedores",
            "$400.00",
            "120 días calendario",
            "1-800-985-3059",
            "https://www.cms.gov/nosurprises",
        ] {
            assert!(dispute.contains(needle), "{needle}: {dispute}");
        }
        let d = dispute_resolution(Lang::Es);
        assert!(
            d.after_the_decision.contains("$25.00"),
            "{}",
            d.after_the_decision
        );
        assert_eq!(
            d.threshold_cents,
            dispute_resolution(Lang::En).threshold_cents
        );
        assert_eq!(d.forms, dispute_resolution(Lang::En).forms);
    }
}
