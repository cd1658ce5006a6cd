//! The `[webhooks]` settings and the rules made of them.

use chrono::TimeDelta;
use serde::Deserialize;

use crate::webhooks::receiver::ReceiverPolicy;

/// How webhooks are sent (`[webhooks]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookSettings {
    /// Whether this replica sends webhooks. Events are written whatever this says; another
    /// replica (or this one, later) sends them.
    pub worker_enabled: bool,
    /// How often the worker looks for due deliveries when nothing woke it, in milliseconds
    /// (10 to 60000). A quote stored by this replica wakes it at once.
    pub poll_interval_ms: u64,
    /// How long one attempt may take before it counts as failed, in milliseconds (100 to
    /// 60000).
    pub timeout_ms: u64,
    /// Attempts one replica makes at once (1 to 1024): a receiver that hangs holds one, never
    /// the others.
    pub concurrency: usize,
    /// Hosts that may receive plain `http` and may be on the service's own network (tests,
    /// a receiver beside the service). Empty in production.
    pub allowed_insecure_hosts: Vec<String>,
    /// How long before a quote's `expires_at` its `quote.expiring` event is sent, in hours (1 to
    /// 720).
    pub expiring_before_hours: u32,
    /// How often the expiry scan runs, in seconds (1 to 3600).
    pub expiry_scan_secs: u64,
    /// The most endpoints one account may register (1 to 1000).
    pub max_endpoints_per_account: u32,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            worker_enabled: true,
            poll_interval_ms: 1000,
            timeout_ms: 15_000,
            concurrency: 64,
            allowed_insecure_hosts: Vec::new(),
            expiring_before_hours: 72,
            expiry_scan_secs: 60,
            max_endpoints_per_account: 20,
        }
    }
}

/// A `[webhooks]` setting is out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("webhooks.{field}: must be from {min} to {max}")]
pub struct WebhookSettingsError {
    /// The setting at fault.
    pub field: &'static str,
    /// The smallest accepted value.
    pub min: u64,
    /// The largest accepted value.
    pub max: u64,
}

impl WebhookSettings {
    /// Checks every range; the first setting out of range names itself.
    pub fn validate(&self) -> Result<(), WebhookSettingsError> {
        let check = |field, value: u64, min, max| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(WebhookSettingsError { field, min, max })
            }
        };
        check("poll_interval_ms", self.poll_interval_ms, 10, 60_000)?;
        check("timeout_ms", self.timeout_ms, 100, 60_000)?;
        check("concurrency", self.concurrency as u64, 1, 1024)?;
        check(
            "expiring_before_hours",
            u64::from(self.expiring_before_hours),
            1,
            720,
        )?;
        check("expiry_scan_secs", self.expiry_scan_secs, 1, 3600)?;
        check(
            "max_endpoints_per_account",
            u64::from(self.max_endpoints_per_account),
            1,
            1000,
        )?;
        Ok(())
    }

    /// Which receivers are allowed.
    pub fn receiver_policy(&self) -> ReceiverPolicy {
        ReceiverPolicy {
            allowed_insecure_hosts: self.allowed_insecure_hosts.clone(),
        }
    }

    /// How long before expiry `quote.expiring` is sent.
    pub fn expiring_lead(&self) -> TimeDelta {
        TimeDelta::hours(i64::from(self.expiring_before_hours))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_in_range_and_each_range_names_its_setting() {
        WebhookSettings::default().validate().unwrap();
        type Spoil = fn(&mut WebhookSettings);
        let cases: [(&str, Spoil); 6] = [
            ("poll_interval_ms", |s| s.poll_interval_ms = 0),
            ("timeout_ms", |s| s.timeout_ms = 60_001),
            ("concurrency", |s| s.concurrency = 0),
            ("expiring_before_hours", |s| s.expiring_before_hours = 0),
            ("expiry_scan_secs", |s| s.expiry_scan_secs = 0),
            ("max_endpoints_per_account", |s| {
                s.max_endpoints_per_account = 1001
            }),
        ];
        for (field, spoil) in cases {
            let mut s = WebhookSettings::default();
            spoil(&mut s);
            assert_eq!(s.validate().unwrap_err().field, field);
        }
    }
}
