"""Every outbound SIAP call, declared once (reference §16.3.2). Subclasses only say how a request is sent."""

import logging
import time
from urllib.parse import quote

from django.db import DatabaseError

from siap.client.errors import SiapError, SiapUnavailable
from siap.models import SiapCall, SiapCallOutcome

logger = logging.getLogger("apilos.siap")

HABILITATION = "/services/habilitation"
OPERATION = "/services/operation"
TABLEAU_BORD = "/services/tableaubord"


class BaseSiapClient:
    mocked = False

    # --- The calls -------------------------------------------------------------------------------------

    def config(self) -> dict:
        return self.request("GET", "", "/config")

    def habilitations(self, *, login: str, habilitation_id: int = 0) -> dict:
        return self.request("GET", HABILITATION, "/habilitations", login=login, habilitation_id=habilitation_id)

    def menu(self, *, login: str, habilitation_id: int = 0) -> dict:
        return self.request("GET", "", "/menu", login=login, habilitation_id=habilitation_id)

    def operation(self, *, login: str, habilitation_id: int, numero_operation: str) -> dict:
        route = f"/operation/{quote(numero_operation, safe='')}"
        return self.request("GET", OPERATION, route, login=login, habilitation_id=habilitation_id)

    def fusions(self, *, login: str, habilitation_id: int, siren: str) -> list:
        return self.request(
            "GET",
            OPERATION,
            "/journalisation-fusion",
            login=login,
            habilitation_id=habilitation_id,
            params={"siren": siren},
        )

    def alertes(self, *, login: str = "", habilitation_id: int = 0) -> list:
        return self.request("GET", TABLEAU_BORD, "/alertes", login=login, habilitation_id=habilitation_id)

    def alertes_convention(self, *, convention_uuid: str, login: str = "", habilitation_id: int = 0) -> list:
        route = f"/alertes/convention/{convention_uuid}"
        return self.request("GET", TABLEAU_BORD, route, login=login, habilitation_id=habilitation_id)

    def create_alerte(self, *, alerte: dict, login: str = "", habilitation_id: int = 0):
        return self.request("POST", TABLEAU_BORD, "/alertes", login=login, habilitation_id=habilitation_id, json=alerte)

    def delete_alerte(self, *, alerte_id: int, login: str = "", habilitation_id: int = 0):
        return self.request(
            "DELETE", TABLEAU_BORD, f"/alertes/{int(alerte_id)}", login=login, habilitation_id=habilitation_id
        )

    # --- Transport and journal -------------------------------------------------------------------------

    def request(self, method: str, prefix: str, route: str, *, login: str = "", habilitation_id: int = 0, **kwargs):
        started = time.monotonic()
        attempts = 1
        try:
            result, status_code, attempts = self.send(
                method, prefix, route, login=login, habilitation_id=habilitation_id, **kwargs
            )
        except SiapError as exc:
            outcome = exc.outcome if hasattr(exc, "outcome") else _outcome_of(exc)
            self._journal(
                method,
                prefix + route,
                login,
                habilitation_id,
                exc.status_code,
                outcome,
                started,
                getattr(exc, "attempts", attempts),
                f"{exc.message} {exc.detail}".strip(),
            )
            raise
        outcome = SiapCallOutcome.SIMULE if self.mocked else SiapCallOutcome.SUCCES
        self._journal(method, prefix + route, login, habilitation_id, status_code, outcome, started, attempts, "")
        return result

    def send(self, method, prefix, route, *, login, habilitation_id, **kwargs):
        """Returns (decoded JSON, HTTP status, attempts); raises a SiapError."""
        raise NotImplementedError

    @staticmethod
    def _journal(method, route, login, habilitation_id, status_code, outcome, started, attempts, message):
        duration_ms = int((time.monotonic() - started) * 1000)
        log = logger.warning if outcome not in (SiapCallOutcome.SUCCES, SiapCallOutcome.SIMULE) else logger.info
        log(
            "SIAP %s %s login=%s → %s %s en %d ms (%d tentative(s))",
            method,
            route,
            login,
            outcome,
            status_code,
            duration_ms,
            attempts,
        )
        try:
            SiapCall.objects.create(
                methode=method,
                route=route[:500],
                login=(login or "")[:255],
                habilitation_id=habilitation_id or None,
                statut_http=status_code,
                resultat=outcome,
                duree_ms=duration_ms,
                tentatives=attempts,
                message=message[:2000],
            )
        except DatabaseError:  # the journal never breaks the call it records
            logger.exception("Impossible de journaliser l'appel au SIAP")


def _outcome_of(exc: SiapError) -> str:
    if isinstance(exc, SiapUnavailable):
        return SiapCallOutcome.INJOIGNABLE
    return SiapCallOutcome.ERREUR_HTTP
