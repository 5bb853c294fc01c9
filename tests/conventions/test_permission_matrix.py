"""Every convention URL that names a convention × every persona, in GET and POST.

Built from conventions.urls: a new route taking a uuid is covered automatically (a new URL parameter must be
given a value in _param_values, or the test fails saying so)."""

import html
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, reverse

from conventions import urls as convention_urls
from conventions.models import Comment, Convention, ConventionHistory, FiltreEnregistre, Pret, UploadedFile
from conventions.views.helpers import STEPS
from programmes.models import Annexe, Logement, LogementEDD, Lot, Programme, ReferenceCadastrale, TypeStationnement
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
    multi_role_user,
)
from users.models import Administration, Bailleur

pytestmark = pytest.mark.django_db

IN_SCOPE = {"bailleur", "instructeur", "superuser", "bailleur_here_instructeur_elsewhere"}
OUT_OF_SCOPE = {"other_bailleur", "other_instructeur", "bailleur_and_instructeur_elsewhere"}
# Mixed roles (issue 11): read-only on this convention's organisation, full rights on another one. They see the
# convention and may act on nothing of it (comments aside: the discussion channel open to read-only profiles).
READ_ONLY = {"readonly_bailleur_full_elsewhere", "readonly_instructeur_full_elsewhere"}
# Routes whose resource may legitimately not exist yet for this convention (404 even in scope).
# The final document exists only once the convention is validated; the signed PDF and the published act once
# deposited; the fiche CAF from « À signer » on.
MAY_NOT_EXIST = {"document_final", "fichier_signe", "fichier_publication", "fiche_caf"}
# Routes on a user's own object (a saved filter): anyone but its owner gets a 404.
OWNER_ONLY = {"filtre_delete"}


def _patterns():
    for pattern in convention_urls.urlpatterns:
        assert not isinstance(pattern, URLResolver), "add nested includes to the matrix"
        if isinstance(pattern, URLPattern) and "uuid" in pattern.pattern.converters:
            yield pattern


def _cases():
    for pattern in _patterns():
        names = list(pattern.pattern.converters)
        # A step route is tried with every step slug.
        variants = [{"etape": slug} for slug, _ in STEPS if slug != "recapitulatif"] if "etape" in names else [{}]
        for variant in variants:
            for method in ("get", "post"):
                label = "-".join([pattern.name, *variant.values(), method])
                yield pytest.param(pattern.name, variant, method, id=label)


