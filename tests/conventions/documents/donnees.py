"""A fully filled convention for document tests, the benchmark and the screenshots."""

import datetime
import struct
import zlib
from decimal import Decimal

from django.core.files.base import ContentFile

from conventions.enums import Preteur
from conventions.models import UploadedFile
from programmes.enums import Financement, TypeOperation, TypologieAnnexe, TypologieLogement, TypologieStationnement
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementEDDFactory,
    LogementFactory,
    LotFactory,
    ProgrammeFactory,
    ReferenceCadastraleFactory,
    TypeStationnementFactory,
)
from tests.users.factories import AdministrationFactory, BailleurFactory

# (typologie, SH, SA, SAR, SU, loyer/m², coefficient) — loyer = SU × loyer/m² × coefficient, rounded half-up.
LOGEMENTS = [
    (TypologieLogement.T2, "45.30", "6.00", "3.00", "48.30", "6.52", "1.0500"),
    (TypologieLogement.T3, "63.85", "10.50", "5.25", "69.10", "6.52", "0.9800"),
    (TypologieLogement.T3, "64.10", "0.00", "0.00", "64.10", "6.52", "1.0000"),
    (TypologieLogement.T5, "92.40", "14.00", "7.00", "99.40", "6.52", "1.1235"),
]


def png(largeur: int = 40, hauteur: int = 20, couleur=(0, 0, 145)) -> bytes:
    """A small valid PNG without Pillow."""

    def bloc(nature: bytes, donnees: bytes) -> bytes:
        return struct.pack(">I", len(donnees)) + nature + donnees + struct.pack(">I", zlib.crc32(nature + donnees))

    ligne = b"\x00" + bytes(couleur) * largeur
    return (
        b"\x89PNG\r\n\x1a\n"
        + bloc(b"IHDR", struct.pack(">IIBBBBB", largeur, hauteur, 8, 2, 0, 0, 0))
        + bloc(b"IDAT", zlib.compress(ligne * hauteur))
        + bloc(b"IEND", b"")
    )


def convention_complete(*, bailleur=None, financement=Financement.PLUS, nb_logements=None, logements=None, **traits):
    """A convention with every block filled: 4 dwellings (or `logements` generated ones), annexes, parkings,
    loans, cadastre, EDD, an image attached to the seller's field."""
    administration = AdministrationFactory(nom="DDTM des Bouches-du-Rhône", ville_signature="Aix-en-Provence")
    bailleur = bailleur or BailleurFactory(nom="Habitat Provence & Cie", capital_social=Decimal("1500000"))
    programme = ProgrammeFactory(
        nom="Les Jardins du Canal",
        bailleur=bailleur,
        administration=administration,
        adresse="12 avenue des Tilleuls\n14 avenue des Tilleuls",
        code_postal="13001",
        ville="Marseille",
        type_operation=TypeOperation.NEUF,
        vendeur="SCI du Canal, représentée par son gérant",
        acquereur="Habitat Provence",
        reference_notaire="Maître Dupont, notaire à Marseille",
        permis_construire="PC 013 055 24 00012",
        date_achat=datetime.date(2025, 3, 1),
        date_achevement_previsible=datetime.date(2027, 6, 30),
        mention_publication_edd_classique="Publié le 2 mai 2025, volume 2025 P n° 1234",
        edd_classique="Règlement de copropriété reçu par Maître Dupont le 15 avril 2025.",
        nb_locaux_commerciaux=2,
    )
    lignes = logements if logements is not None else LOGEMENTS
    lot = LotFactory(
        programme=programme,
        financement=financement,
        nb_logements=nb_logements if nb_logements is not None else len(lignes),
        annexe_caves=True,
        annexe_balcons=True,
        lgts_mixite_sociale_negocies=1,
    )
    convention = ConventionFactory(
        lot=lot,
        programme=programme,
        date_fin_conventionnement=datetime.date(2067, 6, 30),
        fond_propre=Decimal("250000.00"),
        **traits,
    )
    crees = []
    for index, (typologie, sh, sa, sar, su, loyer_m2, coef) in enumerate(lignes):
        su, loyer_m2, coef = Decimal(su), Decimal(loyer_m2), Decimal(coef)
        crees.append(
            LogementFactory(
                lot=lot,
                designation=f"Bât. A – logement {index + 1:03d}",
                typologie=typologie,
                surface_habitable=Decimal(sh),
                surface_annexes=Decimal(sa),
                surface_annexes_retenue=Decimal(sar),
                surface_utile=su,
                loyer_par_metre_carre=loyer_m2,
                coefficient=coef,
                loyer=(su * loyer_m2 * coef).quantize(Decimal("0.01")),
                import_order=index,
            )
        )
    AnnexeFactory(logement=crees[0], typologie=TypologieAnnexe.TERRASSE)
    AnnexeFactory(logement=crees[1], typologie=TypologieAnnexe.TERRASSE)
    AnnexeFactory(logement=crees[-1], typologie=TypologieAnnexe.JARDIN, loyer=Decimal("30.00"))
    TypeStationnementFactory(lot=lot, typologie=TypologieStationnement.GARAGE_AERIEN, nb_stationnements=3)
    TypeStationnementFactory(lot=lot, typologie=TypologieStationnement.GARAGE_AERIEN, nb_stationnements=2)
    TypeStationnementFactory(lot=lot, typologie=TypologieStationnement.CARPORT, nb_stationnements=1)
    PretFactory(convention=convention, preteur=Preteur.CDCL, montant=Decimal("1200000.00"))
    PretFactory(convention=convention, preteur=Preteur.CDCF, montant=Decimal("300000.00"), duree=50)
    PretFactory(convention=convention, preteur=Preteur.AUTRE, autre="Action Logement", montant=Decimal("80000.50"))
    PretFactory(convention=convention, preteur=Preteur.REGION, montant=Decimal("45000.00"), duree=None)
    ReferenceCadastraleFactory(programme=programme, section="AB", numero="101", surface="0 ha 12 a 40 ca")
    ReferenceCadastraleFactory(programme=programme, section="AB", numero="102", surface="0 ha 03 a 10 ca")
    for logement in crees[:3]:
        LogementEDDFactory(programme=programme, designation=logement.designation, financement=financement)
    LogementEDDFactory(programme=programme, designation="Bât. B – logement 001", financement=Financement.PLAI)
    attach_image(convention, "programme.vendeur")
    return convention


def attach_image(convention, champ: str, contenu: bytes | None = None, content_type: str = "image/png"):
    fichier = UploadedFile(convention=convention, champ=champ, nom="plan.png", content_type=content_type)
    contenu = contenu if contenu is not None else png()
    fichier.taille = len(contenu)
    fichier.fichier.save("plan.png", ContentFile(contenu), save=False)
    fichier.save()
    return fichier
