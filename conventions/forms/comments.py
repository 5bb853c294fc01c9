from django import forms
from dsfr.forms import DsfrBaseForm

from conventions.services.comments import MESSAGE_MAX


class CommentForm(DsfrBaseForm):
    nom_objet = forms.CharField(max_length=50, widget=forms.HiddenInput)
    champ_objet = forms.CharField(max_length=100, widget=forms.HiddenInput)
    uuid_objet = forms.UUIDField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    message = forms.CharField(
        label="Votre commentaire",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Le commentaire ne peut pas être vide."},
    )
