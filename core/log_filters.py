"""Logging: every record says which client it concerns, with the same client IP as throttles and lockouts."""

import logging

from core.client_ip import client_ip


class ClientIpFilter(logging.Filter):
    """Adds `client_ip` to every record: the client's address for records that carry the request (Django's
    django.request and django.security loggers, or extra={"request": request}), "-" otherwise."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        try:
            record.client_ip = client_ip(request) if request is not None and hasattr(request, "META") else "-"
        except Exception:  # a log line must never fail because of its decoration
            record.client_ip = "-"
        return True
