//! Which URLs may receive webhooks. A receiver is an `https` URL; plain `http` only for a host
//! the operator lists in `allowed_insecure_hosts`. Every address its host resolves to must be a
//! public one: never loopback, private, link-local, shared (carrier-grade NAT), unspecified,
//! multicast or reserved, so that the service cannot be aimed at its own network, unless the
//! operator lists the host.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// The longest accepted receiver URL.
pub const MAX_URL_LEN: usize = 2048;

/// Hosts the operator trusts beyond the rules: `http` is allowed for them, and so are addresses
/// of its own network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiverPolicy {
    /// Host names or IP addresses, compared case-insensitively (IPv6 without brackets).
    pub allowed_insecure_hosts: Vec<String>,
}

/// Why a URL cannot receive webhooks; each says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiverError {
    /// Not an absolute URL, or too long.
    #[error("must be an absolute https URL of at most {MAX_URL_LEN} characters")]
    Malformed,
    /// A scheme other than `https` (or `http` for a listed host).
    #[error("must use https (http only for hosts the operator allows)")]
    Scheme,
    /// User name or password in the URL.
    #[error("must not hold a user name or password")]
    Credentials,
    /// A fragment, which is never sent.
    #[error("must not have a fragment (#…)")]
    Fragment,
    /// The host is, or resolves to, an address of a private network.
    #[error("must reach a public address; {0} is loopback, private, link-local or reserved")]
    PrivateAddress(IpAddr),
    /// The host resolves to no address.
    #[error("the host resolves to no address")]
    Unresolved,
}

/// A URL that may receive webhooks (as far as can be told before resolving its host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiverUrl {
    url: Url,
    trusted: bool,
}

impl ReceiverUrl {
    /// Checks `text` against the rules that need no name resolution.
    pub fn parse(text: &str, policy: &ReceiverPolicy) -> Result<ReceiverUrl, ReceiverError> {
        if text.len() > MAX_URL_LEN {
            return Err(ReceiverError::Malformed);
        }
        let url = Url::parse(text).map_err(|_| ReceiverError::Malformed)?;
        let host = url.host().ok_or(ReceiverError::Malformed)?;
        let name = match &host {
            Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
            Host::Ipv4(ip) => ip.to_string(),
            Host::Ipv6(ip) => ip.to_string(),
        };
        let trusted = policy
            .allowed_insecure_hosts
            .iter()
            .any(|h| h.trim_matches(['[', ']']).eq_ignore_ascii_case(&name));
        match url.scheme() {
            "https" => {}
            "http" if trusted => {}
            _ => return Err(ReceiverError::Scheme),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ReceiverError::Credentials);
        }
        if url.fragment().is_some() {
            return Err(ReceiverError::Fragment);
        }
        let literal = match host {
            Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
            Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
            Host::Domain(_) => None,
        };
        let receiver = ReceiverUrl { url, trusted };
        if let Some(ip) = literal {
            receiver.check_addresses(&[ip])?;
        }
        Ok(receiver)
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The host to resolve and its port.
    pub fn host_and_port(&self) -> (String, u16) {
        let host = match self.url.host() {
            Some(Host::Ipv6(ip)) => ip.to_string(),
            Some(host) => host.to_string(),
            None => String::new(),
        };
        (host, self.url.port_or_known_default().unwrap_or(443))
    }

    /// Checks the addresses the host resolved to, just before connecting: all of them must be
    /// public unless the operator lists the host.
    pub fn check_addresses(&self, addresses: &[IpAddr]) -> Result<(), ReceiverError> {
        if addresses.is_empty() {
            return Err(ReceiverError::Unresolved);
        }
        if self.trusted {
            return Ok(());
        }
        match addresses.iter().find(|ip| !is_public(**ip)) {
            Some(ip) => Err(ReceiverError::PrivateAddress(*ip)),
            None => Ok(()),
        }
    }
}

