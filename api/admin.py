from django.contrib import admin
from django.utils import timezone

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only view of the API keys (the key itself is never stored); revocation after a leak."""

    list_display = ["nom", "prefixe", "user", "cree_le", "derniere_utilisation_le", "revoque_le"]
    list_filter = [("revoque_le", admin.EmptyFieldListFilter)]
    search_fields = ["nom", "prefixe", "user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "nom", "prefixe", "cree_le", "derniere_utilisation_le", "revoque_le"]
    exclude = ["empreinte"]
    actions = ["revoquer"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les clés sélectionnées")
    def revoquer(self, request, queryset):
        count = queryset.filter(revoque_le__isnull=True).update(revoque_le=timezone.now())
        self.message_user(request, f"{count} clé(s) révoquée(s).")
