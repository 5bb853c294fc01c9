"""« Ajouts simplifiés » in bulk: an instructeur registers conventions signed elsewhere from one spreadsheet, one
row per convention. `lire` reads and checks the file (errors name the cell) and saves nothing; `enregistrer`
creates, in one transaction, the operation (found by its number for that bailleur, else created), the lot and the
convention through the ajout simplifié service (conventions.services.avenants.ajout_simplifie)."""

from dataclasses import dataclass, field

from django.db import transaction
from openpyxl.utils import get_column_letter

from conventions import rules
from conventions.excel.convert import CellError, convert, is_blank, normalize
from conventions.excel.reader import FileRefused, check_container, open_workbook, read_upload
from conventions.excel.tables import CHOICE, DATE, INTEGER, Column
from conventions.models import Convention
from conventions.services import avenants as service
from programmes.enums import Financement
from programmes.models import Lot, Programme
from users.models import Administration, Bailleur

COLONNES = (
    Column("numero", "Numéro de convention", "Numéro de convention"),
    Column("date_signature", "Date de signature", "Date de signature", kind=DATE),
    Column("date_publication", "Date de publication", "Date de publication", kind=DATE, optional=True),
    Column("reference_publication", "Référence de publication", "Référence de publication", optional=True),
    Column("siret", "SIRET ou SIREN du bailleur", "SIRET ou SIREN du bailleur", variants=("SIRET", "SIREN")),
    Column("numero_operation", "Numéro d'opération", "Numéro d'opération"),
    Column("nom_operation", "Nom de l'opération", "Nom de l'opération"),
    Column("ville", "Commune", "Commune", optional=True),
    Column("code_postal", "Code postal", "Code postal", optional=True, max_length=5),
    Column("financement", "Financement", "Financement", kind=CHOICE, choices=tuple(Financement.choices)),
    Column("nb_logements", "Nombre de logements", "Nombre de logements", kind=INTEGER, max_value=100_000),
)
OBLIGATOIRES = {c.name for c in COLONNES if not c.optional}
MAX_LIGNES = 2000


@dataclass
class Lecture:
    lignes: list[dict] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.erreurs and bool(self.lignes)


def lire(fichier, *, user) -> Lecture:
    """The rows of the file, checked (never raises for a bad file)."""
    lecture = Lecture()
    try:
        data = read_upload(fichier)
        check_container(data)
        workbook = open_workbook(data)
    except FileRefused as exc:
        lecture.erreurs.append(exc.message)
        return lecture
    try:
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(max_row=MAX_LIGNES + 1, values_only=True))
    finally:
        workbook.close()
    if not rows:
        lecture.erreurs.append("La première feuille du fichier est vide.")
        return lecture
    positions = _entetes(rows[0], lecture)
    if lecture.erreurs:
        return lecture
    for numero_ligne, row in enumerate(rows[1:], start=2):
        if all(is_blank(value) for value in row):
            continue
        lecture.lignes.append(_ligne(numero_ligne, row, positions, lecture))
    if not lecture.lignes and not lecture.erreurs:
        lecture.erreurs.append("Le fichier ne contient aucune ligne de convention (à partir de la ligne 2).")
    _verifier(lecture, user=user)
    if lecture.erreurs:
        lecture.lignes = []
    return lecture


def _entetes(header_row, lecture) -> dict[str, int]:
    wanted = {normalize(h): c for c in COLONNES for h in c.headers}
    positions = {}
    for index, value in enumerate(header_row):
        column = wanted.get(normalize(value or ""))
        if column is not None and column.name not in positions:
            positions[column.name] = index
    missing = [c.header for c in COLONNES if c.name in OBLIGATOIRES and c.name not in positions]
    if missing:
        lecture.erreurs.append("Colonne(s) absente(s) de la ligne 1 : " + ", ".join(f"« {h} »" for h in missing) + ".")
    return positions


def _cellule(column: Column, positions, numero_ligne) -> str:
    return f"Cellule {get_column_letter(positions[column.name] + 1)}{numero_ligne} ({column.label})"


