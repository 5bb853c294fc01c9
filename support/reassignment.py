"""Bulk reassignment of conventions (issue 20 §2): pure services, no request, no form.

A convention reaches its bailleur and administration through its operation (programme): moving a
convention moves its programme, and so every convention of that programme — the preview says so.

1. `plan_conventions(...)` / `plan_delegation(...)` compute a `Plan` without writing anything (dry run);
2. `apply_plan(plan=..., user=..., motif=...)` writes it in one transaction, after checking that nothing
   changed since the preview (same fingerprint), records one history entry per convention and enqueues the
   e-mails to the people concerned once committed."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from conventions import selectors
from conventions.models import Convention, ConventionHistory
from programmes.models import Programme
from users.models import Administration, Bailleur

ACTION = "reaffectation"
ADMINISTRATION = "administration"
BAILLEUR = "bailleur"
LABELS = {ADMINISTRATION: "Administration", BAILLEUR: "Bailleur"}


class ReassignmentError(ValueError):
    """A refusal explained in French to the user."""


@dataclass(frozen=True)
class Ligne:
    convention: Convention
    avant: Administration | Bailleur | None
    entrainee: bool  # not selected, but on the same operation as a selected one


@dataclass
class Plan:
    champ: str  # ADMINISTRATION or BAILLEUR
    cible: Administration | Bailleur
    lignes: list[Ligne] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    inconnus: list[str] = field(default_factory=list)  # numbers given that match no convention
    deja: list[Convention] = field(default_factory=list)  # already on the target

    @property
    def vide(self) -> bool:
        return not self.programmes

    @property
    def empreinte(self) -> str:
        """Identifies exactly what the preview showed (operations, their current organisation, the target)."""
        parts = [self.champ, str(self.cible.pk)]
        parts += [f"{p.pk}:{getattr(p, f'{self.champ}_id')}" for p in self.programmes]
        parts += [str(ligne.convention.pk) for ligne in self.lignes]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def parse_numeros(texte: str) -> list[str]:
    """Convention numbers separated by new lines, commas or semicolons; order kept, duplicates dropped."""
    numeros = [n.strip() for n in re.split(r"[\n,;]+", texte or "") if n.strip()]
    return list(dict.fromkeys(numeros))


def _plan(champ: str, cible, programmes_qs, selected_ids: set[int] | None) -> Plan:
    if champ not in LABELS:
        raise ReassignmentError("Choisissez une administration ou un bailleur de destination.")
    plan = Plan(champ=champ, cible=cible)
    programmes = list(programmes_qs.select_related("administration", "bailleur").order_by("pk"))
    for programme in programmes:
        conventions = list(programme.conventions.select_related("lot").order_by("pk"))
        if getattr(programme, f"{champ}_id") == cible.pk:
            plan.deja += conventions
            continue
        plan.programmes.append(programme)
        avant = getattr(programme, champ)
        for convention in conventions:
            convention.programme = programme
            entrainee = selected_ids is not None and convention.pk not in selected_ids
            plan.lignes.append(Ligne(convention, avant, entrainee))
    return plan


def plan_conventions(*, conventions, champ: str, cible, numeros_demandes: list[str] = ()) -> Plan:
    """Move the operations of `conventions` (a queryset) to `cible`. `numeros_demandes` are reported back
    when no convention of the queryset carries them."""
    rows = list(conventions.order_by().values_list("pk", "numero", "programme_id"))
    ids = {pk for pk, _, _ in rows}
    plan = _plan(champ, cible, Programme.objects.filter(pk__in={p for _, _, p in rows}), ids)
    trouves = {numero for _, numero, _ in rows}
    plan.inconnus = [n for n in numeros_demandes if n not in trouves]
    return plan


def plan_delegation(*, source: Administration, cible: Administration, communes: list[str]) -> Plan:
    """Move to `cible` the operations of `source` located in `communes` (INSEE codes), with their conventions."""
    if source.pk == cible.pk:
        raise ReassignmentError("L'administration de destination doit être différente de l'administration d'origine.")
    invalides = [c for c in communes if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", c)]
    if invalides:
        raise ReassignmentError(
            "Codes INSEE de commune invalides : "
            + ", ".join(invalides)
            + " (5 caractères, par exemple 75056 ou 2A004)."
        )
    if not communes:
        raise ReassignmentError("Indiquez au moins une commune (code INSEE).")
    qs = Programme.objects.filter(administration=source, code_insee_commune__in=communes)
    plan = _plan(ADMINISTRATION, cible, qs, None)
    trouvees = set(qs.values_list("code_insee_commune", flat=True))
    plan.inconnus = [c for c in communes if c not in trouvees]
    return plan


def apply_plan(*, plan: Plan, user, motif: str, empreinte: str | None = None) -> int:
    """Write the plan in one transaction; returns the number of conventions moved."""
    if plan.vide:
        raise ReassignmentError("Rien à réaffecter : aucune opération ne change d'organisation.")
    if empreinte is not None and empreinte != plan.empreinte:
        raise ReassignmentError("La sélection a changé depuis l'aperçu : vérifiez le nouvel aperçu avant de confirmer.")
    champ, cible = plan.champ, plan.cible
    with transaction.atomic():
        locked = {p.pk: p for p in Programme.objects.select_for_update().filter(pk__in=[p.pk for p in plan.programmes])}
        for programme in plan.programmes:
            current = locked.get(programme.pk)
            if current is None or getattr(current, f"{champ}_id") != getattr(programme, f"{champ}_id"):
                raise ReassignmentError(
                    f"L'opération « {programme.nom} » a été modifiée entre-temps : recommencez l'aperçu."
                )
        Programme.objects.filter(pk__in=locked).update(**{champ: cible})
        transaction.on_commit(selectors.bump_generation)  # an update() sends no signal: the counts change
        entries = []
        for ligne in plan.lignes:
            texte = f"{LABELS[champ]} : {ligne.avant or 'aucune'} → {cible}."
            if ligne.entrainee:
                texte += " (Déplacée avec son opération.)"
            if motif:
                texte += f" Motif : {motif}"
            statut = ligne.convention.statut
            entries.append(
                ConventionHistory(
                    convention=ligne.convention,
                    statut_precedent=statut,
                    statut=statut,
                    action=ACTION,
                    user=user,
                    commentaire=texte,
                )
            )
        ConventionHistory.objects.bulk_create(entries)
        from support import tasks

        transaction.on_commit(
            partial(
                tasks.notify_reassignment.enqueue,
                champ=champ,
                cible_id=cible.pk,
                avant_ids=sorted({ligne.avant.pk for ligne in plan.lignes if ligne.avant is not None}),
                convention_ids=[ligne.convention.pk for ligne in plan.lignes],
                motif=motif,
            )
        )
    return len(plan.lignes)
