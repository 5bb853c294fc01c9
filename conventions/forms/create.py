from django import forms
from dsfr.forms import DsfrBaseForm

from programmes.enums import NATURES_CREATION, Financement, NatureLogement, TypeHabitat
from users.models import Administration, Bailleur
from users.perms import organisations_with


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lot):
        programme = lot.programme
        lieu = f"{programme.ville} ({programme.code_postal})" if programme.code_postal else programme.ville
        nb = f"{lot.nb_logements} logement{'s' if (lot.nb_logements or 0) > 1 else ''}" if lot.nb_logements else ""
        parts = [p for p in (programme.nom, lieu, lot.get_financement_display(), nb) if p]
        label = " – ".join(parts)
        if getattr(lot, "has_active_convention", False):
            label += " (convention déjà en cours)"
        return label


class ConventionFromLotForm(DsfrBaseForm):
    lot = LotChoiceField(
        label="Opération et financement",
        queryset=None,
        empty_label="Choisissez une opération",
        error_messages={
            "required": "Choisissez l'opération et son financement.",
            "invalid_choice": "Cette opération n'existe pas ou ne vous est pas accessible.",
        },
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, prefix="lot", **kwargs)
        self.fields["lot"].queryset = lots

    def clean_lot(self):
        lot = self.cleaned_data["lot"]
        if lot.has_active_convention:
            raise forms.ValidationError(
                "Une convention est déjà en cours pour cette opération et ce financement : ouvrez-la depuis la "
                "liste des conventions, ou annulez-la avant d'en créer une nouvelle."
            )
        return lot


class ConventionFromScratchForm(DsfrBaseForm):
    bailleur = forms.ModelChoiceField(
        label="Bailleur",
        queryset=Bailleur.objects.none(),
        empty_label="Choisissez le bailleur",
        error_messages={"required": "Choisissez le bailleur.", "invalid_choice": "Ce bailleur n'est pas proposé."},
    )
    administration = forms.ModelChoiceField(
        label="Administration instructrice", queryset=Administration.objects.none(), required=False
    )
    nom = forms.CharField(
        label="Nom de l'opération",
        max_length=255,
        error_messages={"required": "Indiquez le nom de l'opération."},
    )
    nb_logements = forms.IntegerField(
        label="Nombre de logements",
        min_value=1,
        max_value=100000,
        error_messages={
            "required": "Indiquez le nombre de logements.",
            "invalid": "Saisissez un nombre entier.",
            "min_value": "Il faut au moins un logement.",
            "max_value": "Ce nombre de logements paraît trop grand.",
        },
    )
    nature_logement = forms.ChoiceField(
        label="Nature des logements",
        choices=NATURES_CREATION,
        initial=NatureLogement.LOGEMENTSORDINAIRES,
        required=False,
        help_text="Elle décide du type de convention : logements ordinaires, foyer ou résidence.",
    )
    financement = forms.ChoiceField(label="Financement", choices=Financement.choices)
    type_habitat = forms.ChoiceField(label="Type d'habitat", choices=TypeHabitat.choices)
    code_postal = forms.RegexField(
        label="Code postal",
        regex=r"^[0-9][0-9AB][0-9]{3}$",
        max_length=5,
        error_messages={"required": "Indiquez le code postal.", "invalid": "Le code postal compte 5 chiffres."},
    )
    ville = forms.CharField(label="Ville", max_length=255, error_messages={"required": "Indiquez la ville."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, prefix="creation", **kwargs)
        # The organisations where the user's role carries the right to create (never a read-only one).
        creators = organisations_with(user, "conventions.add_convention")
        administration_ids = creators.administration_ids
        if user.is_superuser or administration_ids:
            bailleurs = Bailleur.objects.all()
        else:
            bailleurs = Bailleur.objects.filter(pk__in=creators.bailleur_ids)
        self.fields["bailleur"].queryset = bailleurs.order_by("nom")
        if not (user.is_superuser or administration_ids) and len(creators.bailleur_ids) == 1:
            self.fields["bailleur"].initial = next(iter(creators.bailleur_ids))
        administration = self.fields["administration"]
        if user.is_superuser or not administration_ids:
            # A bailleur names the instruction service if known; otherwise the APiLos team attaches it.
            administration.queryset = Administration.objects.order_by("nom")
            administration.label = "Service instructeur"
            administration.empty_label = "Je ne sais pas encore"
            administration.help_text = (
                "Le service de l'État (DDT, DDTM) ou le délégataire des aides à la pierre qui instruira la convention."
            )
        elif len(administration_ids) > 1:
            administration.queryset = Administration.objects.filter(pk__in=administration_ids).order_by("nom")
            administration.required = True
        else:
            del self.fields["administration"]  # the service takes the instructeur's only administration
        self.fields["code_postal"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})

    def clean_nature_logement(self):
        return self.cleaned_data.get("nature_logement") or NatureLogement.LOGEMENTSORDINAIRES
