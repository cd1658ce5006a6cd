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

/// The dispute process, as every document and reconciliation states it.
pub fn dispute_resolution() -> DisputeResolution {
    DisputeResolution {
        threshold_cents: DISPUTE_THRESHOLD,
        window_days: DISPUTE_WINDOW_DAYS,
        how_to_start: format!(
            "If a provider's or facility's bill is at least {DISPUTE_THRESHOLD} more than the \
             expected charges this estimate lists for it, you may start the patient-provider \
             dispute resolution process within {DISPUTE_WINDOW_DAYS} calendar days of the date \
             on the bill: see {NO_SURPRISES_URL} or call the No Surprises Help Desk at \
             {HELP_DESK_PHONE}. Keep a copy of this estimate and of the bill. The rule counts \
             the days from when you received the first bill; counting from the date on the bill, \
             as the federal form does, never gives you less time."
        ),
        fee_cents: DISPUTE_FEE,
        ask_the_provider: "You may contact the provider or facility listed to let them know the \
                           billed charges are higher than the Good Faith Estimate. You can ask \
                           them to update the bill to match the Good Faith Estimate, ask to \
                           negotiate the bill, or ask if there is financial assistance available."
            .to_owned(),
        after_the_decision: format!(
            "There is a {DISPUTE_FEE} fee to use the dispute process. If the agency reviewing your \
             dispute agrees with you, you will have to pay the price on this Good Faith \
             Estimate. If the agency disagrees with you and agrees with the provider or facility, \
             you will have to pay the higher amount."
        ),
        while_it_runs: "While you are disputing your bill, the provider or facility cannot move \
                        the bill for the disputed item or service into collection or threaten to \
                        do so; if the bill has already moved into collection, they have to stop \
                        collecting. They must also stop adding late fees on the unpaid amount \
                        until the dispute is over, and cannot take or threaten any action \
                        against you for disputing your bill."
            .to_owned(),
        help_desk_phone: HELP_DESK_PHONE,
        website: NO_SURPRISES_URL,
        citation: DISPUTE_CITATION,
        forms: [STANDARD_FORM, DISPUTE_FORM],
    }
}

/// The HHS standard notice of the patient's right to a Good Faith Estimate, as the document
/// repeats it.
pub fn right_to_estimate() -> RequiredDisclaimer {
    RequiredDisclaimer {
        code: "right_to_good_faith_estimate",
        text: format!(
            "You have the right to receive a Good Faith Estimate explaining how much your medical \
             care will cost. Under the law, health care providers need to give patients who \
             don't have insurance or who are not using insurance an estimate of the bill for \
             medical items and services. You have the right to receive a Good Faith Estimate for \
             the total expected cost of any non-emergency items or services, including related \
             costs like medical tests, prescription drugs, equipment and hospital fees. Make sure \
             your health care provider gives you a Good Faith Estimate in writing at least 1 \
             business day before your medical service or item. You can also ask your health care \
             provider, and any other provider you choose, for a Good Faith Estimate before you \
             schedule an item or service. If you receive a bill that is at least \
             {DISPUTE_THRESHOLD} more than your Good Faith Estimate, you can dispute the bill. \
             Make sure to save a copy or picture of your Good Faith Estimate. For questions or \
             more information about your right to a Good Faith Estimate, visit \
             {NO_SURPRISES_URL} or call {HELP_DESK_PHONE}."
        ),
        citation: STANDARD_NOTICE,
    }
}

/// The four disclaimers every Good Faith Estimate carries.
pub fn required_disclaimers() -> Vec<RequiredDisclaimer> {
    vec![
        RequiredDisclaimer {
            code: "additional_items",
            text: "Your provider may recommend other items or services as part of your course \
                   of care that must be scheduled or requested separately. They are not part of \
                   this Good Faith Estimate."
                .into(),
            citation: GFE_CITATION,
        },
        RequiredDisclaimer {
            code: "estimate_only",
            text: "This is only an estimate of the items and services reasonably expected to be \
                   provided, based on what was known when it was issued. The actual items, \
                   services or charges may differ from it: it does not include unknown or \
                   unexpected costs, and you could be charged more if complications or special \
                   circumstances occur."
                .into(),
            citation: GFE_CITATION,
        },
        RequiredDisclaimer {
            code: "dispute_resolution",
            text: format!(
                "You have the right to start the patient-provider dispute resolution process if \
                 your bill from any provider or facility is at least {DISPUTE_THRESHOLD} more \
                 than the expected charges listed here for that provider or facility. Start it \
                 within {DISPUTE_WINDOW_DAYS} calendar days of the date on the bill; for how, \
                 see {NO_SURPRISES_URL} or call {HELP_DESK_PHONE}. Starting a dispute will not \
                 affect the quality of the care you receive."
            ),
            citation: GFE_CITATION,
        },
        RequiredDisclaimer {
            code: "not_a_contract",
            text: "This Good Faith Estimate is not a contract. It does not require you to obtain \
                   the items or services from any of the providers or facilities listed in it."
                .into(),
            citation: GFE_CITATION,
        },
    ]
}

/// What the list of separately scheduled items must say above it.
pub fn separately_scheduled_disclaimer() -> String {
    "The items and services below are not included in this estimate. A separate Good Faith \
     Estimate is given for them when they are scheduled, or whenever you ask for one: ask the \
     provider or facility that will furnish them."
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dispute_disclaimer_states_the_threshold_the_window_and_where_to_start() {
        let text = &required_disclaimers()[2].text;
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
        let d = dispute_resolution();
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
        let notice = right_to_estimate();
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
        let all = required_disclaimers();
        let mut codes: Vec<_> = all.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 4);
        assert!(all.iter().all(|d| d.citation.starts_with("45 CFR 149.6")));
    }
}
