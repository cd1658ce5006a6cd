//! What the No Surprises Act rules say a Good Faith Estimate must tell the patient, and the
//! numbers of the patient-provider dispute resolution process, each with its citation.
//!
//! Checked against: 45 CFR 149.620(a)(2)(ii) ("substantially in excess" means at least $400 more
//! than the total expected charges on the estimate for that provider or facility); the CMS
//! patient-provider dispute resolution form ("a bill that shows a date within the last 120
//! calendar days"; help at cms.gov/nosurprises and 1-800-985-3059); the No Surprises Help Desk
//! page on nsa-idr.cms.gov (1-800-985-3059); and the content elements of 45 CFR 149.610(c)(1)
//! as published in the interim final rule of 7 October 2021 (Federal Register vol. 86,
//! no. 192).

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

/// A statement the document must make, with the rule that requires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequiredDisclaimer {
    /// Stable code: `additional_items`, `estimate_only`, `dispute_resolution` or `not_a_contract`.
    #[schema(example = "not_a_contract")]
    pub code: &'static str,
    /// The statement, addressed to the patient.
    pub text: String,
    /// The rule that requires it.
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
    /// The No Surprises Help Desk.
    #[schema(example = "1-800-985-3059")]
    pub help_desk_phone: &'static str,
    /// Where to find the dispute process.
    #[schema(example = "https://www.cms.gov/nosurprises")]
    pub website: &'static str,
    /// The rule.
    #[schema(example = "45 CFR 149.620")]
    pub citation: &'static str,
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
        help_desk_phone: HELP_DESK_PHONE,
        website: NO_SURPRISES_URL,
        citation: DISPUTE_CITATION,
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
                   services or charges may differ from it."
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
    fn every_required_disclaimer_has_a_distinct_code_and_a_citation() {
        let all = required_disclaimers();
        let mut codes: Vec<_> = all.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 4);
        assert!(all.iter().all(|d| d.citation.starts_with("45 CFR 149.6")));
    }
}
