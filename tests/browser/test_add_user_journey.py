"""An account administrator adds a colleague; the welcome e-mail's link lets the colleague choose a password
and log in (issue 8, "Must show"). No password ever travels by e-mail."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Mon-premier-mot-de-passe-2026"


def test_account_admin_adds_a_user_who_sets_a_password_and_logs_in(persona, browser, live_server):
    mail.outbox.clear()
    admin = persona("demo-admin")
    page = admin.goto("/parametres/utilisateurs/")
    page.get_by_role("link", name="Ajouter un utilisateur").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "Ajouter un utilisateur"
    page.fill("#id_username", "claire.nouvelle")
    page.fill("#id_first_name", "Claire")
    page.fill("#id_last_name", "Nouvelle")
    page.fill("#id_email", "claire.nouvelle@example.org")
    page.select_option("#id_organisation", label="Bailleur — Habitat Démo Méditerranée")
    admin.screenshot("ajout-utilisateur")
    page.get_by_role("button", name="Créer le compte et envoyer l'invitation").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text().strip() == "Claire Nouvelle"
    assert "Un e-mail lui a été envoyé" in page.locator("main").inner_text()
    user = User.objects.get(username="claire.nouvelle")
    assert not user.has_usable_password()
    assert user.roles.get().bailleur.nom == "Habitat Démo Méditerranée"
    admin.screenshot("utilisateur-cree")

    # The welcome e-mail: a link to choose a password, never a password.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire.nouvelle@example.org"]
    link = re.search(r"https?://\S+/comptes/mot-de-passe/nouveau/\S+/\S+/", message.body).group(0)
    path = urlsplit(link).path  # the e-mail uses SITE_URL; the test server listens elsewhere

    visitor = browser.new_context(locale="fr-FR")
    try:
        page = visitor.new_page()
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").inner_text().strip() == "Choisir votre mot de passe"
        page.fill("#id_new_password1", NEW_PASSWORD)
        page.fill("#id_new_password2", NEW_PASSWORD)
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        page.wait_for_load_state()

        page.goto(f"{live_server.url}/comptes/connexion/")
        page.fill("input[name=username]", "claire.nouvelle@example.org")
        page.fill("input[name=password]", NEW_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/parametres/profil/")
        assert page.locator("h1").inner_text().strip() == "Votre profil"
        assert "Habitat Démo Méditerranée" in page.locator("main").inner_text()

        # The link is single use.
        page.goto(f"{live_server.url}{path}")
        assert "n'est plus valide" in page.locator("main").inner_text()
    finally:
        visitor.close()
