"""« Seconde vie » (reference §13.4): the new convention of a renovated operation amends the former conventions
of that operation. The user links them (`parents_2nd_vie`) among the conventions of their perimeter; the document
is then printed with the seconde-vie models (conventions.documents.modeles). Each link added or removed is
journaled. Pure services, no request."""

from django.db import transaction

from conventions import journal, perms
from conventions.enums import STATUTS_VALIDES, TypeEvenement
from conventions.models import Convention
from conventions.search import search

MAX_RESULTATS = 20


class SecondeVieRefusee(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def can_set_parents(user, convention: Convention) -> bool:
    """Whoever may edit the convention's operation, on a convention (not an avenant) of a seconde-vie operation."""
    return (
        not convention.is_avenant
        and convention.programme.seconde_vie
        and perms.can_edit_field(user, convention, "programme__seconde_vie")
    )


def candidats_possibles(*, user, convention: Convention):
    """The conventions that may be a former convention of `convention`: in the user's perimeter, validated (a
    convention that was never validated has nothing to amend), conventions rather than avenants, not itself."""
    return (
        Convention.objects.visible_to(user).conventions().filter(statut__in=STATUTS_VALIDES).exclude(pk=convention.pk)
    )


def rechercher(*, user, convention: Convention, q: str) -> list[Convention]:
    """At most MAX_RESULTATS candidates matching `q` (number, operation, commune…), not already linked."""
    if not q.strip():
        return []
    queryset = search(candidats_possibles(user=user, convention=convention), q).exclude(
        pk__in=convention.parents_2nd_vie.values("pk")
    )
    return list(queryset.with_list_relations().order_by("numero", "pk")[:MAX_RESULTATS])


def ajouter_parent(*, convention: Convention, user, parent_uuid) -> Convention:
    parent = candidats_possibles(user=user, convention=convention).filter(uuid=parent_uuid).first()
    if parent is None:
        raise SecondeVieRefusee(
            "Cette convention ne peut pas être rattachée : elle n'existe pas dans votre périmètre ou n'a pas été "
            "validée."
        )
    with transaction.atomic():
        convention.parents_2nd_vie.add(parent)
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.AVENANT,
            action="seconde_vie_parent_ajoute",
            user=user,
            description=f"Seconde vie : convention antérieure n° {parent.numero or '—'} rattachée",
            parent=parent.uuid,
        )
    return parent


def retirer_parent(*, convention: Convention, user, parent_uuid) -> bool:
    parent = convention.parents_2nd_vie.filter(uuid=parent_uuid).first()
    if parent is None:
        return False
    with transaction.atomic():
        convention.parents_2nd_vie.remove(parent)
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.AVENANT,
            action="seconde_vie_parent_retire",
            user=user,
            description=f"Seconde vie : convention antérieure n° {parent.numero or '—'} retirée",
            parent=parent.uuid,
        )
    return True
