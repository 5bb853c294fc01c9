"""URLs of a convention's pages, for views, template tags and e-mails alike."""

from django.urls import reverse

RECAP = "recapitulatif"


def recap_url(convention) -> str:
    return reverse("conventions:recap", args=[convention.uuid])


def historique_url(convention) -> str:
    return reverse("conventions:historique", args=[convention.uuid])


def step_url(convention, step: str) -> str:
    """URL of a step of the form ("bailleur", "operation"…); the recap is the last step."""
    if step == RECAP:
        return recap_url(convention)
    return reverse("conventions:etape", args=[convention.uuid, step])


def comment_label(comment) -> str:
    """ "Opération – nom de l'opération": where a comment points, in words (recap, step widgets, e-mails)."""
    from conventions.steps.objets import OBJETS

    objet = OBJETS.get(comment.nom_objet)
    objet_label = objet.label if objet else comment.nom_objet
    if comment.champ_objet == "table":
        return f"{objet_label} – tout le tableau"
    champ = (objet and objet.champ_label(comment.champ_objet)) or comment.champ_objet.replace("_", " ")
    suffix = " (une ligne)" if comment.uuid_objet else ""
    return f"{objet_label} – {champ}{suffix}"


def comment_url(convention, comment) -> str:
    """Link to the step showing the commented field (anchored on its comments)."""
    from conventions.steps.registry import kind_of

    step = kind_of(convention).comment_step(comment.nom_objet, comment.champ_objet)
    url = step_url(convention, step)
    if step != RECAP:
        url += "?retour=recap"
    return f"{url}#commentaires-{comment.cle}"
