"""Personal API keys on the profile page: the section, its form and its two actions (users.profile)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from api import tokens
from api.models import ApiToken
from users.profile import ProfileSection
from users.views.profil import add_errors, render_profil


class ApiTokenForm(DsfrBaseForm):
    nom = forms.CharField(
        label="Nom de la clé",
        max_length=100,
        help_text="Pour la reconnaître plus tard, par exemple le nom du logiciel qui l'utilisera.",
    )


def section_context(request, state: dict) -> dict:
    return {
        "api_tokens": list(ApiToken.objects.filter(user=request.user).order_by("revoque_le", "-cree_le")),
        "token_form": state.get("token_form") or ApiTokenForm(),
        "new_key": state.get("new_key"),
    }


SECTION = ProfileSection(template="api/_profil_cles.html", context=section_context)


@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw_key = tokens.api_token_create(user=request.user, name=form.cleaned_data["nom"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            # Shown once, in this response only: the key is not stored, nor put in the session.
            response = render_profil(request, new_key=raw_key)
            response["Cache-Control"] = "no-store"
            return response
    return render_profil(request, status=400, token_form=form)


@require_POST
def api_token_revoke(request, uuid):
    token = get_object_or_404(ApiToken, uuid=uuid, user=request.user)
    tokens.api_token_revoke(token=token, user=request.user)
    messages.success(request, f"La clé « {token.nom} » est révoquée : elle ne permet plus d'accéder à l'API.")
    return redirect("profil")
