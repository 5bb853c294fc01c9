from django.contrib import admin

from dialogue.models import Message, Notification, PieceJointe, ReponseCommentaire, Soumission


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0
    fields = ("nom", "fichier", "taille", "cree_le")
    readonly_fields = fields
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("convention", "auteur", "cree_le")
    raw_id_fields = ("convention", "auteur")
    inlines = [PieceJointeInline]


@admin.register(Soumission)
class SoumissionAdmin(admin.ModelAdmin):
    list_display = ("convention", "numero", "soumise_le", "soumise_par")
    raw_id_fields = ("convention", "soumise_par")
    readonly_fields = ("donnees",)


@admin.register(ReponseCommentaire)
class ReponseCommentaireAdmin(admin.ModelAdmin):
    list_display = ("commentaire", "auteur", "cree_le")
    raw_id_fields = ("commentaire", "auteur")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("destinataire", "texte", "cree_le", "lue_le")
    raw_id_fields = ("destinataire", "convention")