/// Whether `ip` is a public unicast address: not loopback, private, link-local, shared,
/// unspecified, broadcast, multicast, documentation or otherwise reserved. IPv4 written in IPv6
/// (mapped or compatible) is judged as IPv4.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped().or_else(|| compatible_v4(v6)) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn compatible_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    (s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1)).then(|| {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    })
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64, which reaches IPv4 inside
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn loopback_allowed() -> ReceiverPolicy {
        ReceiverPolicy {
            allowed_insecure_hosts: vec![
                "127.0.0.1".into(),
                "Receiver.Internal".into(),
                "[::1]".into(),
            ],
        }
    }

    #[test]
    fn an_https_url_of_a_public_host_may_receive_webhooks() {
        let url = ReceiverUrl::parse(
            "https://hooks.lender.example/regenquote?x=1",
            &ReceiverPolicy::default(),
        )
        .unwrap();
        assert_eq!(url.host_and_port(), ("hooks.lender.example".into(), 443));
        assert!(
            url.check_addresses(&["93.184.216.34".parse().unwrap()])
                .is_ok()
        );
        assert!(
            url.check_addresses(&["2606:2800:220:1::1".parse().unwrap()])
                .is_ok()
        );
    }

    #[test]
    fn plain_http_is_refused_unless_the_operator_lists_the_host() {
        let none = ReceiverPolicy::default();
        assert_eq!(
            ReceiverUrl::parse("http://hooks.lender.example/", &none),
            Err(ReceiverError::Scheme)
        );
        assert_eq!(
            ReceiverUrl::parse("ftp://hooks.lender.example/", &none),
            Err(ReceiverError::Scheme)
        );
        let listed =
            ReceiverUrl::parse("http://127.0.0.1:8099/hooks", &loopback_allowed()).unwrap();
        assert_eq!(listed.host_and_port(), ("127.0.0.1".into(), 8099));
        assert!(
            listed
                .check_addresses(&["127.0.0.1".parse().unwrap()])
                .is_ok()
        );
        assert!(ReceiverUrl::parse("http://receiver.internal./", &loopback_allowed()).is_ok());
        assert!(ReceiverUrl::parse("http://[::1]:9/", &loopback_allowed()).is_ok());
    }

    #[test]
    fn a_host_of_the_services_own_network_is_refused_unless_listed() {
        let none = ReceiverPolicy::default();
        for literal in [
            "https://127.0.0.1/",
            "https://10.0.0.8/",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:192.168.1.1]/",
            "https://0.0.0.0/",
            "https://2130706433/",
        ] {
            assert!(
                matches!(
                    ReceiverUrl::parse(literal, &none),
                    Err(ReceiverError::PrivateAddress(_))
                ),
                "{literal}"
            );
        }
        let named = ReceiverUrl::parse("https://innocent.example/", &none).unwrap();
        let rebound = [
            "93.184.216.34".parse().unwrap(),
            "10.1.2.3".parse().unwrap(),
        ];
        assert_eq!(
            named.check_addresses(&rebound),
            Err(ReceiverError::PrivateAddress("10.1.2.3".parse().unwrap())),
            "one private address among public ones is enough to refuse"
        );
        assert_eq!(named.check_addresses(&[]), Err(ReceiverError::Unresolved));
    }

    #[test]
    fn malformed_urls_credentials_and_fragments_are_refused_saying_what_is_accepted() {
        let none = ReceiverPolicy::default();
        assert_eq!(
            ReceiverUrl::parse("hooks.lender.example", &none),
            Err(ReceiverError::Malformed)
        );
        assert_eq!(
            ReceiverUrl::parse("https://", &none),
            Err(ReceiverError::Malformed)
        );
        let long = format!("https://a.example/{}", "x".repeat(MAX_URL_LEN));
        assert_eq!(
            ReceiverUrl::parse(&long, &none),
            Err(ReceiverError::Malformed)
        );
        assert_eq!(
            ReceiverUrl::parse("https://u:p@a.example/", &none),
            Err(ReceiverError::Credentials)
        );
        assert_eq!(
            ReceiverUrl::parse("https://a.example/#x", &none),
            Err(ReceiverError::Fragment)
        );
        assert!(ReceiverError::Scheme.to_string().contains("https"));
    }

    #[test]
    fn addresses_are_judged_public_or_not() {
        for private in [
            "127.0.0.1",
            "10.255.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.0.1",
            "169.254.0.1",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::10.0.0.1",
            "2001:db8::1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    proptest! {
        #[test]
        fn no_address_of_the_private_ipv4_ranges_is_public(host in any::<u32>()) {
            let ip = Ipv4Addr::from(host);
            let [a, b, ..] = ip.octets();
            let private = a == 10 || a == 127 || (a == 172 && (16..32).contains(&b))
                || (a == 192 && b == 168) || (a == 169 && b == 254);
            if private {
                prop_assert!(!is_public(IpAddr::V4(ip)));
                prop_assert!(!is_public(IpAddr::V6(ip.to_ipv6_mapped())));
            }
        }
    }
}
