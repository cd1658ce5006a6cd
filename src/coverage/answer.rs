//! The shape of a coverage answer: what an insurer is likely to do, why, what the patient
//! would pay, what they can do next, and the sources behind each claim.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Condition, Payer};
use crate::money::Cents;
use crate::therapy::TherapyCode;

/// Whether the payer is expected to pay, never stated more firmly than the sources allow.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(example = "rarely_covered")]
pub enum CoverageStatus {
    /// The sources say this payer reimburses this use; the plan's own terms still apply.
    Covered,
    /// Coverage is possible but not established by the sources; ask for prior authorization.
    MayBeCovered,
    /// The sources say this is rarely or usually not covered.
    RarelyCovered,
    /// The sources say this is not covered, or no insurer is billed.
    NotCovered,
}

/// Why the answer is what it is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(example = "experimental")]
pub enum Basis {
    /// The sources classify the therapy as investigational.
    Investigational,
    /// The sources classify the therapy as experimental.
    Experimental,
    /// The FDA has approved the product for this indication.
    FdaApprovedIndication,
    /// An established transplant procedure for this condition: it may be paid, for the
    /// indications and criteria each payer sets (for Medicare, NCD 110.23).
    EstablishedTransplant,
    /// The sources do not list the therapy as a treatment for the condition asked about.
    NoEstablishedIndication,
    /// No insurer is billed: the patient pays the provider directly.
    SelfPay,
}

impl Basis {
    /// Whether a rule may pair this basis with `status`. An approval basis is what lets a
    /// payer cover something; an experimental or investigational one never supports
    /// coverage, and paying directly is always "not covered".
    pub(crate) const fn supports(self, status: CoverageStatus) -> bool {
        use CoverageStatus::*;
        match self {
            Basis::FdaApprovedIndication | Basis::EstablishedTransplant => {
                matches!(status, Covered | MayBeCovered)
            }
            Basis::Investigational | Basis::Experimental => {
                matches!(status, RarelyCovered | NotCovered)
            }
            Basis::NoEstablishedIndication | Basis::SelfPay => matches!(status, NotCovered),
        }
    }
}

/// A source an answer relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Source {
    /// Stable identifier of the source within the coverage rules.
    #[schema(example = "seed_access_knee_msc")]
    pub id: String,
    /// What the source is.
    #[schema(example = "Economic & Access Landscape (2026): single-knee MSC injection")]
    pub title: String,
    /// Where to find it: document, section, table and row, or the regulation.
    #[schema(
        example = "Seed 000_d9be3b6bbdbe24f3.txt, table \"Economic & Access Landscape (2026)\", row \"Single‑knee MSC injection\", column \"Insurance Coverage\""
    )]
    pub citation: String,
    /// The words relied on, verbatim, when the source is a document we hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Rarely covered; classified as experimental")]
    pub quote: Option<String>,
}

/// What the patient would pay themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PatientResponsibility {
    /// Low end of the cash price range, in cents.
    #[schema(example = 350_000)]
    pub low_cents: Cents,
    /// High end of the cash price range, in cents.
    #[schema(example = 2_500_000)]
    pub high_cents: Cents,
    /// When this applies and which figure to rely on.
    #[schema(
        example = "Expect to pay this yourself unless your insurer confirms coverage in writing before treatment. This is the cash price range for the therapy; the provider's Good Faith Estimate gives your own price."
    )]
    pub note: String,
}

/// The kinds of step a patient can take.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NextStepKind {
    /// Ask the provider for a Good Faith Estimate (No Surprises Act, 45 CFR 149.610).
    GoodFaithEstimate,
    /// Look at financing, and compare the lender's required disclosures.
    Financing,
    /// Medicare: the Advance Beneficiary Notice of Noncoverage (form CMS-R-131), for
    /// outpatient (Part B) treatments.
    AdvanceBeneficiaryNotice,
    /// Ask the insurer for prior authorization before treatment.
    PriorAuthorization,
    /// Ask the insurer for its coverage decision in writing.
    WrittenDetermination,
}

impl NextStepKind {
    /// Every kind of step, in the order answers list them.
    pub const ALL: [NextStepKind; 5] = [
        NextStepKind::PriorAuthorization,
        NextStepKind::WrittenDetermination,
        NextStepKind::AdvanceBeneficiaryNotice,
        NextStepKind::GoodFaithEstimate,
        NextStepKind::Financing,
    ];

