"""The logged-in home page: « À traiter » (conventions.queue) and the weekly e-mail opt-in."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from conventions import queue
from conventions.models import AbonnementResume
from conventions.views.list_rows import lignes_a_traiter_html


class AbonnementForm(DsfrBaseForm):
    abonne = forms.BooleanField(
        label="Recevoir chaque lundi cette liste par e-mail", required=False, widget=forms.HiddenInput
    )


def accueil(request):
    user = request.user
    groupes = queue.a_traiter(user)
    for groupe in groupes:
        groupe.lignes_html = lignes_a_traiter_html(groupe.lignes)
    abonne = AbonnementResume.objects.filter(user=user).exists()
    return render(
        request,
        "conventions/a_traiter.html",
        {
            "page_title": "À traiter",
            "groupes": groupes,
            "total": sum(g.nombre for g in groupes),
            "en_retard": sum(g.en_retard for g in groupes),
            "abonne": abonne,
            "a_une_adresse": bool(user.email),
        },
    )


@require_POST
def abonnement(request):
    """Subscribe to / unsubscribe from the weekly e-mail (only oneself)."""
    user = request.user
    if request.POST.get("abonne") == "1":
        if not user.email:
            messages.error(request, "Ajoutez d'abord une adresse e-mail à votre profil pour recevoir ce résumé.")
        else:
            AbonnementResume.objects.get_or_create(user=user)
            messages.success(request, "C'est noté : vous recevrez chaque lundi la liste de ce qui vous attend.")
    else:
        AbonnementResume.objects.filter(user=user).delete()
        messages.success(request, "Vous ne recevrez plus le résumé hebdomadaire.")
    return redirect("home")
