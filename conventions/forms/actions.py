"""One small form per workflow action of the recap's action panel."""

import re

from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from conventions.documents import remplacement
from conventions.enums import TYPE2_OPTIONS, TypeConvention
from conventions.rules.dates import check_date, check_date_publication

MESSAGE_MAX = 5000


def _message(label="Message (facultatif)", help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MESSAGE_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EmptyActionForm(DsfrBaseForm):
    pass


class MessageActionForm(DsfrBaseForm):
    comment = _message()


class CorrectionsForm(DsfrBaseForm):
    comment = _message(
        "Message au bailleur",
        "Expliquez ce qui doit être corrigé ; l'e-mail au bailleur liste aussi les commentaires ouverts sur les "
        "champs, chacun avec un lien vers son étape.",
    )
    send_copy = forms.BooleanField(label="M'envoyer une copie du message", required=False, initial=True)


class ValidateForm(DsfrBaseForm):
    numero = forms.CharField(
        label="Numéro de la convention",
        max_length=250,
        help_text="Numéro proposé d'après la numérotation de votre administration ; vous pouvez le modifier.",
        error_messages={"required": "Le numéro de convention est obligatoire."},
    )
    confirmation = forms.BooleanField(
        label="Je confirme avoir vérifié la convention et je la valide",
        error_messages={"required": "Cochez la case de confirmation pour valider la convention."},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def plausible(field: str, value):
    """A date checked by conventions.rules.dates (range of its kind), as a form error on the field: the form
    reports it with its other errors at once."""
    errors = check_date(field, value)
    if errors:
        raise forms.ValidationError([error.message for error in errors])
    return value


class SignedForm(DsfrBaseForm):
    date_signature = forms.DateField(
        label="Date de signature",
        widget=DateInput(),
        error_messages={"required": "La date de signature est obligatoire.", "invalid": "Saisissez une date valide."},
    )
    fichier_signe = forms.FileField(
        label="Convention signée (PDF)",
        required=False,
        help_text="Format PDF, 20 Mo au maximum.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "fr-upload"}),
    )

    MAX_SIZE = 20 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier_signe"].widget.group_class = "fr-upload-group"  # DSFR file upload

    def clean_date_signature(self):
        return plausible("date_signature", self.cleaned_data.get("date_signature"))

    def clean_fichier_signe(self):
        fichier = self.cleaned_data.get("fichier_signe")
        if not fichier:
            return None
        if not fichier.name.lower().endswith(".pdf"):
            raise forms.ValidationError("Le fichier de la convention signée doit être un PDF.")
        if fichier.size > self.MAX_SIZE:
            raise forms.ValidationError("Le fichier dépasse 20 Mo.")
        head = fichier.read(5)
        fichier.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("Ce fichier n'est pas un PDF valide.")
        return fichier


class PublishedForm(DsfrBaseForm):
    date_publication = forms.DateField(
        label="Date de publication",
        widget=DateInput(),
        error_messages={"required": "La date de publication est obligatoire.", "invalid": "Saisissez une date valide."},
    )
    reference_publication = forms.CharField(
        label="Référence de publication",
        max_length=50,
        help_text="Référence donnée par le service de la publicité foncière.",
        error_messages={"required": "La référence de publication est obligatoire."},
    )

    def clean_date_publication(self):
        return plausible("date_publication", self.cleaned_data.get("date_publication"))


class Type1and2Form(DsfrBaseForm):
    type1and2 = forms.ChoiceField(
        label="Type de convention",
        choices=TypeConvention.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez Type I ou Type II."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n, label in TYPE2_OPTIONS.items():
            self.fields[f"option{n}"] = forms.BooleanField(label=label, required=False)

    @classmethod
    def initial_for(cls, convention) -> dict:
        initial = {"type1and2": convention.type1and2 or None}
        for n, value in convention.type2_options().items():
            initial[f"option{n}"] = value
        return initial

    def options(self) -> dict[int, bool]:
        return {n: bool(self.cleaned_data.get(f"option{n}")) for n in TYPE2_OPTIONS}


def _clean_pdf(fichier, *, what: str, max_size: int = SignedForm.MAX_SIZE):
    if not fichier:
        return None
    if not fichier.name.lower().endswith(".pdf"):
        raise forms.ValidationError(f"{what} doit être un PDF.")
    if fichier.size > max_size:
        raise forms.ValidationError("Le fichier dépasse 20 Mo.")
    head = fichier.read(5)
    fichier.seek(0)
    if head != b"%PDF-":
        raise forms.ValidationError("Ce fichier n'est pas un PDF valide.")
    return fichier


def _pdf_field(label: str, *, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text="Format PDF, 20 Mo au maximum.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "fr-upload"}),
        error_messages={"required": "Déposez le document signé (PDF)."},
    )


class PublishedWithActForm(PublishedForm):
    fichier_publication = _pdf_field("Acte publié (PDF)")

    def clean_fichier_publication(self):
        return _clean_pdf(self.cleaned_data.get("fichier_publication"), what="L'acte publié")


class AvenantCreateForm(DsfrBaseForm):
    """The types of a new avenant (checkboxes) and a short description."""

    types = forms.MultipleChoiceField(
        label="Ce que l'avenant modifie",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un type d'avenant.",
            "invalid_choice": "Ce type d'avenant n'existe pas.",
        },
    )
    commentaire = forms.CharField(
        label="Nature de l'avenant (facultatif)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = list(choices)


class SpfRefusForm(DsfrBaseForm):
    date_refus_spf = forms.DateField(
        label="Date du refus",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date du refus du SPF.", "invalid": "Saisissez une date valide."},
    )
    motif_refus_spf = forms.CharField(
        label="Motif du refus",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tel qu'indiqué par le service de la publicité foncière (1 000 caractères au plus).",
        error_messages={"required": "Indiquez le motif du refus du SPF."},
    )


class DateCorrectionForm(DsfrBaseForm):
    date = forms.DateField(
        label="Date corrigée",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date.", "invalid": "Saisissez une date valide."},
    )


class AjoutSimplifieForm(DsfrBaseForm):
    """A convention signed outside APiLos (reference §15.2): the lot (an operation the user may see, without
    convention), the number, the dates and the signed PDF."""

    lot = forms.ChoiceField(label="Opération et financement", error_messages={"required": "Choisissez le lot."})
    numero = forms.CharField(label="Numéro de la convention", max_length=250)
    nb_logements = forms.IntegerField(label="Nombre de logements conventionnés", min_value=1, required=False)
    date_signature = forms.DateField(
        label="Date de signature",
        widget=DateInput(),
        error_messages={"required": "La date de signature est obligatoire.", "invalid": "Saisissez une date valide."},
    )
    fichier_signe = _pdf_field("Convention signée (PDF)", required=True)
    date_publication = forms.DateField(
        label="Date de publication (facultatif)",
        widget=DateInput(),
        required=False,
        error_messages={"invalid": "Saisissez une date valide."},
    )
    reference_publication = forms.CharField(
        label="Référence de publication (facultatif)", max_length=50, required=False
    )
    fichier_logements = forms.FileField(
        label="Tableau des logements (Excel .xlsx, facultatif)",
        required=False,
        help_text="Le modèle « Logements » rempli : les logements sont enregistrés avec la convention, et leur "
        "nombre devient celui des logements conventionnés s'il n'est pas indiqué.",
        widget=forms.FileInput(attrs={"accept": ".xlsx", "class": "fr-upload"}),
    )

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lots = {str(lot.uuid): lot for lot in lots}
        self.fields["lot"].choices = [("", "— Choisir —")] + [
            (str(lot.uuid), f"{lot.programme.nom} ({lot.programme.ville}) – {lot.financement}") for lot in lots
        ]

    def clean_lot(self):
        lot = self.lots.get(self.cleaned_data.get("lot"))
        if lot is None:
            raise forms.ValidationError("Choisissez un lot de la liste.")
        return lot

    def clean_fichier_signe(self):
        return _clean_pdf(self.cleaned_data.get("fichier_signe"), what="La convention signée")

    def clean_date_signature(self):
        return plausible("date_signature", self.cleaned_data.get("date_signature"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_publication"):
            for error in check_date_publication(
                cleaned["date_publication"], date_signature=cleaned.get("date_signature")
            ):
                self.add_error("date_publication", error.message)
        return cleaned


class FinParLotForm(DsfrBaseForm):
    """A batch dénonciation or résiliation (reference §12.5): the conventions by numbers, or the search of the
    conventions list; the nature, the date and the motif applied to each."""

    field_order = ["nature", "numeros", "filtre", "date", "motif"]
    nature = forms.ChoiceField(
        label="Action",
        choices=[("denonciation", "Dénoncer les conventions"), ("resiliation", "Résilier les conventions")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de dénoncer ou de résilier."},
    )
    numeros = forms.CharField(
        label="Numéros de convention",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un numéro par ligne (ou séparés par des virgules). Laissez vide pour reprendre la recherche.",
    )
    filtre = forms.CharField(
        label="Recherche de la liste des conventions",
        required=False,
        max_length=1000,
        help_text="Reprise du lien « Dénoncer ou résilier par lot » de la liste (paramètres de recherche).",
    )
    date = forms.DateField(
        label="Date d'effet",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date d'effet.", "invalid": "Saisissez une date valide."},
    )
    motif = forms.CharField(
        label="Motif",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il figure dans le journal de chaque convention.",
        error_messages={"required": "Indiquez le motif."},
    )
    empreinte = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        numeros = (n.strip() for n in re.split(r"[\n,;]+", cleaned.get("numeros") or ""))
        cleaned["liste_numeros"] = list(dict.fromkeys(n for n in numeros if n))
        cleaned["filtre"] = (cleaned.get("filtre") or "").lstrip("?")
        if not cleaned["liste_numeros"] and not cleaned["filtre"]:
            self.add_error(
                None, "Indiquez des numéros de convention, ou partez d'une recherche de la liste des conventions."
            )
        return cleaned


class DocumentRemplacementForm(DsfrBaseForm):
    """The document the instruction service uses instead of the generated one (PDF or Word .docx)."""

    fichier = forms.FileField(
        label="Document de remplacement (PDF ou Word .docx)",
        required=False,  # checked by conventions.documents.remplacement.upload_error, with its own message
        help_text="Il sera proposé au bailleur et à l'instruction à la place du document généré, jusqu'à ce que "
        "vous le retiriez.",
        widget=forms.FileInput(attrs={"accept": remplacement.ACCEPT, "class": "fr-upload"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].widget.group_class = "fr-upload-group"  # DSFR file upload
        self.fields["fichier"].help_text += f" {settings.UPLOAD_MAX_SIZE_MB} Mo au maximum."
        self._bound_fields_cache.pop("fichier", None)  # built before with the first help text

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        erreur = remplacement.upload_error(fichier)
        if erreur:
            raise forms.ValidationError(erreur)
        return fichier
