from django.contrib.auth.models import AbstractUser, Group
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.functional import cached_property

from core import generations
from core.historique import historique
from core.models import BaseModel, Departement
from users.enums import EmailPreferences, NatureBailleur, SousNatureBailleur, TypeRole, nature_de
from users.querysets import AdministrationQuerySet, ApilosUserManager, BailleurQuerySet
from users.validators import validate_prefix_convention, validate_siret_ou_siren, validate_telephone


class Bailleur(BaseModel):
    """A social landlord (maître d'ouvrage) that signs conventions."""

    nom = models.CharField("nom", max_length=255)
    # The SIRET; only the SIREN (9 digits) for a bailleur created from SIAP data, which carries no SIRET.
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret_ou_siren])
    capital_social = models.DecimalField("capital social", max_digits=14, decimal_places=2, null=True, blank=True)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    ville = models.CharField("ville", max_length=255, blank=True)
    signataire_nom = models.CharField("nom du signataire", max_length=255, blank=True)
    signataire_fonction = models.CharField("fonction du signataire", max_length=255, blank=True)
    signataire_date_deliberation = models.DateField(
        "date du mandat du signataire",
        null=True,
        blank=True,
        help_text="Date à laquelle le signataire a reçu le mandat l'autorisant à signer la convention.",
    )
    signataire_bloc_signature = models.TextField("bloc de signature", max_length=5000, blank=True)
    sous_nature = models.CharField(
        "sous-nature du bailleur",
        max_length=32,
        choices=SousNatureBailleur.choices,
        default=SousNatureBailleur.NONRENSEIGNE,
    )
    # Set from the SIAP's merger journal ("fusions"): the absorbing bailleur, whose users see this one's files.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absorbes",
        verbose_name="bailleur absorbant",
    )

    history = historique()
    objects = BailleurQuerySet.as_manager()

    class Meta:
        verbose_name = "bailleur"
        verbose_name_plural = "bailleurs"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret__regex=r"^[0-9]{9}([0-9]{5})?$"), name="bailleur_siret_ou_siren_chiffres"
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.siren})"

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def nature(self) -> NatureBailleur:
        return nature_de(self.sous_nature)

    def is_hlm(self) -> bool:
        return self.nature == NatureBailleur.HLM

    def is_sem(self) -> bool:
        return self.nature == NatureBailleur.SEM

    def is_type1and2(self) -> bool:
        """Neither HLM nor SEM: the convention must be configured as Type I or Type II."""
        return not (self.is_hlm() or self.is_sem())

    @property
    def classification(self) -> str:
        if self.is_hlm():
            return "HLM"
        if self.is_sem():
            return "SEM"
        return "Type I/II"


class Administration(BaseModel):
    """An instruction service (DDT(M), délégataire des aides à la pierre)."""

    nom = models.CharField("nom", max_length=255)
    code = models.CharField("code", max_length=255, unique=True)
    adresse = models.TextField("adresse", blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    ville = models.CharField("ville", max_length=255, blank=True)
    ville_signature = models.CharField("ville de signature", max_length=255, blank=True)
    nb_convention_exemplaires = models.PositiveSmallIntegerField("nombre d'exemplaires papier", default=3)
    prefix_convention = models.CharField(
        "préfixe de numérotation des conventions",
        max_length=255,
        blank=True,
        validators=[validate_prefix_convention],
        help_text="Laisser vide pour la numérotation nationale. Éléments dynamiques possibles : {département}, "
        "{zone}, {mois}, {année}.",
    )
    signataire_bloc_signature = models.TextField("bloc de signature", blank=True)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        verbose_name = "administration"
        verbose_name_plural = "administrations"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.code})"

    def is_ddt(self) -> bool:
        return self.code.upper().startswith("DD")


class User(AbstractUser):
    telephone = models.CharField("téléphone", max_length=25, blank=True, validators=[validate_telephone])
    administrateur_de_compte = models.BooleanField(
        "administrateur de compte",
        default=False,
        help_text="Peut gérer les utilisateurs de ses organisations.",
    )
    preferences_email = models.CharField(
        "préférences de notification",
        max_length=10,
        choices=EmailPreferences.choices,
        default=EmailPreferences.PARTIEL,
    )
    # The header's counter of unread in-app notifications (dialogue.services keeps it): read with the user of
    # the request, so that the counter costs no query on any page.
    notifications_non_lues = models.PositiveIntegerField("notifications non lues", default=0, editable=False)
    filtre_departements = models.ManyToManyField(
        Departement,
        verbose_name="départements suivis",
        blank=True,
        related_name="+",
        help_text="Limite les conventions affichées à ces départements (bailleurs).",
    )

    # The agent's Cerbère login (an e-mail-like identifier) when the account comes from the SIAP / SSO.
    cerbere_login = models.CharField("identifiant Cerbère", max_length=255, null=True, blank=True, unique=True)

    objects = ApilosUserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
        ]

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    # Role helpers, cached on the instance: a request asks them several times.
    @cached_property
    def _roles(self) -> list["Role"]:
        if not self.pk:
            return []
        return list(self.roles.all())

    def is_cerbere_user(self) -> bool:
        return bool(self.cerbere_login)

    def bailleur_ids(self) -> set[int]:
        return {r.bailleur_id for r in self._roles if r.typologie == TypeRole.BAILLEUR and r.bailleur_id}

    def administration_ids(self) -> set[int]:
        return {r.administration_id for r in self._roles if r.typologie == TypeRole.INSTRUCTEUR and r.administration_id}

    def administrateur_roles(self) -> list["Role"]:
        return [r for r in self._roles if r.typologie == TypeRole.ADMINISTRATEUR]

    def is_bailleur(self) -> bool:
        return bool(self.bailleur_ids())

    def is_instructeur(self) -> bool:
        return bool(self.administration_ids())

    def is_administrateur(self) -> bool:
        return bool(self.administrateur_roles())

    def national_roles(self) -> list["Role"]:
        return [r for r in self._roles if r.typologie == TypeRole.EQUIPE_NATIONALE]

    def group_permissions(self) -> dict[int, frozenset[str]]:
        """Permissions ("app_label.codename") of the group of each of the user's roles, by group id (one query,
        cached on the instance). Rights are read role by role (users.perms.has_perm_on), never pooled."""
        cached = self.__dict__.get("_group_permissions")
        if cached is None:
            cached = permissions_of_groups(frozenset(r.group_id for r in self._roles))
            self.__dict__["_group_permissions"] = cached
        return cached

    def group_names(self) -> set[str]:
        return {r.group.name for r in self.roles.select_related("group")}