@pytest.fixture
def world(db):
    call_command("seed_roles", verbosity=0)
    convention = ConventionFactory(instruction=True)
    comment = CommentFactory(convention=convention)
    fichier = UploadedFile(
        convention=convention, champ="programme.vendeur", nom="acte.pdf", content_type="application/pdf"
    )
    fichier.fichier.save("acte.pdf", ContentFile(b"%PDF-1.4 acte"), save=True)
    programme = convention.programme
    users = {
        "anonymous": None,
        "bailleur": bailleur_user(bailleur=programme.bailleur),
        "other_bailleur": bailleur_user(),
        "instructeur": instructeur_user(administration=programme.administration),
        "other_instructeur": instructeur_user(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        **mixed_personas(programme),
    }
    filtre = FiltreEnregistre.objects.create(user=users["bailleur"], nom="Mes PLAI", parametres="financement=PLAI")
    return {"convention": convention, "comment": comment, "fichier": fichier, "users": users, "filtre": filtre}


def mixed_personas(programme) -> dict:
    """Users holding several roles, for the operation `programme` of (bailleur A, administration X); B and Y are
    other organisations."""
    bailleur_b, administration_y = BailleurFactory(), AdministrationFactory()
    a, x = programme.bailleur, programme.administration
    return {
        "readonly_bailleur_full_elsewhere": multi_role_user((a, "readonly_bailleur"), (bailleur_b, "bailleur")),
        "readonly_instructeur_full_elsewhere": multi_role_user(
            (x, "readonly_instructeur"), (administration_y, "instructeur")
        ),
        "bailleur_here_instructeur_elsewhere": multi_role_user((a, "bailleur"), (administration_y, "instructeur")),
        "bailleur_and_instructeur_elsewhere": multi_role_user(
            (bailleur_b, "bailleur"), (administration_y, "instructeur")
        ),
    }


def snapshot(convention) -> dict:
    """Everything a request could change on the convention file (comment statuses aside)."""
    convention = Convention.objects.select_related("programme", "lot").get(pk=convention.pk)
    programme, lot = convention.programme, convention.lot

    def rows(queryset):
        return sorted((tuple(sorted(row.items())) for row in queryset.values()), key=repr)

    return {
        "convention": rows(Convention.objects.filter(pk=convention.pk)),
        "programme": rows(Programme.objects.filter(pk=programme.pk)),
        "lot": rows(Lot.objects.filter(pk=lot.pk)),
        "bailleur": rows(Bailleur.objects.filter(pk=programme.bailleur_id)),
        "administration": rows(Administration.objects.filter(pk=programme.administration_id)),
        "history": rows(ConventionHistory.objects.filter(convention=convention)),
        "prets": rows(Pret.objects.filter(convention=convention)),
        "fichiers": rows(UploadedFile.objects.filter(convention=convention)),
        "comments": sorted(Comment.objects.filter(convention=convention).values_list("uuid", "message")),
        "logements": rows(Logement.objects.filter(lot=lot)),
        "annexes": rows(Annexe.objects.filter(logement__lot=lot)),
        "stationnements": rows(TypeStationnement.objects.filter(lot=lot)),
        "edd": rows(LogementEDD.objects.filter(programme=programme)),
        "cadastre": rows(ReferenceCadastrale.objects.filter(programme=programme)),
    }


def _param_values(world):
    from conventions.excel.tables import TABLES

    return {
        "uuid": world["convention"].uuid,
        "name": "soumettre",
        "comment_uuid": world["comment"].uuid,
        "operation": "resoudre",
        "file_uuid": world["fichier"].uuid,
        "table": next(iter(TABLES)),
        "filtre_uuid": world["filtre"].uuid
        if "filtre" in world
        else uuid.uuid4(),  # any: the route is not per convention
        "champ": "date_signature",
    }


def test_every_uuid_route_is_in_the_matrix():
    names = {p.name for p in _patterns()}
    assert {"recap", "action", "comment_create", "comment_update", "file_download", "type1and2"} <= names


def _check(client, world, url, url_name, method, persona) -> str:
    """ "" when the answer fits the persona, else what went wrong."""
    client.logout()
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)
    before = snapshot(world["convention"]) if persona in READ_ONLY else None
    response = getattr(client, method)(url)
    status = response.status_code
    where = f"{persona} {method.upper()} {url} → {status}"
    if status == 500:
        return where
    if persona in READ_ONLY:
        ok = status in {200, 302, 403, 405, 409} | ({404} if url_name in MAY_NOT_EXIST else set())
        if snapshot(world["convention"]) != before:
            return f"{where}: a read-only persona changed the convention"
        return "" if ok else where
    if persona == "anonymous":
        ok = status == 302 and "/comptes/connexion/" in response["Location"]
    elif status == 405:
        ok = True  # this method is not served by the route, for anyone (reveals nothing)
    elif persona in OUT_OF_SCOPE:
        ok = status == 404
    else:
        ok = status in {200, 302, 403} | ({404} if url_name in MAY_NOT_EXIST else set())
    return "" if ok else where


