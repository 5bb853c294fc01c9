"""Yearly rent revision indices (reference part 2 §15.1), edited by staff in the admin.

One row = the revision applied on 1 January of `annee` to the maximum rents (`loyer`) or to the maximum
redevances of foyers and résidences (`redevance`), nationally (`departement` empty) or for one département,
whose value then replaces the national one for that year."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class TypeIndice(models.TextChoices):
    LOYER = "loyer", "Loyer (logements ordinaires)"
    REDEVANCE = "redevance", "Redevance (foyers et résidences)"


class IndiceEvolutionLoyer(models.Model):
    annee = models.PositiveSmallIntegerField(
        "année d'application",
        validators=[MinValueValidator(1977), MaxValueValidator(2100)],
        help_text="La révision s'applique au 1er janvier de cette année.",
    )
    type_indice = models.CharField("s'applique aux", max_length=10, choices=TypeIndice.choices)
    departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
        help_text="Vide : valeur nationale. Renseigné : remplace la valeur nationale dans ce département.",
    )
    evolution = models.DecimalField(
        "évolution (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("-50")), MaxValueValidator(Decimal("50"))],
    )
    source = models.CharField("source", max_length=255, blank=True)

    class Meta:
        verbose_name = "indice d'évolution des loyers"
        verbose_name_plural = "indices d'évolution des loyers"
        ordering = ["-annee", "type_indice", "departement__code_insee"]
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "type_indice"],
                condition=Q(departement__isnull=True),
                name="indice_national_unique",
            ),
            models.UniqueConstraint(
                fields=["annee", "type_indice", "departement"],
                condition=Q(departement__isnull=False),
                name="indice_departement_unique",
            ),
        ]

    def __str__(self):
        portee = self.departement.code_insee if self.departement_id else "national"
        return f"{self.annee} – {self.get_type_indice_display()} – {portee} : {self.evolution} %"
