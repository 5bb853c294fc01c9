"""E-mails of the workflow (reference §2.2, our own wording). The welcome e-mail is users.emails.

Contract:
- `notify(event, *, convention_id, actor_id, message="", send_copy=False)`: called by conventions.workflow after
  commit, for "submitted" (E1 + E2), "corrections_requested" (E3) and "corrections_done" (E4). It only enqueues a
  django-tasks task with JSON arguments; the worker renders and sends.
- `send_validated(*, convention, validated_by, attachment_…)`: E5, called by the validated-document job, which
  already runs in the worker: sends at once (the attachment is bytes, not a task argument).

Recipient rules (reference §2.2 and §1.16): R_B / R_I below. Users whose preference is AUCUN, inactive users and
users without an address never receive a notification. A mail left without recipient goes to
settings.APILOS_CONTACT_EMAIL with NO_RECIPIENT_PREFIX in its subject. A failure is logged and never propagates to
the workflow.
"""

import logging

from django.conf import settings
from django.db.models import Q
from django_tasks import task

from conventions import links
from conventions.enums import CommentaireStatut
from conventions.models import Convention, ConventionHistory
from core.emails import NO_RECIPIENT_PREFIX, absolute_url, build_email, person_name, send_email  # noqa: F401
from users.enums import EmailPreferences, TypeRole
from users.models import User

logger = logging.getLogger("apilos.notifications")

SUBMITTED = "submitted"
CORRECTIONS_REQUESTED = "corrections_requested"
CORRECTIONS_DONE = "corrections_done"
SIGNED = "signed"
PUBLISHED = "published"
CANCELLED = "cancelled"
ENDED = "ended"  # dénoncée or résiliée
EVENTS = frozenset({SUBMITTED, CORRECTIONS_REQUESTED, CORRECTIONS_DONE, SIGNED, PUBLISHED, CANCELLED, ENDED})

# The follow-up e-mails (after validation): to R_B and R_I alike, the same preferences as E1–E5.
SUIVI = {
    SIGNED: ("E6", "signé", "La signature de {objet} a été enregistrée{date}."),
    PUBLISHED: (
        "E7",
        "publié",
        "La publication de {objet} au service de la publicité foncière a été enregistrée{date}.",
    ),
    CANCELLED: ("E8", "annulé", "{Objet} a été annulé(e) par {auteur}."),
    ENDED: ("E9", "terminé", "{Objet} a pris fin : {statut}{date}."),
}


# --- Recipients ---------------------------------------------------------------------------------------


def _mailable(users):
    """Who may receive a notification at all."""
    return users.filter(is_active=True).exclude(email="").exclude(preferences_email=EmailPreferences.AUCUN)


def _history_user_ids(convention: Convention):
    return ConventionHistory.objects.filter(convention=convention, user__isnull=False).values("user_id")


def bailleur_recipients(convention: Convention) -> list[User]:
    """R_B: PARTIEL users who took part in this convention (history) and hold a BAILLEUR role on its bailleur,
    plus TOUS users holding a role on its bailleur."""
    bailleur_id = convention.programme.bailleur_id
    on_bailleur = Q(roles__typologie=TypeRole.BAILLEUR, roles__bailleur_id=bailleur_id)
    users = User.objects.filter(
        (Q(preferences_email=EmailPreferences.PARTIEL) & Q(pk__in=_history_user_ids(convention)) & on_bailleur)
        | (Q(preferences_email=EmailPreferences.TOUS) & on_bailleur)
    )
    return list(_mailable(users).distinct().order_by("email"))


def instructeur_recipients(convention: Convention) -> list[User]:
    """R_I: PARTIEL users who took part in this convention (history) and hold an INSTRUCTEUR role on the
    programme's administration, plus TOUS users holding a role on it. Empty without administration."""
    administration_id = convention.programme.administration_id
    if administration_id is None:
        return []
    on_administration = Q(roles__typologie=TypeRole.INSTRUCTEUR, roles__administration_id=administration_id)
    users = User.objects.filter(
        (Q(preferences_email=EmailPreferences.PARTIEL) & Q(pk__in=_history_user_ids(convention)) & on_administration)
        | (Q(preferences_email=EmailPreferences.TOUS) & on_administration)
    )
    return list(_mailable(users).distinct().order_by("email"))


