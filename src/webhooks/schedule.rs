//! When a failed delivery is tried again. The schedule is the example of the Standard Webhooks
//! specification: after the first attempt, 5 seconds, 5 minutes, 30 minutes, 2, 5, 10, 14, 20
//! and 24 hours, about three days in all, each delay moved by up to a tenth either way (jitter,
//! so that deliveries failed together are not retried together) and never shorter than the
//! receiver's `Retry-After`. The caller gives the clock and the jitter, so the schedule is a pure
//! function.

use chrono::{DateTime, TimeDelta, Utc};

/// The delay before each retry: the `n`th entry follows the `n`th failed attempt.
pub const RETRY_DELAYS_SECS: [i64; 9] = [
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
];

/// Attempts in all: the first and one per retry delay.
pub const MAX_ATTEMPTS: u32 = RETRY_DELAYS_SECS.len() as u32 + 1;

/// The longest a receiver's `Retry-After` may push a retry back.
pub const MAX_RETRY_AFTER: TimeDelta = TimeDelta::hours(24);

/// What an attempt's answer means for the delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx: delivered.
    Delivered,
    /// 410 Gone: the receiver wants no more webhooks; its endpoint is disabled.
    Gone,
    /// Anything else (another status, a redirect, a timeout, a reset): try again later.
    Failed,
}

/// The outcome of an attempt answered `status`, or not answered at all (`None`: a timeout, a
/// refused or reset connection).
pub fn outcome(status: Option<u16>) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Delivered,
        Some(410) => Outcome::Gone,
        _ => Outcome::Failed,
    }
}

/// What follows a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try again at this instant.
    RetryAt(DateTime<Utc>),
    /// The schedule is spent: the delivery failed.
    GiveUp,
}

/// What follows the `attempts`th attempt (from 1), failed at `failed_at`. `jitter`, from -1.0 to
/// 1.0 (clamped), moves the delay by up to a tenth either way; `retry_after` is the receiver's
/// `Retry-After`, when it sent one.
pub fn next_attempt(
    attempts: u32,
    failed_at: DateTime<Utc>,
    retry_after: Option<TimeDelta>,
    jitter: f64,
) -> Next {
    let Some(&delay) = attempts
        .checked_sub(1)
        .and_then(|i| RETRY_DELAYS_SECS.get(i as usize))
    else {
        return Next::GiveUp;
    };
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(-1.0, 1.0)
    };
    // Milliseconds, moved by up to 10%: exact integer arithmetic after one rounding.
    let per_mille = 1000 + (jitter * 100.0).round() as i64;
    let mut wait = TimeDelta::milliseconds(delay * per_mille);
    if let Some(asked) = retry_after {
        wait = wait.max(asked.min(MAX_RETRY_AFTER));
    }
    Next::RetryAt(failed_at + wait)
}

