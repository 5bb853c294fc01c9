import json
import uuid
from pathlib import Path

from django.db import models, transaction


class BaseModel(models.Model):
    """Public identity (uuid, used in every URL) and audit timestamps shared by the domain models."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    mis_a_jour_le = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        abstract = True


DEPARTEMENTS_FILE = Path(__file__).parent / "data" / "departements.json"


class DepartementQuerySet(models.QuerySet):
    def for_postal_code(self, code_postal: str):
        """The département of a French postal code (Corsica "20…" maps to both 2A and 2B)."""
        code_postal = (code_postal or "").strip()
        if code_postal[:2] in ("97", "98"):
            return self.filter(code_postal=code_postal[:3])
        return self.filter(code_postal=code_postal[:2])


class Departement(models.Model):
    """Reference data: the 101 départements (96 metropolitan incl. 2A/2B, and the five DROM)."""

    code_insee = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=255, unique=True)
    code_postal = models.CharField("début des codes postaux", max_length=3)
    code_insee_region = models.CharField("code INSEE de la région", max_length=3)

    objects = DepartementQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code_insee"]

    def __str__(self):
        return f"{self.code_insee} - {self.nom}"

    def natural_key(self):
        return (self.code_insee,)

    @classmethod
    @transaction.atomic
    def load_reference_data(cls) -> int:
        """Create or update every département from the data file. Idempotent; returns the number of changes."""
        changes = 0
        existing = {d.code_insee: d for d in cls.objects.all()}
        for row in json.loads(DEPARTEMENTS_FILE.read_text(encoding="utf-8")):
            current = existing.get(row["code_insee"])
            if current is None:
                cls.objects.create(**row)
                changes += 1
            elif any(getattr(current, key) != value for key, value in row.items()):
                for key, value in row.items():
                    setattr(current, key, value)
                current.save()
                changes += 1
        return changes


class EffetRealise(models.Model):
    """A side effect already done (a document stored, an e-mail sent), by its key: a background job run again
    (worker killed and restarted, two workers on the same job) finds it here and does not do it twice.
    See core/effets.py."""

    cle = models.CharField("clé", max_length=200, unique=True)
    realise_le = models.DateTimeField("réalisé le", auto_now_add=True)

    class Meta:
        verbose_name = "effet réalisé"
        verbose_name_plural = "effets réalisés"

    def __str__(self):
        return self.cle
