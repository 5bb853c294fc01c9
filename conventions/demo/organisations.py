"""The organisations and accounts of the generated volume: per département its bailleurs, its DDT(M) and a few
délégataires, each with one account; the demo organisations and personas (users/demo.py) join them."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils.text import slugify

from conventions.demo import data
from users.enums import SousNatureBailleur, TypeRole
from users.models import Administration, Bailleur, Role, User
from users.roles import GROUP_BY_TYPOLOGIE
from users.validators import complete_siret

DEMO_PAIRS = [("demo-bailleur", "demo-instructeur"), ("demo-bailleur-2", "demo-instructeur-2")]
DELEGATAIRES = {"69388": "Métropole de Lyon", "44109": "Nantes Métropole", "31555": "Toulouse Métropole"}
EMAIL_DOMAIN = "demo.apilos.invalid"
SIRET_PREFIX = "77"  # generated bailleurs: SIRET 77… (the demo ones of users/demo.py start otherwise)


def complete_demo_bailleur(bailleur: Bailleur) -> None:
    """users/demo.py leaves the signatory's mandate date empty; the rules require it to draw up a convention."""
    if bailleur.signataire_date_deliberation is None:
        bailleur.signataire_date_deliberation = datetime.date(2023, 9, 14)
        bailleur.save(update_fields=["signataire_date_deliberation", "mis_a_jour_le"])


class Organisations:
    """`bailleurs[dept]` = [(bailleur, its account)], `administrations[dept]` = (DDT(M), account),
    `delegataires[insee commune]` = (délégataire, account). Created once, reused on the next runs."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        # What earlier runs created, read once (the loop below would otherwise cost hundreds of queries).
        self.known_administrations = {a.code: a for a in Administration.objects.all()}
        self.known_bailleurs = {b.siret: b for b in Bailleur.objects.filter(siret__startswith=SIRET_PREFIX)}
        self.known_users = {u.username: u for u in User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")}
        self.known_roles = set(
            Role.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").values_list(
                "user_id", "bailleur_id", "administration_id"
            )
        )
        self.groups = {}
        self.bailleurs: dict[str, list[tuple[Bailleur, User]]] = {}
        self.administrations: dict[str, tuple[Administration, User]] = {}
        self.delegataires: dict[str, tuple[Administration, User]] = {}
        demo_bailleurs, demo_administrations = self._demo()
        for index, (dept, (nom, region, cotier, villes)) in enumerate(sorted(data.DEPARTEMENTS.items())):
            administration = self._administration(
                f"DD{dept:0>3}", f"DDT{'M' if cotier else ''} {data.du_departement(nom)}", villes[0]
            )
            user = demo_administrations.get(administration.code) or self._colleague(
                index, TypeRole.INSTRUCTEUR, administration=administration
            )
            self.administrations[dept] = (administration, user)
            self.bailleurs[dept] = [self._bailleur(index, k, nom, region, villes) for k in range(2)]
            self.bailleurs[dept] += demo_bailleurs.get(dept, [])
            for place in villes:
                if place[2] in DELEGATAIRES:
                    delegataire = self._administration(place[2], DELEGATAIRES[place[2]], place)
                    self.delegataires[place[2]] = (
                        delegataire,
                        self._colleague(index + 500, TypeRole.INSTRUCTEUR, administration=delegataire),
                    )

    @staticmethod
    def _demo():
        """The demo organisations join the volume in their départements, with their personas as actors."""
        from users.demo import ADMINISTRATIONS, BAILLEURS

        personas = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
        bailleurs, administrations = {}, {}
        for bailleur_data, administration_data, (bailleur_username, instructeur_username) in zip(
            BAILLEURS, ADMINISTRATIONS, DEMO_PAIRS, strict=True
        ):
            bailleur = Bailleur.objects.filter(siret=bailleur_data["siret"]).first()
            if bailleur is not None and bailleur_username in personas:
                complete_demo_bailleur(bailleur)
                bailleurs[bailleur.code_postal[:2]] = [(bailleur, personas[bailleur_username])]
            if instructeur_username in personas:
                administrations[administration_data["code"]] = personas[instructeur_username]
        return bailleurs, administrations

    def _administration(self, code: str, nom: str, place: tuple) -> Administration:
        if code not in self.known_administrations:
            rng = self.rng
            self.known_administrations[code] = Administration.objects.create(
                code=code,
                nom=nom,
                adresse=f"Cité administrative\n{rng.randint(1, 60)} {rng.choice(data.VOIES)}",
                code_postal=place[1],
                ville=place[0],
                ville_signature=place[0],
                nb_convention_exemplaires=rng.choice((2, 3, 3, 4)),
            )
        return self.known_administrations[code]

    def _colleague(self, index: int, typologie: str, **entite) -> User:
        """A generated colleague, without password: they appear in histories, they do not log in."""
        prenom, nom = data.PRENOMS[index % len(data.PRENOMS)], data.NOMS[(index * 7) % len(data.NOMS)]
        organisation = entite.get("bailleur") or entite.get("administration")
        suffix = organisation.siret[:9] if typologie == TypeRole.BAILLEUR else slugify(organisation.code)
        username = f"{slugify(prenom)}.{slugify(nom)}.{suffix}"
        user = self.known_users.get(username)
        if user is None:
            user = User(username=username, first_name=prenom, last_name=nom, email=f"{username}@{EMAIL_DOMAIN}")
            user.set_unusable_password()
            user.save()
            self.known_users[username] = user
        bailleur, administration = entite.get("bailleur"), entite.get("administration")
        key = (user.pk, bailleur and bailleur.pk, administration and administration.pk)
        if key not in self.known_roles:
            name = GROUP_BY_TYPOLOGIE[(typologie, False)]
            if name not in self.groups:
                self.groups[name], _ = Group.objects.get_or_create(name=name)
            Role.objects.create(user=user, typologie=typologie, group=self.groups[name], **entite)
            self.known_roles.add(key)
        return user

    def _bailleur(self, index: int, k: int, nom_dept: str, region: str, villes: list) -> tuple[Bailleur, User]:
        sous_nature, modele = data.BAILLEURS_MODELES[(index * 2 + k) % len(data.BAILLEURS_MODELES)]
        ville, code_postal, *_ = villes[k % len(villes)]
        nom = modele.format(
            ville=ville, ville_de=f"de {ville}", du_dept=data.du_departement(nom_dept), region=data.REGIONS[region]
        )
        prenom, nom_signataire = data.PRENOMS[(index + k) % len(data.PRENOMS)], data.NOMS[(index * 3 + k) % 40]
        siret = complete_siret(f"{SIRET_PREFIX}{index:03d}{k:04d}0001")
        if siret not in self.known_bailleurs:
            self.known_bailleurs[siret] = Bailleur.objects.create(
                siret=siret,
                nom=nom,
                sous_nature=SousNatureBailleur(sous_nature),
                adresse=f"{10 + index} {data.VOIES[(index + k) % len(data.VOIES)]}",
                code_postal=code_postal,
                ville=ville,
                capital_social=None if sous_nature == "FONDATION" else Decimal(1_000_000 + index * 25_000),
                signataire_nom=f"{prenom} {nom_signataire}",
                signataire_fonction=data.FONCTIONS_SIGNATAIRE[(index + k) % len(data.FONCTIONS_SIGNATAIRE)],
                signataire_date_deliberation=datetime.date(2021 + (index + k) % 4, 1 + index % 12, 10),
            )
        bailleur = self.known_bailleurs[siret]
        return bailleur, self._colleague(index * 2 + k, TypeRole.BAILLEUR, bailleur=bailleur)
