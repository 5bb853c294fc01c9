from django.conf import settings
from django.db import models


class ImpersonationLog(models.Model):
    """One support session "as" another user (django-hijack). Written by support.signals, never edited.

    The names are copied so that the trace survives the deletion of either account."""

    hijacker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="agent"
    )
    hijacker_nom = models.CharField("agent (au moment des faits)", max_length=300)
    hijacked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="utilisateur incarné",
    )
    hijacked_nom = models.CharField("utilisateur incarné (au moment des faits)", max_length=300)
    debut = models.DateTimeField("début", auto_now_add=True, db_index=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=300, blank=True)

    class Meta:
        verbose_name = "connexion en tant qu'un utilisateur"
        verbose_name_plural = "connexions en tant qu'un utilisateur"
        ordering = ["-debut", "-id"]
        permissions = [("impersonate_user", "Peut voir le site en tant qu'un autre utilisateur (support)")]

    def __str__(self):
        return f"{self.hijacker_nom} → {self.hijacked_nom} ({self.debut:%d/%m/%Y %H:%M})"


class EchecEmail(models.Model):
    """An e-mail the provider refused or could not take (recorded by support.mail.RecordingEmailBackend)."""

    survenu_le = models.DateTimeField("le", auto_now_add=True, db_index=True)
    sujet = models.CharField("sujet", max_length=300)
    destinataires = models.TextField("destinataires")
    erreur = models.TextField("erreur")

    class Meta:
        verbose_name = "échec d'envoi d'e-mail"
        verbose_name_plural = "échecs d'envoi d'e-mail"
        ordering = ["-survenu_le", "-id"]

    def __str__(self):
        return f"{self.survenu_le:%d/%m/%Y %H:%M} – {self.sujet}"