    /// The wire name, e.g. `good_faith_estimate`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NextStepKind::GoodFaithEstimate => "good_faith_estimate",
            NextStepKind::Financing => "financing",
            NextStepKind::AdvanceBeneficiaryNotice => "advance_beneficiary_notice",
            NextStepKind::PriorAuthorization => "prior_authorization",
            NextStepKind::WrittenDetermination => "written_determination",
        }
    }

    /// The payers this kind of step can apply to: the ABN is a Medicare notice, and only an
    /// insurer can authorize or decide coverage.
    pub(crate) fn applies_to(self, payer: Payer) -> bool {
        match self {
            NextStepKind::GoodFaithEstimate | NextStepKind::Financing => true,
            NextStepKind::AdvanceBeneficiaryNotice => payer == Payer::Medicare,
            NextStepKind::PriorAuthorization | NextStepKind::WrittenDetermination => {
                payer.is_insurer()
            }
        }
    }

    /// Whether an answer with this payer and status carries this step.
    pub(crate) fn offered(self, payer: Payer, status: CoverageStatus) -> bool {
        use CoverageStatus::*;
        let patient_may_pay = !payer.is_insurer() || matches!(status, RarelyCovered | NotCovered);
        self.applies_to(payer)
            && match self {
                NextStepKind::GoodFaithEstimate | NextStepKind::Financing => patient_may_pay,
                // Whatever the status, a Medicare patient may meet items the provider expects
                // Medicare to deny; whether the treatment is outpatient (Part B, where the ABN
                // applies) is the rules' to say.
                NextStepKind::AdvanceBeneficiaryNotice => true,
                NextStepKind::PriorAuthorization => matches!(status, Covered | MayBeCovered),
                NextStepKind::WrittenDetermination => matches!(status, RarelyCovered | NotCovered),
            }
    }
}

/// Something the patient can do, and the source that says they can.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NextStep {
    /// What kind of step this is.
    pub kind: NextStepKind,
    /// What to do, in plain language.
    #[schema(
        example = "Ask your plan for its coverage decision in writing before treatment, not over the phone."
    )]
    pub action: String,
    /// The source of the right or the advice.
    pub source: Source,
}

/// Will this payer pay for this therapy, and what should the patient do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = super::CoverageRules::schema_example)]
pub struct CoverageAnswer {
    /// The therapy asked about.
    pub therapy: TherapyCode,
    /// The payer asked about.
    pub payer: Payer,
    /// The condition answered for: the one asked about, or the therapy's main use.
    pub condition: Condition,
    /// True when no condition was given and the therapy's main use was assumed.
    pub condition_assumed: bool,
    /// Whether the payer is expected to pay.
    pub status: CoverageStatus,
    /// Why.
    pub basis: Basis,
    /// The answer in plain language, no more certain than its sources.
    pub explanation: String,
    /// What the patient would pay themselves; absent when covered or when no cash price is
    /// known for the therapy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_responsibility: Option<PatientResponsibility>,
    /// Things the patient can do next, each with its source.
    pub next_steps: Vec<NextStep>,
    /// The sources behind the status and explanation.
    pub sources: Vec<Source>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experimental_and_investigational_bases_never_support_coverage() {
        for basis in [Basis::Experimental, Basis::Investigational] {
            assert!(!basis.supports(CoverageStatus::Covered));
            assert!(!basis.supports(CoverageStatus::MayBeCovered));
            assert!(basis.supports(CoverageStatus::RarelyCovered));
        }
        assert!(Basis::EstablishedTransplant.supports(CoverageStatus::Covered));
        assert!(!Basis::SelfPay.supports(CoverageStatus::RarelyCovered));
    }

    #[test]
    fn advance_beneficiary_notice_is_offered_only_to_medicare() {
        for payer in Payer::ALL {
            assert_eq!(
                NextStepKind::AdvanceBeneficiaryNotice.offered(payer, CoverageStatus::NotCovered),
                payer == Payer::Medicare
            );
        }
    }

    #[test]
    fn self_pay_is_offered_an_estimate_and_financing_but_nothing_an_insurer_does() {
        let offered: Vec<NextStepKind> = NextStepKind::ALL
            .into_iter()
            .filter(|k| k.offered(Payer::SelfPay, CoverageStatus::NotCovered))
            .collect();
        assert_eq!(
            offered,
            [NextStepKind::GoodFaithEstimate, NextStepKind::Financing]
        );
    }
}
