"""« À traiter »: what waits for this user's action, per side (instructeur / bailleur), oldest first.

A convention is in a user's queue through the side by which the user reaches it (an instructeur of its
administration, a bailleur of its bailleur; a superuser or a national administrateur acts as instructeur):
- instructeur: « À instruire » (instruction), « À faire signer » (validated, waiting for the signature);
- bailleur: « À corriger » (corrections), « Brouillons à soumettre » (projet), « À signer » (a_signer).
Days are counted from `Convention.statut_depuis`. A convention is « en retard » past the threshold of its
administration for that status (DelaiTraitement), else the national default below.

Queries: thresholds 1, counts 1 (one aggregate, cached a minute), then 1 per non-empty group (its oldest rows),
or 1 for every group when their ids are cached (until the next write)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from conventions import selectors
from conventions.enums import ConventionStatut as S
from conventions.enums import statut_label
from conventions.models import Convention, DelaiTraitement
from programmes.querysets import scope_q

INSTRUCTEUR, BAILLEUR = "instructeur", "bailleur"

# (side, status, title) in display order.
GROUPES = [
    (INSTRUCTEUR, S.INSTRUCTION, "À instruire"),
    (INSTRUCTEUR, S.A_SIGNER, "Validées, en attente de signature"),
    (BAILLEUR, S.CORRECTIONS, "À corriger"),
    (BAILLEUR, S.A_SIGNER, "À signer"),
    (BAILLEUR, S.PROJET, "Brouillons à soumettre"),
]

# National default thresholds, in days, per status (an administration may set its own: DelaiTraitement).
DELAIS_NATIONAUX = {S.INSTRUCTION: 21, S.A_SIGNER: 30, S.CORRECTIONS: 15, S.PROJET: 60}

LIGNES_PAR_GROUPE = 10
CACHE_SECONDS = 5 * 60


@dataclass
class Ligne:
    convention: Convention
    jours: int
    seuil: int
    statut_label: str

    @property
    def en_retard(self) -> bool:
        return self.jours > self.seuil


@dataclass
class Groupe:
    cote: str
    statut: str
    titre: str
    nombre: int
    en_retard: int
    lignes: list[Ligne] = field(default_factory=list)


def _side_q(user, cote: str) -> Q | None:
    """Conventions `user` reaches by this side; None when the user has no such side."""
    if cote == INSTRUCTEUR:
        if user.is_superuser or any(
            not r.perimetre_departement and not r.perimetre_region for r in user.administrateur_roles()
        ):
            return Q()
        ids = user.administration_ids()
        return Q(programme__administration_id__in=ids) if ids else None
    ids = user.bailleur_ids()
    return Q(programme__bailleur_id__in=ids) if ids else None


def _delais(user) -> dict[tuple[int, str], int]:
    ids = user.administration_ids()
    if not ids:
        return {}
    rows = DelaiTraitement.objects.filter(administration_id__in=ids).values_list("administration_id", "statut", "jours")
    return {(admin_id, statut): jours for admin_id, statut, jours in rows}


def _late_q(statut: str, delais: dict, now: datetime.datetime) -> Q:
    national = now - datetime.timedelta(days=DELAIS_NATIONAUX[statut])
    overrides = {admin_id: jours for (admin_id, s), jours in delais.items() if s == statut}
    q = Q(statut_depuis__lt=national) & ~Q(programme__administration_id__in=overrides)
    for admin_id, jours in overrides.items():
        q |= Q(programme__administration_id=admin_id, statut_depuis__lt=now - datetime.timedelta(days=jours))
    return q


def a_traiter(user, *, lignes: int = LIGNES_PAR_GROUPE) -> list[Groupe]:
    """The user's queue: one group per (side, status) the user acts on, with counts and the oldest rows."""
    now = timezone.now()
    visible = Convention.objects.visible_to(user)
    delais = _delais(user)
    conditions = {}
    for cote, statut, titre in GROUPES:
        side = _side_q(user, cote)
        if side is not None:
            conditions[(cote, statut, titre)] = side & Q(statut=statut)
    if not conditions:
        return []
    aggregates = {}
    for index, ((_cote, statut, _titre), condition) in enumerate(conditions.items()):
        aggregates[f"n{index}"] = Count("pk", filter=condition)
        aggregates[f"r{index}"] = Count("pk", filter=condition & _late_q(statut, delais, now))
    # The counts (every visible row) are the costly part: kept a minute per user, or until the next write to a
    # convention or an operation (a convention submitted leaves its group at once).
    counts = cache.get_or_set(
        f"a-traiter-comptes:{user.pk}:{selectors.generation()}", lambda: visible.order_by().aggregate(**aggregates), 60
    )
    cache.set(cache_key(user), sum(counts[f"n{i}"] for i in range(len(conditions))), CACHE_SECONDS)
    groupes = []
    rows_by_group = _rows_by_group(user, visible, conditions, counts, lignes)
    for index, (cote, statut, titre) in enumerate(conditions):
        groupe = Groupe(cote, statut, titre, counts[f"n{index}"], counts[f"r{index}"])
        if groupe.nombre and lignes:
            for convention in rows_by_group.get(index, []):
                seuil = delais.get((convention.programme.administration_id, statut), DELAIS_NATIONAUX[statut])
                jours = (now - convention.statut_depuis).days
                groupe.lignes.append(Ligne(convention, jours, seuil, statut_label(statut, role=cote)))
        groupes.append(groupe)
    return groupes


def _rows(queryset):
    return selectors.list_rows(queryset, extra=("statut_depuis",))


def _rows_by_group(user, visible, conditions: dict, counts: dict, lignes: int) -> dict[int, list[Convention]]:
    """The oldest rows of each non-empty group: found with a query per group, their ids then kept until the next
    write to a convention or an operation (conventions.selectors.generation), and read again in one query."""
    wanted = [i for i in range(len(conditions)) if counts[f"n{i}"] and lignes]
    if not wanted:
        return {}
    key = selectors.cle_jusqu_a_ecriture(
        "a-traiter-lignes", str(scope_q(user)), [str(c) for c in conditions.values()], lignes
    )
    ids_by_group = cache.get(key)
    if ids_by_group is not None:
        by_id = {c.pk: c for c in _rows(visible.filter(pk__in=[pk for ids in ids_by_group.values() for pk in ids]))}
        return {i: [by_id[pk] for pk in ids if pk in by_id] for i, ids in ids_by_group.items()}
    conditions = list(conditions.values())
    rows_by_group = {
        i: list(_rows(visible.filter(conditions[i])).order_by("statut_depuis", "pk")[:lignes]) for i in wanted
    }
    cache.set(key, {i: [c.pk for c in rows] for i, rows in rows_by_group.items()}, CACHE_SECONDS)
    return rows_by_group


def cache_key(user) -> str:
    return f"a-traiter:{user.pk}"


def compte(user) -> int:
    """How many conventions wait for the user (main menu badge): cached 5 minutes, one COUNT otherwise."""
    cached = cache.get(cache_key(user))
    if cached is not None:
        return cached
    condition = Q(pk__in=[])
    for cote, statut, _titre in GROUPES:
        side = _side_q(user, cote)
        if side is not None:
            condition |= side & Q(statut=statut)
    total = Convention.objects.visible_to(user).filter(condition).count()
    cache.set(cache_key(user), total, CACHE_SECONDS)
    return total
