from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import BaseModel


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoque_le__isnull=True)


class ApiToken(BaseModel):
    """A personal API key created by a user in their profile. Only its SHA-256 is stored: the key itself is
    shown once, at creation (api.tokens.api_token_create)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="utilisateur"
    )
    nom = models.CharField("nom", max_length=100, help_text="Pour reconnaître la clé, par exemple « Logiciel X ».")
    prefixe = models.CharField("début de la clé", max_length=16, help_text="Affiché pour reconnaître la clé.")
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True, editable=False)
    derniere_utilisation_le = models.DateTimeField("dernière utilisation le", null=True, blank=True)
    revoque_le = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    @property
    def is_active(self) -> bool:
        return self.revoque_le is None

    def revoke(self) -> None:
        if self.revoque_le is None:
            self.revoque_le = timezone.now()
            self.save(update_fields=["revoque_le", "mis_a_jour_le"])
