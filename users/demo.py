"""Demo organisations and one account per persona, for local runs and demonstrations (never production data)."""

import importlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from users.enums import SousNatureBailleur, TypeRole
from users.models import Administration, Bailleur, Role, User
from users.roles import GROUP_BY_TYPOLOGIE
from users.validators import complete_siret

BAILLEURS = [
    {
        "siret": complete_siret("7820000000001"),
        "nom": "Habitat Démo Méditerranée",
        "sous_nature": SousNatureBailleur.OFFICE_PUBLIC_HLM,
        "adresse": "12 boulevard des Dames",
        "code_postal": "13002",
        "ville": "Marseille",
        "signataire_nom": "Claire Fontaine",
        "signataire_fonction": "Directrice générale",
    },
    {
        "siret": complete_siret("4410000000002"),
        "nom": "SEM Démo Loire Logement",
        "sous_nature": SousNatureBailleur.SEM_EPL,
        "adresse": "3 quai de la Fosse",
        "code_postal": "44000",
        "ville": "Nantes",
        "signataire_nom": "Bruno Lemoine",
        "signataire_fonction": "Directeur général délégué",
    },
]

ADMINISTRATIONS = [
    {
        "code": "DD013",
        "nom": "DDTM des Bouches-du-Rhône (démo)",
        "adresse": "16 rue Antoine Zattara",
        "code_postal": "13003",
        "ville": "Marseille",
        "ville_signature": "Marseille",
    },
    {
        "code": "DD044",
        "nom": "DDTM de Loire-Atlantique (démo)",
        "adresse": "10 boulevard Gaston Serpette",
        "code_postal": "44000",
        "ville": "Nantes",
        "ville_signature": "Nantes",
    },
]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    typologie: str
    organisation: int  # index in BAILLEURS or ADMINISTRATIONS
    administrateur_de_compte: bool = False
    is_staff: bool = False
    is_superuser: bool = False


# demo-admin: the account administrator of the first bailleur (manages its users) and a superuser, so that
# a demonstration can also show the Django administration.
PERSONAS = [
    Persona("demo-bailleur", "Bérénice", "Bailleur", TypeRole.BAILLEUR, 0),
    Persona("demo-bailleur-2", "Boris", "Bailleur", TypeRole.BAILLEUR, 1),
    Persona("demo-instructeur", "Inès", "Instructrice", TypeRole.INSTRUCTEUR, 0),
    Persona("demo-instructeur-2", "Igor", "Instructeur", TypeRole.INSTRUCTEUR, 1),
    Persona(
        "demo-admin",
        "Adèle",
        "Administratrice",
        TypeRole.BAILLEUR,
        0,
        administrateur_de_compte=True,
        is_staff=True,
        is_superuser=True,
    ),
    # The national team: reads every convention and organisation, national statistics (no organisation).
    Persona("demo-equipe-nationale", "Nadia", "Nationale", TypeRole.EQUIPE_NATIONALE, 0),
]

DEMO_EMAIL_DOMAIN = "demo.apilos.invalid"


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def seed_demo_users(*, password: str) -> dict[str, int]:
    """Create or update the demo organisations and personas. Idempotent; returns counts of created rows."""
    created = {"bailleurs": 0, "administrations": 0, "utilisateurs": 0, "roles": 0}
    bailleurs = []
    for data in BAILLEURS:
        bailleur, was_created = Bailleur.objects.update_or_create(siret=data["siret"], defaults=data)
        bailleurs.append(bailleur)
        created["bailleurs"] += was_created
    administrations = []
    for data in ADMINISTRATIONS:
        administration, was_created = Administration.objects.update_or_create(code=data["code"], defaults=data)
        administrations.append(administration)
        created["administrations"] += was_created

    for persona in PERSONAS:
        user, was_created = User.objects.update_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@{DEMO_EMAIL_DOMAIN}",
                "administrateur_de_compte": persona.administrateur_de_compte,
                "is_staff": persona.is_staff,
                "is_superuser": persona.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        created["utilisateurs"] += was_created

        group, _ = Group.objects.get_or_create(name=GROUP_BY_TYPOLOGIE[(persona.typologie, False)])
        if persona.typologie == TypeRole.BAILLEUR:
            entite = {"bailleur": bailleurs[persona.organisation], "administration": None}
        elif persona.typologie == TypeRole.EQUIPE_NATIONALE:
            entite = {"bailleur": None, "administration": None}
        else:
            entite = {"bailleur": None, "administration": administrations[persona.organisation]}
        _, was_created = Role.objects.update_or_create(
            user=user, typologie=persona.typologie, **entite, defaults={"group": group}
        )
        created["roles"] += was_created
    return created


def domain_seeder():
    """conventions.demo.seed_demo_conventions(stdout, count=None) when the conventions app provides it."""
    try:
        module = importlib.import_module("conventions.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "conventions.demo":
            raise  # a real import error inside conventions.demo must not be hidden
        return None
    return getattr(module, "seed_demo_conventions", None)
