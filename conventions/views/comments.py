"""Opening, resolving and closing review comments. Plain POST forms: they work without JavaScript."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from conventions import perms
from conventions.forms.comments import CommentForm
from conventions.services.comments import comment_close, comment_open, comment_resolve
from conventions.views.helpers import get_visible_convention, recap_url
from conventions.workflow import WorkflowError

# POST-only pages: never a place to come back to.
POST_ONLY_URL_NAMES = {"action", "comment_create", "comment_update", "type1and2"}


def _back(request, convention, fallback_anchor="", anchor=""):
    """Back to the page the form was on (a same-site GET page), else to the recap."""
    target = request.POST.get("next", "").split("#", 1)[0]
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            match = None
        if match is not None and match.url_name not in POST_ONLY_URL_NAMES:
            return redirect(target + anchor)
    return redirect(recap_url(convention) + fallback_anchor)


@require_POST
def comment_create(request, uuid):
    convention = get_visible_convention(request, uuid)
    if not perms.can_comment(request.user, convention):
        raise PermissionDenied("Vous ne pouvez pas commenter cette convention.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, "Le commentaire n'a pas été enregistré : " + " ".join(errors))
        return _back(request, convention)
    data = form.cleaned_data
    try:
        comment = comment_open(
            convention=convention,
            user=request.user,
            nom_objet=data["nom_objet"],
            champ_objet=data["champ_objet"],
            uuid_objet=data["uuid_objet"],
            message=data["message"],
        )
    except WorkflowError as exc:
        messages.error(request, " ".join([exc.message, *exc.errors]))
    else:
        messages.success(request, "Votre commentaire est enregistré : le bailleur le verra sur le champ concerné.")
        return _back(request, convention, anchor=f"#commentaires-{comment.cle}")
    return _back(request, convention)


OPERATIONS = {
    "resoudre": (comment_resolve, perms.can_resolve_comment, "Le commentaire est marqué comme résolu."),
    "clore": (comment_close, perms.can_close_comment, "Le commentaire est clos."),
}


@require_POST
def comment_update(request, uuid, comment_uuid, operation):
    convention = get_visible_convention(request, uuid)
    if operation not in OPERATIONS:
        raise Http404("Opération inconnue")
    comment = next((c for c in convention.comments.all() if c.uuid == comment_uuid), None)
    if comment is None:
        raise Http404("Commentaire introuvable")
    comment.convention = convention
    service, predicate, success = OPERATIONS[operation]
    if not predicate(request.user, comment):
        raise PermissionDenied("Action impossible sur ce commentaire.")
    try:
        service(comment=comment, user=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(request, convention, "#commentaires")
