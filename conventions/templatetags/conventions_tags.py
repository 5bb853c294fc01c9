"""Project components of the convention pages, written once: status badge, header band, comment widgets."""

from django import template

from conventions import links
from conventions.enums import STATUT_BADGE, CommentaireStatut, ConventionStatut, statut_label
from conventions.forms.comments import CommentForm

register = template.Library()


@register.inclusion_tag("conventions/_badge.html")
def statut_badge(statut: str, role: str | None = None, small: bool = False) -> dict:
    """DSFR badge of a convention status, worded for the role ("bailleur", "instructeur" or None)."""
    statut = ConventionStatut(statut)
    return {"label": statut_label(statut, role=role), "severity": STATUT_BADGE[statut], "small": small}


@register.inclusion_tag("conventions/_header.html", takes_context=True)
def convention_header(context, convention, role: str | None = None) -> dict:
    """The header band of every convention page: status, operation, city, dwellings, nature, financement."""
    return {"convention": convention, "role": role, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def comments_for(context, key: str) -> list:
    """The comments of one key: `comments` when the include received them, else `comments_by_key[key]`."""
    comments = context.get("comments")
    if comments is not None:
        return comments
    return (context.get("comments_by_key") or {}).get(key, [])


@register.simple_tag(takes_context=True)
def comment_form(context, key: str) -> CommentForm:
    """An empty comment form for `key` ("objet__champ" or "objet__champ__uuid"), with unique ids."""
    parts = key.split("__")
    nom_objet, champ_objet = parts[0], parts[1] if len(parts) > 1 else ""
    uuid_objet = parts[2] if len(parts) > 2 else None
    request = context.get("request")
    return CommentForm(
        initial={
            "nom_objet": nom_objet,
            "champ_objet": champ_objet,
            "uuid_objet": uuid_objet,
            "next": request.get_full_path() if request else "",
        },
        auto_id=f"id_commentaire_{key}_%s",
    )


@register.filter
def open_comments(comments) -> list:
    return [c for c in comments or [] if c.statut == CommentaireStatut.OUVERT]


@register.filter
def comment_badge(statut: str) -> str:
    return {CommentaireStatut.OUVERT: "error", CommentaireStatut.RESOLU: "success"}.get(statut, "info")


@register.filter
def statut_severity(statut: str) -> str:
    """DSFR badge severity of a status (success, error, info, warning, new)."""
    try:
        return STATUT_BADGE[ConventionStatut(statut)]
    except ValueError:
        return "info"


@register.simple_tag(takes_context=True)
def comment_next_field(context):
    """Hidden "next" input bringing the user back to the page they were on."""
    from django import forms

    request = context.get("request")
    return forms.HiddenInput().render("next", request.get_full_path() if request else "")


# Defined once in conventions.links (the e-mails use them too).
comment_label = register.filter("comment_label", links.comment_label)
comment_url = register.simple_tag(links.comment_url, name="comment_url")


@register.filter
def add_list(first, second) -> list:
    return [*(first or []), *(second or [])]


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (keys with dots, such as "programme.vendeur")."""
    return (mapping or {}).get(key)