def administration_instructeurs(convention: Convention) -> list[User]:
    """E2 goes to every instructeur of the programme's administration (PARTIEL or TOUS): a new convention to
    instruct concerns them all until one of them takes it."""
    administration_id = convention.programme.administration_id
    if administration_id is None:
        return []
    users = User.objects.filter(roles__typologie=TypeRole.INSTRUCTEUR, roles__administration_id=administration_id)
    return list(_mailable(users).distinct().order_by("email"))


def _union(*groups: list[User]) -> list[User]:
    seen: dict[int, User] = {}
    for group in groups:
        for user in group:
            seen.setdefault(user.pk, user)
    return sorted(seen.values(), key=lambda user: user.email)


def _copy_address(user: User | None) -> str | None:
    """The address of a sender who asked for a copy, when the rules allow mailing them."""
    if user is None or not user.is_active or not user.email or user.preferences_email == EmailPreferences.AUCUN:
        return None
    return user.email


# --- Building and sending -----------------------------------------------------------------------------


def convention_url(convention: Convention) -> str:
    """The convention's summary page (récapitulatif)."""
    return absolute_url(f"/conventions/{convention.uuid}/")


def _quote(message: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in message.strip().splitlines())


def _convention_context(convention: Convention, actor: User | None, message: str) -> dict:
    programme = convention.programme
    return {
        "convention": convention,
        "titre": str(convention),
        "programme": programme,
        "bailleur": programme.bailleur,
        "administration": programme.administration,
        "url": convention_url(convention),
        "auteur": person_name(actor),
        "message": message.strip(),
        "message_cite": _quote(message),
    }


def open_comments(convention: Convention) -> list[dict]:
    """The open field comments of the convention, each with where it points and a link to its step."""
    comments = convention.comments.filter(statut=CommentaireStatut.OUVERT).order_by("cree_le", "id")
    return [
        {
            "champ": links.comment_label(comment),
            "message": comment.message.strip(),
            "message_cite": _quote(comment.message),
            "url": absolute_url(links.comment_url(convention, comment)),
        }
        for comment in comments
    ]


# --- E1 to E4: workflow events (enqueued) -------------------------------------------------------------


def _workflow_emails(event: str, convention: Convention, actor: User | None, message: str, send_copy: bool):
    context = _convention_context(convention, actor, message)
    titre = context["titre"]
    if event == SUBMITTED:
        yield (
            "E1",
            build_email(
                template="bailleur_soumission",
                # The bailleur's acknowledgment, not the instructeur's « à instruire ».
                subject=f"Convention transmise au service instructeur ({titre})",
                recipients=bailleur_recipients(convention),
                context=context,
            ),
        )
        yield (
            "E2",
            build_email(
                template="instructeur_a_instruire",
                subject=f"Convention à instruire ({titre})",
                recipients=administration_instructeurs(convention),
                context=context,
            ),
        )
    elif event == CORRECTIONS_REQUESTED:
        yield (
            "E3",
            build_email(
                template="bailleur_corrections_demandees",
                subject=f"Convention à corriger ({titre})",
                recipients=bailleur_recipients(convention),
                context={**context, "commentaires": open_comments(convention)},
                cc=[_copy_address(actor)] if send_copy else [],
            ),
        )
    elif event in SUIVI:
        code, _, phrase = SUIVI[event]
        objet = "l'avenant" if convention.is_avenant else "la convention"
        date = {
            SIGNED: convention.date_signature,
            PUBLISHED: convention.date_publication,
            ENDED: convention.date_denonciation or convention.date_resiliation,
        }.get(event)
        yield (
            code,
            build_email(
                template="suivi_convention",
                subject=f"{convention.titre} : {convention.get_statut_display().lower()} ({titre})",
                recipients=_union(bailleur_recipients(convention), instructeur_recipients(convention)),
                context={
                    **context,
                    "objet": objet,
                    "phrase": phrase.format(
                        objet=objet,
                        Objet=objet[:1].upper() + objet[1:],
                        auteur=context["auteur"],
                        statut=convention.get_statut_display().lower(),
                        date=f" (le {date:%d/%m/%Y})" if date else "",
                    ),
                },
            ),
        )
    elif event == CORRECTIONS_DONE:
        yield (
            "E4",
            build_email(
                template="instructeur_corrections_faites",
                subject=f"Convention corrigée ({titre})",
                recipients=instructeur_recipients(convention),
                context=context,
            ),
        )


