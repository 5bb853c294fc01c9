from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import (
    Annexe,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)

TIMESTAMPS = ("uuid", "cree_le", "mis_a_jour_le")


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ("financement", "nb_logements", "type_habitat")
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "numero_operation", "bailleur", "administration", "ville", "code_postal", "type_operation")
    list_filter = ("type_operation", "nature_logement", "zone_123", "zone_abc", "anru", "code_insee_region")
    search_fields = ("nom", "numero_operation", "ville", "code_postal", "bailleur__nom", "administration__nom")
    autocomplete_fields = ("bailleur", "administration")
    list_select_related = ("bailleur", "administration")
    readonly_fields = (*TIMESTAMPS, "date_achevement_compile")
    inlines = [LotInline]


@admin.register(Lot)
class LotAdmin(SimpleHistoryAdmin):
    list_display = ("programme", "financement", "nb_logements", "type_habitat")
    list_filter = ("financement", "type_habitat")
    search_fields = ("programme__nom", "programme__numero_operation")
    autocomplete_fields = ("programme",)
    list_select_related = ("programme",)
    readonly_fields = TIMESTAMPS


@admin.register(Logement)
class LogementAdmin(SimpleHistoryAdmin):
    list_display = ("designation", "lot", "typologie", "surface_utile", "loyer")
    list_filter = ("typologie", "lot__financement")
    search_fields = ("designation", "lot__programme__nom")
    raw_id_fields = ("lot",)
    list_select_related = ("lot", "lot__programme")
    readonly_fields = TIMESTAMPS


@admin.register(Annexe)
class AnnexeAdmin(SimpleHistoryAdmin):
    list_display = ("logement", "typologie", "surface_hors_surface_retenue", "loyer")
    list_filter = ("typologie",)
    search_fields = ("logement__designation", "logement__lot__programme__nom")
    raw_id_fields = ("logement",)
    readonly_fields = TIMESTAMPS


@admin.register(TypeStationnement)
class TypeStationnementAdmin(SimpleHistoryAdmin):
    list_display = ("lot", "typologie", "nb_stationnements", "loyer")
    list_filter = ("typologie",)
    search_fields = ("lot__programme__nom",)
    raw_id_fields = ("lot",)
    readonly_fields = TIMESTAMPS


@admin.register(LogementEDD)
class LogementEDDAdmin(SimpleHistoryAdmin):
    list_display = ("designation", "programme", "financement", "numero_lot")
    list_filter = ("financement",)
    search_fields = ("designation", "numero_lot", "programme__nom")
    raw_id_fields = ("programme",)
    readonly_fields = TIMESTAMPS


@admin.register(ReferenceCadastrale)
class ReferenceCadastraleAdmin(SimpleHistoryAdmin):
    list_display = ("programme", "section", "numero", "lieudit", "surface")
    list_filter = ("section",)
    search_fields = ("section", "numero", "lieudit", "programme__nom")
    raw_id_fields = ("programme",)
    readonly_fields = TIMESTAMPS
