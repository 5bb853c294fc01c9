"""Pages of the instruction dialogue: what changed between versions, the conversation, comment threads,
notifications. Every convention page is scoped by get_visible_convention (404 outside the user's scope)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conventions import perms
from conventions.selectors import comments_by_key
from conventions.views.helpers import get_visible_convention
from conventions.workflow import WorkflowError
from dialogue import services, versions
from dialogue.forms import ComparaisonForm, MessageForm, ReponseForm
from dialogue.models import Lecture, Notification, PieceJointe, SoumissionVue

ACTUEL = "actuel"
ORIGINE = "origine"


def _base(request, convention, titre: str) -> dict:
    return {
        "page_title": f"{titre} – {convention.titre}",
        "breadcrumb_label": titre,
        "convention": convention,
        "role": perms.role_on(request.user, convention),
    }


# --- What changed ------------------------------------------------------------------------------------------


def _versions(convention) -> tuple[list[tuple[str, str]], dict]:
    """(choices, loaders): the submissions, the current state, and for an avenant the convention it amends."""
    soumissions = list(convention.soumissions.order_by("numero"))
    choices = [(f"s{s.numero}", s.libelle) for s in soumissions] + [(ACTUEL, "État actuel (non soumis)")]
    loaders = {f"s{s.numero}": (lambda s=s: s.donnees) for s in soumissions}
    loaders[ACTUEL] = lambda: versions.snapshot(convention)
    if convention.parent_id:
        choices.append((ORIGINE, "Convention d'origine (en vigueur avant l'avenant)"))
        loaders[ORIGINE] = lambda: versions.snapshot(convention.parent)
    return choices, loaders


def _defaults(choices, vue: int | None) -> tuple[str, str]:
    """Since the submission this user last looked at (`vue`) → the last one; never looked: the previous
    submission → the last one; with one submission: it → now; an avenant not submitted: the convention it
    amends → now."""
    soumissions = [key for key, _ in choices if key.startswith("s")]
    if vue is not None and f"s{vue}" in soumissions and f"s{vue}" != soumissions[-1]:
        return f"s{vue}", soumissions[-1]
    if len(soumissions) >= 2:
        return soumissions[-2], soumissions[-1]
    if any(key == ORIGINE for key, _ in choices) and not soumissions:
        return ORIGINE, ACTUEL
    if soumissions:
        return soumissions[-1], ACTUEL
    return ACTUEL, ACTUEL


@require_GET
def modifications(request, uuid):
    convention = get_visible_convention(request, uuid)
    choices, loaders = _versions(convention)
    vue = SoumissionVue.objects.filter(convention=convention, user=request.user).values_list("numero", flat=True)
    de, a = _defaults(choices, vue.first())
    form = ComparaisonForm(request.GET or None, choices=choices)
    if request.GET and form.is_valid():
        de = form.cleaned_data["de"] or de
        a = form.cleaned_data["a"] or a
    erreur = ""
    if request.GET and not form.is_valid():
        erreur = "Cette version n'existe pas pour cette convention : choisissez-en une dans la liste."
    if not request.GET or not form.is_valid():
        form = ComparaisonForm(initial={"de": de, "a": a}, choices=choices)
    labels = dict(choices)
    etapes = versions.difference(loaders[de](), loaders[a](), comments_by_key=comments_by_key(convention))
    context = {
        **_base(request, convention, "Ce qui a changé"),
        "form": form,
        "de_label": labels[de],
        "a_label": labels[a],
        "etapes": etapes,
        "nombre": sum(e.nombre for e in etapes),
        "erreur": erreur,
    }
    derniere = max((int(key[1:]) for key, _ in choices if key.startswith("s")), default=None)
    if derniere is not None:  # the user has now seen the last submission
        SoumissionVue.objects.update_or_create(convention=convention, user=request.user, defaults={"numero": derniere})
    return render(request, "dialogue/modifications.html", context)


# --- The conversation --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def conversation(request, uuid):
    convention = get_visible_convention(request, uuid)
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = services.envoyer_message(
                    convention=convention,
                    auteur=request.user,
                    texte=form.cleaned_data["texte"],
                    fichiers=form.cleaned_data["pieces"],
                )
            except WorkflowError as exc:
                messages.error(request, " ".join([exc.message, *exc.errors]))
            else:
                messages.success(request, "Votre message est envoyé.")
                return redirect(services.conversation_url(convention) + f"#message-{message.uuid}")
    lecture = Lecture.objects.filter(convention=convention, user=request.user).values_list("lu_le", flat=True)
    lu_le = lecture.first()
    fil = list(convention.messages.select_related("auteur").prefetch_related("pieces_jointes"))
    for message in fil:
        message.non_lu = message.auteur_id != request.user.pk and (lu_le is None or message.cree_le > lu_le)
    if request.method == "GET":  # reading the page reads the thread (the markers above show what was new)
        services.marquer_lu(convention=convention, user=request.user)
        services.notifications_lues(user=request.user, convention=convention)
    context = {
        **_base(request, convention, "Conversation"),
        "fil": fil,
        "non_lus": sum(1 for m in fil if m.non_lu),
        "form": form,
    }
    return render(request, "dialogue/conversation.html", context)


@require_GET
def piece_jointe(request, uuid, piece_uuid):
    convention = get_visible_convention(request, uuid)
    piece = get_object_or_404(PieceJointe, message__convention=convention, uuid=piece_uuid)
    try:
        handle = piece.fichier.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Fichier introuvable") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=piece.nom, content_type=piece.content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The thread of a field comment -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def commentaire(request, uuid, comment_uuid):
    convention = get_visible_convention(request, uuid)
    comment = next((c for c in convention.comments.all() if c.uuid == comment_uuid), None)
    if comment is None:
        raise Http404("Commentaire introuvable")
    comment.convention = convention
    form = ReponseForm()
    if request.method == "POST":
        form = ReponseForm(request.POST)
        if form.is_valid():
            try:
                services.repondre(comment=comment, auteur=request.user, texte=form.cleaned_data["texte"])
            except WorkflowError as exc:
                messages.error(request, " ".join([exc.message, *exc.errors]))
            else:
                messages.success(request, "Votre réponse est enregistrée.")
                return redirect(request.path + "#reponses")
    context = {
        **_base(request, convention, "Commentaire"),
        "comment": comment,
        "reponses": list(comment.reponses.select_related("auteur")),
        "form": form,
    }
    return render(request, "dialogue/commentaire.html", context)


# --- Notifications -----------------------------------------------------------------------------------------


@require_GET
def notifications(request):
    page = Paginator(Notification.objects.filter(destinataire=request.user).select_related("convention"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "dialogue/notifications.html", {"page_title": "Notifications", "page": page, "notifications": page}
    )


@require_POST
def notifications_tout_lu(request):
    n = services.notifications_lues(user=request.user)
    messages.success(
        request, "Toutes vos notifications sont lues." if n else "Vous n'aviez aucune notification non lue."
    )
    return redirect("dialogue:notifications")


@require_GET
def notification_ouvrir(request, notification_uuid):
    """Open a notification: marked read, then its page."""
    notification = get_object_or_404(Notification, destinataire=request.user, uuid=notification_uuid)
    services.notifications_lues(user=request.user, ids=[notification.pk])
    return redirect(notification.lien or "dialogue:notifications")
