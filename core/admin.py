from django.contrib import admin

from core.models import Departement


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    """Reference data, loaded from core/data/departements.json: read-only here."""

    list_display = ("code_insee", "nom", "code_postal", "code_insee_region")
    list_filter = ("code_insee_region",)
    search_fields = ("code_insee", "nom", "code_postal")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
