"""/api/v1/ behaviour: filters, pagination, ordering, writes through the services and rules, actions."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conventions.enums import ConventionStatut
from conventions.models import Convention, ConventionHistory, Pret
from tests.api.conftest import jwt_client
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import LogementFactory, LotFactory, ProgrammeFactory
from tests.users.factories import UserFactory, bailleur_user

pytestmark = pytest.mark.django_db


def _uuids(response):
    assert response.status_code == 200, response.content
    return {item["uuid"] for item in response.json()["results"]}


# --- Filters, pagination, ordering ---------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """Conventions of bailleur A in various statuts, financements and places."""
    programme = world["programme_a"]
    other_place = ProgrammeFactory(
        bailleur=world["bailleur_a"], administration=world["admin_a"], code_postal="13600", ville="La Ciotat"
    )
    return {
        "corrections_pls": ConventionFactory(lot=LotFactory(programme=programme, financement="PLS"), corrections=True),
        "projet_plai": ConventionFactory(lot=LotFactory(programme=other_place, financement="PLAI")),
        "a_signer_plus": ConventionFactory(lot=LotFactory(programme=other_place), a_signer=True),
    }


def test_filter_statut_one_or_several(world, many):
    client = jwt_client(world["personas"]["instructeur"])
    assert _uuids(client.get("/api/v1/conventions/?statut=corrections")) == {str(many["corrections_pls"].uuid)}
    both = {str(many["corrections_pls"].uuid), str(many["a_signer_plus"].uuid)}
    assert _uuids(client.get("/api/v1/conventions/?statut=corrections,a_signer")) == both
    assert _uuids(client.get("/api/v1/conventions/?statut=corrections&statut=a_signer")) == both


def test_filter_financement_bailleur_administration_code_postal(world, many):
    client = jwt_client(world["personas"]["superuser"])
    assert _uuids(client.get("/api/v1/conventions/?financement=PLAI")) == {str(many["projet_plai"].uuid)}
    by_bailleur = _uuids(client.get(f"/api/v1/conventions/?bailleur={world['bailleur_b'].uuid}"))
    assert by_bailleur == {str(world["convention_b"].uuid)}
    by_admin = _uuids(client.get(f"/api/v1/conventions/?administration={world['admin_b'].uuid}"))
    assert by_admin == {str(world["convention_b"].uuid)}
    assert _uuids(client.get("/api/v1/conventions/?code_postal=136")) == {
        str(many["projet_plai"].uuid),
        str(many["a_signer_plus"].uuid),
    }
    assert _uuids(client.get("/api/v1/lots/?financement=PLS")) == {str(many["corrections_pls"].lot.uuid)}
    assert _uuids(client.get("/api/v1/programmes/?code_postal=44")) == {str(world["programme_b"].uuid)}


def test_filter_updated_since(world, many):
    past = timezone.now() - datetime.timedelta(days=10)
    Convention.objects.exclude(pk=many["projet_plai"].pk).update(mis_a_jour_le=past)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    client = jwt_client(world["personas"]["instructeur"])
    assert _uuids(client.get("/api/v1/conventions/", {"mis_a_jour_depuis": since})) == {str(many["projet_plai"].uuid)}


@pytest.mark.parametrize(
    "query",
    ["statut=signée", "financement=XYZ", "bailleur=pas-un-uuid", "mis_a_jour_depuis=hier", "ordering=mot_de_passe"],
)
def test_invalid_filters_are_400_in_french(world, query):
    response = jwt_client(world["personas"]["instructeur"]).get(f"/api/v1/conventions/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert name in response.json()


def test_ordering(world, many):
    client = jwt_client(world["personas"]["instructeur"])
    data = client.get("/api/v1/conventions/?ordering=statut").json()["results"]
    assert [c["statut"] for c in data] == sorted(c["statut"] for c in data)
    data = client.get("/api/v1/conventions/?ordering=-statut").json()["results"]
    assert [c["statut"] for c in data] == sorted((c["statut"] for c in data), reverse=True)


def test_pagination_default_custom_and_capped(world):
    programme = world["programme_a"]
    for _ in range(6):
        ConventionFactory(lot=LotFactory(programme=programme))
    client = jwt_client(world["personas"]["instructeur"])
    page = client.get("/api/v1/conventions/?page_size=5").json()
    assert page["count"] == 7
    assert len(page["results"]) == 5
    assert page["next"] and page["previous"] is None
    second = client.get("/api/v1/conventions/?page_size=5&page=2").json()
    assert len(second["results"]) == 2
    first_uuids = {c["uuid"] for c in page["results"]}
    assert first_uuids.isdisjoint({c["uuid"] for c in second["results"]})
    assert client.get("/api/v1/conventions/?page=99").status_code == 404


def test_page_size_limits(world):
    from api.pagination import ApiPagination

    assert ApiPagination.page_size == 100
    assert ApiPagination.max_page_size == 500
    assert ApiPagination.page_size_query_param == "page_size"


def test_detail_content(world):
    convention = world["convention_a"]
    LogementFactory(lot=convention.lot, designation="B12")
    PretFactory(convention=convention)
    data = jwt_client(world["personas"]["instructeur"]).get(f"/api/v1/conventions/{convention.uuid}/").json()
    assert data["statut"] == "instruction"
    assert data["bailleur"]["uuid"] == str(world["bailleur_a"].uuid)
    assert [lgt["designation"] for lgt in data["logements"]] == ["B12"]
    assert data["prets"][0]["preteur"] == "CDCL"
    assert set(data["actions_possibles"]) == {"demander_corrections", "valider", "annuler"}
    logements = jwt_client(world["personas"]["bailleur"]).get(f"/api/v1/conventions/{convention.uuid}/logements/")
    assert [lgt["designation"] for lgt in logements.json()["results"]] == ["B12"]


# --- Actions through conventions.workflow ---------------------------------------------------------------------


def test_action_not_allowed_is_409_with_french_message(world):
    convention = world["convention_a"]  # in instruction
    response = jwt_client(world["personas"]["instructeur"]).post(
        f"/api/v1/conventions/{convention.uuid}/actions/soumettre/", {}, format="json"
    )
    assert response.status_code == 409
    assert "impossible" in response.json()["detail"] or "droit" in response.json()["detail"]
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION


def test_action_refused_by_rules_is_400_with_errors(world):
    convention = world["convention_b"]  # projet, nothing filled in: the rules refuse the submission
    response = jwt_client(world["personas"]["autre_bailleur"]).post(
        f"/api/v1/conventions/{convention.uuid}/actions/soumettre/", {}, format="json"
    )
    assert response.status_code == 400
    data = response.json()
    assert data["detail"]
    assert data["erreurs"] and all(isinstance(e, str) for e in data["erreurs"])
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET


def test_action_allowed_goes_through_the_workflow(world):
    convention = world["convention_a"]
    user = world["personas"]["instructeur"]
    response = jwt_client(user).post(
        f"/api/v1/conventions/{convention.uuid}/actions/demander_corrections/",
        {"commentaire": "Merci de compléter les prêts."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["statut"] == "corrections"
    history = ConventionHistory.objects.get(convention=convention, action="demander_corrections")
    assert history.user == user and history.commentaire == "Merci de compléter les prêts."


def test_action_validation_with_taken_number_is_400(world):
    convention = world["convention_a"]
    ConventionFactory(signee=True, numero="13.D.26.0001")
    response = jwt_client(world["personas"]["instructeur"]).post(
        f"/api/v1/conventions/{convention.uuid}/actions/valider/", {"numero": "13.D.26.0001"}, format="json"
    )
    assert response.status_code == 400
    assert any("13.D.26.0001" in e for e in response.json()["erreurs"])


def test_action_delete_draft(world):
    convention = world["convention_b"]
    response = jwt_client(world["personas"]["autre_bailleur"]).post(
        f"/api/v1/conventions/{convention.uuid}/actions/supprimer/", {}, format="json"
    )
    assert response.status_code == 204
    assert not Convention.objects.filter(pk=convention.pk).exists()


def test_unknown_action_is_404(world):
    response = jwt_client(world["personas"]["instructeur"]).post(
        f"/api/v1/conventions/{world['convention_a'].uuid}/actions/envoler/", {}, format="json"
    )
    assert response.status_code == 404


def test_action_out_of_scope_is_404(world):
    response = jwt_client(world["personas"]["autre_instructeur"]).post(
        f"/api/v1/conventions/{world['convention_a'].uuid}/actions/valider/", {}, format="json"
    )
    assert response.status_code == 404


# --- Writes through conventions.services.steps and conventions.rules ------------------------------------------


def test_patch_saves_through_the_financement_step(world):
    convention = world["convention_a"]
    PretFactory(convention=convention, date_octroi=datetime.date(2026, 3, 1), duree=40)
    response = jwt_client(world["personas"]["instructeur"]).patch(
        f"/api/v1/conventions/{convention.uuid}/",
        {
            "annee_fin_conventionnement": 2070,
            "fond_propre": "2500.00",
            "historique_financement_public": "Subvention PALULOS de 1994.",
            "commentaires": "RAS",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["historique_financement_public"] == "Subvention PALULOS de 1994."
    convention.refresh_from_db()
    assert convention.date_fin_conventionnement == datetime.date(2070, 6, 30)
    assert str(convention.fond_propre) == "2500.00"
    assert convention.historique_financement_public == "Subvention PALULOS de 1994."
    assert convention.commentaires == "RAS"


def test_patch_broken_rule_is_400_per_field_in_french(world):
    convention = world["convention_a"]
    PretFactory(convention=convention, date_octroi=datetime.date(2026, 3, 1), duree=40)  # CDC loan until 2066
    response = jwt_client(world["personas"]["instructeur"]).patch(
        f"/api/v1/conventions/{convention.uuid}/", {"annee_fin_conventionnement": 2040}, format="json"
    )
    assert response.status_code == 400
    messages = response.json()["annee_fin_conventionnement"]
    assert "antérieure" in messages[0]
    convention.refresh_from_db()
    assert convention.date_fin_conventionnement is None


def test_patch_in_corrections_only_commented_fields(world):
    from tests.conventions.factories import CommentFactory

    convention = world["convention_a"]
    Convention.objects.filter(pk=convention.pk).update(statut=ConventionStatut.CORRECTIONS)
    CommentFactory(convention=convention, nom_objet="convention", champ_objet="fond_propre")
    client = jwt_client(world["personas"]["bailleur"])
    url = f"/api/v1/conventions/{convention.uuid}/"
    assert client.patch(url, {"fond_propre": "10.00"}, format="json").status_code == 200
    response = client.patch(url, {"commentaires": "Modifié"}, format="json")
    assert response.status_code == 403
    assert "commentaires" in response.json()["detail"]


def test_put_prets_replaces_the_table(world):
    convention = world["convention_a"]
    kept = PretFactory(convention=convention)
    PretFactory(convention=convention)  # absent from the table sent: deleted
    body = {
        "prets": [
            {
                "uuid": str(kept.uuid),
                "preteur": "CDCL",
                "date_octroi": "2026-01-15",
                "numero": "N1",
                "duree": 30,
                "montant": "10.00",
            },
            {"preteur": "AUTRE", "autre": "Région Sud", "montant": "500.00"},
        ]
    }
    response = jwt_client(world["personas"]["instructeur"]).put(
        f"/api/v1/conventions/{convention.uuid}/prets/", body, format="json"
    )
    assert response.status_code == 200, response.content
    prets = list(Pret.objects.filter(convention=convention).order_by("pk"))
    assert len(prets) == 2
    assert prets[0].uuid == kept.uuid and prets[0].duree == 30
    assert prets[1].autre == "Région Sud"


def test_put_prets_rule_errors_per_row_and_field(world):
    convention = world["convention_a"]
    before = PretFactory(convention=convention)
    body = {"prets": [{"preteur": "CDCF", "montant": "100.00"}, {"preteur": "AUTRE", "montant": "5.00"}]}
    response = jwt_client(world["personas"]["instructeur"]).put(
        f"/api/v1/conventions/{convention.uuid}/prets/", body, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["prets"]
    assert "date_octroi" in errors["0"] and "Caisse des dépôts" in errors["0"]["date_octroi"][0]
    assert "autre" in errors["1"]
    assert list(Pret.objects.filter(convention=convention)) == [before]  # nothing saved


def test_other_bailleur_of_same_department_does_not_see(world):
    stranger = bailleur_user()
    response = jwt_client(stranger).get(f"/api/v1/conventions/{world['convention_a'].uuid}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conventions/%C2%A0/",
        "/api/v1/conventions/%C2%A0/prets/",
        "/api/v1/conventions/pas-un-uuid/logements/",
        "/api/v1/lots/123/",
    ],
)
def test_malformed_identifiers_are_404(world, path):
    assert jwt_client(world["personas"]["superuser"]).get(path).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"financement": "100%"}, {"statut": "%s%d"}, {"ordering": "nom%"}, {"tri": "%(x)s"}],
)
def test_a_percent_sign_in_a_bad_filter_value_gets_a_french_400(params):
    """User text never goes into a validation message's format string (schemathesis found a 500)."""
    client = APIClient()
    client.force_authenticate(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/api/v1/conventions/", params)
    assert response.status_code == 400
    assert "%" in str(response.json())
