"""Shared pieces of the convention views: scoped lookup, step URLs, comment context."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from conventions import perms
from conventions.models import Comment, Convention
from conventions.selectors import comments_by_key

# The ten steps of the form (slug used in "conventions:etape", label). The recap is the tenth.
STEPS = [
    ("bailleur", "Bailleur"),
    ("operation", "Opération"),
    ("cadastre", "Cadastre"),
    ("edd", "EDD"),
    ("financement", "Financement"),
    ("logements", "Logements"),
    ("annexes", "Annexes"),
    ("stationnements", "Stationnements"),
    ("commentaires", "Commentaires"),
    ("recapitulatif", "Récapitulatif"),
]


def get_visible_convention(request, uuid, *, queryset=None) -> Convention:
    """The convention if the user may see it, else 404 (never a 403 that would reveal it exists).

    The convention comes with programme, bailleur, administration, lot and its comments prefetched (the
    permission predicates read them)."""
    base = queryset if queryset is not None else Convention.objects.all()
    qs = (
        base.visible_to(request.user)
        .select_related("programme", "programme__bailleur", "programme__administration", "lot")
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("user").order_by("cree_le", "id"))
        )
    )
    return get_object_or_404(qs, uuid=uuid)


def recap_url(convention) -> str:
    return reverse("conventions:recap", args=[convention.uuid])


def steps_available() -> bool:
    try:
        reverse("conventions:etape", args=["00000000-0000-0000-0000-000000000000", STEPS[0][0]])
    except NoReverseMatch:
        return False
    return True


def step_url(convention, step: str) -> str:
    """URL of a step of the form ("bailleur", "operation"…); the recap until the steps exist."""
    if step == "recapitulatif":
        return recap_url(convention)
    try:
        return reverse("conventions:etape", args=[convention.uuid, step])
    except NoReverseMatch:
        return recap_url(convention)


def comment_context(user, convention, *, include_closed: bool = False) -> dict:
    """What `conventions/_comment_field.html` needs, for the views showing fields (one query for comments)."""
    grouped = comments_by_key(convention, include_closed=include_closed)
    return {
        "convention": convention,
        "comments_by_key": grouped,
        "can_comment": perms.can_comment(user, convention),
        "comment_actions": perms.comment_actions(user, convention, [c for cs in grouped.values() for c in cs]),
    }


# Where a commented field is edited: object name → step, with the exceptions of fields shown on another step.
_STEP_BY_OBJET = {
    "bailleur": "bailleur",
    "programme": "operation",
    "lot": "operation",
    "convention": "financement",
    "reference_cadastrale": "cadastre",
    "logement_edd": "edd",
    "pret": "financement",
    "logement": "logements",
    "annexe": "annexes",
    "type_stationnement": "stationnements",
}
_CADASTRE_FIELDS = {
    "permis_construire",
    "date_acte_notarie",
    "date_achevement_previsible",
    "date_achat",
    "date_achevement",
    "vendeur",
    "acquereur",
    "reference_notaire",
    "reference_publication_acte",
    "acte_de_propriete",
    "effet_relatif",
    "certificat_adressage",
    "reference_cadastrale",
}


def comment_step(nom_objet: str, champ_objet: str) -> str:
    """The step slug showing the field a comment is attached to."""
    if nom_objet == "programme" and champ_objet in _CADASTRE_FIELDS:
        return "cadastre"
    if champ_objet.startswith(("edd_", "mention_publication_edd")):
        return "edd"
    if nom_objet == "lot" and champ_objet.startswith("annexe_"):
        return "annexes"
    if nom_objet == "lot" and champ_objet in ("lgts_mixite_sociale_negocies", "loyer_derogatoire"):
        return "logements"
    if nom_objet == "convention" and champ_objet == "commentaires":
        return "commentaires"
    if nom_objet == "convention" and champ_objet.startswith("type"):
        return "recapitulatif"
    return _STEP_BY_OBJET.get(nom_objet, "recapitulatif")
