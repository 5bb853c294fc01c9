"""Named saved filters of the conventions list: each user sees, saves and deletes only their own."""

from django import forms
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from conventions.models import FiltreEnregistre

MAX_PAR_UTILISATEUR = 30


class FiltreForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom du filtre", max_length=80)
    parametres = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_parametres(self):
        params = QueryDict(self.cleaned_data["parametres"], mutable=True)
        params.pop("page", None)
        return params.urlencode()


def _list_url(parametres: str) -> str:
    url = reverse("conventions:list")
    return f"{url}?{parametres}" if parametres else url


@require_POST
def filtre_create(request):
    form = FiltreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Donnez un nom à ce filtre (80 caractères au plus) pour l'enregistrer.")
        return redirect(_list_url(request.POST.get("parametres", "")[:2000]))
    nom, parametres = form.cleaned_data["nom"].strip(), form.cleaned_data["parametres"]
    mine = FiltreEnregistre.objects.filter(user=request.user)
    if not mine.filter(nom=nom).exists() and mine.count() >= MAX_PAR_UTILISATEUR:
        messages.error(request, f"Vous avez déjà {MAX_PAR_UTILISATEUR} filtres : supprimez-en un d'abord.")
        return redirect(_list_url(parametres))
    FiltreEnregistre.objects.update_or_create(user=request.user, nom=nom, defaults={"parametres": parametres})
    messages.success(request, f"Filtre « {nom} » enregistré.")
    return redirect(_list_url(parametres))


@require_POST
def filtre_delete(request, filtre_uuid):
    filtre = get_object_or_404(FiltreEnregistre, user=request.user, uuid=filtre_uuid)  # someone else's: 404
    filtre.delete()
    messages.success(request, f"Filtre « {filtre.nom} » supprimé.")
    return redirect("conventions:list")
