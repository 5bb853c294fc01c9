import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from conventions.enums import ConventionStatut, Preteur
from conventions.models import Comment, Convention, ConventionHistory, Pret
from tests.programmes.factories import LotFactory


class ConventionFactory(factory.django.DjangoModelFactory):
    """A convention of a lot. Traits set the status *data* for tests; real code changes statuses only
    through conventions.workflow."""

    class Meta:
        model = Convention

    lot = factory.SubFactory(LotFactory)
    programme = factory.SelfAttribute("lot.programme")
    statut = ConventionStatut.PROJET

    class Params:
        instruction = factory.Trait(
            statut=ConventionStatut.INSTRUCTION,
            premiere_soumission_le=factory.LazyFunction(timezone.now),
            soumis_le=factory.LazyFunction(timezone.now),
        )
        corrections = factory.Trait(
            statut=ConventionStatut.CORRECTIONS,
            premiere_soumission_le=factory.LazyFunction(timezone.now),
            soumis_le=factory.LazyFunction(timezone.now),
        )
        a_signer = factory.Trait(
            statut=ConventionStatut.A_SIGNER,
            numero=factory.Sequence(lambda n: f"13.D.26.{n + 1:04d}"),
            premiere_soumission_le=factory.LazyFunction(timezone.now),
            soumis_le=factory.LazyFunction(timezone.now),
            valide_le=factory.LazyFunction(timezone.now),
        )
        signee = factory.Trait(
            statut=ConventionStatut.SIGNEE,
            numero=factory.Sequence(lambda n: f"13.D.25.{n + 1:04d}"),
            premiere_soumission_le=factory.LazyFunction(timezone.now),
            soumis_le=factory.LazyFunction(timezone.now),
            valide_le=factory.LazyFunction(timezone.now),
            date_signature=factory.LazyFunction(datetime.date.today),
        )
        annulee = factory.Trait(statut=ConventionStatut.ANNULEE)


class PretFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pret

    convention = factory.SubFactory(ConventionFactory)
    preteur = Preteur.CDCL
    numero = factory.Sequence(lambda n: f"PRET-{n:05d}")
    date_octroi = datetime.date(2026, 3, 1)
    duree = 40
    montant = Decimal("1500000.00")


class ConventionHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionHistory

    convention = factory.SubFactory(ConventionFactory)
    statut_precedent = ConventionStatut.PROJET
    statut = ConventionStatut.INSTRUCTION
    action = "soumettre"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    convention = factory.SubFactory(ConventionFactory, instruction=True)
    nom_objet = "programme"
    champ_objet = "nom"
    message = "Merci de préciser le nom complet de l'opération."
