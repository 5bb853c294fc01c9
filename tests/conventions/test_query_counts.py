"""Query counts pinned on the convention pages not covered elsewhere (the list, the recap, the logements step and
the statistics pin theirs in their own modules): every step, shown and saved; the creation page; every workflow
action. Each page is measured on a small and a large convention (or list): the count is the same number for
both, so a query per row, or one more query per page, fails here. The numbers are counted after a first visit
(session loaded, content types cached), as a user sees them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import EDITABLE_STEPS, browser_data, step_url
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

SIZES = (2, 12)  # dwellings (steps, actions) or lots (creation page)

# GET /conventions/<uuid>/<etape>/, for the convention's bailleur.
STEP_GET = {
    # session, user, roles, convention, comments, the step's own data (no session write: the session is saved
    # only when it changes, core.middleware.IdleSessionMiddleware; the permissions of the role groups come from
    # the cache: users.models.permissions_of_groups)
    "bailleur": 6,
    "operation": 6,
    "cadastre": 8,
    "edd": 8,
    "financement": 7,
    "logements": 7,
    "annexes": 7,
    "stationnements": 7,
    "commentaires": 7,
}

# POST of the step as the browser shows it (nothing changed): checked, then on to the next step.
# Saving a step also checks and bumps the convention's version under a row lock (optimistic concurrency):
# savepoint, SELECT … FOR UPDATE, UPDATE version, release — 4 queries on top of the save itself.
# Issue 19: an object whose fields do not change is no longer saved (its audit-trail record would say
# nothing), one UPDATE less per object of the step (bailleur, programme, lot, convention).
STEP_POST = {
    "bailleur": 12,
    "operation": 12,
    "cadastre": 15,
    "edd": 16,
    "financement": 14,
    "logements": 15,
    "annexes": 16,
    "stationnements": 14,
    "commentaires": 13,
}


@pytest.fixture
def bailleur():
    return BailleurFactory()


@pytest.fixture
def conventions(bailleur):
    return [complete_convention(nb_logements=size, bailleur=bailleur) for size in SIZES]


@pytest.fixture
def bailleur_client(client, bailleur):
    client.force_login(bailleur_user(bailleur=bailleur))
    return client


def test_every_step_is_pinned():
    assert set(STEP_GET) == set(STEP_POST) == set(EDITABLE_STEPS)


@pytest.mark.parametrize("etape", EDITABLE_STEPS)
def test_step_page_queries(bailleur_client, conventions, etape, django_assert_num_queries):
    for convention in conventions:
        bailleur_client.get(step_url(convention, etape))  # warm-up
        with django_assert_num_queries(STEP_GET[etape]):
            response = bailleur_client.get(step_url(convention, etape))
        assert response.status_code == 200


@pytest.mark.parametrize("etape", EDITABLE_STEPS)
def test_step_save_queries(bailleur_client, conventions, etape, django_assert_num_queries):
    for convention in conventions:
        data = browser_data(bailleur_client.get(step_url(convention, etape)))
        with django_assert_num_queries(STEP_POST[etape]):
            response = bailleur_client.post(step_url(convention, etape), data)
        assert response.status_code == 302, response.context and response.context.get("errors")


# --- Creation page -----------------------------------------------------------------------------------------

CREATE_GET = 8
# + the audit-trail record of each created object (django-simple-history, issue 19)
CREATE_FROM_LOT = 17
CREATE_FROM_SCRATCH = 17


def test_create_page_queries(client, bailleur, django_assert_num_queries):
    client.force_login(bailleur_user(bailleur=bailleur))
    programme = ProgrammeFactory(bailleur=bailleur)
    created = 0
    for size in SIZES:
        while created < size:
            LotFactory(programme=programme)
            created += 1
        client.get("/conventions/nouvelle/")
        with django_assert_num_queries(CREATE_GET):
            response = client.get("/conventions/nouvelle/")
        assert len(response.context["lot_form"].fields["lot"].queryset) == size


def test_create_queries(client, bailleur, django_assert_num_queries):
    client.force_login(bailleur_user(bailleur=bailleur))
    client.get("/conventions/nouvelle/")
    lot = LotFactory(programme=ProgrammeFactory(bailleur=bailleur))
    with django_assert_num_queries(CREATE_FROM_LOT):
        response = client.post("/conventions/nouvelle/", {"mode": "lot", "lot-lot": lot.pk})
    assert response.status_code == 302
    scratch = {
        "mode": "creation",
        "creation-bailleur": bailleur.pk,
        "creation-nom": "Les Jardins du Port",
        "creation-nb_logements": "12",
        "creation-financement": "PLAI",
        "creation-type_habitat": "COLLECTIF",
        "creation-code_postal": "13002",
        "creation-ville": "Marseille",
    }
    with django_assert_num_queries(CREATE_FROM_SCRATCH):
        response = client.post("/conventions/nouvelle/", scratch)
    assert response.status_code == 302


# --- Workflow actions --------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _today():
    return datetime.date.today().isoformat()


# name: (trait of the starting status, who acts, posted data, queries). A POST loads the convention and the
# user's rights, locks the row, checks, writes, records the history and queues its notifications and jobs
# (run after commit, so not counted here). Issue 19: + 1 for the audit-trail record of the convention's row;
# a submission (soumettre, renvoyer_instruction) + 11 for its snapshot (dialogue.versions: the bailleur, the six
# tables of the steps, the next number, the insert, and its savepoint pair); a deletion + 8 (the audit-trail records
# of the deleted convention and its loan, and the cascade to the dialogue app's rows: messages, submissions,
# submissions seen, read markers, notifications).
ACTIONS = {
    "soumettre": ({}, "bailleur", lambda size: {"comment": "Prête."}, 32),
    "demander_corrections": ({"instruction": True}, "instructeur", lambda size: {"comment": "Les loyers."}, 14),
    "renvoyer_instruction": ({"corrections": True}, "bailleur", lambda size: {"comment": "Corrigée."}, 32),
    "valider": (
        {"instruction": True},
        "instructeur",
        lambda size: {"numero": f"13.D.26.{size:04d}", "confirmation": "on"},
        # + 7 (issue 16): the document check reads the print context (dwellings, annexes, parkings, loans,
        # cadastre, EDD, attached files; the locaux collectifs only for foyers and résidences), whatever the
        # number of dwellings.
        31,
    ),
    "retour_instruction": ({"a_signer": True}, "instructeur", lambda size: {"comment": ""}, 14),
    "marquer_signee": (
        {"a_signer": True},
        "bailleur",
        lambda size: {"date_signature": _today(), "fichier_signe": SimpleUploadedFile("signee.pdf", PDF)},
        16,  # + the journal's « document signé » event
    ),
    "envoyer_publication": ({"signee": True}, "instructeur", lambda size: {}, 15),  # + the bailleur (publication?)
    "marquer_publiee": (
        {"signee": True, "statut": "publication_en_cours"},
        "instructeur",
        lambda size: {"date_publication": _today(), "reference_publication": "SPF 2026 P 123"},
        14,
    ),
    "annuler": ({}, "bailleur", lambda size: {"comment": "Abandon."}, 15),
    "reactiver": ({"annulee": True}, "bailleur", lambda size: {}, 16),
    # + the cascade to avenants and their types, and to the seconde-vie links (one DELETE of the M2M rows)
    "supprimer": ({}, "bailleur", lambda size: {}, 25),
    "retour_signee": (
        {"signee": True, "statut": "publication_en_cours"},
        "instructeur",
        lambda size: {"comment": ""},
        14,
    ),
    "retour_publication": ({"signee": True, "statut": "publiee"}, "instructeur", lambda size: {"comment": ""}, 14),
    # retour_signee's queries + the journal event of the refusal
    "refus_spf": (
        {"signee": True, "statut": "publication_en_cours"},
        "instructeur",
        lambda size: {"date_refus_spf": datetime.date.today().isoformat(), "motif_refus_spf": "Acte incomplet"},
        15,
    ),
}
# Validations of a dénonciation / résiliation act on a special avenant (conventions/services/avenants.py), which
# complete_convention does not build: their behaviour is tested in tests/conventions/test_avenants.py.
NOT_PINNED_HERE = {"denoncer", "resilier"}


def test_every_action_is_pinned():
    from conventions.views.actions import ACTIONS as VIEW_ACTIONS

    assert set(ACTIONS) | NOT_PINNED_HERE == set(VIEW_ACTIONS)


@pytest.mark.parametrize("name", list(ACTIONS))
def test_action_queries(client, seeded_roles, bailleur, name, django_assert_num_queries):
    trait, actor, data, expected = ACTIONS[name]
    if name == "envoyer_publication":  # only a convention that must be published (bailleur neither HLM nor SEM)
        from users.enums import SousNatureBailleur

        type(bailleur).objects.filter(pk=bailleur.pk).update(sous_nature=SousNatureBailleur.ASSOCIATIONS)
        bailleur.refresh_from_db()
    for size in SIZES:
        convention = complete_convention(nb_logements=size, bailleur=bailleur, **trait)
        user = (
            bailleur_user(bailleur=bailleur)
            if actor == "bailleur"
            else instructeur_user(administration=convention.programme.administration)
        )
        client.force_login(user)
        client.get(reverse("conventions:recap", args=[convention.uuid]))  # warm-up: the page the action is on
        with django_assert_num_queries(expected):
            response = client.post(reverse("conventions:action", args=[convention.uuid, name]), data(size))
        assert response.status_code == 302, response.content.decode()[:2000]
