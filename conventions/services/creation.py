"""Creating a convention: from an existing lot, or from scratch (operation + lot + convention)."""

from django.db import IntegrityError, transaction

from conventions import perms
from conventions.enums import ConventionStatut
from conventions.models import Convention, ConventionHistory
from conventions.rules.foyer import check_nature_outre_mer
from conventions.workflow import TransitionNotAllowed, ValidationRefused
from programmes.enums import NatureLogement
from programmes.models import Lot, Programme
from users.models import Administration, Bailleur
from users.perms import organisations_with

CREATION_ACTION = "creer"


def active_convention_of(lot: Lot) -> Convention | None:
    return Convention.objects.filter(lot=lot).exclude(statut=ConventionStatut.ANNULEE).first()


def _create(*, lot: Lot, user) -> Convention:
    try:
        with transaction.atomic():
            convention = Convention.objects.create(
                programme=lot.programme, lot=lot, cree_par=user, statut=ConventionStatut.PROJET
            )
    except IntegrityError as exc:  # a concurrent creation on the same lot
        raise ValidationRefused(_deja_active_message(lot)) from exc
    ConventionHistory.objects.create(
        convention=convention,
        statut_precedent=ConventionStatut.PROJET,
        statut=ConventionStatut.PROJET,
        action=CREATION_ACTION,
        user=user,
        commentaire="Création de la convention",
    )
    return convention


def _deja_active_message(lot: Lot) -> str:
    return (
        f"Une convention est déjà en cours pour l'opération « {lot.programme.nom} » en {lot.financement} : "
        "ouvrez-la depuis la liste des conventions, ou annulez-la avant d'en créer une nouvelle."
    )


def convention_create_from_lot(*, lot: Lot, user) -> Convention:
    """A new draft convention on an existing lot that has no active convention."""
    if not perms.can_create_convention_for(user, lot.programme):
        raise TransitionNotAllowed("Vous n'avez pas le droit de créer une convention sur cette opération.")
    with transaction.atomic():
        lot = Lot.objects.select_for_update(of=("self",)).select_related("programme").get(pk=lot.pk)
        if active_convention_of(lot) is not None:
            raise ValidationRefused(_deja_active_message(lot))
        return _create(lot=lot, user=user)


def convention_create_from_scratch(
    *,
    user,
    bailleur: Bailleur,
    nom: str,
    nb_logements: int,
    financement: str,
    type_habitat: str,
    code_postal: str,
    ville: str,
    administration: Administration | None = None,
    nature_logement: str = NatureLogement.LOGEMENTSORDINAIRES,
) -> Convention:
    """Operation, lot and draft convention in one go; the nature of the dwellings decides its kind (ordinary,
    foyer, résidence: conventions.steps.registry). An instructeur's operation belongs to their
    administration; a bailleur names the instruction service when known, otherwise the operation has none until
    the APiLos team attaches it (as in the reference)."""
    if not perms.can_create_convention(user):
        raise TransitionNotAllowed("Vous n'avez pas le droit de créer une convention.")
    # Only the organisations where the user's role carries the right count (never a read-only one).
    creators = organisations_with(user, "conventions.add_convention")
    administration_ids = set() if creators.everything else creators.administration_ids
    if not (creators.everything or administration_ids or bailleur.pk in creators.bailleur_ids):
        raise TransitionNotAllowed("Vous ne pouvez créer une convention que pour l'un de vos bailleurs.")
    if administration is not None and administration_ids and administration.pk not in administration_ids:
        raise TransitionNotAllowed("Vous ne pouvez rattacher l'opération qu'à votre administration.")
    if administration is None and administration_ids:
        administration = Administration.objects.filter(pk__in=administration_ids).order_by("pk").first()
    nom = (nom or "").strip()
    if not nom:
        raise ValidationRefused("Le nom de l'opération est obligatoire.")
    if nature_logement not in NatureLogement.values:
        raise ValidationRefused(f"La nature des logements « {nature_logement} » n'existe pas.")
    refus = check_nature_outre_mer(nature_logement=nature_logement, code_postal=(code_postal or "").strip())
    if refus:
        raise ValidationRefused(refus[0].message)
    with transaction.atomic():
        programme = Programme.objects.create(
            nom=nom,
            bailleur=bailleur,
            administration=administration,
            code_postal=(code_postal or "").strip(),
            ville=(ville or "").strip(),
            nature_logement=nature_logement,
        )
        lot = Lot.objects.create(
            programme=programme, financement=financement, nb_logements=nb_logements, type_habitat=type_habitat
        )
        return _create(lot=lot, user=user)
