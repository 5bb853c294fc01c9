from django import forms
from django.http import QueryDict
from dsfr.forms import DsfrBaseForm

from conventions.filters import ConventionFilterSet
from conventions.models import Convention
from support.reassignment import ADMINISTRATION, BAILLEUR, parse_numeros
from users.models import Administration, Bailleur


class RechercheUtilisateurForm(DsfrBaseForm):
    q = forms.CharField(
        label="Rechercher un utilisateur",
        max_length=100,
        help_text="Identifiant, adresse e-mail, nom ou prénom",
        error_messages={"required": "Saisissez au moins un caractère."},
    )


def _administration(code: str) -> Administration:
    found = Administration.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        raise forms.ValidationError(f"Aucune administration n'a le code « {code} ».")
    return found


class _Confirmation(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Repris dans l'historique de chaque convention et dans l'e-mail aux personnes concernées.",
        error_messages={"required": "Indiquez le motif de la réaffectation."},
    )
    empreinte = forms.CharField(required=False, widget=forms.HiddenInput)


class ReaffectationConventionsForm(_Confirmation):
    field_order = ["numeros", "filtre", "champ", "destination", "motif"]
    numeros = forms.CharField(
        label="Numéros de convention",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un numéro par ligne (ou séparés par des virgules). Laissez vide pour reprendre la recherche.",
    )
    filtre = forms.CharField(
        label="Recherche de la liste des conventions",
        required=False,
        max_length=1000,
        help_text="Reprise du lien « Réaffecter ces conventions » de la liste (paramètres de recherche).",
    )
    champ = forms.ChoiceField(
        label="Nouvelle organisation",
        choices=[(ADMINISTRATION, "Administration (service instructeur)"), (BAILLEUR, "Bailleur")],
        widget=forms.RadioSelect,
        initial=ADMINISTRATION,
    )
    destination = forms.CharField(
        label="Code de l'administration ou SIRET du bailleur de destination",
        max_length=255,
        error_messages={"required": "Indiquez l'organisation de destination."},
    )

    def clean(self):
        cleaned = super().clean()
        numeros = parse_numeros(cleaned.get("numeros", ""))
        cleaned["liste_numeros"] = numeros
        filtre = cleaned.get("filtre", "").lstrip("?")
        filters = selection_filters(filtre)
        cleaned["filtres"] = filters
        if not numeros and not filters:
            self.add_error(
                None, "Indiquez des numéros de convention, ou partez d'une recherche de la liste des conventions."
            )
        destination, champ = cleaned.get("destination", "").strip(), cleaned.get("champ")
        if destination and champ == ADMINISTRATION:
            try:
                cleaned["cible"] = _administration(destination)
            except forms.ValidationError as exc:
                self.add_error("destination", exc)
        elif destination and champ == BAILLEUR:
            cible = Bailleur.objects.filter(siret=destination.replace(" ", "")).first()
            if cible is None:
                self.add_error("destination", f"Aucun bailleur n'a le SIRET « {destination} ».")
            cleaned["cible"] = cible
        return cleaned


class ReaffectationDelegationForm(_Confirmation):
    field_order = ["source", "destination", "communes", "motif"]
    source = forms.CharField(label="Code de l'administration d'origine", max_length=255)
    destination = forms.CharField(label="Code de l'administration de destination", max_length=255)
    communes = forms.CharField(
        label="Communes (codes INSEE)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un code par ligne ou séparés par des virgules, par exemple 75056.",
        error_messages={"required": "Indiquez au moins une commune (code INSEE)."},
    )

    def clean_source(self):
        return _administration(self.cleaned_data["source"])

    def clean_destination(self):
        return _administration(self.cleaned_data["destination"])

    def clean_communes(self):
        return [c.upper() for c in parse_numeros(self.cleaned_data["communes"])]


class ImpersonationForm(forms.Form):
    """The POST django-hijack expects (hijack:acquire reads `user_pk`)."""

    user_pk = forms.IntegerField(widget=forms.HiddenInput)


NOT_SELECTING = ("tri", "ordering", "page", "onglet")


def selection_filters(query: str) -> dict:
    """The list filters of a conventions-page query string that select something (sorting and tabs aside)."""
    if not query:
        return {}
    filterset = ConventionFilterSet(QueryDict(query), queryset=Convention.objects.none())
    return {
        name: value
        for name, value in filterset.cleaned().items()
        if name not in NOT_SELECTING and value not in (None, "", [], ())
    }
