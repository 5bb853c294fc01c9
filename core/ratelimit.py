"""Counting store for rate limits (API throttles, password-reset e-mails) that keeps limiting when Redis is down.

The default cache swallows Redis errors (a page never breaks because of the cache), which for a counter means
"no history": every call allowed. Counters therefore use their own cache alias, "throttle", which raises on
errors; on an error they switch for a while to "throttle_local", a local-memory cache of the process. Limits
then hold per process (with 3 gunicorn workers, at most 3 × the limit) instead of not at all.
"""

import logging
import threading
import time

from django.core.cache import caches

logger = logging.getLogger("apilos.ratelimit")

# After a failure, the shared store is left alone for this long: a hung Redis would otherwise cost a socket
# timeout on every request.
RETRY_AFTER_SECONDS = 30


def _store_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a production dependency
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class ResilientCounterStore:
    """The get/set subset of the cache API used by DRF throttles, on the shared store with a local fallback."""

    def __init__(self, primary: str = "throttle", fallback: str = "throttle_local"):
        self.primary_alias = primary
        self.fallback_alias = fallback
        self._down_until = 0.0
        self._lock = threading.Lock()
        self._errors = _store_errors()

    @property
    def primary(self):
        return caches[self.primary_alias]

    @property
    def fallback(self):
        return caches[self.fallback_alias]

    def _primary_is_up(self) -> bool:
        return time.monotonic() >= self._down_until

    def _mark_down(self, exc: BaseException) -> None:
        with self._lock:
            if self._primary_is_up():
                logger.warning(
                    "Compteurs de limitation : le cache partagé ne répond pas (%s), repli sur la mémoire locale "
                    "pendant %s s.",
                    exc.__class__.__name__,
                    RETRY_AFTER_SECONDS,
                )
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

    def get(self, key, default=None):
        if self._primary_is_up():
            try:
                return self.primary.get(key, default)
            except self._errors as exc:
                self._mark_down(exc)
        return self.fallback.get(key, default)

    def set(self, key, value, timeout=None):
        if self._primary_is_up():
            try:
                return self.primary.set(key, value, timeout)
            except self._errors as exc:
                self._mark_down(exc)
        return self.fallback.set(key, value, timeout)

    def clear(self) -> None:
        """Forget every counter of this application (its key prefix only: a shared Redis keeps other data)."""
        self._down_until = 0.0
        for alias in (self.primary_alias, self.fallback_alias):
            store = caches[alias]
            if hasattr(store, "delete_pattern"):
                try:
                    store.delete_pattern("*")
                except self._errors:
                    pass
            else:
                store.clear()


counter_store = ResilientCounterStore()


def allow(*, key: str, limit: int, period: int) -> bool:
    """Record one event under `key` unless `limit` events already happened in the last `period` seconds.

    Returns False (and records nothing) when the limit is reached. Sliding window, as DRF's throttles."""
    now = time.time()
    history = [moment for moment in counter_store.get(key, []) if moment > now - period]
    if len(history) >= limit:
        return False
    history.insert(0, now)
    counter_store.set(key, history, period)
    return True
