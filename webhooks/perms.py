"""Who sees and manages webhook subscriptions: those who may edit the organisation (users.perms), per
organisation; the national team sees them all."""

from django.db.models import Q, QuerySet

from users.perms import can_edit_organisation, is_national_team, organisations_of
from webhooks.models import Abonnement, Livraison


def abonnements_visible_to(user) -> QuerySet[Abonnement]:
    if is_national_team(user):
        return Abonnement.objects.all()
    orgs = organisations_of(user)
    if not orgs:
        return Abonnement.objects.none()
    return Abonnement.objects.filter(
        Q(bailleur_id__in=orgs.bailleur_ids) | Q(administration_id__in=orgs.administration_ids)
    )


def livraisons_visible_to(user) -> QuerySet[Livraison]:
    return Livraison.objects.filter(abonnement__in=abonnements_visible_to(user))


def can_manage(user, abonnement: Abonnement) -> bool:
    """Create, change, delete, replay."""
    return can_edit_organisation(user, abonnement.organisation)


def organisations_manageable(user) -> list:
    """Organisations on which `user` may create a subscription."""
    from users.models import Administration, Bailleur

    orgs = [*Bailleur.objects.visible_to(user)[:200], *Administration.objects.visible_to(user)[:200]]
    return [o for o in orgs if can_edit_organisation(user, o)]
