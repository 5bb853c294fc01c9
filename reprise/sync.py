"""The generic part of the import: write a table's rows in bulk, once, and tell what was done.

Every source row has a key (its uuid, or a natural key for tables without one) recorded in `LigneImportee` with
the fingerprint of the values written. A row is created when its key is unknown, updated when the fingerprint
differs, left alone otherwise: a second run creates nothing and changes nothing. Each table is written in one
transaction with its keys, so an interrupted run resumes at the table it was writing."""

import contextlib
import csv
import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from reprise import copie
from reprise.models import LigneImportee

LOT = 1000
# Rows per COPY stream (and per step of the progress bar) on PostgreSQL.
LOT_COPY = 20_000


@dataclass
class Entree:
    table: str
    cle: str
    nature: str  # "non importée" | "importée avec changement" | "rattachée à l'existant"
    raison: str


@dataclass
class Bilan:
    table: str
    source: int = 0
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0
    ecartes: int = 0


@dataclass
class Rapport:
    entrees: list[Entree] = field(default_factory=list)
    bilans: dict[str, Bilan] = field(default_factory=dict)

    def ecarte(self, table: str, cle, raison: str) -> None:
        self.entrees.append(Entree(table, str(cle), "non importée", raison))
        self.bilan(table).ecartes += 1

    def change(self, table: str, cle, raison: str) -> None:
        self.entrees.append(Entree(table, str(cle), "importée avec changement", raison))

    def rattache(self, table: str, cle, raison: str) -> None:
        self.entrees.append(Entree(table, str(cle), "rattachée à l'existant", raison))

    def bilan(self, table: str) -> Bilan:
        return self.bilans.setdefault(table, Bilan(table))

    def totaux(self) -> Bilan:
        total = Bilan("total")
        for b in self.bilans.values():
            for name in ("source", "crees", "modifies", "inchanges", "ecartes"):
                setattr(total, name, getattr(total, name) + getattr(b, name))
        return total

    def ecrire(self, path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(["table", "clé source", "traitement", "raison"])
            for e in self.entrees:
                writer.writerow([e.table, e.cle, e.nature, e.raison])

    def resume(self) -> list[str]:
        lines = []
        by_reason = Counter((e.table, e.nature, e.raison.split(" : ")[0]) for e in self.entrees)
        for (table, nature, raison), n in sorted(by_reason.items()):
            lines.append(f"  {table} — {n} {nature} : {raison}")
        return lines


def empreinte(values: dict) -> str:
    """The fingerprint of the values written: repr() of dates, Decimals and uuids is stable across runs."""
    text = repr([(k, str(v) if type(v) is uuid.UUID else v) for k, v in sorted(values.items())])
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@contextlib.contextmanager
def horodatages_source(*models):
    """Write the source's own `cree_le`/`mis_a_jour_le`: auto_now(_add) are off while importing."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _noter(table: str, lignes: list[tuple[str, int, str]]) -> None:
    """Record imported rows (a third of the import's rows are these): COPY on PostgreSQL, plain multi-row
    INSERTs elsewhere; no model instances."""
    if not lignes:
        return
    now = timezone.now()
    colonnes = ["table", "cle_source", "cible_id", "empreinte", "importe_le"]
    if copie.disponible():
        copie.inserer_colonnes(
            LigneImportee._meta.db_table, colonnes, [(table, cle, pk, emp, now) for cle, pk, emp in lignes]
        )
        return
    with connection.cursor() as cursor:
        for start in range(0, len(lignes), LOT):
            chunk = lignes[start : start + LOT]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for cle, pk, emp in chunk for value in (table, cle, pk, emp, now)]
            cursor.execute(
                f'INSERT INTO {LigneImportee._meta.db_table} ("table", cle_source, cible_id, empreinte, importe_le)'
                f" VALUES {placeholders}",
                params,
            )


def _creer(model, lignes: list[dict]) -> list[int]:
    if copie.disponible():
        return copie.inserer(model, lignes)
    return [obj.pk for obj in model.objects.bulk_create([model(**values) for values in lignes])]


class Synchro:
    def __init__(self, *, rapport: Rapport, dry_run: bool = False, progres=None):
        self.rapport = rapport
        self.dry_run = dry_run
        self.progres = progres or (lambda table, done, total: None)
        self._fictif = 0
        self.touches: dict[str, set[int]] = {}  # ids created or updated, per table

    def ids(self, table: str) -> dict[str, int]:
        return dict(LigneImportee.objects.filter(table=table).values_list("cle_source", "cible_id"))

    def ecrire(self, *, table: str, model, items: list[tuple[str, dict]], existants=None) -> dict[str, int]:
        """Write `items` ([(key, {attname: value})]) to `model`; returns {key: target id} for all of them.
        `existants(keys) -> {key: id}` finds target rows that match by a natural key (a bailleur with the same
        SIRET): they are linked, not overwritten."""
        bilan = self.rapport.bilan(table)
        bilan.source += len(items)
        deja = {
            cle: (cible, emp)
            for cle, cible, emp in LigneImportee.objects.filter(table=table).values_list(
                "cle_source", "cible_id", "empreinte"
            )
        }
        result: dict[str, int] = {}
        a_creer, a_modifier = [], []
        for cle, values in items:
            emp = empreinte(values)
            if cle in deja:
                cible, ancienne = deja[cle]
                result[cle] = cible
                if ancienne == emp:
                    bilan.inchanges += 1
                else:
                    a_modifier.append((cle, cible, values, emp))
            else:
                a_creer.append((cle, values, emp))
        a_creer, a_lier = self._deja_presents(table, model, a_creer, existants, result)
        bilan.crees += len(a_creer)
        bilan.modifies += len(a_modifier)
        bilan.inchanges += len(a_lier)
        if self.dry_run:
            for cle, _, _ in a_creer:
                self._fictif -= 1
                result[cle] = self._fictif
            return result
        total = len(a_creer) + len(a_modifier)
        touches = self.touches.setdefault(table, set())
        touches.update(cible for _, cible, _, _ in a_modifier)
        with transaction.atomic():
            copie.commit_asynchrone()
            done = 0
            lot = LOT_COPY if copie.disponible() else LOT
            for start in range(0, len(a_creer), lot):
                chunk = a_creer[start : start + lot]
                pks = _creer(model, [values for _, values, _ in chunk])
                for (cle, _, _), pk in zip(chunk, pks, strict=True):
                    result[cle] = pk
                touches.update(pks)
                _noter(table, [(cle, pk, emp) for (cle, _, emp), pk in zip(chunk, pks, strict=True)])
                done += len(chunk)
                self.progres(table, done, total)
            if a_lier:
                _noter(table, a_lier)
            self._modifier(table, model, a_modifier, done, total)
        return result

    def _modifier(self, table, model, a_modifier, done, total):
        lot = LOT_COPY if copie.disponible() else LOT
        for start in range(0, len(a_modifier), lot):
            chunk = a_modifier[start : start + lot]
            fields = sorted({k for _, _, values, _ in chunk for k in values if k not in ("id", "uuid")})
            lignes = dict(
                LigneImportee.objects.filter(table=table, cle_source__in=[c for c, *_ in chunk]).values_list(
                    "cle_source", "id"
                )
            )
            if copie.disponible():
                copie.mettre_a_jour(model, [(cible, values) for _, cible, values, _ in chunk], fields)
                copie.mettre_a_jour(
                    LigneImportee, [(lignes[cle], {"empreinte": emp}) for cle, _, _, emp in chunk], ["empreinte"]
                )
            else:
                model.objects.bulk_update([model(pk=cible, **values) for _, cible, values, _ in chunk], fields)
                LigneImportee.objects.bulk_update(
                    [LigneImportee(pk=lignes[cle], empreinte=emp) for cle, _, _, emp in chunk], ["empreinte"]
                )
            done += len(chunk)
            self.progres(table, done, total)

    def _deja_presents(self, table, model, a_creer, existants, result):
        """Rows already here under the same uuid (or natural key) but not recorded: link them, don't create."""
        if not a_creer:
            return a_creer, []
        trouves = {}
        if "uuid" in a_creer[0][1]:
            uuids = {str(v["uuid"]): cle for cle, v, _ in a_creer}
            keys = list(uuids)
            for start in range(0, len(keys), LOT * 5):
                found = model.objects.filter(uuid__in=keys[start : start + LOT * 5]).values_list("uuid", "id")
                for uuid, pk in found:
                    trouves[uuids[str(uuid)]] = pk
        if existants is not None:
            trouves.update(existants([cle for cle, _, _ in a_creer if cle not in trouves]))
        if not trouves:
            return a_creer, []
        reste, a_lier = [], []
        for cle, values, emp in a_creer:
            if cle in trouves:
                a_lier.append((cle, trouves[cle], emp))
                result[cle] = trouves[cle]
                self.rapport.rattache(table, cle, "déjà présente ici : rattachée sans être modifiée")
            else:
                reste.append((cle, values, emp))
        return reste, a_lier

    def liens(self, *, table: str, through, gauche: str, droite: str, paires: set[tuple[int, int]]) -> None:
        """A many-to-many: add the missing pairs, remove none (a second run finds them all)."""
        bilan = self.rapport.bilan(table)
        bilan.source += len(paires)
        if not paires:
            return
        gauches = {g for g, _ in paires}
        presentes = set(through.objects.filter(**{f"{gauche}__in": gauches}).values_list(gauche, droite))
        manquantes = paires - presentes
        bilan.inchanges += len(paires) - len(manquantes)
        bilan.crees += len(manquantes)
        if manquantes and not self.dry_run:
            through.objects.bulk_create([through(**{gauche: g, droite: d}) for g, d in manquantes])
