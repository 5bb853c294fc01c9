"""Step tables beyond the basics: query counts, bulk saving, the Excel import hook, attached files."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conventions.models import UploadedFile
from conventions.services.steps import replace_rows
from programmes.models import Logement, TypeStationnement
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.programmes.factories import LogementFactory, LotFactory, TypeStationnementFactory
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client_for(client, convention):
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return client


# --- Logements: constant queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("nb_logements", [5, 50])
def test_logements_step_queries_do_not_grow_with_the_dwellings(client, django_assert_num_queries, nb_logements):
    convention = complete_convention(nb_logements=nb_logements)
    _client_for(client, convention)
    client.get(step_url(convention, "logements"))  # session and permission caches warmed like a real visit
    # session, user, roles, user's départements, convention, comments, dwellings (no session write on a
    # read-only view any more; the permissions of the role groups come from the cache after the first visit)
    with django_assert_num_queries(7):
        response = client.get(step_url(convention, "logements"))
    assert len(response.context["step_formset"].forms) == nb_logements + 3


def _save_queries(client, convention) -> int:
    data = browser_data(client.get(step_url(convention, "logements")))
    count = convention.lot.nb_logements
    for index in range(count):
        data[f"logement-{index}-typologie"] = "T2"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302
    assert set(convention.lot.logements.values_list("typologie", flat=True)) == {"T2"}
    return len(queries.captured_queries)


def test_logements_save_uses_bulk_queries(client):
    small = complete_convention(nb_logements=5)
    large = complete_convention(nb_logements=50)
    assert _save_queries(_client_for(client, small), small) == _save_queries(_client_for(client, large), large)


def test_replace_rows_swaps_unique_designations_in_one_transaction():
    lot = LotFactory()
    a = LogementFactory(lot=lot, designation="A")
    b = LogementFactory(lot=lot, designation="B")
    rows = [
        {"uuid": str(a.uuid), "designation": "B"},
        {"uuid": str(b.uuid), "designation": "A"},
        {"uuid": "", "designation": "C"},
    ]
    counts = replace_rows(
        model=Logement,
        existing=lot.logements.all(),
        parent={"lot": lot},
        rows=rows,
        fields=["designation"],
        unique_field="designation",
        order_field="import_order",
    )
    assert counts == {"created": 1, "updated": 2, "deleted": 0}
    assert list(lot.logements.order_by("import_order").values_list("uuid", "designation")) == [
        (a.uuid, "B"),
        (b.uuid, "A"),
        (lot.logements.get(designation="C").uuid, "C"),
    ]


def test_replace_rows_new_row_may_reuse_a_deleted_designation():
    lot = LotFactory()
    old = LogementFactory(lot=lot, designation="A")
    replace_rows(
        model=Logement,
        existing=lot.logements.all(),
        parent={"lot": lot},
        rows=[{"designation": "A"}],
        fields=["designation"],
        unique_field="designation",
    )
    assert not Logement.objects.filter(pk=old.pk).exists()
    assert lot.logements.get().designation == "A"


# --- Excel import hook ---------------------------------------------------------------------------------------


@dataclass
class FakeResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@pytest.fixture
def fake_import(monkeypatch):
    calls = []
    result = FakeResult()

    def import_table(table, uploaded_file, *, convention):
        calls.append((table, uploaded_file.name, convention.pk))
        return result

    import conventions.excel.imports as module

    monkeypatch.setattr(module, "import_table", import_table)
    return calls, result


def _xlsx():
    return SimpleUploadedFile("stationnements.xlsx", b"PK\x03\x04 fake", content_type="application/octet-stream")


def test_import_shows_rows_for_review_and_saves_nothing(client, fake_import):
    calls, result = fake_import
    convention = complete_convention(nb_logements=1)
    existing = TypeStationnementFactory(lot=convention.lot, nb_stationnements=3, loyer=Decimal("20"))
    result.rows = [
        {"uuid": str(existing.uuid), "typologie": "GARAGE_AERIEN", "nb_stationnements": 8, "loyer": Decimal("40")},
        {"typologie": "CARPORT", "nb_stationnements": 2, "loyer": Decimal("15.5")},
    ]
    result.warnings = ["La colonne « Commentaire » a été ignorée."]
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "stationnements")))
    data.update({"televerser": "1", "fichier_import": _xlsx()})
    response = client.post(step_url(convention, "stationnements"), data)
    assert response.status_code == 200
    assert calls == [("stationnements", "stationnements.xlsx", convention.pk)]
    html = response.content.decode()
    assert "2 lignes lues dans le fichier" in html
    assert "La colonne « Commentaire » a été ignorée." in html
    forms = response.context["step_formset"].forms
    assert forms[0]["nb_stationnements"].value() == "8" and forms[1]["typologie"].value() == "CARPORT"
    existing.refresh_from_db()
    assert existing.nb_stationnements == 3 and TypeStationnement.objects.count() == 1

    # Saving the reviewed rows: the matched row is updated, the new one created.
    data = browser_data(response)
    response = client.post(step_url(convention, "stationnements"), data)
    assert response.status_code == 302, (response.context["step_formset"].errors, data)
    existing.refresh_from_db()
    assert existing.nb_stationnements == 8
    assert TypeStationnement.objects.filter(lot=convention.lot).count() == 2


def test_import_errors_keep_the_table(client, fake_import):
    _, result = fake_import
    result.errors = ["Ligne 4 : le loyer « abc » n'est pas un nombre."]
    convention = complete_convention(nb_logements=1)
    TypeStationnementFactory(lot=convention.lot, nb_stationnements=3)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "stationnements")))
    data.update({"televerser": "1", "fichier_import": _xlsx()})
    response = client.post(step_url(convention, "stationnements"), data)
    html = response.content.decode()
    assert "Le fichier n&#x27;a pas été importé" in html or "Le fichier n'a pas été importé" in html
    assert "le loyer « abc » n&#x27;est pas un nombre" in html
    assert response.context["step_formset"].forms[0]["nb_stationnements"].value() == "3"
    assert TypeStationnement.objects.get(lot=convention.lot).nb_stationnements == 3


def test_import_without_file_asks_for_one(client, fake_import):
    calls, _ = fake_import
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "stationnements")))
    data["televerser"] = "1"
    response = client.post(step_url(convention, "stationnements"), data)
    assert "Choisissez le fichier Excel (.xlsx) à téléverser." in response.content.decode()
    assert calls == []


@pytest.mark.parametrize("etape", ["cadastre", "edd", "financement", "logements", "annexes", "stationnements"])
def test_every_table_step_offers_the_import(client, etape):
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    html = client.get(step_url(convention, etape)).content.decode()
    assert 'name="televerser"' in html and 'name="fichier_import"' in html


# --- Attached files ------------------------------------------------------------------------------------------


def test_files_attached_to_a_text_field_with_sanitised_name(client):
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "cadastre")))
    data["vendeur"] = "SCI Les Tilleuls"
    data["vendeur__fichiers"] = [
        SimpleUploadedFile("../acte de vente (1).pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("plan.png", PNG, content_type="image/png"),
    ]
    response = client.post(step_url(convention, "cadastre"), data)
    assert response.status_code == 302
    files = list(UploadedFile.objects.filter(convention=convention, champ="programme.vendeur").order_by("nom"))
    assert [(f.nom, f.content_type) for f in files] == [
        ("acte_de_vente_1.pdf", "application/pdf"),
        ("plan.png", "image/png"),
    ]
    assert ".." not in files[0].fichier.name
    convention.programme.refresh_from_db()
    assert convention.programme.vendeur == "SCI Les Tilleuls"
    # Listed with a download link and an image preview; removable.
    response = client.get(step_url(convention, "cadastre"))
    html = response.content.decode()
    assert "acte_de_vente_1.pdf" in html and 'class="apilos-files__thumb"' in html
    data = browser_data(response)
    data["vendeur__supprimer"] = [str(files[0].uuid)]
    assert client.post(step_url(convention, "cadastre"), data).status_code == 302
    assert list(UploadedFile.objects.filter(convention=convention).values_list("nom", flat=True)) == ["plan.png"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "seuls les images (JPEG, PNG, GIF, WebP) et les PDF le sont"),
        ("faux.pdf", b"<html>pas un pdf</html>", "seuls les images (JPEG, PNG, GIF, WebP) et les PDF le sont"),
        ("vide.png", b"", "est vide"),
    ],
)
def test_refused_files_nothing_saved(client, name, content, message):
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "commentaires")))
    data["commentaires"] = "Voir pièce jointe"
    data["commentaires__fichiers"] = [SimpleUploadedFile(name, content)]
    response = client.post(step_url(convention, "commentaires"), data)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert "Les fichiers choisis n'ont pas été joints : sélectionnez-les à nouveau" in html
    assert not UploadedFile.objects.exists()
    convention.refresh_from_db()
    assert convention.commentaires == ""


def test_files_over_the_size_limit_are_refused(client, settings):
    settings.UPLOAD_MAX_SIZE_MB = 1
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "commentaires")))
    data["commentaires__fichiers"] = [SimpleUploadedFile("gros.pdf", PDF + b"0" * (1024 * 1024))]
    response = client.post(step_url(convention, "commentaires"), data)
    assert "dépasse la taille maximale de 1 Mo" in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_other_stationnements_untouched(client):
    convention = complete_convention(nb_logements=1)
    other = TypeStationnementFactory()
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "stationnements")))
    assert client.post(step_url(convention, "stationnements"), data).status_code == 302
    assert TypeStationnement.objects.filter(pk=other.pk).exists()


def test_a_concurrent_change_refused_by_the_database_is_explained(client, monkeypatch):
    from django.db import IntegrityError

    from conventions.services import steps as services

    def conflict(**kwargs):
        raise IntegrityError("logement_designation_unique_par_lot")

    monkeypatch.setattr(services, "save_logements", conflict)
    convention = complete_convention(nb_logements=1)
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "logements")))
    response = client.post(step_url(convention, "logements"), data)
    assert response.status_code == 409
    assert "modifiées en même temps" in response.content.decode()


def test_import_review_shows_what_the_file_changes(client, fake_import):
    """Issue 19: the review marks rows added, changed cell by cell, and removed, compared with the saved table."""
    calls, result = fake_import
    convention = complete_convention(nb_logements=1)
    kept = TypeStationnementFactory(lot=convention.lot, typologie="GARAGE_AERIEN", nb_stationnements=3, loyer=20)
    TypeStationnementFactory(lot=convention.lot, typologie="GARAGE_BOXE_SIMPLE", nb_stationnements=1, loyer=30)
    result.rows = [
        {"uuid": str(kept.uuid), "typologie": "GARAGE_AERIEN", "nb_stationnements": 8, "loyer": Decimal("20")},
        {"uuid": "", "typologie": "CARPORT", "nb_stationnements": 2, "loyer": Decimal("15.5")},
    ]
    _client_for(client, convention)
    data = browser_data(client.get(step_url(convention, "stationnements")))
    data.update({"televerser": "1", "fichier_import": _xlsx()})
    response = client.post(step_url(convention, "stationnements"), data)
    diff = response.context["import_diff"]
    assert [r["valeurs"]["typologie"] for r in diff.ajoutees] == ["Carport"]
    assert [(m.libelle, m.cellules) for m in diff.modifiees] == [
        ("Garage aérien", [("nombre de stationnements", "3", "8")])
    ]
    assert [r["valeurs"]["typologie"] for r in diff.supprimees] == ["Garage boxé simple"]
    html = response.content.decode()
    assert "Différences avec le tableau enregistré" in html
    assert "1 ligne ajoutée," in html and "1 modifiée," in html and "1 supprimée," in html
    assert TypeStationnement.objects.filter(lot=convention.lot).count() == 2  # nothing saved yet