@pytest.mark.parametrize(("url_name", "variant", "method"), list(_cases()))
def test_permission_matrix(client, world, url_name, variant, method):
    pattern = next(p for p in _patterns() if p.name == url_name)
    values = _param_values(world) | variant
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"give a value for {missing} in _param_values of this test"
    url = reverse(f"conventions:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    # Those out of scope first: a POST of someone in scope may change the convention (that is allowed).
    order = ["anonymous", *sorted(OUT_OF_SCOPE), *sorted(READ_ONLY), *sorted(IN_SCOPE)]
    failures = [failure for persona in order if (failure := _check(client, world, url, url_name, method, persona))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", sorted(IN_SCOPE | READ_ONLY))
def test_those_in_scope_read_the_recap_and_steps(client, world, persona):
    client.force_login(world["users"][persona])
    convention = world["convention"]
    assert client.get(reverse("conventions:recap", args=[convention.uuid])).status_code == 200
    for slug, _ in STEPS[:-1]:
        response = client.get(reverse("conventions:etape", args=[convention.uuid, slug]))
        assert response.status_code == 200, slug
    response = client.get(reverse("conventions:file_download", args=[convention.uuid, world["fichier"].uuid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def _global_patterns():
    for pattern in convention_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and "uuid" not in pattern.pattern.converters:
            yield pattern


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", [p.name for p in _global_patterns()])
def test_routes_without_convention_need_login_and_never_fail(client, world, url_name, method):
    pattern = next(p for p in _global_patterns() if p.name == url_name)
    values = _param_values(world)
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"give a value for {missing} in _param_values of this test"
    url = reverse(f"conventions:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    for persona in ["other_bailleur", "other_instructeur", "bailleur", "instructeur", "superuser", *sorted(READ_ONLY)]:
        client.force_login(world["users"][persona])
        status = getattr(client, method)(url).status_code
        allowed = {200, 302, 403, 405} | ({404} if url_name in OWNER_ONLY and persona != "bailleur" else set())
        assert status in allowed, f"{persona} {method.upper()} {url} → {status}"


# --- Mixed roles: rights per organisation, never pooled (issue 11) ----------------------------------------

STATUSES = ["projet", "instruction", "corrections", "a_signer", "signee", "publication_en_cours", "publiee", "annulee"]
TODAY = "2026-03-02"
ACTION_DATA = {
    "soumettre": {"comment": ""},
    "demander_corrections": {"comment": "À revoir."},
    "renvoyer_instruction": {"comment": ""},
    "valider": {"numero": "13.D.26.0500", "confirmation": "on"},
    "retour_instruction": {"comment": "Une erreur à reprendre."},
    "marquer_signee": {"date_signature": TODAY},
    "envoyer_publication": {},
    "refus_spf": {"date_refus_spf": TODAY, "motif_refus_spf": "Acte incomplet"},
    "marquer_publiee": {"date_publication": TODAY, "reference_publication": "JO n° 12"},
    "annuler": {"comment": ""},
    "reactiver": {},
    "supprimer": {},
    "retour_signee": {"comment": ""},
    "retour_publication": {"comment": ""},
    "denoncer": {"comment": ""},
    "resilier": {"comment": ""},
    "effet_denonciation": {},  # not an action (the effect of a validated dénonciation): no route
    "effet_resiliation": {},
}
REFUSED = "Vous n'avez pas le droit d'effectuer l'action"


def _convention_in(statut: str, programme=None) -> Convention:
    from tests.conventions.factories import complete_convention

    convention = complete_convention(nb_logements=2, **({"programme": programme} if programme else {}))
    Convention.objects.filter(pk=convention.pk).update(statut=statut)  # test data, not a transition
    convention.refresh_from_db()
    return convention


def test_every_action_has_form_data_in_this_test():
    from conventions.workflow import TRANSITIONS

    assert set(ACTION_DATA) == set(TRANSITIONS)


@pytest.mark.parametrize("statut", STATUSES)
def test_no_transition_for_read_only_or_absent_personas_and_full_rights_elsewhere_still_work(client, statut):
    from conventions.workflow import TRANSITIONS, applies, is_allowed

    call_command("seed_roles", verbosity=0)
    convention = _convention_in(statut)
    personas = mixed_personas(convention.programme)
    plain_bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    plain_instructeur = instructeur_user(administration=convention.programme.administration)
    for name, transition in TRANSITIONS.items():
        # Transitions that exist for this convention now (status, nature, condition) and that a user may take.
        if not applies(transition, convention) or not transition.roles:
            continue
        for persona in [*sorted(READ_ONLY), "bailleur_and_instructeur_elsewhere"]:
            user = personas[persona]
            assert not is_allowed(transition, convention=convention, user=user), f"{persona} may {name}"
            client.force_login(user)
            before = snapshot(convention)
            response = client.post(reverse("conventions:action", args=[convention.uuid, name]), ACTION_DATA[name])
            assert snapshot(convention) == before, f"{persona} did {name} in {statut}"
            if persona in READ_ONLY:
                assert response.status_code == 200 and REFUSED in html.unescape(response.content.decode()), (
                    persona,
                    name,
                )
            else:
                assert response.status_code == 404, (persona, name)
        # Bailleur here, instructeur elsewhere: exactly the bailleur's actions, none of the instructeur's.
        mixed = personas["bailleur_here_instructeur_elsewhere"]
        expected = is_allowed(transition, convention=convention, user=plain_bailleur)
        assert is_allowed(transition, convention=convention, user=mixed) == expected, name
        if "instructeur" in transition.roles and "bailleur" not in transition.roles:
            assert not is_allowed(transition, convention=convention, user=mixed), name
            assert is_allowed(transition, convention=convention, user=plain_instructeur), name

    # Full rights on the other organisations still work, status for status.
    bailleur_b = personas["readonly_bailleur_full_elsewhere"].roles.get(group__name="bailleur").bailleur
    administration_y = personas["readonly_instructeur_full_elsewhere"].roles.get(group__name="instructeur")
    from tests.programmes.factories import ProgrammeFactory

    on_b = _convention_in(statut, ProgrammeFactory(bailleur=bailleur_b, administration=administration_y.administration))
    plain_b = bailleur_user(bailleur=bailleur_b)
    plain_y = instructeur_user(administration=administration_y.administration)
    for transition in TRANSITIONS.values():
        assert is_allowed(transition, convention=on_b, user=personas["readonly_bailleur_full_elsewhere"]) == is_allowed(
            transition, convention=on_b, user=plain_b
        ), transition.name
        assert is_allowed(
            transition, convention=on_b, user=personas["readonly_instructeur_full_elsewhere"]
        ) == is_allowed(transition, convention=on_b, user=plain_y), transition.name


def test_full_rights_elsewhere_are_real_rights(client):
    """The comparison above must not be vacuous: on B, the mixed personas do act."""
    from conventions.workflow import TRANSITIONS, is_allowed
    from tests.programmes.factories import ProgrammeFactory

    a_convention = _convention_in("projet")
    personas = mixed_personas(a_convention.programme)
    reader_bailleur = personas["readonly_bailleur_full_elsewhere"]
    reader_instructeur = personas["readonly_instructeur_full_elsewhere"]
    programme_b = ProgrammeFactory(
        bailleur=reader_bailleur.roles.get(group__name="bailleur").bailleur,
        administration=reader_instructeur.roles.get(group__name="instructeur").administration,
    )
    projet_b, instruction_b = _convention_in("projet", programme_b), _convention_in("instruction", programme_b)
    assert is_allowed(TRANSITIONS["soumettre"], convention=projet_b, user=reader_bailleur)
    assert is_allowed(TRANSITIONS["supprimer"], convention=projet_b, user=reader_bailleur)
    assert is_allowed(TRANSITIONS["demander_corrections"], convention=instruction_b, user=reader_instructeur)
    assert is_allowed(TRANSITIONS["valider"], convention=instruction_b, user=reader_instructeur)
    client.force_login(reader_instructeur)
    response = client.post(
        reverse("conventions:action", args=[instruction_b.uuid, "demander_corrections"]), {"comment": "À revoir."}
    )
    assert response.status_code == 302
    instruction_b.refresh_from_db()
    assert instruction_b.statut == "corrections"


def _step_data(client, user, convention, slug) -> dict:
    from tests.conventions.test_steps import browser_data

    client.force_login(user)
    return browser_data(client.get(reverse("conventions:etape", args=[convention.uuid, slug])))


@pytest.mark.parametrize(
    ("persona", "statut"),
    [("readonly_bailleur_full_elsewhere", "projet"), ("readonly_instructeur_full_elsewhere", "instruction")],
)
def test_read_only_here_cannot_save_a_step_but_saves_it_elsewhere(client, persona, statut):
    from tests.programmes.factories import ProgrammeFactory

    convention = _convention_in(statut)
    personas = mixed_personas(convention.programme)
    user = personas[persona]
    full = (
        bailleur_user(bailleur=convention.programme.bailleur)
        if persona.startswith("readonly_bailleur")
        else instructeur_user(administration=convention.programme.administration)
    )
    data = _step_data(client, full, convention, "operation") | {"nom": "Piratée"}
    client.force_login(user)
    response = client.post(reverse("conventions:etape", args=[convention.uuid, "operation"]), data)
    assert response.status_code == 403
    convention.programme.refresh_from_db()
    assert convention.programme.nom != "Piratée"

    # On the organisation where the same user holds the full role, the same step saves.
    role = user.roles.exclude(group__name__startswith="readonly_").get()
    kwargs = {"bailleur": role.bailleur} if role.bailleur else {"administration": role.administration}
    elsewhere = _convention_in(statut, ProgrammeFactory(**kwargs))
    data = _step_data(client, user, elsewhere, "operation") | {"nom": "Résidence des Tilleuls"}
    response = client.post(reverse("conventions:etape", args=[elsewhere.uuid, "operation"]), data)
    assert response.status_code == 302
    elsewhere.programme.refresh_from_db()
    assert elsewhere.programme.nom == "Résidence des Tilleuls"


@pytest.mark.parametrize("statut", ["projet", "corrections", "a_signer", "annulee"])
@pytest.mark.parametrize("url_name", [p.name for p in _patterns()])
def test_read_only_personas_change_nothing_in_any_status(client, url_name, statut):
    """The URL matrix again for the read-only personas, with the convention in the statuses where the full
    roles do act (draft, corrections with an open comment, to sign, cancelled)."""
    call_command("seed_roles", verbosity=0)
    convention = _convention_in(statut)
    comment = CommentFactory(convention=convention)
    fichier = UploadedFile(
        convention=convention, champ="programme.vendeur", nom="a.pdf", content_type="application/pdf"
    )
    fichier.fichier.save("a.pdf", ContentFile(b"%PDF-1.4 acte"), save=True)
    world = {"convention": convention, "comment": comment, "fichier": fichier}
    pattern = next(p for p in _patterns() if p.name == url_name)
    variants = (
        [{"etape": slug} for slug, _ in STEPS if slug != "recapitulatif"]
        if "etape" in pattern.pattern.converters
        else [{}]
    )
    personas = mixed_personas(convention.programme)
    for variant in variants:
        values = _param_values(world) | variant
        url = reverse(f"conventions:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
        for persona in sorted(READ_ONLY):
            client.force_login(personas[persona])
            before = snapshot(convention)
            status = client.post(url).status_code
            assert snapshot(convention) == before, f"{persona} POST {url} ({statut}) changed the convention"
            assert status in {200, 302, 403, 404, 405, 409}, f"{persona} POST {url} ({statut}) → {status}"


def test_a_saved_filter_is_its_owners_only(client, world):
    filtre = world["filtre"]
    url = reverse("conventions:filtre_delete", kwargs={"filtre_uuid": filtre.uuid})
    for persona in ["other_bailleur", "instructeur", "superuser"]:
        client.force_login(world["users"][persona])
        assert client.post(url).status_code == 404, persona
    assert FiltreEnregistre.objects.filter(pk=filtre.pk).exists()
    client.force_login(world["users"]["bailleur"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not FiltreEnregistre.objects.filter(pk=filtre.pk).exists()
