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


def complete_convention(
    *,
    nb_logements: int = 3,
    financement: str = "PLUS",
    type_operation: str = "NEUF",
    bailleur=None,
    programme=None,
    with_edd: bool = True,
    today: datetime.date | None = None,
    **convention_kwargs,
) -> Convention:
    """A convention whose saved data satisfies every business rule (conventions.rules): complete bailleur and
    operation, a cadastral reference, an EDD simplifié listing the dwellings (unless with_edd=False), a CDC loan,
    `nb_logements` dwellings with coherent rents, an end-of-convention year within the allowed range and, for a
    bailleur neither HLM nor SEM, a Type I convention. `convention_kwargs` go to ConventionFactory (traits
    included: complete_convention(instruction=True))."""
    from conventions import rules
    from programmes.enums import FinancementEDD
    from tests.programmes.factories import (
        LogementEDDFactory,
        LogementFactory,
        ProgrammeFactory,
        ReferenceCadastraleFactory,
    )

    if programme is None:
        programme = ProgrammeFactory(type_operation=type_operation, **({"bailleur": bailleur} if bailleur else {}))
    lot = LotFactory(programme=programme, financement=financement, nb_logements=nb_logements)
    ReferenceCadastraleFactory(programme=programme)
    pret = {"date_octroi": datetime.date(2026, 3, 1), "duree": 40}
    annee_min, _ = rules.annee_fin_bornes(
        financement=financement,
        type_operation=programme.type_operation,
        prets=[{"preteur": "CDCL", **pret}],
        today=today,
    )
    if programme.bailleur.is_type1and2():
        convention_kwargs.setdefault("type1and2", "Type1")
    convention_kwargs.setdefault("date_fin_conventionnement", rules.date_fin_conventionnement(annee_min))
    convention = ConventionFactory(lot=lot, programme=programme, **convention_kwargs)
    PretFactory(convention=convention, preteur=Preteur.CDCL, **pret)
    edd_financement = financement if financement in FinancementEDD.values else FinancementEDD.PLUS
    for index in range(nb_logements):
        logement = LogementFactory(lot=lot, designation=f"{lot.pk}-{index + 1:03d}", import_order=index)
        if with_edd:
            LogementEDDFactory(programme=programme, designation=logement.designation, financement=edd_financement)
    return convention


def complete_foyer_convention(
    *,
    nature: str = "AUTRE",
    nb_logements: int = 3,
    financement: str = "PLAI",
    code_postal: str = "13001",
    code_insee_departement: str = "13",
    bailleur=None,
    **convention_kwargs,
) -> Convention:
    """A foyer (nature AUTRE) or résidence convention whose saved data satisfies every rule of its kind: the
    manager, dwellings with one redevance per type, the lot's total surface, two locaux collectifs, an
    attribution (elderly people for a foyer, résidence sociale ordinaire for a résidence) and the variante 3.
    `code_postal="97400", code_insee_departement="974"` gives an outre-mer (La Réunion) operation."""
    from conventions import rules
    from programmes.enums import FinancementEDD, TypologieLogement
    from programmes.models import LocauxCollectifs
    from tests.programmes.factories import (
        LogementEDDFactory,
        LogementFactory,
        ProgrammeFactory,
        ReferenceCadastraleFactory,
    )

    programme = ProgrammeFactory(
        nature_logement=nature,
        code_postal=code_postal,
        code_insee_departement=code_insee_departement,
        **({"bailleur": bailleur} if bailleur else {}),
    )
    lot = LotFactory(
        programme=programme,
        financement=financement,
        nb_logements=nb_logements,
        surface_habitable_totale=Decimal("25.00") * nb_logements + 100,
        foyer_residence_nb_garage_parking=4,
    )
    ReferenceCadastraleFactory(programme=programme)
    pret = {"preteur": Preteur.CDCL, "date_octroi": datetime.date(2026, 3, 1), "duree": 40}
    annee_min, _ = rules.annee_fin_bornes(
        financement=financement, type_operation=programme.type_operation, prets=[pret], **programme.regime_duree
    )
    if programme.bailleur.is_type1and2():
        convention_kwargs.setdefault("type1and2", "Type1")
    convention_kwargs.setdefault(
        "date_fin_conventionnement", rules.date_fin_conventionnement(annee_min, foyer_residence=True)
    )
    attribution = (
        {"attribution_agees_autonomie": True}
        if programme.is_foyer
        else {"attribution_residence_sociale_ordinaire": True}
    )
    convention = ConventionFactory(
        lot=lot,
        programme=programme,
        gestionnaire="Association Les Amandiers",
        gestionnaire_signataire_nom="Claire Martin",
        gestionnaire_signataire_fonction="Directrice",
        attribution_reservation_prefectorale=25,
        attribution_modalites_reservations="Commission d'attribution mensuelle.",
        attribution_modalites_choix_personnes="Sur dossier, par ordre d'arrivée.",
        foyer_residence_variante_1=False,
        foyer_residence_variante_2=False,
        foyer_residence_variante_3=True,
        **attribution,
        **convention_kwargs,
    )
    PretFactory(convention=convention, **pret)
    typologies = [TypologieLogement.T1, TypologieLogement.T1BIS, TypologieLogement.T7]
    redevances = {TypologieLogement.T1: "420.00", TypologieLogement.T1BIS: "455.50", TypologieLogement.T7: "890.00"}
    edd_financement = financement if financement in FinancementEDD.values else FinancementEDD.PLUS
    for index in range(nb_logements):
        typologie = typologies[index % len(typologies)]
        logement = LogementFactory(
            lot=lot,
            designation=f"{lot.pk}-{index + 1:03d}",
            import_order=index,
            typologie=typologie,
            surface_habitable=Decimal("25.00"),
            surface_annexes=None,
            surface_annexes_retenue=None,
            surface_utile=None,
            loyer_par_metre_carre=None,
            coefficient=None,
            loyer=Decimal(redevances[typologie]),
        )
        LogementEDDFactory(programme=programme, designation=logement.designation, financement=edd_financement)
    LocauxCollectifs.objects.create(lot=lot, type_local="Salle commune", surface_habitable=Decimal("45.50"), nombre=1)
    LocauxCollectifs.objects.create(lot=lot, type_local="Laverie", surface_habitable=Decimal("12.25"), nombre=2)
    return convention
