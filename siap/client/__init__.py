"""The outbound SIAP client (reference §16.3): `get_client()` returns the HTTP client, or the mock when
SIAP_CLIENT_MOCK is on (default in `make run` and the tests), or a client that refuses every call with a French
message when the SIAP is not configured."""

from django.conf import settings

from siap.client.errors import (
    SiapBadPayload,
    SiapError,
    SiapNotConfigured,
    SiapNotFound,
    SiapRefused,
    SiapUnauthorized,
    SiapUnavailable,
)

__all__ = [
    "SiapBadPayload",
    "SiapError",
    "SiapNotConfigured",
    "SiapNotFound",
    "SiapRefused",
    "SiapUnauthorized",
    "SiapUnavailable",
    "get_client",
    "siap_enabled",
]


def siap_enabled() -> bool:
    return bool(settings.SIAP_CLIENT_MOCK or settings.SIAP_CLIENT_HOST)


def get_client():
    from siap.client.http import HttpSiapClient
    from siap.client.mock import MockSiapClient

    if settings.SIAP_CLIENT_MOCK:
        return MockSiapClient()
    return HttpSiapClient()
