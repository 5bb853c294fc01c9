"""Operator dashboard (queue, retries, webhooks, SIAP hook, e-mail failures, documents) and national exports."""

import csv
import io
import uuid

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from conventions.enums import DocumentStatut
from core.spreadsheets import neutralise_csv as neutralise
from support.models import EchecEmail
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import UserFactory, instructeur_user, national_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = national_user()
    client.force_login(user)
    return user


def _failed_task(task_path="support.tasks.notify_reassignment", kwargs=None):
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status="FAILED",
        args_kwargs={"args": [], "kwargs": kwargs or {}},
        task_path=task_path,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="builtins.RuntimeError",
        traceback="RuntimeError: boom",
    )


def test_dashboard_shows_every_section(staff, client):
    _failed_task()
    EchecEmail.objects.create(sujet="Convention validée", destinataires="a@example.org", erreur="SMTPException: refus")
    ConventionFactory(document_statut=DocumentStatut.ERREUR, document_erreur="LibreOffice a échoué")
    response = client.get(reverse("support:exploitation"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["file"]["echecs_7j"] == 1
    assert "support.tasks.notify_reassignment" in content and "Relancer" in content
    assert "SMTPException: refus" in content
    assert "LibreOffice a échoué" in content
    assert "Dernières livraisons de webhooks" in content
    assert "Derniers appels au SIAP" in content and "Aucun appel enregistré." in content


def test_siap_section_lists_the_last_calls(staff, client):
    from siap.models import SiapCall

    SiapCall.objects.create(methode="GET", route="/habilitations", resultat="succes", duree_ms=42)
    response = client.get(reverse("support:exploitation"))
    assert len(response.context["siap_appels"]) == 1
    assert "GET /habilitations" in response.content.decode()


def test_retry_enqueues_the_failed_task_again(staff, client):
    convention = ConventionFactory()
    result = _failed_task(
        kwargs={
            "champ": "administration",
            "cible_id": convention.programme.administration_id,
            "avant_ids": [],
            "convention_ids": [convention.pk],
            "motif": "relance",
        }
    )
    instructeur_user(administration=convention.programme.administration, preferences_email="TOUS")
    response = client.post(reverse("support:relancer_tache", args=[result.id]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "relance" in mail.outbox[0].body  # the immediate backend ran it again
    assert client.post(reverse("support:relancer_tache", args=[uuid.uuid4()])).status_code == 404


def test_retry_of_a_task_removed_from_the_code_is_explained(staff, client):
    result = _failed_task(task_path="n_existe.plus")
    response = client.post(reverse("support:relancer_tache", args=[result.id]), follow=True)
    assert "impossible de la relancer" in response.content.decode()


def test_email_failures_are_recorded(settings):
    settings.EMAIL_BACKEND = "support.mail.RecordingEmailBackend"
    settings.APILOS_EMAIL_BACKEND = "tests.support.test_operations.FailingBackend"
    with pytest.raises(ConnectionError):
        EmailMessage(subject="Bonjour", body="x", to=["b@example.org"]).send()
    echec = EchecEmail.objects.get()
    assert echec.sujet == "Bonjour" and echec.destinataires == "b@example.org" and "ConnectionError" in echec.erreur


class FailingBackend:
    def __init__(self, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionError("serveur SMTP injoignable")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Résidence", "Résidence"),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture
def piegee():
    programme = ProgrammeFactory(nom='=HYPERLINK("http://evil","clic")', code_insee_departement="13")
    ConventionFactory(lot=LotFactory(programme=programme), numero="@ATTAQUE")
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(code_insee_departement="75")), numero="75-1")


def test_csv_export_by_departement_is_neutralised(staff, client, piegee):
    response = client.get(reverse("support:exports"), {"departement": "13", "format": "csv"})
    if response.status_code == 302:  # département reference data not loaded in this test database
        from core.models import Departement

        Departement.load_reference_data()
        response = client.get(reverse("support:exports"), {"departement": "13", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Numéro de convention" and rows[0][-1] == "Département"
    assert len(rows) == 2  # only the 13
    assert rows[1][0] == "'@ATTAQUE"
    assert rows[1][2] == '\'=HYPERLINK("http://evil","clic")'


def test_xlsx_export_has_no_formula(staff, client, piegee):
    response = client.get(reverse("support:exports"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert ["75-1", "@ATTAQUE"] == sorted(v[0] for v in values)  # visible text kept, stored as inert text
    assert all(c.quotePrefix for c in cells if c.value == "@ATTAQUE")


def test_unknown_format_or_departement(staff, client):
    assert client.get(reverse("support:exports"), {"format": "pdf"}).status_code == 404
    response = client.get(reverse("support:exports"), {"format": "csv", "departement": "ZZ"}, follow=True)
    assert "Département « ZZ » inconnu" in response.content.decode()


def test_pages_refuse_everyone_but_the_national_team(client):
    client.force_login(instructeur_user())
    for name in ("support:index", "support:exploitation", "support:exports", "support:utilisateurs"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("support:relancer_tache", args=[uuid.uuid4()])).status_code == 403


def test_list_export_of_the_conventions_page_is_neutralised_too(client, piegee):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("conventions:export_liste"))
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "@ATTAQUE" in [c.value for c in cells]
