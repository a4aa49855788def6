//! The client's address: the socket peer, unless the peer is one of the configured
//! trusted proxies (`gateway.trusted_proxies`). Then the client is the first address,
//! read from the right of `Forwarded` (RFC 7239) or else `X-Forwarded-For`, that is not
//! itself a trusted proxy. A header sent by anyone else is ignored, so a client cannot
//! choose the address its rate limits and sign-in events are kept under.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::web;

/// A network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, canonical(ip)) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr =
            address.parse().map_err(|_| format!("{text:?} is not an IP address or CIDR network"))?;
        let address = canonical(address);
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= bits)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {bits}"))?,
        };
        Ok(Self { address, prefix })
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The proxies whose forwarding headers are believed, shared through app data.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<Network>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(ip))
    }

    /// The client of a request that came from `peer` with these headers.
    pub fn client(
        &self,
        peer: Option<IpAddr>,
        forwarded: Option<&str>,
        forwarded_for: Option<&str>,
    ) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops: Vec<Option<IpAddr>> = match (forwarded, forwarded_for) {
            (Some(forwarded), _) => forwarded_hops(forwarded),
            (None, Some(list)) => list.split(',').map(|hop| parse_hop(hop.trim())).collect(),
            (None, None) => return Some(peer),
        };
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            // An entry that is not an address ends the chain the proxies vouch for.
            let Some(hop) = hop.map(canonical) else { break };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }

    /// The client of `req`.
    pub fn client_of(&self, req: &HttpRequest) -> Option<IpAddr> {
        let header = |name: &str| {
            let values: Vec<&str> = req.headers().get_all(name).filter_map(|v| v.to_str().ok()).collect();
            (!values.is_empty()).then(|| values.join(","))
        };
        let forwarded = header("forwarded");
        let forwarded_for = header("x-forwarded-for");
        self.client(req.peer_addr().map(|addr| addr.ip()), forwarded.as_deref(), forwarded_for.as_deref())
    }
}

/// The client address of `req` under the configured proxies (none when not configured).
pub fn client_address(req: &HttpRequest) -> Option<IpAddr> {
    match req.app_data::<web::Data<TrustedProxies>>() {
        Some(proxies) => proxies.client_of(req),
        None => TrustedProxies::default().client_of(req),
    }
}

/// The `for=` of each element of a `Forwarded` header.
fn forwarded_hops(header: &str) -> Vec<Option<IpAddr>> {
    header
        .split(',')
        .map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| parse_hop(value.trim().trim_matches('"')))
            })?
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:80`, `2001:db8::1` or `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn proxies(networks: &[&str]) -> TrustedProxies {
        TrustedProxies(networks.iter().map(|n| n.parse().expect("network")).collect())
    }

    #[test]
    fn networks_parse_and_match() {
        let private: Network = "10.0.0.0/8".parse().expect("network");
        assert!(private.contains(ip("10.200.1.2")));
        assert!(private.contains(ip("::ffff:10.0.0.1")));
        assert!(!private.contains(ip("11.0.0.1")));
        let one: Network = "192.0.2.7".parse().expect("network");
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: Network = "2001:db8::/32".parse().expect("network");
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
        let everything: Network = "0.0.0.0/0".parse().expect("network");
        assert!(everything.contains(ip("203.0.113.1")));
        for bad in ["10.0.0.0/33", "example.com", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(Some(ip("198.51.100.9")), None, Some("203.0.113.7")),
            Some(ip("198.51.100.9"))
        );
        let lb = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            lb.client(Some(ip("198.51.100.9")), Some("for=203.0.113.7"), Some("203.0.113.7")),
            Some(ip("198.51.100.9"))
        );
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let lb = proxies(&["10.0.0.0/8"]);
        let peer = Some(ip("10.0.0.2"));
        // The client put a made-up address first; the proxies appended the real ones.
        let chain = "1.2.3.4, 203.0.113.7, 10.0.0.5";
        assert_eq!(lb.client(peer, None, Some(chain)), Some(ip("203.0.113.7")));
        assert_eq!(lb.client(peer, None, Some("10.0.0.9, 10.0.0.5")), Some(ip("10.0.0.9")), "all trusted");
        assert_eq!(lb.client(peer, None, Some("junk, 10.0.0.5")), Some(ip("10.0.0.5")));
        assert_eq!(lb.client(peer, None, None), peer, "no header: the proxy itself");
    }

    #[test]
    fn forwarded_wins_over_x_forwarded_for() {
        let lb = proxies(&["10.0.0.0/8"]);
        let peer = Some(ip("10.0.0.2"));
        let forwarded = r#"for=198.51.100.1;proto=https, for="[2001:db8:cafe::17]:4711""#;
        assert_eq!(lb.client(peer, Some(forwarded), Some("192.0.2.1")), Some(ip("2001:db8:cafe::17")));
        assert_eq!(lb.client(peer, Some("for=192.0.2.60:8080;by=10.0.0.1"), None), Some(ip("192.0.2.60")));
        assert_eq!(lb.client(peer, Some("for=unknown"), None), peer);
    }
}
