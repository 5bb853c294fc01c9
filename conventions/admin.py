"""Django admin for the national team. The status of a convention never changes here: only through
conventions.workflow (the admin actions below call its services, which check, lock and write the history)."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from conventions import workflow
from conventions.models import (
    AbonnementResume,
    Comment,
    Convention,
    ConventionHistory,
    DelaiTraitement,
    FiltreEnregistre,
    Pret,
    UploadedFile,
)

TIMESTAMPS = ("uuid", "cree_le", "mis_a_jour_le")
# Set by the workflow (status, dates, number) or by the document job: never typed by hand.
WORKFLOW_FIELDS = (
    "statut",
    "numero",
    "premiere_soumission_le",
    "soumis_le",
    "valide_le",
    "date_signature",
    "date_publication",
    "reference_publication",
    "fichier_signe",
    "cree_par",
    "donnees_validees",
    "document_statut",
    "document_fichier",
    "document_erreur",
    "document_genere_le",
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryInline(ReadOnlyInline):
    model = ConventionHistory
    fields = ("cree_le", "statut_precedent", "statut", "action", "user", "commentaire")
    readonly_fields = fields


class PretInline(admin.TabularInline):
    model = Pret
    extra = 0
    fields = ("preteur", "autre", "date_octroi", "numero", "duree", "montant")


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "numero", "statut", "bailleur_nom", "administration_nom", "mis_a_jour_le")
    list_filter = ("statut", "document_statut", "lot__financement", "type1and2", "programme__code_insee_departement")
    search_fields = (
        "numero",
        "programme__nom",
        "programme__numero_operation",
        "programme__ville",
        "programme__bailleur__nom",
        "programme__bailleur__siret",
        "programme__administration__nom",
    )
    list_select_related = ("programme", "programme__bailleur", "programme__administration", "lot")
    raw_id_fields = ("programme", "lot")
    readonly_fields = (*TIMESTAMPS, *WORKFLOW_FIELDS)
    date_hierarchy = "cree_le"
    inlines = [PretInline, HistoryInline]
    actions = ["annuler", "reactiver"]

    @admin.display(description="bailleur", ordering="programme__bailleur__nom")
    def bailleur_nom(self, obj):
        return obj.programme.bailleur.nom

    @admin.display(description="administration", ordering="programme__administration__nom")
    def administration_nom(self, obj):
        return obj.programme.administration.nom if obj.programme.administration else "—"

    def has_add_permission(self, request):
        return False  # a convention is created from an operation, in the application

    def has_delete_permission(self, request, obj=None):
        return False  # deletion is a workflow action (conventions.workflow.convention_delete)

    def _run(self, request, queryset, service, done: str):
        succeeded = 0
        for convention in queryset:
            try:
                service(convention=convention, user=request.user)
            except workflow.WorkflowError as exc:
                self.message_user(request, f"{convention} : {exc}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} convention(s) {done}.", messages.SUCCESS)

    @admin.action(description="Annuler les conventions sélectionnées (selon le circuit de validation)")
    def annuler(self, request, queryset):
        self._run(request, queryset, workflow.convention_cancel, "annulée(s)")

    @admin.action(description="Réactiver les conventions annulées sélectionnées")
    def reactiver(self, request, queryset):
        self._run(request, queryset, workflow.convention_reactivate, "réactivée(s)")


@admin.register(ConventionHistory)
class ConventionHistoryAdmin(admin.ModelAdmin):
    """An audit trail: read only, for everyone."""

    list_display = ("cree_le", "convention", "statut_precedent", "statut", "action", "user")
    list_filter = ("statut", "action")
    search_fields = ("convention__numero", "convention__programme__nom", "user__username", "commentaire")
    list_select_related = ("convention", "convention__programme", "convention__lot", "user")
    date_hierarchy = "cree_le"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pret)
class PretAdmin(SimpleHistoryAdmin):
    list_display = ("convention", "preteur", "numero", "date_octroi", "duree", "montant")
    list_filter = ("preteur",)
    search_fields = ("numero", "autre", "convention__numero", "convention__programme__nom")
    raw_id_fields = ("convention",)
    readonly_fields = TIMESTAMPS


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("convention", "nom_objet", "champ_objet", "statut", "user", "cree_le")
    list_filter = ("statut", "nom_objet")
    search_fields = ("message", "champ_objet", "convention__numero", "convention__programme__nom", "user__username")
    raw_id_fields = ("convention", "user")
    readonly_fields = (*TIMESTAMPS, "resolu_le", "clos_le")


@admin.register(UploadedFile)
class UploadedFileAdmin(admin.ModelAdmin):
    list_display = ("nom", "convention", "champ", "content_type", "taille", "cree_le")
    list_filter = ("content_type",)
    search_fields = ("nom", "champ", "convention__numero", "convention__programme__nom")
    raw_id_fields = ("convention", "televerse_par")
    readonly_fields = (*TIMESTAMPS, "taille", "content_type")


@admin.register(DelaiTraitement)
class DelaiTraitementAdmin(admin.ModelAdmin):
    """Thresholds of « À traiter » per administration (national defaults: conventions.queue.DELAIS_NATIONAUX)."""

    list_display = ("administration", "statut", "jours")
    list_filter = ("statut",)
    search_fields = ("administration__nom", "administration__code")
    autocomplete_fields = ("administration",)


@admin.register(FiltreEnregistre)
class FiltreEnregistreAdmin(admin.ModelAdmin):
    list_display = ("nom", "user", "parametres", "cree_le")
    list_filter = ("cree_le",)
    search_fields = ("nom", "user__username", "user__email")
    raw_id_fields = ("user",)


@admin.register(AbonnementResume)
class AbonnementResumeAdmin(admin.ModelAdmin):
    list_display = ("user", "cree_le", "dernier_envoi_le")
    list_filter = ("dernier_envoi_le",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
