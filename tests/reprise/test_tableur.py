import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from conventions.models import Convention
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db
URL = "/conventions/ajout-simplifie/tableur/"
HEADERS = [
    "Numéro de convention",
    "Date de signature",
    "SIRET ou SIREN du bailleur",
    "Numéro d'opération",
    "Nom de l'opération",
    "Commune",
    "Financement",
    "Nombre de logements",
]


def xlsx(*rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "ajouts.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_rows_are_reviewed_then_saved(client, seeded_roles):
    bailleur = BailleurFactory(siret="12345678900011")
    client.force_login(instructeur_user())
    response = client.post(
        URL,
        {
            "fichier": xlsx(
                (
                    "75.1.2015.001",
                    datetime.datetime(2015, 3, 2),
                    "12345678900011",
                    "201500001",
                    "Les Tilleuls",
                    "Lyon",
                    "PLUS",
                    12,
                ),
                (
                    "75.1.2015.002",
                    datetime.datetime(2015, 4, 2),
                    "123456789",
                    "201500001",
                    "Les Tilleuls",
                    "Lyon",
                    "PLAI",
                    4,
                ),
            )
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Relecture : 2 convention(s)" in page and bailleur.nom in page
    assert not Convention.objects.exists()
    jeton = response.context["jeton"]
    response = client.post(URL, {"jeton": jeton})
    assert response.status_code == 302
    conventions = Convention.objects.order_by("numero")
    assert [c.numero for c in conventions] == ["75.1.2015.001", "75.1.2015.002"]
    first = conventions[0]
    assert first.statut == "signee" and first.ajout_simplifie and first.date_signature == datetime.date(2015, 3, 2)
    assert first.lot.nb_logements == 12 and first.programme.bailleur == bailleur
    assert conventions[1].programme == first.programme  # same operation number and bailleur: one operation
    assert client.post(URL, {"jeton": jeton}).status_code == 302  # replay: nothing more
    assert Convention.objects.count() == 2


def test_errors_name_the_cell(client, seeded_roles):
    BailleurFactory(siret="12345678900011")
    client.force_login(instructeur_user())
    response = client.post(
        URL,
        {
            "fichier": xlsx(
                ("A-1", "pas une date", "12345678900011", "1", "Op", "", "PLUS", 3),
                ("A-1", datetime.datetime(2015, 1, 1), "99999999999999", "1", "Op", "", "XYZ", ""),
                ("A-2", datetime.datetime(2099, 1, 1), "12345678900011", "1", "Op", "", "PLUS", 2),
            )
        },
    )
    page = response.content.decode()
    assert "Cellule B2 (Date de signature)" in page
    assert "Cellule A3 (Numéro de convention) : le numéro A-1 figure deux fois" in page
    assert "Cellule C3 (SIRET ou SIREN du bailleur) : aucun bailleur" in page
    assert "Cellule G3 (Financement)" in page
    assert "Cellule H3 (Nombre de logements) : valeur obligatoire." in page
    assert "Cellule B4 (Date de signature) : " in page
    assert "jeton" not in response.context or not response.context.get("jeton")
    assert not Convention.objects.exists()


def test_not_an_excel_file_is_a_clear_message(client, seeded_roles):
    client.force_login(instructeur_user())
    response = client.post(URL, {"fichier": SimpleUploadedFile("a.xlsx", b"pas un classeur")})
    assert response.status_code == 200
    assert "Le fichier ne peut pas être enregistré" in response.content.decode()


def test_bailleurs_may_not_use_it(client, seeded_roles):
    client.force_login(bailleur_user())
    assert client.get(URL).status_code == 403


def test_the_single_ajout_simplifie_still_requires_the_pdf(seeded_roles):
    from conventions.services.avenants import ajout_simplifie
    from conventions.workflow import ValidationRefused
    from tests.programmes.factories import LotFactory

    lot = LotFactory()
    user = instructeur_user(administration=lot.programme.administration)
    with pytest.raises(ValidationRefused) as refused:
        ajout_simplifie(lot=lot, user=user, numero="X-1", date_signature=datetime.date(2015, 1, 1), fichier_signe=None)
    assert "Déposez la convention signée (PDF)." in refused.value.errors


MODELE_URL = "/conventions/ajout-simplifie/tableur/modele/"


def test_the_template_is_linked_and_imports_once_filled(client, seeded_roles):
    from openpyxl import load_workbook

    from reprise.tableur import COLONNES

    BailleurFactory(siret="12345678900011")
    client.force_login(instructeur_user())
    assert MODELE_URL in client.get(URL).content.decode()
    response = client.get(MODELE_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="modele_ajouts_simplifies_apilos.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Conventions", "Notice"]
    sheet = workbook["Conventions"]
    assert [cell.value for cell in sheet[1]] == [c.header for c in COLONNES]
    notice = "\n".join(str(row[0].value or "") for row in workbook["Notice"].iter_rows())
    assert "Financement (obligatoire)" in notice and "Commune (facultative)" in notice
    financement = next(i for i, c in enumerate(COLONNES, start=1) if c.name == "financement")
    letter = sheet.cell(row=1, column=financement).column_letter
    validation = next(dv for dv in sheet.data_validations.dataValidation if f"{letter}2" in str(dv.sqref))
    listed = [row[0].value for row in workbook[validation.formula1.split("!")[0]][validation.formula1.split("!")[1]]]
    from programmes.enums import Financement

    assert listed[: len(Financement.choices)] == [label for _, label in Financement.choices]

    # Filled as an instructeur would (a financement picked in the list), then uploaded as is.
    values = {
        "numero": "69.3.2016.042",
        "date_signature": datetime.datetime(2016, 5, 4),
        "siret": "12345678900011",
        "numero_operation": "201600042",
        "nom_operation": "Le Clos des Vignes",
        "ville": "Villeurbanne",
        "code_postal": "69100",
        "financement": dict(Financement.choices)["PLAI"],  # picked in the drop-down list
        "nb_logements": 8,
    }
    for index, column in enumerate(COLONNES, start=1):
        sheet.cell(row=2, column=index, value=values.get(column.name))
    buffer = io.BytesIO()
    workbook.save(buffer)
    fichier = SimpleUploadedFile(
        "rempli.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = client.post(URL, {"fichier": fichier})
    assert response.context["erreurs"] == []
    response = client.post(URL, {"jeton": response.context["jeton"]})
    assert response.status_code == 302
    convention = Convention.objects.get(numero="69.3.2016.042")
    assert convention.lot.financement == "PLAI" and convention.lot.nb_logements == 8
    assert convention.programme.ville == "Villeurbanne"


def test_the_template_is_for_instructeurs_only(client, seeded_roles):
    assert client.get(MODELE_URL).status_code == 302
    client.force_login(bailleur_user())
    assert client.get(MODELE_URL).status_code == 403
