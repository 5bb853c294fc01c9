"""What changed between two versions of a convention (issue 19): a snapshot of the data per step (the values as
displayed, the table rows by uuid), taken at each submission (`Soumission`) or read live, and the difference of
two snapshots per step: fields changed (old → new), rows added, changed cell by cell, removed.

A snapshot is derived from the step registry (conventions/steps/): the fields of each step's form specs and the
rows of its table; nothing is declared twice."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from conventions.differences import (
    LigneModifiee,
    colonnes_affichees,
    difference_table,
    lignes_affichees,
)
from conventions.historique import affichage
from conventions.steps.registry import kind_of
from dialogue.models import Soumission

LIGNE = "ligne"
COLONNE_SECTION = "tableau"


def snapshot(convention) -> dict:
    """{"etapes": [{"slug", "titre", "champs": [{"cle", "label", "valeur"}], "table": {...} | None}]}."""
    etapes = []
    for step in kind_of(convention).editable_steps:
        objects = step.objects(convention)
        champs = []
        for spec in step.form_class.specs:
            obj = objects.get(spec.objet)
            if obj is None or not hasattr(obj, spec.champ):
                continue
            label = spec.label or str(spec.model._meta.get_field(spec.champ).verbose_name)
            valeur = affichage(spec.model, spec.champ, getattr(obj, spec.champ))
            champs.append({"cle": f"{spec.objet}__{spec.champ}", "label": label, "valeur": valeur})
        etapes.append({"slug": step.slug, "titre": step.title, "champs": champs, "table": _table(step, convention)})
    return {"etapes": etapes}


def _table(step, convention) -> dict | None:
    """The rows of the step's table; a step of several sections (the four dwelling tables) as ONE table whose
    column « Tableau » names the section of each row (left empty for the first one, as in the snapshots taken
    before the sections existed), so that a row moved from one section to another shows as changed."""
    tables = step.tables
    if not tables:
        return None
    stored = step.stored_tables(convention)
    first = tables[0]
    if len(tables) == 1:
        return {
            "objet": first.objet,
            "titre": first.title,
            "colonnes": colonnes_affichees(first.objet),
            "lignes": lignes_affichees(first.objet, stored[first.objet]),
        }
    colonnes = {c: label for table in tables for c, label in colonnes_affichees(table.objet)}
    lignes = []
    for table in tables:
        for ligne in lignes_affichees(table.objet, stored[table.objet]):
            if table is not first:
                ligne["valeurs"][COLONNE_SECTION] = table.title
            lignes.append(ligne)
    return {
        "objet": first.objet,
        "objets": [table.objet for table in tables],
        "titre": step.title,
        "colonnes": [*[[c, label] for c, label in colonnes.items()], [COLONNE_SECTION, "Tableau"]],
        "lignes": lignes,
    }


def record_submission(*, convention, user) -> Soumission:
    """Store what was submitted; called in the transaction of the submission (dialogue.signals)."""
    with transaction.atomic():
        numero = (convention.soumissions.aggregate(n=Max("numero"))["n"] or 0) + 1
        return Soumission.objects.create(
            convention=convention,
            numero=numero,
            soumise_par=user if getattr(user, "pk", None) else None,
            donnees=snapshot(convention),
        )


# --- Differences -------------------------------------------------------------------------------------------


@dataclass
class ChampModifie:
    cle: str
    label: str
    avant: str
    apres: str
    commentaires: list = field(default_factory=list)


@dataclass
class EtapeDiff:
    slug: str
    titre: str
    champs: list[ChampModifie] = field(default_factory=list)
    ajoutees: list[dict] = field(default_factory=list)
    modifiees: list[LigneModifiee] = field(default_factory=list)
    supprimees: list[dict] = field(default_factory=list)
    colonnes: list = field(default_factory=list)
    objet: str = ""

    @property
    def inchangee(self) -> bool:
        return not (self.champs or self.ajoutees or self.modifiees or self.supprimees)

    @property
    def nombre(self) -> int:
        return len(self.champs) + len(self.ajoutees) + len(self.modifiees) + len(self.supprimees)


def difference(avant: dict, apres: dict, *, comments_by_key: dict | None = None) -> list[EtapeDiff]:
    """The differences per step from snapshot `avant` to snapshot `apres` (in the order of `apres`). Each change
    carries the field comments (`comments_by_key`, conventions.selectors.comments_by_key) that point at it."""
    comments_by_key = comments_by_key or {}
    old_steps = {etape["slug"]: etape for etape in avant.get("etapes", [])}
    result = []
    for etape in apres.get("etapes", []):
        old = old_steps.get(etape["slug"], {"champs": [], "table": None})
        diff = EtapeDiff(etape["slug"], etape["titre"])
        old_champs = {c["cle"]: c["valeur"] for c in old["champs"]}
        for champ in etape["champs"]:
            before = old_champs.get(champ["cle"], "—")
            if before != champ["valeur"]:
                diff.champs.append(
                    ChampModifie(
                        champ["cle"], champ["label"], before, champ["valeur"], comments_by_key.get(champ["cle"], [])
                    )
                )
        table = etape.get("table")
        if table:
            diff.colonnes, diff.objet = table["colonnes"], table["objet"]
            old_rows = (old.get("table") or {}).get("lignes", [])

            objets = table.get("objets") or [table["objet"]]

            def comments(row_uuid, objets=objets, colonnes=table["colonnes"]):
                keys = [
                    key
                    for objet in objets
                    for key in [f"{objet}__{LIGNE}__{row_uuid}"] + [f"{objet}__{c}__{row_uuid}" for c, _ in colonnes]
                ]
                return [c for key in keys for c in comments_by_key.get(key, [])]

            lignes = difference_table(table["colonnes"], old_rows, table["lignes"], comments=comments)
            diff.ajoutees, diff.modifiees, diff.supprimees = lignes.ajoutees, lignes.modifiees, lignes.supprimees
        result.append(diff)
    return result
