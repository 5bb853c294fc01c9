"""Permission predicates on a convention. Views, the API, the admin actions and the workflow call these;
templates receive their results as booleans.

Scope first: a convention outside `Convention.objects.visible_to(user)` is a 404 for the caller, so these
predicates assume the caller already fetched the convention through `visible_to`. They still re-check the
organisation, so that a service called from elsewhere cannot be misused.

Every right is read through `users.perms.has_perm_on(user, perm, convention)`: on the role(s) through which the
user reaches THIS convention (its administration, its bailleur, an administrateur's perimeter, the national
team), never on the union of all the user's roles.
"""

from conventions.enums import (
    DOCUMENT_EN_PREPARATION,
    STATUTS_VALIDES,
    CommentaireStatut,
    ConventionStatut,
    DocumentStatut,
)
from users.enums import TypeRole
from users.perms import has_perm_on, roles_on

BAILLEUR = "bailleur"
INSTRUCTEUR = "instructeur"
ADMINISTRATEUR = "administrateur"

# The side a user acts on, from the typologie of the roles reaching the convention. The national team reads
# like a national administrateur.
_SIDE = {
    TypeRole.INSTRUCTEUR: INSTRUCTEUR,
    TypeRole.BAILLEUR: BAILLEUR,
    TypeRole.ADMINISTRATEUR: ADMINISTRATEUR,
    TypeRole.EQUIPE_NATIONALE: ADMINISTRATEUR,
}

# Statuses in which the draft (watermarked) document is offered; after validation, the final document is.
STATUTS_PROJET = frozenset({ConventionStatut.PROJET, ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS})


def role_for_labels(user) -> str | None:
    """The side whose status wording a page shows when it is not about one convention (list filter, statistics):
    the user's main side, so that every page says « À instruire » to an instructeur."""
    if user.is_instructeur() or (user.is_active and user.is_superuser):
        return INSTRUCTEUR
    if user.is_bailleur():
        return BAILLEUR
    return None


def role_on(user, convention) -> str | None:
    """The side on which `user` acts on this convention: "instructeur" wins over "bailleur" (a user holding
    both on the same convention instructs it), None when the user has no role on it. A superuser without a
    role on it acts as an instructeur."""
    roles = roles_on(user, convention)
    if roles:
        return _SIDE[roles[0].typologie]
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return INSTRUCTEUR
    return None


def has_perm(user, codename: str, convention) -> bool:
    """`has_perm_on` for a permission of the conventions app ("change_convention")."""
    return has_perm_on(user, f"conventions.{codename}", convention)


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
        return convention.statut == ConventionStatut.PROJET and has_perm(user, "change_convention", convention)
    if role == INSTRUCTEUR:
        # An avenant (dénonciation, résiliation) the instructeur started is theirs to fill in while a draft.
        own_draft = (
            convention.statut == ConventionStatut.PROJET
            and convention.parent_id
            and (convention.cree_par_id == user.pk)
        )
        return (
            convention.statut in (ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS) or bool(own_draft)
        ) and has_perm(user, "change_convention", convention)
    return False


def step_is_open(convention, slug: str) -> bool:
    """A step is editable on this convention at all: every step of a convention, on an avenant only the steps
    its types open (conventions.steps.avenants). The user's rights are checked apart (can_edit…)."""
    from conventions.steps.registry import kind_of

    return slug in kind_of(convention).open_slugs(convention)


def open_champs(convention, slug: str) -> frozenset[str]:
    """The single fields ("objet__champ") editable on a step closed on this convention (an avenant's types may
    open one field of another step). The user's rights are checked apart."""
    from conventions.steps.registry import kind_of

    return kind_of(convention).open_champs(convention, slug)


def editable_comment_keys(user, convention) -> set[str]:
    """During corrections, the bailleur may edit exactly the fields (or rows) carrying an open comment.
    Returns their keys ("objet__champ" or "objet__champ__uuid")."""
    if (
        convention.statut != ConventionStatut.CORRECTIONS
        or role_on(user, convention) != BAILLEUR
        or not has_perm(user, "change_convention", convention)
    ):
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
        and has_perm(user, "change_convention", convention)
    )


# --- Creation -------------------------------------------------------------------------------------------


