"""Review comments on fields or rows of a convention (reference §1.14)."""

from django.db import transaction
from django.utils import timezone

from conventions import perms
from conventions.enums import CommentaireStatut
from conventions.models import Comment, Convention
from conventions.steps.registry import kind_of
from conventions.workflow import TransitionNotAllowed, ValidationRefused

TABLE = "table"
MESSAGE_MAX = 5000


def comment_open(*, convention: Convention, user, nom_objet: str, champ_objet: str, uuid_objet=None, message: str):
    if not perms.can_comment(user, convention):
        raise TransitionNotAllowed("Vous ne pouvez pas commenter cette convention.")
    message = (message or "").strip()
    errors = []
    if nom_objet not in kind_of(convention).objets:  # the objets its steps show
        errors.append("L'élément commenté est inconnu.")
    if not champ_objet or len(champ_objet) > 100 or not champ_objet.replace("_", "").isalnum():
        errors.append("Le champ commenté est invalide.")
    if not message:
        errors.append("Le commentaire ne peut pas être vide.")
    elif len(message) > MESSAGE_MAX:
        errors.append(f"Le commentaire ne peut pas dépasser {MESSAGE_MAX} caractères.")
    if errors:
        raise ValidationRefused("Le commentaire n'a pas été enregistré.", errors=errors)
    return Comment.objects.create(
        convention=convention,
        nom_objet=nom_objet,
        champ_objet=champ_objet,
        uuid_objet=uuid_objet,
        user=user,
        message=message,
    )


def _set_statut(comment: Comment, **fields) -> Comment:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(comment, name, value)
        comment.save(update_fields=[*fields, "mis_a_jour_le"])
    return comment


def comment_resolve(*, comment: Comment, user) -> Comment:
    if not perms.can_resolve_comment(user, comment):
        raise TransitionNotAllowed("Vous ne pouvez pas marquer ce commentaire comme résolu.")
    return _set_statut(comment, statut=CommentaireStatut.RESOLU, resolu_le=timezone.now())


def comment_close(*, comment: Comment, user) -> Comment:
    if not perms.can_close_comment(user, comment):
        raise TransitionNotAllowed("Vous ne pouvez pas clore ce commentaire.")
    return _set_statut(comment, statut=CommentaireStatut.CLOS, clos_le=timezone.now())
