from django import forms
from dsfr.forms import DsfrBaseForm

from webhooks.models import Evenement


class AbonnementForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom", max_length=100, help_text="Par exemple le nom de votre logiciel.")
    url = forms.URLField(
        label="Adresse de réception (URL)",
        max_length=500,
        assume_scheme="https",
        help_text="APiLos y envoie un POST JSON signé à chaque événement choisi. https:// recommandé.",
        error_messages={"invalid": "Saisissez une adresse web complète, par exemple https://exemple.fr/apilos."},
    )
    evenements = forms.MultipleChoiceField(
        label="Événements",
        choices=Evenement.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un événement."},
    )
    actif = forms.BooleanField(label="Actif", required=False, initial=True)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ChoiceField(
                label="Organisation",
                choices=[(self.organisation_key(o), str(o)) for o in organisations],
                help_text="Les événements des conventions de cette organisation seulement.",
            )
            self.order_fields(["organisation", "nom", "url", "evenements", "actif"])
            self._organisations = {self.organisation_key(o): o for o in organisations}

    @staticmethod
    def organisation_key(organisation) -> str:
        return f"{organisation._meta.model_name}:{organisation.uuid}"

    def clean_organisation(self):
        return self._organisations[self.cleaned_data["organisation"]]
