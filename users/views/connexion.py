"""Login pages that need more than Django's views: the password-reset form is rate limited, and choosing a new
password through the e-mailed link lifts a login lockout (the person has proved they own the mailbox)."""

import hashlib
import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from core.client_ip import client_ip
from core.ratelimit import allow
from users.forms import ApilosPasswordResetForm, ApilosSetPasswordForm

logger = logging.getLogger("apilos.auth")

RESET_PERIOD_SECONDS = 60 * 60
TROP_DE_DEMANDES = (
    "Trop de demandes de réinitialisation ont été faites depuis votre connexion. Réessayez dans une heure ; "
    "si le problème persiste, contactez l'équipe APiLos."
)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, limited per client IP (a French error) and per address (silently: the answer is
    the same whether the address exists, was just sent a link, or neither)."""

    form_class = ApilosPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        ip = client_ip(self.request)
        if not allow(key=f"reset-ip:{ip}", limit=settings.PASSWORD_RESET_LIMIT_PER_IP, period=RESET_PERIOD_SECONDS):
            logger.warning(
                "Réinitialisation de mot de passe refusée : trop de demandes", extra={"request": self.request}
            )
            form.add_error(None, TROP_DE_DEMANDES)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        address = form.cleaned_data["email"].strip().lower()
        digest = hashlib.sha256(address.encode()).hexdigest()  # no address in the cache keys
        if not allow(
            key=f"reset-email:{digest}", limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, period=RESET_PERIOD_SECONDS
        ):
            logger.warning(
                "Réinitialisation de mot de passe : limite atteinte pour une adresse, rien d'envoyé",
                extra={"request": self.request},
            )
            return HttpResponseRedirect(self.get_success_url())  # the usual answer, nothing sent
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ApilosSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        for identifier in {user.username.strip().lower(), (user.email or "").strip().lower()} - {""}:
            axes_reset(username=identifier)  # the lockout counts the identifier as typed: name or e-mail
        return response
