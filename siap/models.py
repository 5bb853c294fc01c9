"""The journal of the calls made to the SIAP: an operations dashboard lists the last ones."""

from django.db import models


class SiapCallOutcome(models.TextChoices):
    SUCCES = "succes", "Succès"
    ERREUR_HTTP = "erreur_http", "Erreur HTTP"
    DELAI_DEPASSE = "delai_depasse", "Délai dépassé"
    INJOIGNABLE = "injoignable", "SIAP injoignable"
    SIMULE = "simule", "Simulé (mode bouchon)"


class SiapCall(models.Model):
    """One outbound call to the SIAP (every attempt of it counted in `tentatives`)."""

    cree_le = models.DateTimeField("appelé le", auto_now_add=True, db_index=True)
    methode = models.CharField("méthode", max_length=10)
    route = models.CharField("route", max_length=500)
    login = models.CharField("identifiant Cerbère", max_length=255, blank=True)
    habilitation_id = models.PositiveBigIntegerField("habilitation", null=True, blank=True)
    statut_http = models.PositiveSmallIntegerField("statut HTTP", null=True, blank=True)
    resultat = models.CharField("résultat", max_length=20, choices=SiapCallOutcome.choices)
    duree_ms = models.PositiveIntegerField("durée (ms)")
    tentatives = models.PositiveSmallIntegerField("tentatives", default=1)
    message = models.TextField("message", blank=True)

    class Meta:
        verbose_name = "appel au SIAP"
        verbose_name_plural = "appels au SIAP"
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.methode} {self.route} → {self.get_resultat_display()} ({self.duree_ms} ms)"
