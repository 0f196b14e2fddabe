"""The client's address as the audit log and login throttling see it.

Behind a reverse proxy every request comes from the proxy, so ``REMOTE_ADDR`` alone would
log one address for everyone and let one attacker lock everyone out. ``X-Forwarded-For`` is
believed only when the direct peer is a configured trusted proxy (``JIXIAO_TRUSTED_PROXIES``,
addresses or networks); the client is then the right-most hop that is not itself trusted,
so a client cannot forge its address by sending the header itself.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip("[]")
    if text.count(":") == 1 and "." in text:       # 1.2.3.4:5678
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return any(address in net for net in networks)


def client_ip(request: object) -> str | None:
    meta = getattr(request, "META", None) or {}
    remote = _address(str(meta.get("REMOTE_ADDR") or ""))
    if remote is None:
        return None
    if not _trusted(remote):
        return str(remote)
    hops = [h for h in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break                  # a malformed hop: trust nothing further left
        if not _trusted(address):
            return str(address)
    return str(remote)
