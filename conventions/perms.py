"""Permission predicates on a convention. Views and API call these; templates receive their results.

Scope first: a convention outside `Convention.objects.visible_to(user)` is a 404 for the caller, so these
predicates assume the caller already fetched the convention through `visible_to`. They still re-check the
organisation, so that a service called from elsewhere cannot be misused.
"""

from conventions.enums import CommentaireStatut, ConventionStatut

BAILLEUR = "bailleur"
INSTRUCTEUR = "instructeur"
ADMINISTRATEUR = "administrateur"


def role_on(user, convention) -> str | None:
    """The role under which `user` acts on this convention: "instructeur" wins over "bailleur" (a user
    holding both on the same convention instructs it), None when the user has no role on it."""
    if not user.is_authenticated or not user.is_active:
        return None
    programme = convention.programme
    if programme.administration_id and programme.administration_id in user.administration_ids():
        return INSTRUCTEUR
    if programme.bailleur_id in user.bailleur_ids():
        return BAILLEUR
    if user.is_superuser:
        return INSTRUCTEUR
    for role in user.administrateur_roles():
        if (
            (role.perimetre_departement and role.perimetre_departement == programme.code_insee_departement)
            or (role.perimetre_region and role.perimetre_region == programme.code_insee_region)
            or (not role.perimetre_departement and not role.perimetre_region)
        ):
            return ADMINISTRATEUR
    return None


def has_group_perm(user, codename: str) -> bool:
    """Django permission held through the group of one of the user's roles (or superuser)."""
    if user.is_superuser:
        return True
    return user.has_perm(f"conventions.{codename}")


def is_bailleur_of(user, convention) -> bool:
    return role_on(user, convention) == BAILLEUR


def is_instructeur_of(user, convention) -> bool:
    return role_on(user, convention) == INSTRUCTEUR


def can_view(user, convention) -> bool:
    return role_on(user, convention) is not None


def can_edit(user, convention) -> bool:
    """May edit every field: the bailleur while the convention is a draft, the instructeur while instructing."""
    role = role_on(user, convention)
    if role == BAILLEUR:
        return convention.statut == ConventionStatut.PROJET and has_group_perm(user, "change_convention")
    if role == INSTRUCTEUR:
        return convention.statut in (ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS) and has_group_perm(
            user, "change_convention"
        )
    return False


def editable_comment_keys(user, convention) -> set[str]:
    """During corrections, the bailleur may edit exactly the fields (or rows) carrying an open comment.
    Returns their keys ("objet__champ" or "objet__champ__uuid")."""
    if convention.statut != ConventionStatut.CORRECTIONS or role_on(user, convention) != BAILLEUR:
        return set()
    return {c.cle for c in convention.comments.all() if c.statut == CommentaireStatut.OUVERT}


def can_edit_field(user, convention, key: str) -> bool:
    """`key` is "objet__champ" (e.g. "programme__nom") or, for a table, "objet__champ__uuid"."""
    if can_edit(user, convention):
        return True
    keys = editable_comment_keys(user, convention)
    if key in keys:
        return True
    # A comment on a whole table (e.g. "logement__table") unlocks every row of it.
    objet = key.split("__", 1)[0]
    return f"{objet}__table" in keys


def can_comment(user, convention) -> bool:
    """Instructeurs open comments once the convention left the draft status."""
    return (
        role_on(user, convention) == INSTRUCTEUR
        and convention.statut not in (ConventionStatut.PROJET, ConventionStatut.ANNULEE)
        and has_group_perm(user, "change_convention")
    )


def can_download_draft(user, convention) -> bool:
    return can_view(user, convention)


# --- Creation, comments, Type I/II (added with the convention pages, issue 4) ---------------------------


def can_create_convention(user) -> bool:
    """Bailleurs, and instructeurs for their administration, create conventions (superusers too)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not (user.is_superuser or user.is_bailleur() or user.is_instructeur()):
        return False
    return has_group_perm(user, "add_convention")


def can_create_convention_for(user, programme) -> bool:
    """On an existing operation: the user's bailleur or administration must be the operation's."""
    if not can_create_convention(user):
        return False
    return (
        user.is_superuser
        or programme.bailleur_id in user.bailleur_ids()
        or (programme.administration_id is not None and programme.administration_id in user.administration_ids())
    )


def can_resolve_comment(user, comment) -> bool:
    """The bailleur marks an open comment as resolved once fixed."""
    return (
        comment.statut == CommentaireStatut.OUVERT
        and role_on(user, comment.convention) == BAILLEUR
        and has_group_perm(user, "change_comment")
    )


def can_close_comment(user, comment) -> bool:
    """The instructeur closes a comment (open or resolved) when satisfied."""
    return comment.statut != CommentaireStatut.CLOS and can_comment(user, comment.convention)


def can_set_type1and2(user, convention) -> bool:
    """The Type I/II choice stays editable until validation, for those who may edit the convention."""
    return (
        convention.bailleur.is_type1and2()
        and convention.statut in (ConventionStatut.PROJET, ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS)
        and can_edit_field(user, convention, "convention__type1and2")
    )
