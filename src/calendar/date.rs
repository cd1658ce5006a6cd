//! A calendar date written exactly `YYYY-MM-DD`, years 0001 to 9999. Parsing is stricter than
//! chrono's, which also takes `1961-4-9`, `+1961-04-09`, surrounding spaces and years such as
//! `-262143`: a date a person gives is either written the one documented way and real, or it is
//! refused, naming what is accepted and never repeating the input.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A real calendar date, written `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(
    value_type = String,
    format = Date,
    pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    example = "2026-12-14"
)]
pub struct CalendarDate(NaiveDate);

/// The text is not a real date written `YYYY-MM-DD`. The message never repeats it: a date of
/// birth is personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a real calendar date written YYYY-MM-DD, e.g. 2026-12-14")]
pub struct InvalidDate;

impl CalendarDate {
    /// The date.
    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// `date` as a calendar date, when its year has four digits.
    pub fn new(date: NaiveDate) -> Result<CalendarDate, InvalidDate> {
        if (1..=9999).contains(&date.year()) {
            Ok(CalendarDate(date))
        } else {
            Err(InvalidDate)
        }
    }
}

impl FromStr for CalendarDate {
    type Err = InvalidDate;

    fn from_str(text: &str) -> Result<Self, InvalidDate> {
        let b = text.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(InvalidDate);
        }
        let number = |range: std::ops::Range<usize>| {
            text.get(range)
                .and_then(|t| t.parse::<u32>().ok())
                .ok_or(InvalidDate)
        };
        let year = i32::try_from(number(0..4)?).map_err(|_| InvalidDate)?;
        let date =
            NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or(InvalidDate)?;
        CalendarDate::new(date)
    }
}

impl TryFrom<String> for CalendarDate {
    type Error = InvalidDate;

    fn try_from(text: String) -> Result<Self, InvalidDate> {
        text.parse()
    }
}

impl From<CalendarDate> for String {
    fn from(date: CalendarDate) -> String {
        date.to_string()
    }
}

impl From<CalendarDate> for NaiveDate {
    fn from(date: CalendarDate) -> NaiveDate {
        date.0
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

// Shows the date: types holding a date of birth redact it themselves.
impl fmt::Debug for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CalendarDate({self})")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn only_real_dates_written_yyyy_mm_dd_are_accepted() {
        for good in [
            "1961-04-09",
            "2026-12-14",
            "2024-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            let date: CalendarDate = good.parse().unwrap_or_else(|e| panic!("{good}: {e}"));
            assert_eq!(date.to_string(), good);
        }
        for bad in [
            "-262143-01-01",
            "+262142-12-31",
            "+1961-04-09",
            "1961-4-9",
            " 1961-04-09",
            "1961-04-09 ",
            "19610409",
            "1961/04/09",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "١٩٦١-٠٤-٠٩",
            "",
        ] {
            assert_eq!(bad.parse::<CalendarDate>(), Err(InvalidDate), "{bad:?}");
        }
    }

    #[test]
    fn a_date_reads_and_writes_as_json_text_and_refuses_without_echoing() {
        let date: CalendarDate = serde_json::from_str("\"2026-12-14\"").unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2026-12-14\"");
        let err = serde_json::from_str::<CalendarDate>("\"1961-4-9\"").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        assert!(!err.to_string().contains("1961"), "{err}");
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_round_trips_what_it_accepts(text in "\\PC{0,14}") {
            if let Ok(date) = text.parse::<CalendarDate>() {
                prop_assert_eq!(date.to_string(), text);
            }
        }

        #[test]
        fn every_real_date_round_trips(days in 0i64..3_652_059) {
            let date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::TimeDelta::days(days);
            let written = CalendarDate::new(date).unwrap().to_string();
            prop_assert_eq!(written.parse::<CalendarDate>().unwrap().date(), date);
        }
    }
}
