"""The real SIAP client: requests, a timeout on every call, retries with back-off (reference §16.3.1)."""

import time

import requests
from django.conf import settings

from siap.client.base import BaseSiapClient
from siap.client.errors import (
    SiapBadPayload,
    SiapNotConfigured,
    SiapNotFound,
    SiapRefused,
    SiapUnauthorized,
    SiapUnavailable,
)
from siap.client.jwt import build_jwt
from siap.models import SiapCallOutcome

RETRIED_STATUSES = {401, 502, 503, 504}  # 401 too: the SIAP answers it on a clock skew of its gateway


class HttpSiapClient(BaseSiapClient):
    def __init__(self):
        self.session = requests.Session()

    def url(self, prefix: str, route: str) -> str:
        return f"{settings.SIAP_CLIENT_HOST.rstrip('/')}{prefix}{settings.SIAP_CLIENT_PATH}{route}"

    def send(self, method, prefix, route, *, login, habilitation_id, **kwargs):
        if not settings.SIAP_CLIENT_HOST:
            raise SiapNotConfigured()
        attempts_max = max(1, settings.SIAP_CLIENT_ATTEMPTS)
        error = None
        for attempt in range(1, attempts_max + 1):
            if attempt > 1:
                time.sleep(settings.SIAP_CLIENT_BACKOFF * 2 ** (attempt - 2))
            try:
                response = self.session.request(
                    method,
                    self.url(prefix, route),
                    headers={
                        "siap-Authorization": f"Bearer {build_jwt(login=login, habilitation_id=habilitation_id)}",
                        "Content-Type": "application/json",
                        "Accept": "application/json",
                    },
                    timeout=(settings.SIAP_CLIENT_CONNECT_TIMEOUT, settings.SIAP_CLIENT_TIMEOUT),
                    **kwargs,
                )
            except requests.Timeout as exc:
                error = SiapUnavailable(detail=f"délai dépassé : {exc}")
                error.outcome = SiapCallOutcome.DELAI_DEPASSE
            except requests.RequestException as exc:
                error = SiapUnavailable(detail=str(exc)[:500])
            else:
                if response.status_code < 400:
                    return self._decode(response), response.status_code, attempt
                error = self._error(response)
                if response.status_code not in RETRIED_STATUSES:
                    error.attempts = attempt
                    raise error
        error.attempts = attempts_max
        raise error

    @staticmethod
    def _decode(response):
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise SiapBadPayload(status_code=response.status_code, detail=response.text[:500]) from exc

    @staticmethod
    def _error(response):
        detail = response.text[:500]
        status = response.status_code
        if status == 401:
            return SiapUnauthorized(status_code=status, detail=detail)
        if status == 404:
            return SiapNotFound(status_code=status, detail=detail)
        if status in (502, 503, 504):
            return SiapUnavailable(status_code=status, detail=detail)
        return SiapRefused(status_code=status, detail=detail)
