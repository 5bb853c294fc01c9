"""Delivery of one webhook (django-tasks, in the worker), with retries and exponential back-off."""

import datetime
import json
import logging
import time

import requests
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from webhooks import signing
from webhooks.models import Livraison, StatutLivraison, Tentative
from webhooks.ssrf import UrlRefusee, check_url

logger = logging.getLogger("apilos.webhooks")

EXTRAIT_MAX = 1000
USER_AGENT = "APiLos-Webhooks/1.0"


def retry_delay(attempt: int) -> datetime.timedelta:
    """Wait after the failed attempt `attempt` (1-based): base × 2^(attempt-1)."""
    return datetime.timedelta(seconds=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def body_of(livraison: Livraison) -> bytes:
    return json.dumps(livraison.charge, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _post(livraison: Livraison) -> tuple[int | None, str, str]:
    """(status code, body excerpt, error)."""
    abonnement = livraison.abonnement
    try:
        check_url(abonnement.url)
    except UrlRefusee as exc:
        return None, "", str(exc)
    body = body_of(livraison)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.SIGNATURE_HEADER: signing.signature_header(abonnement.secret, body),
        signing.EVENT_HEADER: livraison.evenement,
        signing.DELIVERY_HEADER: str(livraison.uuid),
    }
    try:
        response = requests.post(
            abonnement.url,
            data=body,
            headers=headers,
            timeout=(settings.WEBHOOKS_CONNECT_TIMEOUT, settings.WEBHOOKS_READ_TIMEOUT),
            allow_redirects=False,  # a redirect could lead to a private address
            stream=True,
        )
        try:
            extrait = response.raw.read(EXTRAIT_MAX, decode_content=True).decode("utf-8", "replace")
        finally:
            response.close()
        return response.status_code, extrait, ""
    except requests.RequestException as exc:
        return None, "", f"{type(exc).__name__} : {exc}"[:500]


@task()
def deliver(livraison_id: int, attempt: int = 1) -> str:
    livraison = Livraison.objects.select_related("abonnement").filter(pk=livraison_id).first()
    if livraison is None or livraison.statut in (StatutLivraison.REUSSIE, StatutLivraison.ECHEC):
        return "ignorée"
    if not livraison.abonnement.actif:
        Livraison.objects.filter(pk=livraison.pk).update(statut=StatutLivraison.ECHEC, prochain_essai=None)
        return "abonnement inactif"
    start = time.monotonic()
    code, extrait, erreur = _post(livraison)
    duree = int((time.monotonic() - start) * 1000)
    Tentative.objects.create(
        livraison=livraison, numero=attempt, code_reponse=code, extrait_reponse=extrait, duree_ms=duree, erreur=erreur
    )
    updates = {"tentatives": attempt, "code_reponse": code}
    if code is not None and 200 <= code < 300:
        updates |= {"statut": StatutLivraison.REUSSIE, "livree_le": timezone.now(), "prochain_essai": None}
        Livraison.objects.filter(pk=livraison.pk).update(**updates)
        return "réussie"
    if attempt >= settings.WEBHOOKS_MAX_ATTEMPTS:
        updates |= {"statut": StatutLivraison.ECHEC, "prochain_essai": None}
        Livraison.objects.filter(pk=livraison.pk).update(**updates)
        logger.warning("Webhook %s en échec définitif après %s tentatives", livraison.uuid, attempt)
        return "échec"
    delay = retry_delay(attempt)
    updates |= {"statut": StatutLivraison.NOUVEL_ESSAI, "prochain_essai": timezone.now() + delay}
    Livraison.objects.filter(pk=livraison.pk).update(**updates)
    from webhooks.services import enqueue

    enqueue(livraison, attempt=attempt + 1, delay=delay)
    return "nouvel essai"
