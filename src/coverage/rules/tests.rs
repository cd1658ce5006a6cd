//! A bad rules file fails to load, and the error names the row and field to fix.

use crate::coverage::{CoverageRules, RulesError};

const SHIPPED: &str = include_str!("../rules.toml");

/// The shipped file with one piece of text replaced.
fn with(old: &str, new: &str) -> String {
    assert!(
        SHIPPED.contains(old),
        "the shipped rules no longer contain {old:?}"
    );
    SHIPPED.replacen(old, new, 1)
}

fn error_for(text: &str) -> RulesError {
    CoverageRules::parse(text).expect_err("the rules should be rejected")
}

const KNEE_RULE: &str = "id = \"knee_msc_injection_insured\"\ntherapy = \"knee_msc_injection\"\npayers = [\"medicare\", \"medicaid\", \"commercial\"]\nstatus = \"rarely_covered\"";

#[test]
fn the_shipped_rules_load() {
    CoverageRules::parse(SHIPPED).expect("the shipped rules load");
}

#[test]
fn a_bad_row_is_named_by_table_index_id_and_field() {
    // (what is changed, new text, table, id, field, words the problem must contain)
    let cases = [
        (
            KNEE_RULE,
            KNEE_RULE.replace("\"rarely_covered\"", "\"covered\""),
            "rule",
            "knee_msc_injection_insured",
            "status",
            "never `covered`",
        ),
        (
            KNEE_RULE,
            KNEE_RULE.replace("\"rarely_covered\"", "\"sometimes\""),
            "rule",
            "knee_msc_injection_insured",
            "status",
            "may_be_covered",
        ),
        (
            "sources = [\"seed_access_scaffold\"]",
            "sources = [\"seed_access_scafold\"]".into(),
            "rule",
            "scaffold_construct_insured",
            "sources",
            "seed_access_scafold",
        ),
        (
            KNEE_RULE,
            format!("{KNEE_RULE}\nprobability = 0.1"),
            "rule",
            "knee_msc_injection_insured",
            "probability",
            "unknown field",
        ),
        (
            "payers = [\"self_pay\"]\nstatus = \"not_covered\"\nbasis = \"self_pay\"",
            "payers = [\"self_pay\"]\nstatus = \"not_covered\"\nbasis = \"investigational\"".into(),
            "rule",
            "knee_msc_injection_self_pay",
            "basis",
            "self_pay",
        ),
        (
            "id = \"hsct_medicaid\"\ntherapy = \"hsct\"\npayers = [\"medicaid\"]",
            "id = \"hsct_medicaid\"\ntherapy = \"hsct\"\npayers = [\"medicaid\"]\nconditions = [\"knee_osteoarthritis\"]".into(),
            "rule",
            "hsct_medicaid",
            "conditions",
            "not listed",
        ),
        (
            "id = \"hsct_medicaid\"\ntherapy = \"hsct\"\npayers = [\"medicaid\"]",
            "id = \"hsct_medicaid\"\ntherapy = \"hsct\"\npayers = [\"medicaid\", \"commercial\"]"
                .into(),
            "rule",
            "hsct_medicaid",
            "payers",
            "already answers",
        ),
        (
            "id = \"hsct_self_pay\"",
            "id = \"hsct_medicaid\"".into(),
            "rule",
            "hsct_medicaid",
            "id",
            "already has this id",
        ),
        (
            "basis = \"established_transplant\"\nexplanation = \"A hematopoietic",
            "basis = \"established_transplant\"\nexplanation = \" \"\nignored = \"A hematopoietic"
                .into(),
            "rule",
            "hsct_medicare",
            "ignored",
            "unknown field",
        ),
        (
            "primary_condition = \"back_pain\"",
            "primary_condition = \"knee_osteoarthritis\"".into(),
            "therapy",
            "back_msc_prp",
            "primary_condition",
            "must be one of",
        ),
        (
            "code = \"back_pain\"\nlabel = \"back pain\"\nsummary",
            "code = \"back_pain\"\nlabel = \"\"\nsummary".into(),
            "condition",
            "back_pain",
            "label",
            "must not be empty",
        ),
        (
            "kind = \"advance_beneficiary_notice\"\npayers = [\"medicare\"]",
            "kind = \"advance_beneficiary_notice\"\npayers = [\"medicare\", \"commercial\"]".into(),
            "next_step",
            "advance_beneficiary_notice",
            "payers",
            "does not apply to `commercial`",
        ),
        (
            "setting = \"inpatient\"\nsetting_source = \"cms_ncd_110_23\"",
            "setting = \"inpatient\"".into(),
            "therapy",
            "hsct",
            "setting_source",
            "cite the source",
        ),
    ];
    for (old, new, table, id, field, problem) in cases {
        let err = error_for(&with(old, &new));
        let RulesError::Row {
            table: t,
            id: i,
            field: f,
            problem: p,
            ..
        } = &err
        else {
            panic!("expected a row error for {new:?}, got {err}");
        };
        assert_eq!((*t, i.as_str(), f.as_str()), (table, id, field), "{err}");
        assert!(p.contains(problem), "{err}");
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("{table}[")) && shown.contains(id) && shown.contains(field),
            "{shown}"
        );
    }
}

