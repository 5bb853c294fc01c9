"""The step registry (conventions.steps): a kind of convention is a declaration, and every list derives from it."""

import pytest
from django.urls import reverse

from conventions.forms.steps.base import Spec, StepForm
from conventions.links import step_url
from conventions.rules.base import RuleError
from conventions.services import steps as services
from conventions.services.comments import comment_open
from conventions.steps import registry
from conventions.steps.base import Kind, Step
from conventions.steps.objets import OBJETS
from conventions.steps.ordinaire import ORDINAIRE
from conventions.templatetags.conventions_tags import comment_label, comment_url
from conventions.views.helpers import STEPS
from conventions.workflow import ValidationRefused
from programmes.models import Programme
from tests.conventions.factories import CommentFactory, ConventionFactory, complete_convention
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


# --- A throwaway kind: the ordinary steps plus one, declared here and nowhere else --------------------------


class NumeroForm(StepForm):
    # A field no ordinary step shows (the operation number now has its place on the Opération step).
    specs = (Spec("programme", Programme, "annee_gestion_programmation", label="Année SIAP de programmation"),)


class NumeroStep(Step):
    slug, title = "numero", "Numéro"
    form_class = NumeroForm
    recap_title = "Numéro de l'opération"

    def saved_errors(self, convention, *, today=None):
        if not convention.programme.annee_gestion_programmation:
            return [RuleError("L'année de programmation est à renseigner.", code="annee_absente")]
        return []

    def save(self, *, convention, form, rows, user):
        services.save_operation(
            programme=convention.programme,
            lot=convention.lot,
            programme_values=form.editable_values("programme"),
            lot_values={},
        )


ESSAI = Kind("essai", "Convention d'essai", steps=(*ORDINAIRE.steps[:-1], NumeroStep(), ORDINAIRE.steps[-1]))


@pytest.fixture
def essai(monkeypatch):
    """Conventions whose operation is named "Essai" are of the throwaway kind."""
    kinds = [(lambda convention: convention.programme.nom == "Essai", ESSAI), *registry.KINDS]
    monkeypatch.setattr(registry, "KINDS", kinds)
    convention = complete_convention(nb_logements=2)
    Programme.objects.filter(pk=convention.programme_id).update(nom="Essai", annee_gestion_programmation=None)
    convention.refresh_from_db()
    return convention


def test_the_extra_step_is_in_the_stepper_and_saves(client, essai):
    client.force_login(bailleur_user(bailleur=essai.programme.bailleur))
    response = client.get(step_url(essai, "commentaires"))
    stepper = response.context["stepper"]
    assert [link["slug"] for link in stepper["links"]][-3:] == ["commentaires", "numero", "recapitulatif"]
    assert stepper["total_steps"] == 11 and stepper["next_step_title"] == "Numéro"
    assert "sur 11" in response.content.decode()

    response = client.get(step_url(essai, "numero"))
    assert response.status_code == 200
    assert "Année SIAP de programmation" in response.content.decode()
    response = client.post(step_url(essai, "numero"), {"annee_gestion_programmation": "2024"})
    assert response.status_code == 302 and response["Location"] == reverse("conventions:recap", args=[essai.uuid])
    essai.programme.refresh_from_db()
    assert essai.programme.annee_gestion_programmation == 2024


def test_the_extra_step_has_its_recap_block_and_its_rules(client, essai):
    client.force_login(bailleur_user(bailleur=essai.programme.bailleur))
    response = client.get(reverse("conventions:recap", args=[essai.uuid]))
    blocks = response.context["recap_blocks"]
    assert [block["slug"] for block in blocks][-2:] == ["commentaires", "numero"]
    assert blocks[-1]["title"] == "Numéro de l'opération"
    assert blocks[-1]["edit_url"] == step_url(essai, "numero") + "?retour=recap"
    html = response.content.decode()
    assert 'id="bloc-numero"' in html and "Année SIAP de programmation" in html
    points = response.context["points_a_completer"]
    assert {"message": "L'année de programmation est à renseigner.", "url": step_url(essai, "numero")} in points


def test_the_extra_step_is_where_its_fields_are_commented(essai):
    assert ESSAI.comment_step("programme", "annee_gestion_programmation") == "numero"
    assert ORDINAIRE.comment_step("programme", "numero_operation") == "operation"
    comment = CommentFactory(convention=essai, nom_objet="programme", champ_objet="annee_gestion_programmation")
    assert comment_url(essai, comment) == f"{step_url(essai, 'numero')}?retour=recap#commentaires-{comment.cle}"
    assert comment_label(comment) == "Opération – année de programmation"


def test_ordinary_conventions_keep_their_ten_steps(client, essai):
    ordinary = complete_convention(nb_logements=2)
    assert registry.kind_of(ordinary) is ORDINAIRE and registry.kind_of(essai) is ESSAI
    client.force_login(bailleur_user(bailleur=ordinary.programme.bailleur))
    assert client.get(step_url(ordinary, "numero")).status_code == 404
    assert [link["slug"] for link in client.get(step_url(ordinary, "bailleur")).context["stepper"]["links"]] == [
        slug for slug, _ in STEPS
    ]


# --- The ordinary kind -------------------------------------------------------------------------------------


def test_comment_targets_are_the_objets_the_steps_show():
    # The dwellings and locaux collectifs of foyers and résidences are shown by their kinds only.
    assert ORDINAIRE.objets == set(OBJETS) - {"logement_foyer", "locaux_collectifs"}
    assert registry.comment_objets() == set(OBJETS)


@pytest.mark.parametrize(
    ("nom_objet", "champ_objet", "slug"),
    [
        ("programme", "nom", "operation"),
        ("programme", "vendeur", "cadastre"),
        ("programme", "reference_cadastrale", "cadastre"),
        ("lot", "nb_logements", "operation"),
        ("lot", "edd_classique", "edd"),
        ("programme", "mention_publication_edd_volumetrique", "edd"),
        ("lot", "annexe_caves", "annexes"),
        ("lot", "loyer_derogatoire", "logements"),
        ("convention", "fond_propre", "financement"),
        ("convention", "commentaires", "commentaires"),
        ("convention", "type1and2", "recapitulatif"),
        ("convention", "type2_lgts_concernes_option3", "recapitulatif"),
        ("logement", "table", "logements"),
        ("annexe", "logement_designation", "annexes"),
        ("type_stationnement", "ligne", "stationnements"),
        ("inconnu", "champ", "recapitulatif"),
    ],
)
def test_where_a_commented_field_is_edited(nom_objet, champ_objet, slug):
    assert ORDINAIRE.comment_step(nom_objet, champ_objet) == slug


def test_a_comment_may_only_point_at_an_objet_of_the_kind():
    convention = ConventionFactory(instruction=True)
    user = instructeur_user(administration=convention.programme.administration)
    comment = comment_open(convention=convention, user=user, nom_objet="logement", champ_objet="table", message="?")
    assert comment.cle == "logement__table"
    with pytest.raises(ValidationRefused):
        comment_open(convention=convention, user=user, nom_objet="inconnu", champ_objet="x", message="?")


def test_a_kind_needs_unique_slugs_and_the_recap_last():
    with pytest.raises(ValueError):
        Kind("double", "Double", steps=(*ORDINAIRE.steps[:2], ORDINAIRE.steps[0], ORDINAIRE.steps[-1]))
    with pytest.raises(ValueError):
        Kind("sans_recap", "Sans récapitulatif", steps=ORDINAIRE.steps[:-1])
