"""The journal of a convention (reference §15.7): typed events, each with who, when and what.

Status changes are written by conventions.workflow (`type_evenement` "statut"); every other event — a document
stored, a date corrected, an avenant created, a dénonciation or résiliation taking effect — goes through
`record`. The recap and the API read `ConventionHistory` rows as the journal."""

from conventions.enums import TypeEvenement
from conventions.models import Convention, ConventionHistory


def record(
    *,
    convention: Convention,
    type_evenement: TypeEvenement,
    user,
    description: str,
    action: str = "",
    statut_precedent: str = "",
    statut: str = "",
    **donnees,
) -> ConventionHistory:
    """One event; `donnees` are JSON-serialisable details (old and new values of a corrected date…)."""
    return ConventionHistory.objects.create(
        convention=convention,
        type_evenement=type_evenement,
        user=user if getattr(user, "pk", None) else None,
        description=description[:500],
        action=action or type_evenement,
        statut_precedent=statut_precedent,
        statut=statut,
        donnees={key: (str(value) if value is not None else None) for key, value in donnees.items()},
    )
