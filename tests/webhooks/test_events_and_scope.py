"""Which events produce deliveries, for whom; SSRF guard; settings pages and API scoping."""

import pytest
from django.urls import reverse

from conventions.enums import DocumentStatut
from conventions.models import ConventionHistory
from conventions.services import comments as comment_services
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.users.factories import RoleFactory, UserFactory, _group, bailleur_user, instructeur_user
from webhooks import services
from webhooks.models import Abonnement, Evenement, Livraison
from webhooks.ssrf import UrlRefusee, check_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_delivery(monkeypatch):
    """Record the deliveries, do not send them (delivery itself is tested in test_delivery)."""
    monkeypatch.setattr(services, "enqueue", lambda livraison, **kw: None)


def _abonnement(evenements, **org):
    return Abonnement.objects.create(nom="x", url="https://partenaire.example/hook", evenements=evenements, **org)


def test_status_change_reaches_the_bailleur_and_the_administration(django_capture_on_commit_callbacks):
    convention = ConventionFactory(instruction=True)
    programme = convention.programme
    pour_bailleur = _abonnement([Evenement.STATUT_MODIFIE], bailleur=programme.bailleur)
    pour_admin = _abonnement(
        [Evenement.STATUT_MODIFIE, Evenement.DOCUMENT_PRET], administration=programme.administration
    )
    _abonnement([Evenement.DOCUMENT_PRET], bailleur=programme.bailleur)  # another event
    _abonnement([Evenement.STATUT_MODIFIE], bailleur=ConventionFactory().programme.bailleur)  # another bailleur
    with django_capture_on_commit_callbacks(execute=True):
        ConventionHistory.objects.create(
            convention=convention, statut_precedent="instruction", statut="a_signer", action="valider"
        )
        # A history entry that keeps the status (e.g. a reassignment) is not a status change.
        ConventionHistory.objects.create(
            convention=convention, statut_precedent="a_signer", statut="a_signer", action="reaffectation"
        )
    assert {ligne.abonnement for ligne in Livraison.objects.all()} == {pour_bailleur, pour_admin}


def test_nothing_is_sent_for_a_rolled_back_change(django_capture_on_commit_callbacks):
    convention = ConventionFactory(instruction=True)
    _abonnement([Evenement.STATUT_MODIFIE], bailleur=convention.programme.bailleur)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ConventionHistory.objects.create(
            convention=convention, statut_precedent="projet", statut="instruction", action="x"
        )
    assert len(callbacks) == 1 and not Livraison.objects.exists()  # only after commit


def test_document_ready_and_comments(django_capture_on_commit_callbacks):
    convention = ConventionFactory(instruction=True)
    abonnement = _abonnement(
        [Evenement.DOCUMENT_PRET, Evenement.COMMENTAIRE_OUVERT, Evenement.COMMENTAIRE_RESOLU],
        bailleur=convention.programme.bailleur,
    )
    with django_capture_on_commit_callbacks(execute=True):
        convention.document_statut = DocumentStatut.PRET
        convention.save(update_fields=["document_statut"])
        comment = CommentFactory(convention=convention)
        bailleur = bailleur_user(bailleur=convention.programme.bailleur)
        comment_services.comment_resolve(comment=comment, user=bailleur)
    assert list(abonnement.livraisons.order_by("pk").values_list("evenement", flat=True)) == [
        "document.pret",
        "commentaire.ouvert",
        "commentaire.resolu",
    ]


@pytest.mark.parametrize(
    "url",
    ["ftp://exemple.fr/x", "file:///etc/passwd", "gopher://exemple.fr", "http://", "http://user:pw@exemple.fr/"],
)
def test_non_http_urls_are_refused(url):
    with pytest.raises(UrlRefusee):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8118/hook",
        "http://localhost/hook",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_targets_are_refused_in_production(url, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(UrlRefusee):
        check_url(url)


def test_public_address_is_accepted(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    check_url("https://93.184.216.34/hook")  # an IP literal: no DNS lookup in tests


def test_create_a_subscription_in_the_settings(client):
    user = bailleur_user()
    bailleur = user.roles.get().bailleur
    client.force_login(user)
    response = client.post(
        reverse("webhooks:liste"),
        {
            "organisation": f"bailleur:{bailleur.uuid}",
            "nom": "Mon logiciel",
            "url": "https://partenaire.example/apilos",
            "evenements": ["convention.statut_modifie", "document.pret"],
            "actif": "on",
        },
    )
    abonnement = Abonnement.objects.get()
    assert response.status_code == 302
    assert abonnement.bailleur == bailleur and abonnement.secret.startswith("whsec_")
    assert abonnement.evenements == ["convention.statut_modifie", "document.pret"]
    page = client.get(reverse("webhooks:detail", args=[abonnement.uuid]))
    assert abonnement.secret in page.content.decode()


def test_refused_url_keeps_the_input_and_explains(client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    user = bailleur_user()
    bailleur = user.roles.get().bailleur
    client.force_login(user)
    response = client.post(
        reverse("webhooks:liste"),
        {
            "organisation": f"bailleur:{bailleur.uuid}",
            "nom": "Interne",
            "url": "http://10.0.0.5/hook",
            "evenements": ["document.pret"],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "réseau privé ou local" in content and "http://10.0.0.5/hook" in content
    assert not Abonnement.objects.exists()


def test_scope_of_pages_and_api(client):
    convention = ConventionFactory()
    abonnement = _abonnement([Evenement.STATUT_MODIFIE], bailleur=convention.programme.bailleur)
    livraison = Livraison.objects.create(
        abonnement=abonnement, evenement="convention.statut_modifie", charge={"id": "x"}
    )
    other = bailleur_user()
    client.force_login(other)
    assert client.get(reverse("webhooks:detail", args=[abonnement.uuid])).status_code == 404
    assert client.post(reverse("webhooks:rejouer", args=[abonnement.uuid, livraison.uuid])).status_code == 404
    assert client.get("/api/v1/webhooks/abonnements/").json()["results"] == []
    assert client.get(f"/api/v1/webhooks/livraisons/{livraison.uuid}/").status_code == 404
    assert client.post(f"/api/v1/webhooks/livraisons/{livraison.uuid}/rejouer/").status_code == 404
    assert client.get("/api/v1/webhooks/livraisons/", {"abonnement": "pas-un-uuid"}).status_code == 400

    # A read-only colleague sees but may not replay or change.
    lecteur = RoleFactory(
        bailleur=convention.programme.bailleur, group=_group("readonly_bailleur"), user=UserFactory()
    ).user
    client.force_login(lecteur)
    assert client.get(reverse("webhooks:detail", args=[abonnement.uuid])).status_code == 200
    assert abonnement.secret not in client.get(reverse("webhooks:detail", args=[abonnement.uuid])).content.decode()
    assert client.post(reverse("webhooks:rejouer", args=[abonnement.uuid, livraison.uuid])).status_code == 403
    assert client.post(f"/api/v1/webhooks/livraisons/{livraison.uuid}/rejouer/").status_code == 403
    assert client.post(reverse("webhooks:supprimer", args=[abonnement.uuid])).status_code == 403

    # The instructeur of another administration sees nothing.
    client.force_login(instructeur_user())
    assert client.get(reverse("webhooks:detail", args=[abonnement.uuid])).status_code == 404
