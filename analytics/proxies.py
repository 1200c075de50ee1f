"""Which address a browser has, when a reverse proxy (nginx) stands between it and the app.

Behind nginx every connection the app sees comes from nginx (127.0.0.1), so the browser's own
address must be read from the X-Forwarded-For header nginx adds. That header is only as good as
whoever sent it: a browser can put any text in it. So it is believed only from a connection whose
address is a trusted proxy (PRAMERN_TRUSTED_PROXIES), and only up to the first hop that is not one:
each proxy appends the address it saw to the header, so walking it from the right, the first
address that is not a trusted proxy is the one the last trusted proxy saw connect, which nobody
can forge. What a browser wrote further left is never read.

PRAMERN_TRUSTED_PROXIES: addresses or networks separated by commas (`127.0.0.1,::1`,
`10.20.0.0/24`); `none` trusts no proxy. Unset, it is the loopback addresses, where the shipped
nginx site (deploy/nginx/pramern.conf) runs; a browser connecting from the network is never a
loopback peer, so it cannot choose its address. A network wider than /8 (IPv4) or /32 (IPv6) is
refused (it would let most of the Internet choose its address), as is anything that is not an
address.

Streamlit's own server (uvicorn) already applies the same rule with its FORWARDED_ALLOW_IPS
(loopback unless set) before the app sees the connection; the app cannot undo that, so those
addresses are trusted too (`trusted_proxies` says so when they are not in PRAMERN_TRUSTED_PROXIES).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass

log = logging.getLogger("pramern.proxies")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ENV = "PRAMERN_TRUSTED_PROXIES"
SERVER_ENV = "FORWARDED_ALLOW_IPS"  # Streamlit's server (uvicorn) reads it at start
LOOPBACK = "127.0.0.1,::1"
NONE = "none"
LOCALHOST = "localhost"  # the key of a connection with no address (the machine itself, a test harness)
MAX_HEADER = 2048  # a longer X-Forwarded-For is cut from the left: only its right end is ever read
_WIDEST = {4: 8, 6: 32}  # the shortest prefix a trusted network may have


@dataclass(frozen=True)
class TrustedProxies:
    """The networks whose connections may tell the browser's address, and what was refused on the way."""

    networks: tuple[Network, ...] = ()
    refused: tuple[str, ...] = ()

    def __contains__(self, address: Address) -> bool:
        return any(address.version == n.version and address in n for n in self.networks)


def parse_proxies(text: str | None) -> TrustedProxies:
    """The trusted proxies a setting names (None: the loopback default; "none" or "": nobody)."""
    value = LOOPBACK if text is None else text
    networks: list[Network] = []
    refused: list[str] = []
    for item in value.replace(";", ",").replace(" ", ",").split(","):
        item = item.strip()
        if not item or item.lower() == NONE:
            continue
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError:
            refused.append(item[:64])
            continue
        if network.prefixlen < _WIDEST[network.version]:
            refused.append(item[:64])
            continue
        networks.append(network)
    return TrustedProxies(tuple(dict.fromkeys(networks)), tuple(refused))


def trusted_proxies(environ: dict[str, str] | None = None) -> TrustedProxies:
    """PRAMERN_TRUSTED_PROXIES, with the addresses Streamlit's server trusts itself (FORWARDED_ALLOW_IPS,
    loopback unless set): their connections already arrive with the forwarded address in their place."""
    env = os.environ if environ is None else environ
    own = parse_proxies(env.get(ENV))
    server_value = env.get(SERVER_ENV, LOOPBACK)
    if server_value.strip() == "*":  # the server believes anyone's header: say so, it cannot be undone here
        return TrustedProxies(own.networks, (*own.refused, f"{SERVER_ENV}=* (unset it: every browser may "
                                                           "choose its address)"))
    server = parse_proxies(server_value)
    extra = tuple(n for n in server.networks if n not in own.networks)
    return TrustedProxies(own.networks + extra, own.refused + server.refused)


def parse_address(text: str) -> Address | None:
    """One hop of X-Forwarded-For as an address: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]:443`; else None."""
    value = text.strip()
    if value.startswith("["):
        end = value.find("]")
        value = value[1:end] if end > 0 else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def forwarded_hops(values: Iterable[str]) -> list[str]:
    """The hops of every X-Forwarded-For header, in order (several headers are one list, as RFC 7230 joins them)."""
    joined = ",".join(values)
    if len(joined) > MAX_HEADER:
        joined = joined[-MAX_HEADER:].split(",", 1)[-1]  # never read a cut hop
    return [hop.strip() for hop in joined.split(",") if hop.strip()]


def client_address(peer: str | None, forwarded_for: Iterable[str] = (), real_ip: str | None = None,
                   trusted: TrustedProxies | None = None) -> str:
    """The address the per-address slowing and the audit trail use for a connection.

    peer: the connection's own address (None: the machine itself). From a peer that is not a
    trusted proxy, the headers are ignored. From a trusted proxy, X-Forwarded-For is walked from
    the right and the first hop that is not a trusted proxy is the browser; a hop that is not an
    address ends the walk at the last trusted hop (whoever wrote it is not believed). Without
    X-Forwarded-For, X-Real-IP is the hop. When every hop is a trusted proxy, the left-most is it.
    """
    trusted = trusted if trusted is not None else trusted_proxies()
    here = parse_address(peer) if peer else ipaddress.ip_address("127.0.0.1")
    if here is None:
        return (peer or "").strip()[:64] or LOCALHOST
    if here not in trusted:
        return _key(here)
    hops = forwarded_hops(forwarded_for) or ([real_ip.strip()] if real_ip and real_ip.strip() else [])
    chosen = here
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            break
        chosen = address
        if address not in trusted:
            break
    return _key(chosen)


def slowing_key(address: str) -> str:
    """What repeated failures are counted against: the address, or for IPv6 its /64 network, which one
    household or office gets whole (one device may take any of its 2**64 addresses at will)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address) and not parsed.is_loopback:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _key(address: Address) -> str:
    return LOCALHOST if address.is_loopback else str(address)


def log_refused(trusted: TrustedProxies) -> None:
    """Say in the server log what of the setting was not taken (once per server start is the caller's care)."""
    if trusted.refused:
        log.warning("%s / %s: not trusted as proxies (not an address, or a network wider than /8 or /32): %s",
                    ENV, SERVER_ENV, ", ".join(trusted.refused))