GROUP_PERMISSIONS_GENERATION = "permissions-groupes:generation"


def permissions_of_groups(group_ids: frozenset[int]) -> dict[int, frozenset[str]]:
    """{group id: its permissions}, read once and kept in the cache until a group's permissions change
    (users.signals bumps the generation): every page checks rights, and the groups change once a release."""
    generation = generations.generation(GROUP_PERMISSIONS_GENERATION)
    key = f"permissions-groupes:{generation}:{','.join(map(str, sorted(group_ids)))}"
    cached = cache.get(key)
    if cached is None:
        rows = Group.permissions.through.objects.filter(group_id__in=group_ids).values_list(
            "group_id", "permission__content_type__app_label", "permission__codename"
        )
        by_group: dict[int, set[str]] = {group_id: set() for group_id in group_ids}
        for group_id, app_label, codename in rows:
            by_group[group_id].add(f"{app_label}.{codename}")
        cached = {group_id: frozenset(codes) for group_id, codes in by_group.items()}
        cache.set(key, cached, 24 * 3600)
    return cached


def group_permissions_changed(**kwargs) -> None:
    generations.renew(GROUP_PERMISSIONS_GENERATION)


class Role(models.Model):
    """A user's habilitation on one organisation: the group carries the permissions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name="utilisateur")
    typologie = models.CharField("type de rôle", max_length=20, choices=TypeRole.choices)
    bailleur = models.ForeignKey(
        Bailleur, on_delete=models.CASCADE, null=True, blank=True, related_name="roles", verbose_name="bailleur"
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name="administration",
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, verbose_name="groupe de permissions")
    perimetre_region = models.CharField("périmètre : région (code INSEE)", max_length=3, blank=True)
    perimetre_departement = models.CharField("périmètre : département (code INSEE)", max_length=3, blank=True)

    class Meta:
        verbose_name = "rôle"
        verbose_name_plural = "rôles"
        constraints = [
            # One role per user and organisation (or perimeter); written as partial constraints because
            # SQLite, the zero-config database, cannot treat NULLs as equal.
            models.UniqueConstraint(
                fields=["user", "bailleur"], condition=Q(bailleur__isnull=False), name="role_unique_bailleur"
            ),
            models.UniqueConstraint(
                fields=["user", "administration"],
                condition=Q(administration__isnull=False),
                name="role_unique_administration",
            ),
            models.UniqueConstraint(
                fields=["user", "perimetre_region", "perimetre_departement"],
                condition=Q(typologie=TypeRole.ADMINISTRATEUR),
                name="role_unique_perimetre",
            ),
            models.CheckConstraint(
                condition=(
                    Q(typologie=TypeRole.BAILLEUR, bailleur__isnull=False, administration__isnull=True)
                    | Q(typologie=TypeRole.INSTRUCTEUR, administration__isnull=False, bailleur__isnull=True)
                    | Q(typologie=TypeRole.ADMINISTRATEUR, administration__isnull=True, bailleur__isnull=True)
                    | Q(
                        typologie=TypeRole.EQUIPE_NATIONALE,
                        administration__isnull=True,
                        bailleur__isnull=True,
                        perimetre_region="",
                        perimetre_departement="",
                    )
                ),
                name="role_entite_selon_typologie",
            ),
        ]

    def __str__(self):
        entite = self.bailleur or self.administration or self.perimetre_label
        return f"{self.user} — {self.get_typologie_display()} — {entite}"

    def perimetre(self) -> dict[str, str]:
        """The one definition of an administrateur's perimeter: the operation fields that must match
        (département first, else région); empty for the national perimeter."""
        if self.perimetre_departement:
            return {"code_insee_departement": self.perimetre_departement}
        if self.perimetre_region:
            return {"code_insee_region": self.perimetre_region}
        return {}

    def covers(self, programme) -> bool:
        """Whether this administrateur role's perimeter contains the operation."""
        return all(getattr(programme, field) == value for field, value in self.perimetre().items())

    def perimetre_q(self, path: str = "") -> Q:
        """The same perimeter as a filter, for a model reaching Programme through `path`."""
        return Q(**{f"{path}{field}": value for field, value in self.perimetre().items()})

    @property
    def perimetre_label(self) -> str:
        if self.perimetre_departement:
            return f"département {self.perimetre_departement}"
        if self.perimetre_region:
            return f"région {self.perimetre_region}"
        return "national"
