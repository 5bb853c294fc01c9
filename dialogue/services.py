"""The conversation of a convention, replies to field comments, in-app notifications (issue 19). Services are
plain functions: keyword-only arguments, domain objects in; e-mails leave after commit (dialogue.tasks)."""

from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from conventions import perms
from conventions.models import Comment, Convention
from conventions.services import files as files_service
from conventions.workflow import TransitionNotAllowed, ValidationRefused
from core.emails import person_name
from dialogue.models import Lecture, Message, Notification, PieceJointe, ReponseCommentaire
from users.enums import TypeRole
from users.models import User

TEXTE_MAX = 5000
PIECES_MAX = 5


def peut_ecrire(user, convention: Convention) -> bool:
    """Write in the conversation or a comment thread: the roles that may change the convention (bailleur,
    instructeur, and their administrators), never the read-only ones."""
    return perms.role_on(user, convention) is not None and perms.has_perm(user, "change_convention", convention)


# --- Who is on the other side --------------------------------------------------------------------------


def autre_cote(convention: Convention, auteur) -> list[User]:
    """The active users of the side that did not write: the instructeurs of the convention's administration for
    a bailleur's message, the bailleur's users otherwise."""
    programme = convention.programme
    if perms.role_on(auteur, convention) == perms.BAILLEUR:
        if programme.administration_id is None:
            return []
        cible = Q(roles__typologie=TypeRole.INSTRUCTEUR, roles__administration_id=programme.administration_id)
    else:
        cible = Q(roles__typologie=TypeRole.BAILLEUR, roles__bailleur_id=programme.bailleur_id)
    return list(User.objects.filter(cible, is_active=True).exclude(pk=auteur.pk).distinct().order_by("pk"))


# --- In-app notifications --------------------------------------------------------------------------------


def notifier(*, destinataires: list[User], convention: Convention | None, texte: str, lien: str) -> int:
    """One unread notification per recipient, and their header counters incremented. Returns how many."""
    if not destinataires:
        return 0
    Notification.objects.bulk_create(
        [Notification(destinataire=u, convention=convention, texte=texte[:500], lien=lien) for u in destinataires]
    )
    User.objects.filter(pk__in=[u.pk for u in destinataires]).update(
        notifications_non_lues=F("notifications_non_lues") + 1
    )
    return len(destinataires)


def _recompter(user) -> None:
    n = Notification.objects.filter(destinataire=user, lue_le__isnull=True).count()
    User.objects.filter(pk=user.pk).update(notifications_non_lues=n)
    user.notifications_non_lues = n


def notifications_lues(*, user, convention: Convention | None = None, ids=None) -> int:
    """Mark the user's notifications read (all, those of a convention, or the given ids)."""
    qs = Notification.objects.filter(destinataire=user, lue_le__isnull=True)
    if convention is not None:
        qs = qs.filter(convention=convention)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    with transaction.atomic():
        n = qs.update(lue_le=timezone.now())
        if n:
            _recompter(user)
    return n


# --- The conversation --------------------------------------------------------------------------------------


def _valider_texte(texte: str, quoi: str) -> str:
    texte = (texte or "").strip()
    if not texte:
        raise ValidationRefused(f"{quoi} n'a pas été envoyé.", errors=[f"{quoi} ne peut pas être vide."])
    if len(texte) > TEXTE_MAX:
        raise ValidationRefused(
            f"{quoi} n'a pas été envoyé.", errors=[f"{quoi} ne peut pas dépasser {TEXTE_MAX} caractères."]
        )
    return texte


def _valider_pieces(fichiers) -> None:
    errors = []
    if len(fichiers) > PIECES_MAX:
        errors.append(f"Vous pouvez joindre au plus {PIECES_MAX} fichiers à un message.")
    errors += [message for fichier in fichiers if (message := files_service.upload_error(fichier))]
    if errors:
        raise ValidationRefused("Le message n'a pas été envoyé.", errors=errors)


def conversation_url(convention: Convention) -> str:
    return reverse("dialogue:conversation", args=[convention.uuid])


def envoyer_message(*, convention: Convention, auteur, texte: str, fichiers=()) -> Message:
    """A message from the bailleur or the instruction service, with its attachments. The other side gets an
    in-app notification and (after commit, per their e-mail preferences) an e-mail."""
    if not peut_ecrire(auteur, convention):
        raise TransitionNotAllowed("Vous ne pouvez pas écrire sur cette convention (accès en lecture seule).")
    texte = _valider_texte(texte, "Le message")
    fichiers = list(fichiers)
    _valider_pieces(fichiers)
    with transaction.atomic():
        message = Message.objects.create(convention=convention, auteur=auteur, texte=texte)
        for fichier in fichiers:
            piece = PieceJointe(
                message=message,
                nom=fichier.name[-255:],
                content_type=getattr(fichier, "content_type", "") or "",
                taille=fichier.size,
            )
            piece.fichier.save(fichier.name, fichier, save=False)
            piece.save()
        marquer_lu(convention=convention, user=auteur, jusqu_au=message.cree_le)
        notifier(
            destinataires=autre_cote(convention, auteur),
            convention=convention,
            texte=f"Nouveau message de {person_name(auteur)} sur « {convention.programme.nom} »",
            lien=conversation_url(convention) + f"#message-{message.uuid}",
        )
        from dialogue import tasks

        transaction.on_commit(partial(tasks.enqueue_message_email, message.pk))
    return message


def marquer_lu(*, convention: Convention, user, jusqu_au=None) -> None:
    """The user has read the conversation up to now (or `jusqu_au`); its notifications are read too."""
    moment = jusqu_au or timezone.now()
    Lecture.objects.update_or_create(convention=convention, user=user, defaults={"lu_le": moment})


def non_lus(*, convention: Convention, user) -> int:
    lecture = Lecture.objects.filter(convention=convention, user=user).values_list("lu_le", flat=True).first()
    qs = convention.messages.exclude(auteur=user)
    if lecture is not None:
        qs = qs.filter(cree_le__gt=lecture)
    return qs.count()


# --- Replies to field comments -----------------------------------------------------------------------------


def repondre(*, comment: Comment, auteur, texte: str) -> ReponseCommentaire:
    """A reply in the thread of a field comment, by anyone of either side who sees the convention."""
    convention = comment.convention
    if not peut_ecrire(auteur, convention):
        raise TransitionNotAllowed("Vous ne pouvez pas répondre sur cette convention (accès en lecture seule).")
    texte = _valider_texte(texte, "La réponse")
    with transaction.atomic():
        reponse = ReponseCommentaire.objects.create(commentaire=comment, auteur=auteur, texte=texte)
        destinataires = {u.pk: u for u in autre_cote(convention, auteur)}
        if comment.user_id and comment.user_id != auteur.pk and comment.user is not None:
            destinataires.setdefault(comment.user_id, comment.user)
        notifier(
            destinataires=list(destinataires.values()),
            convention=convention,
            texte=f"{person_name(auteur)} a répondu à un commentaire sur « {convention.programme.nom} »",
            lien=reverse("dialogue:commentaire", args=[convention.uuid, comment.uuid]),
        )
    return reponse
