import factory
from django.contrib.auth.models import Group

from users.enums import SousNatureBailleur, TypeRole
from users.models import Administration, Bailleur, Role, User
from users.validators import complete_siret


class BailleurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bailleur

    nom = factory.Sequence(lambda n: f"Bailleur {n}")
    siret = factory.Sequence(lambda n: complete_siret(f"{n + 100000000:09d}0001"))
    adresse = "1 rue de la Paix"
    code_postal = "75002"
    ville = "Paris"
    signataire_nom = "Camille Martin"
    signataire_fonction = "Directrice générale"
    signataire_date_deliberation = factory.Faker("date_between", start_date="-3y", end_date="-1y")
    sous_nature = SousNatureBailleur.OFFICE_PUBLIC_HLM

    class Params:
        sem = factory.Trait(sous_nature=SousNatureBailleur.SEM_EPL)
        type1and2 = factory.Trait(sous_nature=SousNatureBailleur.ASSOCIATIONS)


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    nom = factory.Sequence(lambda n: f"DDT de test {n}")
    code = factory.Sequence(lambda n: f"DD{n:03d}")
    adresse = "2 boulevard de l'Administration"
    code_postal = "13001"
    ville = "Marseille"
    ville_signature = "Marseille"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    password = factory.django.Password("motdepasse-de-test")


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    return group


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    typologie = TypeRole.BAILLEUR
    bailleur = factory.SubFactory(BailleurFactory)
    administration = None
    group = factory.LazyAttribute(lambda r: _group(r.typologie.lower()))

    class Params:
        instructeur = factory.Trait(
            typologie=TypeRole.INSTRUCTEUR,
            bailleur=None,
            administration=factory.SubFactory(AdministrationFactory),
        )
        administrateur = factory.Trait(typologie=TypeRole.ADMINISTRATEUR, bailleur=None, administration=None)
        equipe_nationale = factory.Trait(
            typologie=TypeRole.EQUIPE_NATIONALE,
            bailleur=None,
            administration=None,
            group=factory.LazyFunction(lambda: _group("equipe_nationale")),
        )


def bailleur_user(bailleur=None, **kwargs) -> User:
    role = RoleFactory(bailleur=bailleur or BailleurFactory(), user=UserFactory(**kwargs))
    return role.user


def instructeur_user(administration=None, **kwargs) -> User:
    role = RoleFactory(
        instructeur=True, administration=administration or AdministrationFactory(), user=UserFactory(**kwargs)
    )
    return role.user


def national_user(**kwargs) -> User:
    """A member of the national team: the explicit role (run seed_roles first for its permissions)."""
    return RoleFactory(equipe_nationale=True, user=UserFactory(**kwargs)).user


def multi_role_user(*roles, **kwargs) -> User:
    """A user holding several roles, given as (organisation, group name) pairs, e.g.
    multi_role_user((bailleur_a, "readonly_bailleur"), (bailleur_b, "bailleur"))."""
    user = UserFactory(**kwargs)
    for organisation, group_name in roles:
        if isinstance(organisation, Bailleur):
            RoleFactory(user=user, bailleur=organisation, group=_group(group_name))
        else:
            RoleFactory(user=user, instructeur=True, administration=organisation, group=_group(group_name))
    return user
