from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from conventions.forms.steps.base import FILES_HELP, MultipleFileField
from dialogue.services import TEXTE_MAX


class MessageForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Votre message",
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Le message ne peut pas être vide."},
    )
    pieces = MultipleFileField(
        label="Pièces jointes (facultatif)", help_text=FILES_HELP.format(max=settings.UPLOAD_MAX_SIZE_MB)
    )


class ReponseForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Votre réponse",
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "La réponse ne peut pas être vide."},
    )


class ComparaisonForm(forms.Form):
    """Two versions among the choices of the page: submissions ("s<numero>"), "actuel", the parent "origine"."""

    de = forms.ChoiceField(label="Version de départ", required=False, widget=forms.Select(attrs={"class": "fr-select"}))
    a = forms.ChoiceField(label="Version d'arrivée", required=False, widget=forms.Select(attrs={"class": "fr-select"}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["de"].choices = choices
        self.fields["a"].choices = choices
