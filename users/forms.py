from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from dsfr.forms import DsfrBaseForm


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
