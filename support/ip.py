from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address. Behind NUM_PROXIES reverse proxies (Scalingo's router: 1), the address the
    nearest trusted proxy appended to X-Forwarded-For; the client can forge the entries before it."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR") or None
