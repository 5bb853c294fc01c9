"""What a step field, a table or a comment points at: the "objets" of a convention, declared once.

An objet is named by a short key ("programme", "logement"…) used in the comment keys ("objet__champ",
"objet__table", "objet__ligne__uuid") and in the form specs. For a table, `colonnes` are the fields of a row
that the step writes (the services, the row forms and the partner APIs read them here).

Only models are imported: forms, services and serializers may use this module.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from conventions.models import Convention, Pret
from programmes.enums import COLONNES_TABLEAU, TableauLogement
from programmes.models import (
    Annexe,
    LocauxCollectifs,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)
from users.models import Bailleur


@dataclass(frozen=True)
class Objet:
    nom: str
    model: type[models.Model]
    label: str  # how a comment target is named to a user ("Opération – nom de l'opération")
    colonnes: tuple[str, ...] = ()  # the columns of a table objet, in order
    libelles: tuple[tuple[str, str], ...] = ()  # (field, name) where the model's verbose name does not fit

    def champ_label(self, champ: str) -> str | None:
        """The name of a field (the model's verbose name unless `libelles` says otherwise), None when the model
        has no such field."""
        libelle = dict(self.libelles).get(champ)
        if libelle:
            return libelle
        try:
            return str(self.model._meta.get_field(champ).verbose_name)
        except FieldDoesNotExist:
            return None


LOGEMENT_COLONNES = COLONNES_TABLEAU[TableauLogement.SU]
# The four dwelling tables of ordinary housing (reference §13.7): one objet each, all rows of the Logement model.
OBJETS_TABLEAUX = {
    TableauLogement.SU: "logement",
    TableauLogement.SU_SANS_LOYER: "logement_sans_loyer",
    TableauLogement.CORRIGEE: "logement_corrigee",
    TableauLogement.CORRIGEE_SANS_LOYER: "logement_corrigee_sans_loyer",
}
LOYER_M2_CORRIGEE = (("loyer_par_metre_carre", "loyer maximum en € par m² de surface corrigée"),)

OBJETS: dict[str, Objet] = {
    objet.nom: objet
    for objet in (
        Objet("bailleur", Bailleur, "Bailleur"),
        Objet("programme", Programme, "Opération"),
        Objet("lot", Lot, "Lot"),
        Objet("convention", Convention, "Convention"),
        Objet("logement", Logement, "Logements (surface utile avec loyers)", LOGEMENT_COLONNES),
        Objet(
            "logement_sans_loyer",
            Logement,
            "Logements (surface utile sans loyers)",
            COLONNES_TABLEAU[TableauLogement.SU_SANS_LOYER],
        ),
        Objet(
            "logement_corrigee",
            Logement,
            "Logements (surface corrigée avec loyers)",
            COLONNES_TABLEAU[TableauLogement.CORRIGEE],
            libelles=LOYER_M2_CORRIGEE,
        ),
        Objet(
            "logement_corrigee_sans_loyer",
            Logement,
            "Logements (surface corrigée sans loyers)",
            COLONNES_TABLEAU[TableauLogement.CORRIGEE_SANS_LOYER],
        ),
        # The dwellings of a foyer or a résidence: `loyer` is the maximum redevance (reference §13.2).
        Objet(
            "logement_foyer", Logement, "Logements-foyers", ("designation", "typologie", "surface_habitable", "loyer")
        ),
        Objet(
            "locaux_collectifs", LocauxCollectifs, "Locaux collectifs", ("type_local", "surface_habitable", "nombre")
        ),
        Objet(
            "annexe", Annexe, "Annexes", ("typologie", "surface_hors_surface_retenue", "loyer_par_metre_carre", "loyer")
        ),
        Objet("pret", Pret, "Prêts", ("preteur", "autre", "date_octroi", "numero", "duree", "montant")),
        Objet("logement_edd", LogementEDD, "EDD simplifié", ("designation", "numero_lot", "financement")),
        Objet(
            "reference_cadastrale",
            ReferenceCadastrale,
            "Références cadastrales",
            ("section", "numero", "lieudit", "surface", "autre"),
        ),
        Objet("type_stationnement", TypeStationnement, "Stationnements", ("typologie", "nb_stationnements", "loyer")),
    )
}


def colonnes(nom: str) -> list[str]:
    """The columns of a table objet (a new list: callers may extend it)."""
    return list(OBJETS[nom].colonnes)