@task()
def send_workflow_emails(
    *, event: str, convention_id: int, actor_id: int | None, message: str = "", send_copy: bool = False
) -> int:
    """Worker side of notify(): render and send the e-mails of one workflow event. Returns how many were sent."""
    convention = (
        Convention.objects.select_related("programme__bailleur", "programme__administration", "lot")
        .filter(pk=convention_id)
        .first()
    )
    if convention is None:
        logger.warning("Notification %s ignorée : la convention %s n'existe plus.", event, convention_id)
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    sent = 0
    for code, email in _workflow_emails(event, convention, actor, message or "", send_copy):
        sent += send_email(email, what=f"{code} ({event}, convention {convention_id})")
    return sent


def notify(event: str, *, convention_id: int, actor_id: int | None, message: str = "", send_copy: bool = False):
    """Enqueue the e-mails of a workflow event (called after commit). Never raises: a notification problem must
    not turn a successful action into an error page."""
    if event not in EVENTS:
        logger.error("Événement de notification inconnu : %r", event)
        return None
    try:
        return send_workflow_emails.enqueue(
            event=event,
            convention_id=convention_id,
            actor_id=actor_id,
            message=message or "",
            send_copy=bool(send_copy),
        )
    except Exception:
        logger.exception("Impossible de mettre en file la notification %s de la convention %s", event, convention_id)
        return None


# --- E5: convention validated (sent by the validated-document job, in the worker) ---------------------


def _administration_address(administration) -> list[str] | None:
    """The postal address lines, only when street, postal code and city are all known."""
    if administration is None:
        return None
    if not (administration.adresse.strip() and administration.code_postal.strip() and administration.ville.strip()):
        return None
    lines = [administration.nom, *[line.strip() for line in administration.adresse.splitlines() if line.strip()]]
    return [*lines, f"{administration.code_postal} {administration.ville}"]


def send_validated(
    *,
    convention,
    validated_by,
    attachment_name=None,
    attachment_content=None,
    attachment_mimetype=None,
    attachment_skipped_reason="",
) -> bool:
    """E5 to R_B, copy to the validating instructeur: how many copies to print, sign and send, and where; the
    validated document attached, or a note that it is available in APiLos. Returns True when sent."""
    try:
        convention = Convention.objects.select_related("programme__bailleur", "programme__administration", "lot").get(
            pk=convention.pk
        )
        attachments = []
        reason = attachment_skipped_reason or ""
        if attachment_content is not None and not reason:
            limit = settings.MAX_EMAIL_ATTACHMENT_MB * 1024 * 1024
            if len(attachment_content) > limit:
                reason = (
                    f"le document dépasse la taille maximale d'une pièce jointe, {settings.MAX_EMAIL_ATTACHMENT_MB} Mo"
                )
            else:
                name = attachment_name or f"{convention}.pdf"
                attachments.append((name, attachment_content, attachment_mimetype or "application/octet-stream"))
        administration = convention.programme.administration
        context = {
            **_convention_context(convention, validated_by, ""),
            "numero": convention.numero or "",
            "nb_exemplaires": administration.nb_convention_exemplaires if administration else None,
            "adresse_envoi": _administration_address(administration),
            "piece_jointe": attachments[0][0] if attachments else "",
            "piece_jointe_absente": reason,
        }
        email = build_email(
            template="bailleur_convention_validee",
            subject=f"Convention validée ({context['titre']})",
            recipients=bailleur_recipients(convention),
            context=context,
            cc=[_copy_address(validated_by)],
            attachments=attachments,
        )
    except Exception:
        logger.exception("Impossible de préparer l'e-mail de validation de la convention %s", convention.pk)
        return False
    return send_email(email, what=f"E5 (convention {convention.pk})")
