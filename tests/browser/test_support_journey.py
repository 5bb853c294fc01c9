"""Support journeys in a real browser (issue 20, "Must show"): an agent of the national team views the site
as a bailleur (permanent banner, no CSP violation, logged) then comes back; the rent calculator is used from
the conventions list and gives the hand-computed amount."""

import pytest
from django.contrib.auth.models import Permission

from core.models import Departement
from loyers import indices_publies
from loyers.models import IndiceEvolutionLoyer
from support.models import ImpersonationLog
from tests.browser.conftest import DEMO_PASSWORD
from tests.users.factories import national_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agent(demo_users):
    user = national_user(username="agent-support", first_name="Alex", last_name="Support")
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="impersonate_user"))
    return user


def _watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_impersonation_banner_then_back(persona, agent):
    support = persona("agent-support")
    page = support.page
    errors = _watch_console(page)
    support.goto("/support/utilisateurs/?q=demo-bailleur")
    page.locator("tr", has_text="(demo-bailleur)").locator("button", has_text="Voir en tant que").click()
    page.wait_for_load_state()
    banner = page.locator(".apilos-impersonation")
    assert banner.is_visible()
    assert "Vous voyez le site en tant que" in banner.inner_text() and "demo-bailleur" in banner.inner_text()
    support.goto("/conventions/")
    assert page.locator(".apilos-impersonation").is_visible()  # on every page
    support.screenshot("support-bandeau-incarnation")
    assert ImpersonationLog.objects.filter(hijacker=agent, hijacked__username="demo-bailleur", fin=None).exists()

    page.locator(".apilos-impersonation button", has_text="Revenir à mon compte").click()
    page.wait_for_load_state()
    assert page.locator(".apilos-impersonation").count() == 0
    assert page.locator("h1").inner_text().strip() == "Support et exploitation"
    assert ImpersonationLog.objects.get().fin is not None
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_rent_calculator_from_the_list(persona):
    indices_publies.seed(IndiceEvolutionLoyer, Departement)  # transactional tests flush the data migration
    bailleur = persona("demo-bailleur")
    page = bailleur.page
    errors = _watch_console(page)
    bailleur.goto("/conventions/")
    page.locator("main a", has_text="Simulateur de loyer").click()
    page.wait_for_load_state()
    page.select_option("#id_nature_logement", "LOGEMENTSORDINAIRES")
    page.fill("#id_montant", "6,42")
    page.fill("#id_date_initiale", "2019-06-01")
    page.fill("#id_date_actualisation", "2025-01-15")
    page.select_option("#id_departement", "2A")
    page.locator("main button", has_text="Calculer").click()
    page.wait_for_load_state()
    # 6.42 → 6.52 → 6.56 → 6.59 → 6.69 (Corse 1.5 %) → 6.79 (Corse 1.5 %) → 7.01
    assert "7,01 €" in page.locator(".fr-callout").inner_text()
    assert page.locator("tbody tr").count() == 6
    bailleur.screenshot("simulateur-de-loyer")
    assert not [e for e in errors if "Content Security Policy" in e], errors
