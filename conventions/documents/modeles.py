"""Which document model a convention is printed with (reference §4.2 and §14), in this order:

1. an avenant → "Avenant-FoyerResidence" (foyer or résidence) or "Avenant"; dénonciations and résiliations have
   no generated document (their act is uploaded);
2. a "seconde vie" programme that has former conventions → "Avenant2ndeVie-Foyer" (foyer) or "Avenant2ndeVie-HLM";
3. a foyer (nature AUTRE) → "Foyer"; a résidence (HEBERGEMENT, RESISDENCESOCIALE, PENSIONSDEFAMILLE,
   RESIDENCEDACCUEIL) → "Residence";
4. ordinary housing (also résidence universitaire, RHVS): HLM bailleur → "HLM"; SEM → "SEM"; any other bailleur →
   "Type1" / "Type2" according to `convention.type1and2`, which must then be chosen.
The fiche CAF ("FicheCAF") is asked for explicitly (fiche_caf view).

Seconde vie: `programme.seconde_vie` and `convention.parents_2nd_vie` (set by conventions.services.seconde_vie)."""

from programmes.enums import NatureLogement

HLM = "HLM"
SEM = "SEM"
TYPE1 = "Type1"
TYPE2 = "Type2"
FOYER = "Foyer"
RESIDENCE = "Residence"
AVENANT = "Avenant"
AVENANT_FOYER_RESIDENCE = "Avenant-FoyerResidence"
SECONDE_VIE_HLM = "Avenant2ndeVie-HLM"
SECONDE_VIE_FOYER = "Avenant2ndeVie-Foyer"
FICHE_CAF = "FicheCAF"
MODELES = (
    HLM,
    SEM,
    TYPE1,
    TYPE2,
    FOYER,
    RESIDENCE,
    AVENANT,
    AVENANT_FOYER_RESIDENCE,
    SECONDE_VIE_HLM,
    SECONDE_VIE_FOYER,
    FICHE_CAF,
)
ORDINAIRES = (HLM, SEM, TYPE1, TYPE2)

NATURES_FOYER = {NatureLogement.AUTRE}
NATURES_RESIDENCE = {
    NatureLogement.HEBERGEMENT,
    NatureLogement.RESISDENCESOCIALE,
    NatureLogement.PENSIONSDEFAMILLE,
    NatureLogement.RESIDENCEDACCUEIL,
}
NATURES_ORDINAIRES = {
    NatureLogement.LOGEMENTSORDINAIRES,
    NatureLogement.RESIDENCEUNIVERSITAIRE,
    NatureLogement.RHVS,
}


class DocumentError(Exception):
    """A document cannot be produced; `message` is French, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TypeConventionManquant(DocumentError):
    pass


class NatureManquante(DocumentError):
    pass


class PasDeDocument(DocumentError):
    pass


def is_foyer(programme) -> bool:
    return programme.nature_logement in NATURES_FOYER


def is_residence(programme) -> bool:
    return programme.nature_logement in NATURES_RESIDENCE


def parents_seconde_vie(convention) -> list:
    """The former conventions a "seconde vie" convention amends, by number ([] for any other convention)."""
    if not convention.programme.seconde_vie or not convention.pk:
        return []
    return sorted(convention.parents_2nd_vie.all(), key=lambda parent: (parent.numero or "", parent.pk))


def _nature(programme) -> str:
    nature = programme.nature_logement
    if nature in NATURES_FOYER:
        return FOYER
    if nature in NATURES_RESIDENCE:
        return RESIDENCE
    if nature in NATURES_ORDINAIRES:
        return ""
    raise NatureManquante(
        "Le document ne peut pas être produit : la nature des logements de l'opération n'est pas renseignée "
        f"(« {programme.get_nature_logement_display()} »). Indiquez-la à l'étape Opération."
    )


def choose_template(convention) -> str:
    """The model name (one of MODELES except FICHE_CAF) for this convention."""
    programme = convention.programme
    if convention.is_avenant:
        if convention.is_denonciation or convention.is_resiliation:
            raise PasDeDocument(
                "Une dénonciation ou une résiliation n'a pas de document généré : l'acte est déposé par le "
                "bailleur ou le service instructeur."
            )
        return AVENANT_FOYER_RESIDENCE if _nature(programme) else AVENANT
    nature = _nature(programme)
    if parents_seconde_vie(convention):
        return SECONDE_VIE_FOYER if nature == FOYER else SECONDE_VIE_HLM
    if nature:
        return nature
    bailleur = convention.bailleur
    if bailleur.is_hlm():
        return HLM
    if bailleur.is_sem():
        return SEM
    if convention.type1and2 == "Type1":
        return TYPE1
    if convention.type1and2 == "Type2":
        return TYPE2
    raise TypeConventionManquant(
        "Le document ne peut pas être produit : le bailleur n'est ni un organisme HLM ni une SEM "
        f"(catégorie : {bailleur.get_sous_nature_display()}), il faut donc d'abord choisir le type de "
        "convention (Type I ou Type II) sur le récapitulatif."
    )
