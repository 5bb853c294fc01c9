from django.contrib import admin

from loyers.models import IndiceEvolutionLoyer


@admin.register(IndiceEvolutionLoyer)
class IndiceEvolutionLoyerAdmin(admin.ModelAdmin):
    list_display = ("annee", "type_indice", "departement", "evolution", "source")
    list_filter = ("type_indice", "annee")
    search_fields = ("annee", "departement__code_insee", "departement__nom")
    autocomplete_fields = ()
    ordering = ("-annee", "type_indice", "departement__code_insee")
