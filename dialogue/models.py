"""The instruction dialogue (issue 19): what was submitted each time (to show what changed), the conversation of
a convention with its attachments and read markers, replies to field comments, in-app notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from conventions.models import Comment, Convention, sanitize_filename
from core.models import BaseModel


class Soumission(models.Model):
    """The data of a convention as it was submitted (first submission and each return after corrections): the
    versions the instructeur compares. `donnees` is dialogue.versions.snapshot() (display values per step)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="soumissions")
    numero = models.PositiveSmallIntegerField("numéro")
    soumise_le = models.DateTimeField("soumise le", default=timezone.now)
    soumise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    donnees = models.JSONField("données soumises", default=dict)

    class Meta:
        verbose_name = "soumission"
        verbose_name_plural = "soumissions"
        ordering = ["convention_id", "numero"]
        constraints = [models.UniqueConstraint(fields=["convention", "numero"], name="soumission_numero_unique")]

    def __str__(self):
        return f"{self.convention_id} : soumission n° {self.numero}"

    @property
    def libelle(self) -> str:
        moment = timezone.localtime(self.soumise_le)
        premiere = "Première soumission" if self.numero == 1 else f"Soumission n° {self.numero}"
        return f"{premiere} du {moment:%d/%m/%Y à %H:%M}"


class SoumissionVue(models.Model):
    """The last submission a user has looked at (« Ce qui a changé »): the next time, the page starts from it."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    numero = models.PositiveSmallIntegerField("dernière soumission vue")

    class Meta:
        verbose_name = "soumission vue"
        verbose_name_plural = "soumissions vues"
        constraints = [models.UniqueConstraint(fields=["convention", "user"], name="soumission_vue_unique")]

    def __str__(self):
        return f"{self.user_id} → {self.convention_id} : n° {self.numero}"


class Message(BaseModel):
    """A message of the conversation between the bailleur and the instruction service on one convention."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="auteur"
    )
    texte = models.TextField("message", max_length=5000)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["cree_le", "id"]
        indexes = [models.Index(fields=["convention", "cree_le"], name="message_convention_date_idx")]

    def __str__(self):
        return self.texte[:60]


def piece_jointe_path(instance: "PieceJointe", filename: str) -> str:
    return f"conventions/{instance.message.convention.uuid}/messages/{instance.uuid}_{sanitize_filename(filename)}"


class PieceJointe(BaseModel):
    """A file attached to a message; served only by a view that checks the convention's scope."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="pieces_jointes")
    fichier = models.FileField("fichier", upload_to=piece_jointe_path, max_length=500)
    nom = models.CharField("nom", max_length=255)
    content_type = models.CharField("type", max_length=255, blank=True)
    taille = models.PositiveIntegerField("taille (octets)", default=0)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["id"]

    def __str__(self):
        return self.nom


class Lecture(models.Model):
    """Up to when a user has read the conversation of a convention: the messages after it are unread."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lu_le = models.DateTimeField("lu jusqu'au")

    class Meta:
        verbose_name = "lecture de la conversation"
        verbose_name_plural = "lectures des conversations"
        constraints = [models.UniqueConstraint(fields=["convention", "user"], name="lecture_unique")]

    def __str__(self):
        return f"{self.user_id} → {self.convention_id} : {self.lu_le}"


class ReponseCommentaire(BaseModel):
    """An answer in the thread of a field comment (the bailleur explains, the instructeur answers)."""

    commentaire = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reponses")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texte = models.TextField("réponse", max_length=5000)

    class Meta:
        verbose_name = "réponse à un commentaire"
        verbose_name_plural = "réponses aux commentaires"
        ordering = ["cree_le", "id"]

    def __str__(self):
        return self.texte[:60]


class Notification(BaseModel):
    """An in-app notification: a new message, a reply to a comment. Counted in the header until read."""

    destinataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    texte = models.CharField("texte", max_length=500)
    lien = models.CharField("lien", max_length=500, blank=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["destinataire", "lue_le"], name="notification_non_lue_idx")]

    def __str__(self):
        return self.texte[:60]
