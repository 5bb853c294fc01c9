"""Webhook services: pure functions (no request). Events are emitted after commit; delivery is the worker's."""

import datetime
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from webhooks.models import Abonnement, Evenement, Livraison
from webhooks.ssrf import UrlRefusee, check_url

logger = logging.getLogger("apilos.webhooks")


class AbonnementRefuse(ValueError):
    pass


def _convention_data(convention) -> dict:
    programme = convention.programme
    return {
        "uuid": str(convention.uuid),
        "numero": convention.numero or None,
        "statut": convention.statut,
        "operation": {"uuid": str(programme.uuid), "numero": programme.numero_operation or None, "nom": programme.nom},
    }


def emit(evenement: str, *, convention, donnees: dict | None = None) -> None:
    """Record one delivery per matching subscription and hand them to the worker, once the caller's
    transaction commits (nothing is sent for a rolled-back change). Never raises into the caller."""
    Evenement(evenement)  # an unknown event is a programming error

    def _create():
        try:
            programme = convention.programme
            abonnements = Abonnement.objects.actifs_pour(
                bailleur_id=programme.bailleur_id, administration_id=programme.administration_id, evenement=evenement
            )
            for abonnement in abonnements:
                livraison = Livraison.objects.create(abonnement=abonnement, evenement=evenement, charge={})
                livraison.charge = {
                    "id": str(livraison.uuid),
                    "evenement": evenement,
                    "cree_le": timezone.now().isoformat(),
                    "donnees": {"convention": _convention_data(convention), **(donnees or {})},
                }
                livraison.save(update_fields=["charge"])
                enqueue(livraison)
        except Exception:
            logger.exception("Webhooks : événement %s non distribué (convention %s)", evenement, convention.pk)

    transaction.on_commit(_create)


def enqueue(livraison: Livraison, *, attempt: int = 1, delay: datetime.timedelta | None = None) -> None:
    from webhooks import tasks

    job = tasks.deliver
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + delay)
    job.enqueue(livraison.pk, attempt)


def replay(*, livraison: Livraison, user) -> Livraison:
    """A new delivery of the same payload (same event id, new delivery id), sent at once."""
    copie = Livraison.objects.create(
        abonnement=livraison.abonnement, evenement=livraison.evenement, charge=livraison.charge, rejouee_de=livraison
    )
    transaction.on_commit(partial(enqueue, copie))
    logger.info("Webhooks : livraison %s rejouée par %s", livraison.uuid, user)
    return copie


def save_abonnement(*, abonnement: Abonnement, user, url: str, nom: str, evenements: list[str], actif: bool = True):
    try:
        check_url(url)
    except UrlRefusee as exc:
        raise AbonnementRefuse(str(exc)) from exc
    inconnus = [e for e in evenements if e not in Evenement.values]
    if inconnus or not evenements:
        raise AbonnementRefuse("Choisissez au moins un événement parmi ceux proposés.")
    abonnement.url, abonnement.nom, abonnement.evenements, abonnement.actif = url, nom, list(evenements), actif
    if abonnement.pk is None:
        abonnement.cree_par = user
    abonnement.full_clean(exclude=["secret"])
    abonnement.save()
    return abonnement


# --- Event hooks not wired yet ----------------------------------------------------------------------------
# Avenants and messages do not exist in the code yet: their issues call these when they land.


def emit_avenant_created(*, avenant, convention) -> None:
    emit(Evenement.AVENANT_CREE, convention=convention, donnees={"avenant": {"uuid": str(avenant.uuid)}})


def emit_message(*, convention, message_uuid) -> None:
    emit(Evenement.MESSAGE, convention=convention, donnees={"message": {"uuid": str(message_uuid)}})
