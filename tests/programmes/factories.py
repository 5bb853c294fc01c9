from decimal import Decimal

import factory

from programmes.enums import Financement, TypeHabitat, TypeOperation, TypologieLogement, Zone123, ZoneABC
from programmes.models import (
    Annexe,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)
from tests.users.factories import AdministrationFactory, BailleurFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    nom = factory.Sequence(lambda n: f"Résidence des Tilleuls {n}")
    numero_operation = factory.Sequence(lambda n: f"2026{n:08d}")
    bailleur = factory.SubFactory(BailleurFactory)
    administration = factory.SubFactory(AdministrationFactory)
    adresse = "12 avenue des Tilleuls"
    code_postal = "13001"
    ville = "Marseille"
    code_insee_commune = "13201"
    code_insee_departement = "13"
    code_insee_region = "93"
    annee_gestion_programmation = 2026
    zone_123 = Zone123.ZONE_2
    zone_abc = ZoneABC.B1
    type_operation = TypeOperation.NEUF


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    programme = factory.SubFactory(ProgrammeFactory)
    financement = Financement.PLUS
    nb_logements = 2
    type_habitat = TypeHabitat.COLLECTIF


class LogementFactory(factory.django.DjangoModelFactory):
    """A dwelling whose rent follows the rule: SU × loyer/m² × coefficient."""

    class Meta:
        model = Logement

    lot = factory.SubFactory(LotFactory)
    designation = factory.Sequence(lambda n: f"Logement {n}")
    typologie = TypologieLogement.T3
    surface_habitable = Decimal("60.00")
    surface_annexes = Decimal("10.00")
    surface_annexes_retenue = Decimal("5.00")
    surface_utile = Decimal("65.00")
    loyer_par_metre_carre = Decimal("6.50")
    coefficient = Decimal("1.0000")
    loyer = factory.LazyAttribute(
        lambda o: (o.surface_utile * o.loyer_par_metre_carre * o.coefficient).quantize(Decimal("0.01"))
    )

    class Params:
        # The other three tables of ordinary housing (reference §13.7): the fields a table does not have are empty.
        sans_loyer = factory.Trait(loyer_par_metre_carre=None, coefficient=None, loyer=None)
        corrigee = factory.Trait(
            surface_annexes=None,
            surface_annexes_retenue=None,
            surface_utile=None,
            surface_corrigee=Decimal("70.00"),
            loyer=factory.LazyAttribute(
                lambda o: (o.surface_corrigee * o.loyer_par_metre_carre * o.coefficient).quantize(Decimal("0.01"))
            ),
        )
        corrigee_sans_loyer = factory.Trait(
            surface_annexes=None,
            surface_annexes_retenue=None,
            surface_utile=None,
            surface_corrigee=Decimal("70.00"),
            loyer_par_metre_carre=None,
            coefficient=None,
            loyer=None,
        )


class AnnexeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annexe

    logement = factory.SubFactory(LogementFactory)
    surface_hors_surface_retenue = Decimal("8.00")
    loyer_par_metre_carre = Decimal("1.50")
    loyer = Decimal("12.00")


class TypeStationnementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TypeStationnement

    lot = factory.SubFactory(LotFactory)
    nb_stationnements = 4
    loyer = Decimal("25.00")


class LogementEDDFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogementEDD

    programme = factory.SubFactory(ProgrammeFactory)
    designation = factory.Sequence(lambda n: f"Logement {n}")
    financement = Financement.PLUS
    numero_lot = factory.Sequence(lambda n: str(n + 1))


class ReferenceCadastraleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceCadastrale

    programme = factory.SubFactory(ProgrammeFactory)
    section = "AB"
    numero = factory.Sequence(lambda n: str(100 + n))
    lieudit = "Les Tilleuls"
    surface = "0 ha 12 a 40 ca"
