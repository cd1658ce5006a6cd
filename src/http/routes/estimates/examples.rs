//! The documented examples of `POST /v1/estimates`: one ready-to-run request per therapy, and
//! the real answer to the first, worked out by the shipped price book and example plans, so
//! the documented examples cannot drift from what the service answers.

use crate::pricing::{EstimateRequest, PriceBook};
use crate::quoting::PricedEstimate;
use crate::therapy::{AddOn, CellSource, TherapyCode};

/// The example request named `name` (a therapy code); the default request for a therapy
/// without a named example.
pub fn request(name: &str) -> EstimateRequest {
    let Ok(therapy) = name.parse::<TherapyCode>() else {
        return EstimateRequest::for_therapy(TherapyCode::KneeMscInjection);
    };
    let default = EstimateRequest::for_therapy(therapy);
    match therapy {
        TherapyCode::KneeMscInjection => EstimateRequest {
            cell_source: Some(CellSource::Adipose),
            zip: "76102".parse().ok(),
            ..default
        },
        TherapyCode::KneeMscPrp => EstimateRequest {
            joints: Some(2),
            cell_source: Some(CellSource::BoneMarrow),
            add_ons: Some(vec![AddOn::ImagingGuidance, AddOn::PostProcedureCare]),
            ..default
        },
        TherapyCode::ScaffoldConstruct => EstimateRequest {
            cell_source: Some(CellSource::BoneMarrow),
            ..default
        },
        _ => default,
    }
}

/// The answer to the `knee_msc_injection` example under the example plans shipped for local use.
pub fn answer() -> Option<PricedEstimate> {
    let book = PriceBook::embedded().ok()?;
    let plans: crate::app::configuration::ShippedFinancing =
        toml::from_str(include_str!("../../../../config/local.toml")).ok()?;
    let estimate = crate::pricing::estimate(&book, &request("knee_msc_injection"), None).ok()?;
    let financing = crate::financing::options(&plans.financing.plans, estimate.total.typical_cents);
    Some(PricedEstimate {
        estimate,
        financing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::catalog::CashPrice;

    #[test]
    fn every_priced_therapy_has_an_example_that_prices_and_the_answer_is_real() {
        let book = PriceBook::embedded().unwrap();
        for entry in book.therapies() {
            let req = request(entry.code.as_str());
            assert_eq!(req.therapy, entry.code);
            let priced = crate::pricing::estimate(&book, &req, None);
            assert_eq!(
                priced.is_ok(),
                matches!(entry.cash_price, CashPrice::Priced(_)),
                "{}",
                entry.code
            );
        }
        let answer = answer().expect("the shipped data answers the first example");
        assert_eq!(answer.estimate.therapy, TherapyCode::KneeMscInjection);
        assert_eq!(
            answer.financing.amount_cents,
            answer.estimate.total.typical_cents
        );
    }
}
