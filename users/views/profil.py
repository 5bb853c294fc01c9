from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from users import perms, services
from users.forms import ApilosPasswordChangeForm, ApiTokenForm, ProfilForm
from users.views.helpers import settings_menu

try:  # the API app provides personal keys (issue 7); the profile simply hides them without it
    from api import tokens as api_tokens
    from api.models import ApiToken
except ImportError:  # pragma: no cover
    api_tokens = ApiToken = None


def parametres_index(request):
    """Reference §6.1: account administrators land on their users, others on their profile."""
    if perms.is_account_admin(request.user):
        return redirect("parametres_utilisateurs")
    return redirect("profil")


def _profil_context(request, *, form=None, password_form=None, token_form=None, new_key=None):
    user = request.user
    return {
        "page_title": "Votre profil",
        "menu": settings_menu(request),
        "form": form or ProfilForm(instance=user, show_departements=user.is_bailleur()),
        "password_form": password_form or ApilosPasswordChangeForm(user),
        "roles": _roles(user),
        "api_enabled": ApiToken is not None,
        "api_tokens": list(ApiToken.objects.filter(user=user).order_by("revoque_le", "-cree_le")) if ApiToken else [],
        "token_form": token_form or ApiTokenForm(),
        "new_key": new_key,
    }


def _roles(user):
    roles = list(user.roles.select_related("bailleur", "administration", "group"))
    for role in roles:
        role.lecture_seule = role.group.name.startswith("readonly_")
    return roles


def profil(request):
    user = request.user
    if request.method == "POST":
        form = ProfilForm(request.POST, instance=user, show_departements=user.is_bailleur())
        if form.is_valid():
            try:
                services.profile_update(user=user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Votre profil a été enregistré.")
                return redirect("profil")
        user.refresh_from_db()
        return render(request, "users/profil.html", _profil_context(request, form=form), status=400)
    return render(request, "users/profil.html", _profil_context(request))


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
def mot_de_passe(request):
    form = ApilosPasswordChangeForm(request.user, request.POST)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay logged in on this device
        messages.success(request, "Votre mot de passe a été modifié.")
        return redirect("profil")
    return render(request, "users/profil.html", _profil_context(request, password_form=form), status=400)


@require_POST
def api_token_create(request):
    if api_tokens is None:
        raise PermissionDenied
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw_key = api_tokens.api_token_create(user=request.user, name=form.cleaned_data["nom"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # Shown once, in this response only: the key is not stored, nor put in the session.
            response = render(request, "users/profil.html", _profil_context(request, new_key=raw_key))
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "users/profil.html", _profil_context(request, token_form=form), status=400)


@require_POST
def api_token_revoke(request, uuid):
    if api_tokens is None:
        raise PermissionDenied
    token = get_object_or_404(ApiToken, uuid=uuid, user=request.user)
    api_tokens.api_token_revoke(token=token, user=request.user)
    messages.success(request, f"La clé « {token.nom} » est révoquée : elle ne permet plus d'accéder à l'API.")
    return redirect("profil")
