"""Django admin: every model registered with search and filters, read-only history, no way around the workflow."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions.enums import ConventionStatut
from conventions.models import (
    AbonnementResume,
    Comment,
    Convention,
    ConventionHistory,
    DelaiTraitement,
    FiltreEnregistre,
    Pret,
    UploadedFile,
)
from core.models import Departement
from programmes.models import Annexe, Logement, LogementEDD, Lot, Programme, ReferenceCadastrale, TypeStationnement
from tests.conventions.factories import CommentFactory, ConventionFactory, ConventionHistoryFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementEDDFactory,
    ReferenceCadastraleFactory,
    TypeStationnementFactory,
)
from tests.users.factories import UserFactory, bailleur_user
from users.models import Administration, Bailleur, Role, User

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    Bailleur,
    Administration,
    Role,
    Departement,
    Programme,
    Lot,
    Logement,
    Annexe,
    TypeStationnement,
    LogementEDD,
    ReferenceCadastrale,
    Convention,
    ConventionHistory,
    Pret,
    Comment,
    UploadedFile,
    DelaiTraitement,
    FiltreEnregistre,
    AbonnementResume,
]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def data():
    convention = ConventionFactory(instruction=True)
    PretFactory(convention=convention)
    CommentFactory(convention=convention)
    ConventionHistoryFactory(convention=convention)
    AnnexeFactory(logement__lot=convention.lot)
    TypeStationnementFactory(lot=convention.lot)
    LogementEDDFactory(programme=convention.programme)
    ReferenceCadastraleFactory(programme=convention.programme)
    bailleur_user(convention.programme.bailleur)
    UploadedFile.objects.create(
        convention=convention,
        champ="programme.vendeur",
        fichier=SimpleUploadedFile("acte.pdf", b"%PDF-1.4", content_type="application/pdf"),
        nom="acte.pdf",
        taille=8,
        content_type="application/pdf",
    )
    Departement.load_reference_data()
    owner = UserFactory(username="abonne-a")
    DelaiTraitement.objects.create(
        administration=convention.programme.administration, statut=ConventionStatut.INSTRUCTION, jours=10
    )
    FiltreEnregistre.objects.create(user=owner, nom="A instruire", parametres="statut=instruction")
    AbonnementResume.objects.create(user=owner)
    return convention


def _url(model, action="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, model
    assert model_admin.list_filter, model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_and_change_pages_answer(superuser_client, data, model):
    response = superuser_client.get(_url(model), {"q": "a"})
    assert response.status_code == 200
    obj = model.objects.first()
    assert obj is not None
    assert superuser_client.get(_url(model, "change", obj.pk)).status_code == 200


def test_convention_status_cannot_be_changed_in_the_admin(superuser_client, data):
    model_admin = admin.site._registry[Convention]
    assert "statut" in model_admin.readonly_fields and "numero" in model_admin.readonly_fields
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_delete_permission(None)
    response = superuser_client.get(_url(Convention, "change", data.pk))
    assert 'name="statut"' not in response.content.decode()


def test_history_is_read_only(superuser_client, data):
    entry = ConventionHistory.objects.first()
    assert superuser_client.get(_url(ConventionHistory, "add")).status_code == 403
    assert superuser_client.get(_url(ConventionHistory, "delete", entry.pk)).status_code == 403
    response = superuser_client.post(_url(ConventionHistory, "change", entry.pk), {"action": "falsifié"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action != "falsifié"


def test_users_are_deactivated_not_deleted(superuser_client, data):
    user = User.objects.filter(is_superuser=False).first()
    assert superuser_client.get(_url(User, "delete", user.pk)).status_code == 403
    response = superuser_client.post(_url(User), {"action": "desactiver", "_selected_action": [user.pk]}, follow=True)
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.is_active


def test_cancel_action_goes_through_the_workflow(superuser_client):
    convention = ConventionFactory(statut=ConventionStatut.PROJET)
    superuser_client.post(_url(Convention), {"action": "annuler", "_selected_action": [convention.pk]}, follow=True)
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.ANNULEE
    assert convention.historique.filter(statut=ConventionStatut.ANNULEE).exists()


def test_staff_without_superuser_cannot_grant_superuser(client):
    staff = UserFactory(is_staff=True)
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = staff
    readonly = admin.site._registry[User].get_readonly_fields(request, staff)
    assert "is_superuser" in readonly and "is_staff" in readonly


def test_non_staff_cannot_open_the_admin(client):
    client.force_login(bailleur_user())
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_superuser_creates_an_account_in_the_admin(superuser_client):
    assert superuser_client.get(_url(User, "add")).status_code == 200
    response = superuser_client.post(
        _url(User, "add"),
        {
            "username": "cree.admin",
            "password1": "Un-mot-de-passe-2026!",
            "password2": "Un-mot-de-passe-2026!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="cree.admin").check_password("Un-mot-de-passe-2026!")


def test_admin_actions_read_the_rights_of_the_role_on_each_convention(client):
    """A staff member whose Django permissions open the convention admin, read-only bailleur on A and bailleur on
    B: the cancel action goes through the workflow, which refuses A and accepts B (issue 11)."""
    from django.contrib.auth.models import Permission

    from tests.programmes.factories import ProgrammeFactory
    from tests.users.factories import BailleurFactory, multi_role_user

    bailleur_a, bailleur_b = BailleurFactory(), BailleurFactory()
    staff = multi_role_user((bailleur_a, "readonly_bailleur"), (bailleur_b, "bailleur"), is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="conventions", codename__in=["view_convention", "change_convention"]
        )
    )
    on_a = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=bailleur_a))
    on_b = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=bailleur_b))
    client.force_login(staff)
    response = client.post(_url(Convention), {"action": "annuler", "_selected_action": [on_a.pk, on_b.pk]}, follow=True)
    assert response.status_code == 200
    on_a.refresh_from_db()
    on_b.refresh_from_db()
    assert on_a.statut == ConventionStatut.PROJET
    assert on_b.statut == ConventionStatut.ANNULEE
