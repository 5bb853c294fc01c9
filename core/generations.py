"""Generation counters: a number kept in the cache, changed by every write that makes cached values stale. A cache
key that carries the current number is renewed by the next write without deleting anything (the list's counts:
conventions.selectors; the permissions of the role groups: users.models)."""

from django.core.cache import cache


def generation(key: str) -> int:
    return cache.get_or_set(key, 0, None)


def renew(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(key, 1, None)
