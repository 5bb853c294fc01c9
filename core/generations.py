"""Generation counters: a number kept in the cache, changed by every write that makes cached values stale. A cache
key that carries the current number is renewed by the next write without deleting anything (the list's counts:
conventions.selectors; the permissions of the role groups: users.models)."""

import time

from django.core.cache import cache


def _start() -> int:
    """A counter lost (evicted alone, or Redis restarted) starts again from the clock in milliseconds, above any
    number it reached before: values cached under an old number are never read again."""
    return int(time.time() * 1000)


def generation(key: str) -> int:
    return cache.get_or_set(key, _start, None)


def renew(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(key, _start(), None)
