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
