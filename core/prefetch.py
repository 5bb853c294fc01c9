"""Django's prefetch cache, read and written by pages that load a relation once for several readers."""


def prefetched(instance, relation: str):
    """The rows of `instance.<relation>` when they were prefetched, else None (reading them would query)."""
    return getattr(instance, "_prefetched_objects_cache", {}).get(relation)


def sans_lignes(instance, relation: str) -> None:
    """Record that `instance.<relation>` is empty, as a prefetch would (known without asking the database).
    The queryset is stored already evaluated, as prefetch_related stores its rows: reading it costs nothing
    (an unevaluated `none()` would compile its whole SELECT at each reading before finding it empty), and a
    filter chained on it stays empty."""
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    rows = getattr(instance, relation).none()
    rows._result_cache = []
    rows._prefetch_done = True
    instance._prefetched_objects_cache[relation] = rows
