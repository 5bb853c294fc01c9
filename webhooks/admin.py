from django.contrib import admin

from webhooks.models import Abonnement, Livraison, Tentative


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ("nom", "bailleur", "administration", "url", "actif")
    list_filter = ("actif",)
    search_fields = ("nom", "url", "bailleur__nom", "administration__nom")
    raw_id_fields = ("bailleur", "administration", "cree_par")
    exclude = ("secret",)


class TentativeInline(admin.TabularInline):
    model = Tentative
    extra = 0
    can_delete = False
    readonly_fields = ("numero", "le", "code_reponse", "duree_ms", "erreur", "extrait_reponse")


@admin.register(Livraison)
class LivraisonAdmin(admin.ModelAdmin):
    list_display = ("cree_le", "abonnement", "evenement", "statut", "tentatives", "code_reponse")
    list_filter = ("statut", "evenement")
    readonly_fields = [f.name for f in Livraison._meta.fields]
    inlines = [TentativeInline]

    def has_add_permission(self, request):
        return False