def can_create_convention(user) -> bool:
    """Whoever holds the right to add conventions on at least one bailleur or administration (superusers too).
    Where exactly is checked on the operation chosen (`can_create_convention_for`)."""
    from users.perms import organisations_with

    return bool(organisations_with(user, "conventions.add_convention"))


def can_create_convention_for(user, programme) -> bool:
    """On an existing operation: through the user's role on its bailleur or on its administration."""
    if not (user.is_superuser or role_on(user, programme) in (BAILLEUR, INSTRUCTEUR)):
        return False
    return has_perm_on(user, "conventions.add_convention", programme)


# --- Comments -------------------------------------------------------------------------------------------


def can_resolve_comments(user, convention) -> bool:
    """The bailleur marks open comments as resolved once fixed."""
    return role_on(user, convention) == BAILLEUR and has_perm(user, "change_comment", convention)


def can_resolve_comment(user, comment) -> bool:
    return comment.statut == CommentaireStatut.OUVERT and can_resolve_comments(user, comment.convention)


def can_close_comment(user, comment) -> bool:
    """The instructeur closes a comment (open or resolved) when satisfied."""
    return comment.statut != CommentaireStatut.CLOS and can_comment(user, comment.convention)


def comment_actions(user, convention, comments) -> dict[int, dict[str, bool]]:
    """What the user may do on each shown comment, by comment id: {"resoudre": bool, "clore": bool}.
    The templates read these booleans; they never test a comment's status to decide a right."""
    resolve, close = can_resolve_comments(user, convention), can_comment(user, convention)
    return {
        c.pk: {
            "resoudre": resolve and c.statut == CommentaireStatut.OUVERT,
            "clore": close and c.statut != CommentaireStatut.CLOS,
        }
        for c in comments
    }


def can_set_type1and2(user, convention) -> bool:
    """The Type I/II choice stays editable until validation, for those who may edit the convention."""
    return (
        convention.bailleur.is_type1and2()
        and convention.statut in (ConventionStatut.PROJET, ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS)
        and can_edit_field(user, convention, "convention__type1and2")
    )


# --- Documents ------------------------------------------------------------------------------------------


def can_download_draft(user, convention) -> bool:
    """The watermarked draft, for whoever sees the convention, while it is not validated (afterwards the
    final document is offered instead). The one rule: the recap, the view and the API use it."""
    return convention.statut in STATUTS_PROJET and can_view(user, convention)


def can_preview_draft(user, convention) -> bool:
    """The draft as a PDF inside the recap, for the instructeur who checks it before validating."""
    return convention.statut in STATUTS_PROJET and (is_instructeur_of(user, convention) or user.is_superuser)


def final_document_available(convention) -> bool:
    """A stored final document that still matches the convention (not sent back to instruction since), or the
    document the instruction service uploaded in its place."""
    if convention.statut not in STATUTS_VALIDES:
        return False
    if convention.document_remplacement.name:
        return True
    return convention.document_statut == DocumentStatut.PRET and bool(convention.document_fichier.name)


# While the instruction service checks the document, and until it is signed: afterwards the signed PDF is the act.
STATUTS_REMPLACEMENT = frozenset(
    {ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS, ConventionStatut.A_SIGNER}
)


def can_replace_document(user, convention) -> bool:
    """The instructeur (or a superuser) uploads a document used instead of the generated one, or removes it,
    from instruction until signature. A dénonciation or a résiliation has no generated document to replace."""
    return (
        convention.statut in STATUTS_REMPLACEMENT
        and not (convention.is_denonciation or convention.is_resiliation)
        and role_on(user, convention) == INSTRUCTEUR
        and has_perm(user, "change_convention", convention)
    )


def can_download_final(user, convention) -> bool:
    return final_document_available(convention) and can_view(user, convention)


def can_retry_document(user, convention) -> bool:
    """The instructeur may start the generation again when it failed, never ran, or the e-mail failed."""
    if convention.statut not in STATUTS_VALIDES or convention.document_statut in DOCUMENT_EN_PREPARATION:
        return False
    needs_retry = convention.document_statut in (DocumentStatut.ERREUR, DocumentStatut.AUCUN) or bool(
        convention.document_erreur
    )
    return needs_retry and role_on(user, convention) == INSTRUCTEUR and has_perm(user, "change_convention", convention)
