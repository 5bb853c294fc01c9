"""Outbound webhooks for partners (issue 20 §4).

An `Abonnement` belongs to one organisation (bailleur or administration): it receives the events of the
conventions of that organisation. Each event gives one `Livraison` per matching subscription, delivered by the
worker; each HTTP attempt is a `Tentative` (response code, body excerpt, duration)."""

import json
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel


class Evenement(models.TextChoices):
    STATUT_MODIFIE = "convention.statut_modifie", "Changement de statut d'une convention"
    AVENANT_CREE = "avenant.cree", "Création d'un avenant"
    DOCUMENT_PRET = "document.pret", "Document de convention disponible"
    COMMENTAIRE_OUVERT = "commentaire.ouvert", "Commentaire ouvert"
    COMMENTAIRE_RESOLU = "commentaire.resolu", "Commentaire résolu"
    MESSAGE = "message.nouveau", "Nouveau message"


class StatutLivraison(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    NOUVEL_ESSAI = "nouvel_essai", "Nouvel essai prévu"
    REUSSIE = "reussie", "Réussie"
    ECHEC = "echec", "Échec définitif"


def nouveau_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class AbonnementQuerySet(models.QuerySet):
    def actifs_pour(self, *, bailleur_id: int | None, administration_id: int | None, evenement: str):
        q = Q()
        if bailleur_id:
            q |= Q(bailleur_id=bailleur_id)
        if administration_id:
            q |= Q(administration_id=administration_id)
        if not q:
            return []
        # JSON "contains" is not available on SQLite: a handful of subscriptions, filtered in Python.
        return [a for a in self.filter(q, actif=True) if evenement in a.evenements]


class Abonnement(BaseModel):
    nom = models.CharField("nom", max_length=100)
    url = models.URLField("adresse de réception (URL)", max_length=500)
    secret = models.CharField("secret de signature", max_length=200, default=nouveau_secret)
    bailleur = models.ForeignKey(
        "users.Bailleur", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="bailleur"
    )
    administration = models.ForeignKey(
        "users.Administration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="administration",
    )
    evenements = models.JSONField("événements", default=list)
    actif = models.BooleanField("actif", default=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = "abonnement webhook"
        verbose_name_plural = "abonnements webhook"
        ordering = ["nom", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bailleur__isnull=False, administration__isnull=True)
                | Q(bailleur__isnull=True, administration__isnull=False),
                name="abonnement_une_organisation",
            )
        ]

    def __str__(self):
        return f"{self.nom} ({self.organisation})"

    @property
    def organisation(self):
        return self.bailleur or self.administration

    def evenements_labels(self) -> list[str]:
        return [Evenement(e).label for e in self.evenements if e in Evenement.values]


class Livraison(BaseModel):
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="livraisons")
    evenement = models.CharField("événement", max_length=40, choices=Evenement.choices)
    charge = models.JSONField("contenu envoyé")
    statut = models.CharField(
        "état", max_length=15, choices=StatutLivraison.choices, default=StatutLivraison.EN_ATTENTE, db_index=True
    )
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    code_reponse = models.PositiveSmallIntegerField("dernier code de réponse", null=True, blank=True)
    prochain_essai = models.DateTimeField("prochain essai", null=True, blank=True)
    livree_le = models.DateTimeField("livrée le", null=True, blank=True)
    rejouee_de = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="rejeu de"
    )

    class Meta:
        verbose_name = "livraison webhook"
        verbose_name_plural = "livraisons webhook"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["abonnement", "-cree_le"], name="livraison_abonnement_idx")]

    def __str__(self):
        return f"{self.evenement} → {self.abonnement.nom} ({self.get_statut_display()})"

    @property
    def charge_json(self) -> str:
        return json.dumps(self.charge, ensure_ascii=False, indent=2, sort_keys=True)


class Tentative(models.Model):
    livraison = models.ForeignKey(Livraison, on_delete=models.CASCADE, related_name="essais")
    numero = models.PositiveSmallIntegerField("n°")
    le = models.DateTimeField("le", auto_now_add=True)
    code_reponse = models.PositiveSmallIntegerField("code de réponse", null=True, blank=True)
    extrait_reponse = models.TextField("début de la réponse", blank=True)
    duree_ms = models.PositiveIntegerField("durée (ms)", default=0)
    erreur = models.CharField("erreur", max_length=500, blank=True)

    class Meta:
        verbose_name = "tentative de livraison"
        verbose_name_plural = "tentatives de livraison"
        ordering = ["livraison_id", "numero"]

    def __str__(self):
        return f"{self.livraison_id} #{self.numero}: {self.code_reponse or self.erreur}"

    @property
    def reussie(self) -> bool:
        return self.code_reponse is not None and 200 <= self.code_reponse < 300
