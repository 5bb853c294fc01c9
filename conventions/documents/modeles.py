"""Which .docx template a convention is printed with (reference §4.1).

HLM bailleur → HLM.docx; SEM → SEM.docx; any other bailleur → Type1.docx or Type2.docx according to
`convention.type1and2`, which must then be chosen (TypeConventionManquant otherwise)."""

from pathlib import Path

from conventions.enums import TypeConvention

DOSSIER_MODELES = Path(__file__).resolve().parent / "modeles"

HLM = "HLM"
SEM = "SEM"
TYPE1 = "Type1"
TYPE2 = "Type2"
MODELES = (HLM, SEM, TYPE1, TYPE2)


class DocumentError(Exception):
    """A document cannot be produced; `message` is French, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TypeConventionManquant(DocumentError):
    pass


def choose_template(convention) -> str:
    """The template name (one of MODELES) for this convention."""
    bailleur = convention.bailleur
    if bailleur.is_hlm():
        return HLM
    if bailleur.is_sem():
        return SEM
    if convention.type1and2 == TypeConvention.TYPE1:
        return TYPE1
    if convention.type1and2 == TypeConvention.TYPE2:
        return TYPE2
    raise TypeConventionManquant(
        "Le document ne peut pas être produit : le bailleur n'est ni un organisme HLM ni une SEM "
        f"(catégorie : {bailleur.get_sous_nature_display()}), il faut donc d'abord choisir le type de "
        "convention (Type I ou Type II) sur le récapitulatif."
    )


def template_path(nom: str) -> Path:
    return DOSSIER_MODELES / f"{nom}.docx"
