import time
import uuid
from decimal import Decimal

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from conventions.enums import ConventionStatut
from tests.conftest import clear_caches
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import AnnexeFactory, LogementFactory, LotFactory, ProgrammeFactory
from tests.siap.fakes import FakeSiap
from tests.users.factories import AdministrationFactory, BailleurFactory

AGENT = "my.name@beta.gouv.fr"


def siap_token(login: str, habilitation_id: int | None, *, key: str | None = None, **overrides) -> str:
    """T(login, hab) of reference §16.5: a token as the SIAP mints it."""
    now = int(time.time())
    claims = {"token_type": "access", "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex, "user-login": login}
    if habilitation_id is not None:
        claims["habilitation-id"] = habilitation_id
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key or settings.JWT_SIGN_KEY, algorithm="HS256")


def siap_client(login: str = AGENT, habilitation_id: int | None = 5, **kwargs) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {siap_token(login, habilitation_id, **kwargs)}")
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def fake_siap(settings):
    """The real HTTP client against a local fake SIAP."""
    server = FakeSiap(sign_key=settings.SIAP_CLIENT_JWT_SIGN_KEY).start()
    settings.SIAP_CLIENT_MOCK = False
    settings.SIAP_CLIENT_HOST = server.url
    settings.SIAP_CLIENT_TIMEOUT = 0.5
    settings.SIAP_CLIENT_CONNECT_TIMEOUT = 0.5
    yield server
    server.stop()


@pytest.fixture
def world_w(db):
    """Fixture "W" of reference §16.5."""
    administration = AdministrationFactory(
        nom="CA d'Arles-Crau-Camargue-Montagnette", code="12345", ville_signature="Leclercq"
    )
    bailleur = BailleurFactory(
        nom="3F",
        siret="12345678901234",
        capital_social=Decimal("123000.50"),
        adresse="43, boulevard Marianne Gonzalez",
        code_postal="13007",
        ville="Marseille",
    )
    programme = ProgrammeFactory(
        nom="Programme 1",
        numero_operation="20220600005",
        bailleur=bailleur,
        administration=administration,
        code_postal="75007",
        ville="Paris",
        adresse="22 rue segur",
        code_insee_departement="75",
        code_insee_region="11",
        zone_123="3",
        zone_abc="B1",
        type_operation="NEUF",
        date_achevement_previsible="2024-01-02",
        date_achat="2022-01-02",
        date_achevement="2024-04-11",
    )
    logement = {
        "surface_habitable": Decimal("50.00"),
        "surface_annexes": Decimal("20.00"),
        "surface_annexes_retenue": Decimal("10.00"),
        "surface_utile": Decimal("60.00"),
        "loyer_par_metre_carre": Decimal("5.50"),
        "coefficient": Decimal("0.9000"),
        "loyer": Decimal("297.00"),
    }
    lot_plus = LotFactory(programme=programme, financement="PLUS", type_habitat="COLLECTIF", nb_logements=1)
    LogementFactory(lot=lot_plus, designation="PLUS 1", typologie="T1", **logement)
    lot_plai = LotFactory(programme=programme, financement="PLAI", type_habitat="MIXTE", nb_logements=3)
    plai1 = LogementFactory(lot=lot_plai, designation="PLAI 1", typologie="T1", **logement)
    for typologie in ("COUR", "JARDIN"):
        AnnexeFactory(
            logement=plai1,
            typologie=typologie,
            surface_hors_surface_retenue=Decimal("5.00"),
            loyer_par_metre_carre=Decimal("0.10"),
            loyer=Decimal("0.50"),
        )
    LogementFactory(lot=lot_plai, designation="PLAI 2", typologie="T2", **logement)
    LogementFactory(lot=lot_plai, designation="PLAI 3", typologie="T3", **logement)
    c1 = ConventionFactory(lot=lot_plus, numero="0001", statut=ConventionStatut.PROJET)
    c2 = ConventionFactory(lot=lot_plai, numero="0002", statut=ConventionStatut.PROJET)
    return {"administration": administration, "bailleur": bailleur, "programme": programme, "conventions": [c1, c2]}
