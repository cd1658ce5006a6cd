//! Tables keyed by every value of a closed enum, one field per value. Looking a key up is an
//! exhaustive `match`, so an answer exists for every therapy, payer and condition by
//! construction: adding a variant fails to compile until the table knows it.

use super::{Condition, Payer};
use crate::therapy::TherapyCode;

macro_rules! total_table {
    ($(#[$doc:meta])* $name:ident<$key:ty> { $($field:ident => $variant:path),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name<T> {
            $($field: T),+
        }

        impl<T> $name<T> {
            /// Builds the table by calling `f` once per key, stopping at the first error.
            pub(crate) fn try_build<E>(mut f: impl FnMut($key) -> Result<T, E>) -> Result<Self, E> {
                Ok(Self { $($field: f($variant)?),+ })
            }

            /// The value for `key`.
            pub(crate) fn get(&self, key: $key) -> &T {
                match key {
                    $($variant => &self.$field),+
                }
            }
        }
    };
}

total_table! {
    /// One value per therapy code.
    PerTherapy<TherapyCode> {
        knee_msc_injection => TherapyCode::KneeMscInjection,
        knee_msc_prp => TherapyCode::KneeMscPrp,
        scaffold_construct => TherapyCode::ScaffoldConstruct,
        back_msc_prp => TherapyCode::BackMscPrp,
        hsct => TherapyCode::Hsct,
        remestemcel_l => TherapyCode::RemestemcelL,
    }
}

total_table! {
    /// One value per payer.
    PerPayer<Payer> {
        medicare => Payer::Medicare,
        medicaid => Payer::Medicaid,
        commercial => Payer::Commercial,
        self_pay => Payer::SelfPay,
    }
}

total_table! {
    /// One value per condition.
    PerCondition<Condition> {
        knee_osteoarthritis => Condition::KneeOsteoarthritis,
        age_related_frailty => Condition::AgeRelatedFrailty,
        rheumatoid_arthritis => Condition::RheumatoidArthritis,
        multiple_sclerosis => Condition::MultipleSclerosis,
        hematologic_malignancy => Condition::HematologicMalignancy,
        cartilage_defect => Condition::CartilageDefect,
        back_pain => Condition::BackPain,
        steroid_refractory_acute_gvhd_pediatric => Condition::SteroidRefractoryAcuteGvhdPediatric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_gets_the_value_built_for_it() {
        let therapies = PerTherapy::try_build(Ok::<_, ()>).unwrap();
        for t in TherapyCode::ALL {
            assert_eq!(*therapies.get(t), t);
        }
        let payers = PerPayer::try_build(Ok::<_, ()>).unwrap();
        for p in Payer::ALL {
            assert_eq!(*payers.get(p), p);
        }
        let conditions = PerCondition::try_build(Ok::<_, ()>).unwrap();
        for c in Condition::ALL {
            assert_eq!(*conditions.get(c), c);
        }
    }

    #[test]
    fn building_stops_at_the_first_error() {
        let mut seen = Vec::new();
        let built = PerPayer::try_build(|p| {
            seen.push(p);
            if p == Payer::Medicaid { Err(p) } else { Ok(()) }
        });
        assert_eq!(built.err(), Some(Payer::Medicaid));
        assert_eq!(seen, [Payer::Medicare, Payer::Medicaid]);
    }
}
