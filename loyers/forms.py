from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from core.models import Departement
from loyers.services import MONTANT_MAX, TYPE_PAR_NATURE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SimulateurLoyerForm(DsfrBaseForm):
    nature_logement = forms.ChoiceField(
        label="Nature du logement",
        choices=[(nature.value, nature.label) for nature in TYPE_PAR_NATURE],
        help_text="Les logements ordinaires suivent l'indice des loyers ; foyers et résidences celui des redevances.",
    )
    montant = forms.DecimalField(
        label="Loyer ou redevance initial (en €)",
        max_digits=9,
        decimal_places=2,
        localize=True,  # "6,42" as French users type it
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MONTANT_MAX - Decimal("0.01"))],
        error_messages={
            "required": "Indiquez le montant à réviser.",
            "invalid": "Le montant doit être un nombre, par exemple 6,42.",
            "max_value": "Le montant doit être inférieur à 10 000 €.",
            "min_value": "Le montant ne peut pas être négatif.",
            "max_decimal_places": "Indiquez au plus deux décimales (centimes).",
        },
    )
    date_initiale = forms.DateField(
        label="Date initiale",
        widget=DateInput(),
        help_text="Date à laquelle ce montant était en vigueur.",
        error_messages={"required": "Indiquez la date initiale.", "invalid": "Date initiale invalide."},
    )
    date_actualisation = forms.DateField(
        label="Date d'actualisation",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date d'actualisation.", "invalid": "Date d'actualisation invalide."},
    )
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.all(),
        to_field_name="code_insee",
        required=False,
        empty_label="France entière (valeurs nationales)",
        help_text="Certaines années, un département a une valeur propre qui remplace la valeur nationale.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_actualisation"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("date_initiale"), cleaned.get("date_actualisation")
        if debut and fin and fin < debut:
            self.add_error("date_actualisation", "La date d'actualisation doit être postérieure à la date initiale.")
        return cleaned
