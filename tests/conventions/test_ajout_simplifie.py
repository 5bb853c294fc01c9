"""The « ajout simplifié » (reference §15.2, issue 14): a convention signed outside APiLos registered from its PDF
and minimal data, optionally with its dwellings table from the Excel template; a bad file or bad rows are refused
with French messages and nothing is created."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions.enums import ConventionStatut
from conventions.models import Convention
from tests.conventions.excel.helpers import table_file, upload
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import bailleur_user

URL = reverse("conventions:ajout_simplifie")
LOGEMENT = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]


@pytest.fixture
def lot(seeded_roles):
    return LotFactory(programme=ProgrammeFactory(), financement="PLUS")


def _data(lot, **extra):
    pdf = SimpleUploadedFile("signee.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return {
        "lot": str(lot.uuid),
        "numero": "13.D.20.0007",
        "date_signature": "2020-05-04",
        "fichier_signe": pdf,
        **extra,
    }


def test_with_the_dwellings_table(client, lot):
    client.force_login(bailleur_user(bailleur=lot.programme.bailleur))
    rows = [LOGEMENT, ["A102", "T2", 45, 0, 0, 45, 6.5, 1, 292.5]]
    response = client.post(URL, _data(lot, fichier_logements=table_file("logements", rows)))
    assert response.status_code == 302, response.context["form"].errors
    convention = Convention.objects.get(numero="13.D.20.0007")
    assert (convention.statut, convention.date_signature) == (ConventionStatut.SIGNEE, datetime.date(2020, 5, 4))
    assert convention.lot.nb_logements == 2  # the number of dwellings, when not given
    assert list(convention.lot.logements.order_by("import_order").values_list("designation", "loyer")) == [
        ("A101", Decimal("422.50")),
        ("A102", Decimal("292.50")),
    ]
    assert "avec 2 logements" in convention.historique.get().description


def test_without_the_table(client, lot):
    client.force_login(bailleur_user(bailleur=lot.programme.bailleur))
    response = client.post(URL, _data(lot, nb_logements="12"))
    assert response.status_code == 302
    convention = Convention.objects.get(numero="13.D.20.0007")
    assert convention.lot.nb_logements == 12 and not convention.lot.logements.exists()


@pytest.mark.parametrize(
    ("fichier", "extra", "message"),
    [
        (lambda: upload(b"pas un classeur"), {}, "Tableau des logements : "),
        (lambda: table_file("logements", [["A101", "T3", 60, 10, 5, 65, 6.5, 1, 999]]), {}, "Loyer"),
        (lambda: table_file("logements", [LOGEMENT]), {"nb_logements": "3"}, "Le lot doit compter 3 logements"),
    ],
)
def test_a_bad_table_refuses_everything_with_a_french_message(client, lot, fichier, extra, message):
    client.force_login(bailleur_user(bailleur=lot.programme.bailleur))
    response = client.post(URL, _data(lot, fichier_logements=fichier(), **extra))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert message.lower() in errors.lower(), errors
    assert not Convention.objects.exists()
