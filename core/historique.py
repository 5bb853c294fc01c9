"""The audit trail of the domain models (django-simple-history, decisions.md): one `historique()` per tracked
model, so that every tracked model keeps the same fields out of its history."""

from simple_history.models import HistoricalRecords

# Timestamps that change at every save say nothing a history record does not already say (history_date).
CHAMPS_IGNORES = ("mis_a_jour_le",)


def historique(*, exclus: tuple[str, ...] = ()) -> HistoricalRecords:
    """The history of a model: who changed it (request user, via HistoryRequestMiddleware), when, and the whole
    row as it was after each creation, change and deletion."""
    return HistoricalRecords(excluded_fields=[*CHAMPS_IGNORES, *exclus], cascade_delete_history=False)
