"""Who sees what: the one place where the visibility of operations, lots and conventions is decided; and the
dwellings of each table of ordinary housing."""

from django.db import models
from django.db.models import Q

from programmes.enums import TableauLogement


def scope_q(user, path: str = "") -> Q | None:
    """The filter selecting what `user` may see, for a model reaching Programme through `path`
    ("" for Programme, "programme__" for Lot and Convention). None means everything; Q(pk__in=[]) nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser or user.national_roles():
        return None  # superusers and the national team (an explicit role; `is_staff` gives nothing here)
    q = Q(pk__in=[])
    bailleur_ids = user.bailleur_ids()
    if bailleur_ids:
        bailleur_q = Q(**{f"{path}bailleur_id__in": bailleur_ids})
        prefixes = user_departement_prefixes(user)
        if prefixes:
            dept_q = Q()
            for prefix in prefixes:
                dept_q |= Q(**{f"{path}code_postal__startswith": prefix})
            bailleur_q &= dept_q
        q |= bailleur_q
    administration_ids = user.administration_ids()
    if administration_ids:
        q |= Q(**{f"{path}administration_id__in": administration_ids})
    for role in user.administrateur_roles():
        if not role.perimetre():
            return None  # national perimeter
        q |= role.perimetre_q(path)
    return q


def user_departement_prefixes(user) -> list[str]:
    """Postal-code prefixes of the bailleur's département filter (cached on the user instance)."""
    cached = getattr(user, "_departement_prefixes", None)
    if cached is None:
        cached = sorted({d.code_postal for d in user.filtre_departements.all()})
        user._departement_prefixes = cached
    return cached


def sees_every_convention(user) -> bool:
    """Superusers, the national team and national administrateurs: their statistics are the national ones."""
    return scope_q(user) is None


class VisibleToQuerySet(models.QuerySet):
    programme_path = ""

    def visible_to(self, user):
        q = scope_q(user, self.programme_path)
        return self if q is None else self.filter(q)


class ProgrammeQuerySet(VisibleToQuerySet):
    programme_path = ""

    def originals(self):
        """Operations as registered, not the copies avenants own."""
        return self.filter(parent__isnull=True)


class LotQuerySet(VisibleToQuerySet):
    programme_path = "programme__"

    def originals(self):
        """Lots as registered, not the copies avenants own."""
        return self.filter(parent__isnull=True)


def filtre_tableau(tableau: str) -> dict:
    """The lookups selecting the dwellings of one of the four tables of ordinary housing
    (programmes.enums.TableauLogement): surface corrigée empty or not, rent set or not (reference §13.7)."""
    if tableau not in TableauLogement.values:
        raise ValueError(f"Tableau de logements inconnu : {tableau!r}")
    corrigee = tableau in (TableauLogement.CORRIGEE, TableauLogement.CORRIGEE_SANS_LOYER)
    loyer = tableau in (TableauLogement.SU, TableauLogement.CORRIGEE)
    return {"surface_corrigee__isnull": not corrigee, "loyer__isnull": not loyer}


class LogementQuerySet(models.QuerySet):
    def du_tableau(self, tableau: str):
        """The dwellings of one of the four tables of ordinary housing (`filtre_tableau`)."""
        return self.filter(**filtre_tableau(tableau))
