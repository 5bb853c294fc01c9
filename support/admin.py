from django.contrib import admin

from support.models import ImpersonationLog


@admin.register(ImpersonationLog)
class ImpersonationLogAdmin(admin.ModelAdmin):
    """Read-only: the trace of support sessions can be consulted, never altered."""

    list_display = ("debut", "fin", "hijacker_nom", "hijacked_nom", "adresse_ip")
    list_filter = ("debut",)
    search_fields = ("hijacker_nom", "hijacked_nom", "adresse_ip")
    date_hierarchy = "debut"
    readonly_fields = [f.name for f in ImpersonationLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
