//! "Today" for deadlines counted in calendar days. One instant is two different dates across the
//! places a US patient or center can be: American Samoa keeps UTC−11 and Guam and the Northern
//! Mariana Islands UTC+10, neither with daylight saving. Both ends are kept so that every rule
//! can lean towards the patient: a deadline has passed only once it has passed everywhere (the
//! earliest date), and a date is in the future only once it is future everywhere (the latest).

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Hours behind UTC of the US place where the date changes last (American Samoa).
const BEHIND_UTC_HOURS: i64 = 11;
/// Hours ahead of UTC of the US place where the date changes first (Guam).
const AHEAD_OF_UTC_HOURS: i64 = 10;

/// Today's calendar date somewhere in the United States: from `earliest` to `latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    earliest: NaiveDate,
    latest: NaiveDate,
}

impl Today {
    /// The dates it is at instant `now`, from UTC−11 to UTC+10.
    pub fn at(now: DateTime<Utc>) -> Today {
        let shifted = |hours: i64| {
            now.checked_add_signed(TimeDelta::hours(hours))
                .unwrap_or(now)
                .date_naive()
        };
        Today {
            earliest: shifted(-BEHIND_UTC_HOURS),
            latest: shifted(AHEAD_OF_UTC_HOURS),
        }
    }

    /// One date everywhere (for tests and for callers that already know the local date).
    pub fn on(date: NaiveDate) -> Today {
        Today {
            earliest: date,
            latest: date,
        }
    }

    /// The date where it is earliest: deadlines are measured from it.
    pub fn earliest(&self) -> NaiveDate {
        self.earliest
    }

    /// The date where it is latest: a later date is in the future everywhere.
    pub fn latest(&self) -> NaiveDate {
        self.latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn late_in_the_utc_day_guam_is_already_tomorrow() {
        let today = Today::at(utc("2026-03-01T15:00:00Z"));
        assert_eq!(today.earliest(), date("2026-03-01"));
        assert_eq!(today.latest(), date("2026-03-02"));
    }

    #[test]
    fn early_in_the_utc_day_american_samoa_is_still_yesterday() {
        let today = Today::at(utc("2026-03-01T05:00:00Z"));
        assert_eq!(today.earliest(), date("2026-02-28"));
        assert_eq!(today.latest(), date("2026-03-01"));
    }

    #[test]
    fn the_two_ends_are_never_more_than_a_day_apart() {
        for hour in 0..24 {
            let today = Today::at(utc(&format!("2026-03-01T{hour:02}:30:00Z")));
            let gap = today.latest() - today.earliest();
            assert!((0..=1).contains(&gap.num_days()), "{hour}");
        }
    }
}
