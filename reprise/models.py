from django.db import models


class LigneImportee(models.Model):
    """One source row already imported by `import_apilos`: where it went and the fingerprint of the values
    written. A second run compares fingerprints (unchanged rows are not touched) and never creates a row twice;
    a run interrupted between two tables resumes from here."""

    table = models.CharField("table source", max_length=64)
    cle_source = models.CharField("clé dans la source", max_length=200)
    cible_id = models.BigIntegerField("identifiant ici")
    empreinte = models.CharField("empreinte des valeurs écrites", max_length=32)
    importe_le = models.DateTimeField("importée le", auto_now=True)

    class Meta:
        verbose_name = "ligne importée"
        verbose_name_plural = "lignes importées"
        constraints = [models.UniqueConstraint(fields=["table", "cle_source"], name="ligne_importee_unique")]

    def __str__(self):
        return f"{self.table}:{self.cle_source} → {self.cible_id}"
