from dataclasses import dataclass

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from dsfr.forms import DsfrBaseForm

from users.enums import EmailPreferences
from users.models import Administration, Bailleur, User
from users.validators import validate_telephone


class LoginForm(AuthenticationForm, DsfrBaseForm):
    username = forms.CharField(
        label="Identifiant ou adresse e-mail",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Identifiant, adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie.",
        "inactive": "Ce compte est désactivé. Contactez l'administrateur de votre organisation.",
    }


class ApilosPasswordResetForm(PasswordResetForm, DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ApilosSetPasswordForm(SetPasswordForm, DsfrBaseForm):
    pass


# --- Settings pages ("Paramètres") ------------------------------------------------------------------------

PREFERENCES_EMAIL_AIDE = {
    "TOUS": "Vous recevez un e-mail à chaque étape de toutes les conventions de vos organisations.",
    "PARTIEL": "Vous recevez un e-mail seulement pour les conventions sur lesquelles vous êtes intervenu "
    "(et, pour un instructeur, à chaque nouvelle convention à instruire).",
    "AUCUN": "Vous ne recevez aucun e-mail de suivi. Les e-mails indispensables (création de compte, "
    "mot de passe oublié) vous sont toujours envoyés.",
}


@dataclass(frozen=True)
class ChoiceLabel:
    """A choice label with a help text (not a dict: Django would read a dict as a group of choices)."""

    label: str
    help_text: str = ""

    def __str__(self):
        return self.label


def _preferences_choices():
    # DsfrRadioSelect shows the help text under each option.
    return [(value, ChoiceLabel(label, PREFERENCES_EMAIL_AIDE[value])) for value, label in EmailPreferences.choices]


class DsfrRadioSelect(forms.RadioSelect):
    """DSFR radio buttons (fr-radio-group), whatever the order of "django.forms" and "dsfr" in INSTALLED_APPS."""

    option_template_name = "users/widgets/radio_option.html"


def _refresh_bound_fields(form) -> None:
    """DsfrBaseForm builds the bound fields in __init__, freezing labels and help texts: labels, help texts
    or choices changed afterwards need fresh bound fields."""
    form._bound_fields_cache.clear()


class ProfilForm(DsfrBaseForm, forms.ModelForm):
    """The user's own profile. Uniqueness of the e-mail is checked by the service (case-insensitive)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "telephone", "preferences_email", "filtre_departements"]
        labels = {"first_name": "Prénom", "last_name": "Nom", "email": "Adresse e-mail"}
        help_texts = {
            "email": "Format attendu : nom@domaine.fr. Elle sert aussi à vous connecter.",
            "telephone": "Facultatif. Exemple : 01 40 81 21 22",
        }
        widgets = {
            "preferences_email": DsfrRadioSelect,
            "filtre_departements": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, show_departements: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["preferences_email"].choices = _preferences_choices()
        self.fields["preferences_email"].label = "E-mails de suivi des conventions"
        if show_departements:
            self.fields["filtre_departements"].help_text = (
                "Facultatif. Si vous choisissez des départements, seules les conventions de ces départements vous "
                "sont montrées. Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
            )
        else:
            del self.fields["filtre_departements"]
        _refresh_bound_fields(self)

    def clean_telephone(self):
        telephone = (self.cleaned_data.get("telephone") or "").strip()
        validate_telephone(telephone)
        return telephone

    def _post_clean(self):
        # Validation of the model (unique e-mail, phone) is done by the service; keep the instance untouched
        # here so that a refused change never half-applies.
        pass


class UserIdentityForm(ProfilForm):
    """What an account administrator may correct on a user's account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, show_departements=False, **kwargs)


class ApilosPasswordChangeForm(PasswordChangeForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the first thing on the profile page: no autofocus (it would scroll the page down).
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class UserCreateForm(DsfrBaseForm):
    username = forms.CharField(
        label="Identifiant",
        max_length=150,
        help_text="Lettres, chiffres et les caractères @ . + - _ uniquement. Par exemple : prenom.nom",
        validators=[UnicodeUsernameValidator()],
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        help_text="Le lien pour choisir son mot de passe y sera envoyé.",
    )
    telephone = forms.CharField(label="Téléphone", max_length=25, required=False, validators=[validate_telephone])
    organisation = forms.ChoiceField(label="Organisation")
    lecture_seule = forms.BooleanField(
        label="Accès en lecture seule",
        required=False,
        help_text="L'utilisateur pourra consulter et commenter les conventions, sans les modifier.",
    )
    administrateur_de_compte = forms.BooleanField(
        label="Administrateur de compte",
        required=False,
        help_text="Il pourra, comme vous, ajouter des utilisateurs à cette organisation et gérer leurs droits.",
    )

    def __init__(self, *args, organisations: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {org_key(o): o for o in organisations}
        choices = [(key, org_label(o)) for key, o in self.organisations.items()]
        if len(choices) > 1:
            choices = [("", "Choisissez une organisation"), *choices]
        self.fields["organisation"].choices = choices

    def clean_organisation(self):
        key = self.cleaned_data["organisation"]
        if key not in self.organisations:
            raise forms.ValidationError("Choisissez une de vos organisations.")
        return self.organisations[key]


class RoleAddForm(DsfrBaseForm):
    organisation = forms.ChoiceField(label="Organisation")
    lecture_seule = forms.BooleanField(label="En lecture seule", required=False)

    def __init__(self, *args, organisations: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {org_key(o): o for o in organisations}
        self.fields["organisation"].choices = [(key, org_label(o)) for key, o in self.organisations.items()]

    def clean_organisation(self):
        key = self.cleaned_data["organisation"]
        if key not in self.organisations:
            raise forms.ValidationError("Choisissez une de vos organisations.")
        return self.organisations[key]


def org_key(organisation) -> str:
    kind = "bailleur" if isinstance(organisation, Bailleur) else "administration"
    return f"{kind}:{organisation.uuid}"


def org_label(organisation) -> str:
    kind = "Bailleur" if isinstance(organisation, Bailleur) else "Administration"
    return f"{kind} — {organisation.nom}"


RESERVED_HELP = "Modifiable uniquement par l'équipe nationale d'APiLos."


class OrganisationFormMixin:
    """Fields in `reserved` are shown disabled unless the viewer may edit them (a disabled field keeps its
    stored value whatever is posted); `read_only` disables everything."""

    reserved: tuple[str, ...] = ()

    def __init__(self, *args, can_edit_reserved: bool = False, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if read_only or (name in self.reserved and not can_edit_reserved):
                field.disabled = True
                if name in self.reserved and not read_only:
                    field.help_text = RESERVED_HELP
        _refresh_bound_fields(self)


class BailleurForm(OrganisationFormMixin, DsfrBaseForm, forms.ModelForm):
    reserved = ("siret", "sous_nature")

    class Meta:
        model = Bailleur
        fields = [
            "nom",
            "siret",
            "sous_nature",
            "capital_social",
            "adresse",
            "code_postal",
            "ville",
            "signataire_nom",
            "signataire_fonction",
            "signataire_date_deliberation",
            "signataire_bloc_signature",
        ]
        help_texts = {"capital_social": "En euros, par exemple 1500000.00"}
        widgets = {
            "signataire_date_deliberation": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signataire_bloc_signature": forms.Textarea(attrs={"rows": 3}),
        }


class AdministrationForm(OrganisationFormMixin, DsfrBaseForm, forms.ModelForm):
    reserved = ("code",)

    class Meta:
        model = Administration
        fields = [
            "nom",
            "code",
            "adresse",
            "code_postal",
            "ville",
            "ville_signature",
            "nb_convention_exemplaires",
            "prefix_convention",
            "signataire_bloc_signature",
        ]
        help_texts = {
            "nb_convention_exemplaires": "Nombre d'exemplaires papier que le bailleur doit envoyer après validation.",
        }
        widgets = {
            "adresse": forms.Textarea(attrs={"rows": 2}),
            "signataire_bloc_signature": forms.Textarea(attrs={"rows": 3}),
        }
