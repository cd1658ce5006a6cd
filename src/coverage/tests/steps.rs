//! The next steps and the patient's share that answers carry, for each payer.

use super::*;

#[test]
fn only_medicare_answers_about_outpatient_injections_carry_the_advance_beneficiary_notice() {
    let rules = rules();
    let outpatient = [
        TherapyCode::KneeMscInjection,
        TherapyCode::KneeMscPrp,
        TherapyCode::BackMscPrp,
    ];
    for (therapy, payer, condition) in every_question() {
        let answer = rules.answer(therapy, payer, condition, None);
        let abn = answer
            .next_steps
            .iter()
            .find(|step| step.kind == NextStepKind::AdvanceBeneficiaryNotice);
        assert_eq!(
            abn.is_some(),
            payer == Payer::Medicare && outpatient.contains(&therapy),
            "{therapy} / {payer}"
        );
        if let Some(step) = abn {
            assert!(step.action.contains("CMS-R-131"), "{}", step.action);
            assert!(step.action.contains("Part B"), "{}", step.action);
        }
        // No step points at an ABN step the answer does not carry.
        if abn.is_none() {
            for step in &answer.next_steps {
                assert!(
                    !step.action.contains("ABN step"),
                    "{therapy}: {}",
                    step.action
                );
            }
        }
    }
}

#[test]
fn every_self_pay_answer_says_the_patient_pays_and_offers_a_good_faith_estimate() {
    let rules = rules();
    for (therapy, payer, condition) in every_question() {
        if payer != Payer::SelfPay {
            continue;
        }
        let answer = rules.answer(therapy, payer, condition, None);
        assert_eq!(answer.status, CoverageStatus::NotCovered, "{therapy}");
        assert!(
            answer.explanation.contains("bills you directly"),
            "{}",
            answer.explanation
        );
        let gfe = answer
            .next_steps
            .iter()
            .find(|step| step.kind == NextStepKind::GoodFaithEstimate)
            .unwrap_or_else(|| panic!("{therapy}: no Good Faith Estimate step"));
        assert!(gfe.source.citation.contains("45 CFR 149.610"));
        assert!(has_step(&answer, NextStepKind::Financing), "{therapy}");
        assert!(
            !has_step(&answer, NextStepKind::PriorAuthorization),
            "{therapy}"
        );
    }
}

#[test]
fn insured_patients_facing_the_bill_are_offered_an_estimate_and_a_written_decision() {
    let answer = rules().answer(TherapyCode::KneeMscPrp, Payer::Commercial, None, None);
    assert!(has_step(&answer, NextStepKind::GoodFaithEstimate));
    assert!(has_step(&answer, NextStepKind::WrittenDetermination));
    assert!(!has_step(&answer, NextStepKind::PriorAuthorization));
}

#[test]
fn the_patient_pays_the_cash_range_unless_covered() {
    let rules = rules();
    let range = price(3_500, 25_000);
    let knee = rules.answer(
        TherapyCode::KneeMscInjection,
        Payer::Medicare,
        None,
        Some(range),
    );
    let owed = knee
        .patient_responsibility
        .expect("rarely covered: the patient pays");
    assert_eq!(
        (owed.low_cents, owed.high_cents),
        (range.low_cents, range.high_cents)
    );
    assert!(owed.note.contains("in writing"), "{}", owed.note);

    let remestemcel = rules.answer(
        TherapyCode::RemestemcelL,
        Payer::Medicare,
        None,
        Some(range),
    );
    let may = remestemcel
        .patient_responsibility
        .expect("may be covered: the patient pays if the insurer does not");
    assert!(may.note.contains("does not approve"), "{}", may.note);

    let unpriced = rules.answer(TherapyCode::KneeMscInjection, Payer::SelfPay, None, None);
    assert_eq!(unpriced.patient_responsibility, None);
}