def _ligne(numero_ligne, row, positions, lecture) -> dict:
    ligne = {"ligne": numero_ligne}
    for column in COLONNES:
        index = positions.get(column.name)
        value = row[index] if index is not None and index < len(row) else None
        if is_blank(value):
            if column.name in OBLIGATOIRES:
                lecture.erreurs.append(f"{_cellule(column, positions, numero_ligne)} : valeur obligatoire.")
            ligne[column.name] = None if column.kind in (DATE, INTEGER) else ""
            continue
        try:
            ligne[column.name] = convert(column, value)
        except CellError as exc:
            lecture.erreurs.append(f"{_cellule(column, positions, numero_ligne)} : {exc}.")
            ligne[column.name] = None
    ligne["_cellules"] = {c.name: _cellule(c, positions, numero_ligne) for c in COLONNES if c.name in positions}
    return ligne


def _verifier(lecture: Lecture, *, user) -> None:
    numeros = [ligne["numero"] for ligne in lecture.lignes if ligne.get("numero")]
    existants = set(Convention.objects.filter(numero__in=numeros).values_list("numero", flat=True))
    vus = set()
    for ligne in lecture.lignes:
        cellules = ligne["_cellules"]
        numero = ligne.get("numero")
        if numero in existants:
            lecture.erreurs.append(f"{cellules['numero']} : la convention {numero} existe déjà.")
        elif numero and numero in vus:
            lecture.erreurs.append(f"{cellules['numero']} : le numéro {numero} figure deux fois dans le fichier.")
        vus.add(numero)
        lecture.erreurs.extend(_dates(ligne, cellules))
        if ligne.get("date_publication") and not ligne.get("reference_publication"):
            lecture.erreurs.append(f"{cellules['date_publication']} : indiquez aussi la référence de publication.")
        if ligne.get("siret"):
            bailleur = trouver_bailleur(str(ligne["siret"]))
            if bailleur is None:
                lecture.erreurs.append(
                    f"{cellules['siret']} : aucun bailleur n'a le SIRET ou le SIREN « {ligne['siret']} »."
                )
            else:
                ligne["bailleur"] = bailleur.nom
                ligne["bailleur_id"] = bailleur.pk
    if not lecture.erreurs and administration_de(user) is None:
        lecture.erreurs.append(
            "Votre compte n'est rattaché à aucune administration pouvant enregistrer des conventions."
        )


def _dates(ligne, cellules) -> list[str]:
    """The same plausibility rules as everywhere (conventions/rules/dates.py), with the cell in front."""
    erreurs = []
    if ligne.get("date_signature"):
        erreurs += [
            f"{cellules['date_signature']} : {e.message}" for e in rules.check_date_signature(ligne["date_signature"])
        ]
    if ligne.get("date_publication"):
        erreurs += [
            f"{cellules['date_publication']} : {e.message}"
            for e in rules.check_date_publication(ligne["date_publication"], date_signature=ligne.get("date_signature"))
        ]
    return erreurs


def trouver_bailleur(siret: str):
    siret = "".join(siret.split())
    if len(siret) == 14:
        return Bailleur.objects.filter(siret=siret).first()
    if len(siret) == 9:
        return Bailleur.objects.filter(siret__startswith=siret).order_by("pk").first()
    return None


def administration_de(user):
    """The administration the conventions are registered for: the user's first one (instructeurs)."""
    ids = sorted(user.administration_ids())
    return Administration.objects.filter(pk__in=ids).first() if ids else None


def enregistrer(*, lignes: list[dict], user) -> list[Convention]:
    """All the rows or none (a refusal on one row rolls the others back)."""
    administration = administration_de(user)
    conventions = []
    with transaction.atomic():
        for ligne in lignes:
            programme = (
                Programme.objects.filter(
                    bailleur_id=ligne["bailleur_id"], numero_operation=ligne["numero_operation"], parent__isnull=True
                )
                .order_by("pk")
                .first()
            )
            if programme is None:
                programme = Programme.objects.create(
                    nom=ligne["nom_operation"][:255],
                    numero_operation=ligne["numero_operation"][:255],
                    bailleur_id=ligne["bailleur_id"],
                    administration=administration,
                    ville=(ligne.get("ville") or "")[:255],
                    code_postal=(ligne.get("code_postal") or "")[:5],
                )
            lot = Lot.objects.create(programme=programme, financement=ligne["financement"])
            conventions.append(
                service.ajout_simplifie(
                    lot=lot,
                    user=user,
                    numero=ligne["numero"],
                    date_signature=ligne["date_signature"],
                    fichier_signe=None,
                    exiger_fichier=False,
                    nb_logements=ligne["nb_logements"],
                    date_publication=ligne.get("date_publication"),
                    reference_publication=ligne.get("reference_publication") or "",
                )
            )
    return conventions
