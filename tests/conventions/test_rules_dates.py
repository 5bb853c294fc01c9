"""Plausibility of the dates of a convention (conventions.rules.dates), in the rules and where users type them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conventions import rules, workflow
from conventions.enums import ConventionStatut
from conventions.rules.dates import check_date, check_date_publication, check_date_signature, check_dates_operation
from programmes.enums import TypeOperation
from tests.conventions.factories import ConventionFactory, complete_convention
from tests.users.factories import bailleur_user, instructeur_user

TODAY = datetime.date.today()
D = datetime.date


def messages(errors):
    return [str(error) for error in errors]


def test_an_achievement_in_1800_is_refused_naming_the_field():
    (error,) = check_date("date_achevement", D(1800, 5, 1))
    assert error.field == "date_achevement" and error.code == "date_trop_ancienne"
    assert (
        str(error)
        == "La date d'achèvement réelle (01/05/1800) ne peut pas être antérieure au 01/01/1900 : vérifiez l'année."
    )


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("date_achevement", TODAY + datetime.timedelta(days=1), "date_future"),
        ("date_achevement_previsible", D(TODAY.year + 16, 1, 1), "date_trop_lointaine"),
        ("date_signature", D(1976, 12, 31), "date_trop_ancienne"),
        ("date_signature", TODAY + datetime.timedelta(days=1), "date_future"),
        ("date_publication", D(1970, 1, 1), "date_trop_ancienne"),
        ("signataire_date_deliberation", TODAY + datetime.timedelta(days=3), "date_future"),
        ("date_octroi", D(1899, 12, 31), "date_trop_ancienne"),
        ("date_denonciation", D(TODAY.year + 20, 1, 1), "date_trop_lointaine"),
        ("date_achat", "31/02/2020", "date"),
    ],
)
def test_each_kind_of_date_has_its_range(field, value, code):
    (error,) = check_date(field, value)
    assert (error.field, error.code) == (field, code)


@pytest.mark.parametrize(
    "field, value",
    [
        ("date_achevement", TODAY),
        ("date_achevement", D(1905, 1, 1)),
        ("date_achevement_previsible", D(TODAY.year + 3, 6, 30)),
        ("date_achat", D(TODAY.year + 1, 1, 1)),  # a purchase may be planned (VEFA)
        ("date_signature", D(1977, 1, 1)),
        ("date_achat", None),
        ("date_achat", ""),
    ],
)
def test_plausible_dates_pass(field, value):
    assert check_date(field, value) == []


def test_purchase_before_completion_for_operations_with_works_only():
    item = {"date_achat": D(2020, 6, 1), "date_achevement": D(2019, 1, 1), "date_achevement_previsible": D(2018, 1, 1)}
    errors = check_dates_operation(item, type_operation=TypeOperation.NEUF)
    assert [e.field for e in errors] == ["date_achevement_previsible", "date_achevement"]
    assert "La date d'achèvement réelle (01/01/2019) ne peut pas précéder la date d'achat (01/06/2020)." in messages(
        errors
    )
    # Without works, the completion date is the building's own: it may precede the purchase.
    assert check_dates_operation(item, type_operation=TypeOperation.ACQUISSANSTRAVAUX) == []


def test_signature_after_validation_and_publication_after_signature():
    assert messages(check_date_signature(D(2024, 1, 1), valide_le=D(2024, 2, 1))) == [
        "La date de signature (01/01/2024) ne peut pas précéder la validation de la convention (01/02/2024)."
    ]
    assert check_date_signature(D(2024, 2, 1), valide_le=D(2024, 2, 1)) == []
    assert messages(check_date_publication(D(2024, 1, 1), date_signature=D(2024, 3, 1))) == [
        "La date de publication (01/01/2024) ne peut pas précéder la date de signature (01/03/2024)."
    ]


@pytest.mark.django_db
def test_saved_implausible_dates_block_the_submission_on_the_cadastre_step():
    convention = complete_convention(nb_logements=2)
    assert rules.blocking_errors(convention) == []
    convention.programme.date_achevement = D(1800, 1, 1)
    convention.programme.save()
    errors = [e for e in rules.convention_errors(convention) if e.field == "date_achevement"]
    assert [(e.step, e.code) for e in errors] == [("cadastre", "date_trop_ancienne")]


@pytest.fixture
def roles(db):
    call_command("seed_roles", verbosity=0)


@pytest.mark.django_db
def test_the_cadastre_step_reports_every_date_error_at_once(client, roles):
    convention = complete_convention(nb_logements=2)
    convention.programme.type_operation = TypeOperation.NEUF
    convention.programme.save()
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    url = reverse("conventions:etape", args=[convention.uuid, "cadastre"])
    page = client.get(url)
    data = {
        bound.html_name: bound.value() or ""
        for bound in page.context["step_form"]
        if not bound.field.disabled and bound.html_name.startswith(("date_", "permis", "version"))
    }
    formset = page.context["step_formset"]
    for bound in formset.management_form:
        data[bound.html_name] = bound.value() if bound.value() is not None else ""  # an empty input posts ""
    for form in formset.forms:
        for bound in form:
            data[bound.html_name] = bound.value() or ""
    data.update(
        {"date_achat": "2024-06-01", "date_achevement": "1800-01-01", "date_achevement_previsible": "2023-01-01"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["step_form"].errors
    assert "ne peut pas être antérieure au 01/01/1900" in errors["date_achevement"][0]
    assert "ne peut pas précéder la date d'achat" in errors["date_achevement_previsible"][0]
    convention.programme.refresh_from_db()
    assert convention.programme.date_achevement != D(1800, 1, 1)


@pytest.mark.django_db
def test_the_signature_form_reports_the_date_and_the_file_at_once(client, roles):
    convention = ConventionFactory(a_signer=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    fichier = SimpleUploadedFile("signee.pdf", b"GIF89a pas un pdf", content_type="application/pdf")
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("conventions:action", args=[convention.uuid, "marquer_signee"]),
        {"date_signature": future, "fichier_signe": fichier},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas être dans le futur" in html and "pas un PDF valide" in html
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.A_SIGNER


@pytest.mark.django_db
def test_the_workflow_refuses_a_signature_before_the_validation_and_a_publication_before_the_signature(roles):
    convention = ConventionFactory(a_signer=True, valide_le=datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC))
    instructeur = instructeur_user(administration=convention.programme.administration)
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_mark_signed(convention=convention, user=instructeur, date_signature=D(2025, 3, 1))
    assert "ne peut pas précéder la validation" in excinfo.value.message
    workflow.convention_mark_signed(convention=convention, user=instructeur, date_signature=D(2025, 3, 12))
    convention.refresh_from_db()
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.correct_date(convention=convention, user=instructeur, field="date_signature", value=D(1801, 1, 1))
    assert "01/01/1801" in excinfo.value.message
