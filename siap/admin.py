from django.contrib import admin

from siap.models import SiapCall


@admin.register(SiapCall)
class SiapCallAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "methode", "route", "login", "resultat", "statut_http", "duree_ms", "tentatives"]
    list_filter = ["resultat", "methode"]
    search_fields = ["route", "login", "message"]
    readonly_fields = [f.name for f in SiapCall._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
