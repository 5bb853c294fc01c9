"""The client's IP address, the one definition used by throttles, login lockouts and logs.

Behind N trusted reverse proxies (Scalingo's router: N = 1), each proxy appends the address it received the
request from to X-Forwarded-For. The client can write anything in the left part of that header, so only the
Nth address from the right is trustworthy. With N = 0 (the default: no proxy configured), the header is
ignored and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address as seen by the first trusted proxy (or REMOTE_ADDR without proxy), "" if unknown."""
    meta = request.META
    remote_addr = meta.get("REMOTE_ADDR", "") or ""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        addresses = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # Fewer addresses than trusted proxies: the request did not come through them all; fall back to
        # the address that connected to us rather than trusting a client-written value.
        if len(addresses) >= hops:
            address = _valid_ip(addresses[-hops])
            if address:
                return address
    return _valid_ip(remote_addr) or ""  # unknown (no socket address): stored as NULL by django-axes
