"""Rows of a table compared: added, changed (cell by cell), removed. Used by the Excel import review (what the
file changes in the saved table) and by the comparison of two versions of a convention (dialogue.versions).

Rows are dicts {"uuid", "libelle", "valeurs": {column: displayed value}}; `lignes_affichees()` builds them from
stored or imported rows (raw values), through the objet's columns (conventions/steps/objets.py)."""

from dataclasses import dataclass, field

from conventions.historique import affichage
from conventions.steps.objets import OBJETS


def libelle_ligne(objet, row: dict) -> str:
    premiere = objet.colonnes[0]
    libelle = affichage(objet.model, premiere, row.get(premiere))
    if row.get("logement_designation"):  # an annexe names its dwelling
        libelle = f"{row['logement_designation']} – {libelle}"
    return libelle


def lignes_affichees(nom_objet: str, rows: list[dict]) -> list[dict]:
    objet = OBJETS[nom_objet]
    return [
        {
            "uuid": str(row.get("uuid") or ""),
            "libelle": libelle_ligne(objet, row),
            "valeurs": {c: affichage(objet.model, c, row.get(c)) for c in objet.colonnes},
        }
        for row in rows
    ]


def colonnes_affichees(nom_objet: str) -> list[list[str]]:
    objet = OBJETS[nom_objet]
    return [[c, str(objet.champ_label(c))] for c in objet.colonnes]


@dataclass
class LigneModifiee:
    uuid: str
    libelle: str
    cellules: list[tuple[str, str, str]]  # (column label, before, after)
    commentaires: list = field(default_factory=list)


@dataclass
class DifferenceTable:
    ajoutees: list[dict] = field(default_factory=list)
    modifiees: list[LigneModifiee] = field(default_factory=list)
    supprimees: list[dict] = field(default_factory=list)
    inchangees: int = 0

    @property
    def nombre(self) -> int:
        return len(self.ajoutees) + len(self.modifiees) + len(self.supprimees)


def _match_rows(avant: list[dict], apres: list[dict]) -> tuple[list, list, list]:
    """(pairs, added, removed): rows paired by uuid, then (a copy, e.g. an avenant's) by their name."""
    left = {row["uuid"]: row for row in avant if row["uuid"]}
    unnamed = [row for row in avant if not row["uuid"]]
    pairs, added = [], []
    for row in apres:
        old = left.pop(row["uuid"], None) if row["uuid"] else None
        if old is not None:
            pairs.append((old, row))
        else:
            added.append(row)
    by_name: dict[str, list] = {}
    for row in list(left.values()) + unnamed:
        by_name.setdefault(row["libelle"], []).append(row)
    still_added = []
    for row in added:
        candidates = by_name.get(row["libelle"]) or []
        if candidates:
            old = candidates.pop(0)
            left.pop(old["uuid"], None)
            if old in unnamed:
                unnamed.remove(old)
            pairs.append((old, row))
        else:
            still_added.append(row)
    return pairs, still_added, list(left.values()) + unnamed


def difference_table(colonnes: list, avant: list[dict], apres: list[dict], *, comments=None) -> DifferenceTable:
    """What turns the rows `avant` into `apres`. `comments(row_uuid, columns)`: the comments on a changed row."""
    pairs, ajoutees, supprimees = _match_rows(avant, apres)
    result = DifferenceTable(ajoutees=ajoutees, supprimees=supprimees)
    for before, after in pairs:
        cellules = [
            (label, before["valeurs"].get(c, "—"), after["valeurs"].get(c, "—"))
            for c, label in colonnes
            if before["valeurs"].get(c, "—") != after["valeurs"].get(c, "—")
        ]
        if cellules:
            commentaires = comments(after["uuid"]) if comments else []
            result.modifiees.append(LigneModifiee(after["uuid"], after["libelle"], cellules, commentaires))
        else:
            result.inchangees += 1
    return result
