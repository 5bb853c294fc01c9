from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from users import perms, services
from users.forms import ApilosPasswordChangeForm, ProfilForm
from users.profile import SECTIONS
from users.views.helpers import settings_menu


def parametres_index(request):
    """Reference §6.1: account administrators land on their users, others on their profile."""
    if perms.is_account_admin(request.user):
        return redirect("parametres_utilisateurs")
    return redirect("profil")


def _profil_context(request, *, form=None, password_form=None, **state):
    user = request.user
    context = {
        "page_title": "Votre profil",
        "menu": settings_menu(request),
        "form": form or ProfilForm(instance=user, show_departements=user.is_bailleur()),
        "password_form": password_form or ApilosPasswordChangeForm(user),
        "roles": _roles(user),
        "profile_sections": [section.template for section in SECTIONS.values()],
    }
    for section in SECTIONS.values():
        context.update(section.context(request, state))
    return context


def render_profil(request, *, status: int = 200, **state):
    """The profile page; `state` is passed to the sections of other apps (users.profile)."""
    return render(request, "users/profil.html", _profil_context(request, **state), status=status)


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
                add_errors(form, exc)
            else:
                messages.success(request, "Votre profil a été enregistré.")
                return redirect("profil")
        user.refresh_from_db()
        return render(request, "users/profil.html", _profil_context(request, form=form), status=400)
    return render(request, "users/profil.html", _profil_context(request))


def add_errors(form, exc: ValidationError):
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
