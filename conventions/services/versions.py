"""Optimistic concurrency on the convention (issue 11): two people who opened the same step at the same version
cannot both save it; the second is refused, told who changed it and when, and nothing of the first is lost.

The step pages carry the version they were built from (hidden field `version_convention`), the API accepts it
in `If-Match`. `saving(convention=, version=, user=)` locks the convention row, compares, lets the save run
inside the same transaction and increments the version. No version given (a page older than this mechanism):
the save is not checked."""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from conventions.models import Convention


class ConventionModifiee(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def conflict_message(convention: Convention) -> str:
    """Who changed the convention last, and when, in French."""
    user = convention.version_modifiee_par
    qui = (user.get_full_name() or user.username) if user is not None else "Une autre personne"
    quand = ""
    if convention.version_modifiee_le:
        moment = timezone.localtime(convention.version_modifiee_le)
        quand = f" le {moment:%d/%m/%Y} à {moment:%H:%M}"
    return (
        f"{qui} a modifié cette convention{quand}, après l'ouverture de votre page : vos modifications n'ont pas "
        "été enregistrées, pour ne pas effacer les siennes. Rechargez la page pour voir la version à jour, puis "
        "refaites vos modifications."
    )


def check(*, convention: Convention, version: int | None) -> None:
    """Raise ConventionModifiee when `version` is not the current version of `convention` (as loaded)."""
    if version is not None and version != convention.version:
        raise ConventionModifiee(conflict_message(convention))


@contextmanager
def saving(*, convention: Convention, version: int | None, user):
    """Around a save of the convention's data: refuse a stale version, then record the new one."""
    with transaction.atomic():
        current = (
            Convention.objects.select_for_update(of=("self",))
            .select_related("version_modifiee_par")
            .only("version", "version_modifiee_le", "version_modifiee_par")
            .get(pk=convention.pk)
        )
        check(convention=current, version=version)
        yield
        now = timezone.now()
        Convention.objects.filter(pk=convention.pk).update(
            version=F("version") + 1, version_modifiee_par=user, version_modifiee_le=now
        )
    convention.version = current.version + 1
    convention.version_modifiee_par = user
    convention.version_modifiee_le = now
