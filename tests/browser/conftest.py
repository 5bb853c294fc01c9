"""Browser tests: Playwright driving Debian's Chromium, headless, against pytest-django's live server.

Skipped with a clear message when Chromium (/usr/bin/chromium) or Playwright is missing, so that `make test`
runs anywhere; `.ci/run` installs Chromium and runs them. They use a transactional database (the live server
runs in another thread): pytest-django runs them after the other database tests."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Parcours-navigateur-2026"
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS_DIR", "")


def _missing() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Tests navigateur ignorés : Chromium est introuvable ({CHROMIUM}). Installez le paquet « chromium »."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Tests navigateur ignorés : le paquet Python « playwright » n'est pas installé."
    return ""


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if not reason:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def demo_users(transactional_db, seeded_roles):
    """Demo organisations and personas (demo-bailleur, demo-instructeur…) with a known password."""
    from users.demo import seed_demo_users

    seed_demo_users(password=DEMO_PASSWORD)


@pytest.fixture
def browser(live_server, demo_users):
    """A headless Chromium; the ORM may be used from the test while Playwright's loop runs (same thread)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Persona:
    """One signed-in user in their own browser context (own cookies)."""

    def __init__(self, browser, live_server, username: str):
        self.base = live_server.url
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.page.goto(f"{self.base}/comptes/connexion/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()

    def goto(self, path: str):
        self.page.goto(f"{self.base}{path}")
        return self.page

    def screenshot(self, name: str):
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def persona(browser, live_server):
    opened = []

    def sign_in(username: str) -> Persona:
        user = Persona(browser, live_server, username)
        opened.append(user)
        return user

    yield sign_in
    for user in opened:
        user.close()