#[test]
fn an_empty_explanation_is_rejected() {
    let err = error_for(&with(
        "explanation = \"The 2026 access table lists scaffold-based and bioprinted constructs as “Not covered (investigational)”. Expect to pay for it yourself.\"",
        "explanation = \"  \"",
    ));
    assert_eq!(err.field(), Some("explanation"), "{err}");
    assert!(
        err.to_string().contains("scaffold_construct_insured"),
        "{err}"
    );
}

#[test]
fn a_missing_rule_names_the_question_left_unanswered() {
    let err = error_for(&without_row("[[rule]]\nid = \"hsct_commercial\""));
    assert!(
        matches!(
            err,
            RulesError::Unanswered {
                therapy: crate::therapy::TherapyCode::Hsct,
                payer: crate::coverage::Payer::Commercial,
                condition: crate::coverage::Condition::HematologicMalignancy,
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("`hsct`"), "{err}");
}

/// The shipped file without the row that starts with `start` (rows end at a blank line).
fn without_row(start: &str) -> String {
    let from = SHIPPED
        .find(start)
        .expect("the row is in the shipped rules");
    let to = SHIPPED[from..]
        .find("\n\n")
        .map_or(SHIPPED.len(), |end| from + end);
    format!("{}{}", &SHIPPED[..from], &SHIPPED[to..])
}

#[test]
fn a_missing_condition_row_names_the_condition() {
    let err = error_for(&without_row("[[condition]]\ncode = \"multiple_sclerosis\""));
    assert!(
        matches!(&err, RulesError::MissingRow { table: "condition", code } if code == "multiple_sclerosis"),
        "{err}"
    );
}

#[test]
fn a_second_row_for_a_condition_is_rejected() {
    let err = error_for(&with(
        "code = \"multiple_sclerosis\"",
        "code = \"rheumatoid_arthritis\"",
    ));
    assert_eq!(err.field(), Some("code"), "{err}");
    assert!(err.to_string().contains("condition[3]"), "{err}");
}

#[test]
fn a_missing_step_names_its_kind_and_payer() {
    let err = error_for(&without_row(
        "[[next_step]]\nid = \"prior_authorization_medicaid\"",
    ));
    assert!(
        matches!(
            err,
            RulesError::MissingStep {
                kind: "prior_authorization",
                payer: crate::coverage::Payer::Medicaid
            }
        ),
        "{err}"
    );
}

#[test]
fn a_step_given_twice_for_a_payer_is_rejected() {
    let err = error_for(&with(
        "id = \"prior_authorization_medicaid\"\nkind = \"prior_authorization\"\npayers = [\"medicaid\"]",
        "id = \"prior_authorization_medicaid\"\nkind = \"prior_authorization\"\npayers = [\"commercial\"]",
    ));
    assert_eq!(err.field(), Some("payers"), "{err}");
    assert!(err.to_string().contains("already gives"), "{err}");
}

#[test]
fn an_unknown_table_is_rejected() {
    let err = error_for(&format!("{SHIPPED}\n[[payer]]\ncode = \"tricare\"\n"));
    assert!(matches!(err, RulesError::Syntax(_)), "{err}");
    assert!(err.to_string().contains("payer"), "{err}");
}

#[test]
fn text_that_is_not_toml_is_rejected_with_its_line() {
    let err = error_for("[[rule]\nid = 1");
    assert!(matches!(err, RulesError::Syntax(_)), "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn a_missing_file_names_its_path() {
    let path = std::path::Path::new("/nonexistent/coverage-rules.toml");
    let err = CoverageRules::from_path(path).expect_err("no such file");
    assert!(matches!(err, RulesError::Read { .. }), "{err}");
    assert!(
        err.to_string().contains("/nonexistent/coverage-rules.toml"),
        "{err}"
    );
}
