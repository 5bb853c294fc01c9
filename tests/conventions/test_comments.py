import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from conventions import perms
from conventions.enums import CommentaireStatut
from conventions.models import Comment
from conventions.selectors import comments_by_key
from conventions.services.comments import comment_close, comment_open, comment_resolve
from conventions.views.helpers import comment_context
from conventions.workflow import TransitionNotAllowed, ValidationRefused
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)


def create_url(convention):
    return f"/conventions/{convention.uuid}/commentaires/nouveau/"


def update_url(comment, operation):
    return f"/conventions/{comment.convention.uuid}/commentaires/{comment.uuid}/{operation}/"


def test_instructeur_opens_a_comment_on_a_field_and_comes_back(client):
    convention = ConventionFactory(instruction=True)
    instructeur = instructeur_user(administration=convention.programme.administration)
    client.force_login(instructeur)
    next_url = f"/conventions/{convention.uuid}/"
    response = client.post(
        create_url(convention),
        {"nom_objet": "programme", "champ_objet": "nom", "message": "Nom incomplet", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url + "#commentaires-programme__nom"
    comment = Comment.objects.get()
    assert comment.cle == "programme__nom"
    assert comment.user == instructeur
    assert comment.statut == CommentaireStatut.OUVERT


def test_comment_on_a_row(client):
    convention = ConventionFactory(instruction=True)
    logement = LogementFactory(lot=convention.lot)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    client.post(
        create_url(convention),
        {"nom_objet": "logement", "champ_objet": "loyer", "uuid_objet": str(logement.uuid), "message": "Loyer ?"},
    )
    assert Comment.objects.get().cle == f"logement__loyer__{logement.uuid}"


def test_external_next_is_ignored(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.post(
        create_url(convention),
        {"nom_objet": "programme", "champ_objet": "nom", "message": "x", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/conventions/{convention.uuid}/"


def test_empty_or_invalid_comment_is_refused_with_a_message(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.post(
        create_url(convention), {"nom_objet": "programme", "champ_objet": "nom", "message": ""}, follow=True
    )
    assert "Le commentaire ne peut pas être vide." in response.content.decode()
    response = client.post(
        create_url(convention), {"nom_objet": "inconnu", "champ_objet": "nom", "message": "x"}, follow=True
    )
    assert "L&#x27;élément commenté est inconnu." in response.content.decode()
    assert not Comment.objects.exists()


def test_bailleur_cannot_comment_and_draft_cannot_be_commented(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    data = {"nom_objet": "programme", "champ_objet": "nom", "message": "x"}
    assert client.post(create_url(convention), data).status_code == 403
    draft = ConventionFactory()
    client.force_login(instructeur_user(administration=draft.programme.administration))
    assert client.post(create_url(draft), data).status_code == 403
    assert not Comment.objects.exists()


def test_bailleur_resolves_instructeur_closes(client):
    comment = CommentFactory(convention=ConventionFactory(corrections=True))
    convention = comment.convention
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    instructeur = instructeur_user(administration=convention.programme.administration)
    client.force_login(instructeur)
    assert client.post(update_url(comment, "resoudre")).status_code == 403
    client.force_login(bailleur)
    assert client.post(update_url(comment, "clore")).status_code == 403
    assert client.post(update_url(comment, "resoudre")).status_code == 302
    comment.refresh_from_db()
    assert comment.statut == CommentaireStatut.RESOLU and comment.resolu_le
    client.force_login(instructeur)
    assert client.post(update_url(comment, "clore")).status_code == 302
    comment.refresh_from_db()
    assert comment.statut == CommentaireStatut.CLOS and comment.clos_le
    assert client.post(update_url(comment, "inventee")).status_code == 404


def test_comment_of_another_convention_is_404(client):
    comment = CommentFactory()
    other = ConventionFactory(instruction=True, lot__programme__bailleur=comment.convention.programme.bailleur)
    client.force_login(bailleur_user(bailleur=other.programme.bailleur))
    url = f"/conventions/{other.uuid}/commentaires/{comment.uuid}/resoudre/"
    assert client.post(url).status_code == 404


def test_services_check_permissions():
    convention = ConventionFactory(instruction=True)
    instructeur = instructeur_user(administration=convention.programme.administration)
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    with pytest.raises(TransitionNotAllowed):
        comment_open(convention=convention, user=bailleur, nom_objet="programme", champ_objet="nom", message="x")
    with pytest.raises(ValidationRefused) as refused:
        comment_open(convention=convention, user=instructeur, nom_objet="programme", champ_objet="a b", message="")
    assert len(refused.value.errors) == 2
    comment = comment_open(
        convention=convention, user=instructeur, nom_objet="logement", champ_objet="table", message="Tableau ?"
    )
    with pytest.raises(TransitionNotAllowed):
        comment_close(comment=comment, user=bailleur)
    comment_resolve(comment=comment, user=bailleur)
    with pytest.raises(TransitionNotAllowed):
        comment_resolve(comment=comment, user=bailleur)  # already resolved
    comment_close(comment=comment, user=instructeur)


def test_comments_by_key_in_one_query(django_assert_num_queries):
    convention = ConventionFactory(instruction=True)
    for champ in ("nom", "ville", "nom"):
        CommentFactory(convention=convention, champ_objet=champ)
    CommentFactory(convention=convention, champ_objet="adresse", statut=CommentaireStatut.CLOS)
    with django_assert_num_queries(1):
        grouped = comments_by_key(convention)
        names = [c.user for comments in grouped.values() for c in comments]
    assert sorted(grouped) == ["programme__nom", "programme__ville"]
    assert len(grouped["programme__nom"]) == 2
    assert len(names) == 3


def test_table_comment_unlocks_rows_during_corrections():
    convention = ConventionFactory(corrections=True)
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="table")
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    assert perms.can_edit_field(bailleur, convention, "logement__loyer__1234")
    assert not perms.can_edit_field(bailleur, convention, "programme__nom")


def _render_field(user, convention, key):
    request = RequestFactory().get(f"/conventions/{convention.uuid}/operation/")
    request.user = user
    context = {**comment_context(user, convention), "key": key, "request": request}
    return render_to_string("conventions/_comment_field.html", context, request=request)


def test_comment_field_include_for_instructeur_and_bailleur():
    convention = ConventionFactory(corrections=True)
    CommentFactory(convention=convention, message="Précisez le nom.")
    instructeur = instructeur_user(administration=convention.programme.administration)
    html = _render_field(instructeur, convention, "programme__nom")
    assert "Précisez le nom." in html
    assert "Ouvert" in html
    assert "<details>" in html and "Commenter ce champ" in html
    assert f'action="/conventions/{convention.uuid}/commentaires/nouveau/"' in html
    assert 'id="id_commentaire_programme__nom_message"' in html
    assert 'for="id_commentaire_programme__nom_message"' in html
    assert 'value="/conventions/' in html  # next
    assert "Clore le commentaire" in html
    assert "Marquer comme résolu" not in html

    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    html = _render_field(bailleur, convention, "programme__nom")
    assert "Précisez le nom." in html
    assert "Marquer comme résolu" in html
    assert "Commenter ce champ" not in html
    assert _render_field(bailleur, convention, "programme__ville").strip() == ""