/// A `Retry-After` value (RFC 9110 §10.2.3): a number of seconds, or an HTTP date, read as the
/// time from `now`. Anything else, and a date in the past, is ignored.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<TimeDelta> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value
            .parse::<i64>()
            .ok()
            .map(|secs| TimeDelta::seconds(secs.min(MAX_RETRY_AFTER.num_seconds())));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.to_utc();
    (at > now).then(|| at - now)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn t0() -> DateTime<Utc> {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    /// Every attempt failing at once, without jitter: the instants of the attempts.
    fn schedule(jitter: f64) -> Vec<DateTime<Utc>> {
        let mut at = vec![t0()];
        for attempt in 1.. {
            match next_attempt(attempt, *at.last().unwrap(), None, jitter) {
                Next::RetryAt(next) => at.push(next),
                Next::GiveUp => break,
            }
        }
        at
    }

    #[test]
    fn failed_deliveries_follow_the_specifications_schedule_for_about_three_days() {
        let at = schedule(0.0);
        assert_eq!(at.len(), MAX_ATTEMPTS as usize);
        let since: Vec<String> = at
            .iter()
            .map(|t| {
                let s = (*t - t0()).num_seconds();
                format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
            })
            .collect();
        assert_eq!(
            since,
            [
                "00:00:00", "00:00:05", "00:05:05", "00:35:05", "02:35:05", "07:35:05", "17:35:05",
                "31:35:05", "51:35:05", "75:35:05"
            ]
        );
    }

    #[test]
    fn jitter_moves_each_delay_by_at_most_a_tenth() {
        let early = schedule(-1.0);
        let late = schedule(1.0);
        assert_eq!(early[1] - early[0], TimeDelta::milliseconds(4500));
        assert_eq!(late[1] - late[0], TimeDelta::milliseconds(5500));
        assert_eq!(
            late[9] - late[8],
            TimeDelta::hours(24) + TimeDelta::minutes(144)
        );
        assert_eq!(schedule(f64::NAN), schedule(0.0));
        assert_eq!(schedule(7.0), late, "jitter beyond 1 is clamped");
    }

    #[test]
    fn a_retry_after_longer_than_the_schedule_pushes_the_retry_back_up_to_a_day() {
        let asked = TimeDelta::minutes(10);
        assert_eq!(
            next_attempt(1, t0(), Some(asked), 0.0),
            Next::RetryAt(t0() + asked)
        );
        assert_eq!(
            next_attempt(3, t0(), Some(asked), 0.0),
            Next::RetryAt(t0() + TimeDelta::minutes(30)),
            "a shorter Retry-After does not hasten the schedule"
        );
        assert_eq!(
            next_attempt(1, t0(), Some(TimeDelta::days(30)), 0.0),
            Next::RetryAt(t0() + MAX_RETRY_AFTER)
        );
        assert_eq!(
            next_attempt(MAX_ATTEMPTS, t0(), Some(asked), 0.0),
            Next::GiveUp
        );
        assert_eq!(next_attempt(0, t0(), None, 0.0), Next::GiveUp);
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_an_http_date() {
        let now = t0();
        assert_eq!(parse_retry_after("120", now), Some(TimeDelta::seconds(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(TimeDelta::zero()));
        assert_eq!(
            parse_retry_after("Sun, 01 Mar 2026 12:05:00 GMT", now),
            Some(TimeDelta::minutes(5))
        );
        assert_eq!(parse_retry_after("99999999999999999999", now), None);
        assert_eq!(
            parse_retry_after("9999999", now),
            Some(MAX_RETRY_AFTER),
            "capped at a day"
        );
        for ignored in ["", "-5", "soon", "1.5", "Sun, 01 Mar 2026 11:00:00 GMT"] {
            assert_eq!(parse_retry_after(ignored, now), None, "{ignored}");
        }
    }

    #[test]
    fn only_a_2xx_delivers_and_only_410_disables() {
        assert_eq!(outcome(Some(200)), Outcome::Delivered);
        assert_eq!(outcome(Some(204)), Outcome::Delivered);
        assert_eq!(outcome(Some(410)), Outcome::Gone);
        for failed in [Some(301), Some(404), Some(429), Some(500), Some(503), None] {
            assert_eq!(outcome(failed), Outcome::Failed, "{failed:?}");
        }
    }

    proptest! {
        #[test]
        fn every_retry_is_later_than_the_failure_and_within_a_tenth_of_its_delay(
            attempt in 1u32..MAX_ATTEMPTS,
            jitter in -1.0f64..=1.0,
            asked in proptest::option::of(0i64..200_000),
        ) {
            let asked = asked.map(TimeDelta::seconds);
            let Next::RetryAt(at) = next_attempt(attempt, t0(), asked, jitter) else {
                panic!("attempt {attempt} is retried");
            };
            let delay_ms = RETRY_DELAYS_SECS[attempt as usize - 1] * 1000;
            let wait = (at - t0()).num_milliseconds();
            prop_assert!(wait >= delay_ms * 9 / 10);
            let longest = (delay_ms * 11 / 10)
                .max(asked.map_or(0, |a| a.min(MAX_RETRY_AFTER).num_milliseconds()));
            prop_assert!(wait <= longest, "{wait} > {longest}");
        }
    }
}
