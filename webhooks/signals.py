"""Domain events → webhooks, without touching the apps that produce them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from conventions.enums import CommentaireStatut, DocumentStatut
from conventions.models import Comment, Convention, ConventionHistory
from webhooks.models import Evenement
from webhooks.services import emit


@receiver(post_save, sender=ConventionHistory, dispatch_uid="webhooks_statut")
def statut_modifie(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.statut != instance.statut_precedent:
        emit(
            Evenement.STATUT_MODIFIE,
            convention=instance.convention,
            donnees={"statut_precedent": instance.statut_precedent, "action": instance.action},
        )


@receiver(post_save, sender=Convention, dispatch_uid="webhooks_document")
def document_pret(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or instance.document_statut != DocumentStatut.PRET:
        return
    if update_fields is not None and "document_statut" not in update_fields:
        return
    emit(Evenement.DOCUMENT_PRET, convention=instance)


@receiver(post_save, sender=Comment, dispatch_uid="webhooks_comment")
def commentaire(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    donnees = {"commentaire": {"uuid": str(instance.uuid), "objet": instance.nom_objet, "champ": instance.champ_objet}}
    if created:
        emit(Evenement.COMMENTAIRE_OUVERT, convention=instance.convention, donnees=donnees)
    elif instance.statut == CommentaireStatut.RESOLU and update_fields and "resolu_le" in update_fields:
        # conventions.services.comments writes resolu_le exactly when a comment becomes resolved.
        emit(Evenement.COMMENTAIRE_RESOLU, convention=instance.convention, donnees=donnees)
