from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from users.models import Administration, Bailleur, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ("typologie", "bailleur", "administration", "group", "perimetre_region", "perimetre_departement")
    autocomplete_fields = ("bailleur", "administration")


class ApilosUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User  # Django's forms are bound to auth.User, not to the swapped model


class ApilosUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are deactivated, never deleted: the convention history, comments and files name them."""

    list_display = ("username", "email", "first_name", "last_name", "administrateur_de_compte", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "administrateur_de_compte", "roles__typologie")
    search_fields = (
        "username",
        "email",
        "first_name",
        "last_name",
        "roles__bailleur__nom",
        "roles__administration__nom",
    )
    ordering = ("username",)
    form = ApilosUserChangeForm
    add_form = ApilosUserCreationForm
    add_fieldsets = ((None, {"fields": ("username", "email", "usable_password", "password1", "password2")}),)
    inlines = [RoleInline]
    filter_horizontal = ("filtre_departements",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "email", "telephone")}),
        ("Préférences", {"fields": ("preferences_email", "filtre_departements")}),
        (
            "Droits",
            {"fields": ("is_active", "administrateur_de_compte", "is_staff", "is_superuser")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    actions = ["desactiver", "reactiver"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []  # roles are given once the account exists

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser hands out staff or superuser rights.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser"]
        return readonly

    @admin.action(description="Désactiver les comptes sélectionnés (l'historique est conservé)")
    def desactiver(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, f"{count} compte(s) désactivé(s).", messages.SUCCESS)

    @admin.action(description="Réactiver les comptes sélectionnés")
    def reactiver(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"{count} compte(s) réactivé(s).", messages.SUCCESS)


@admin.register(Bailleur)
class BailleurAdmin(SimpleHistoryAdmin):
    list_display = ("nom", "siret", "sous_nature", "ville", "code_postal")
    list_filter = ("sous_nature",)
    search_fields = ("nom", "siret", "ville", "code_postal")
    readonly_fields = ("uuid", "cree_le", "mis_a_jour_le")


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ("nom", "code", "ville", "ville_signature", "nb_convention_exemplaires")
    list_filter = ("nb_convention_exemplaires",)
    search_fields = ("nom", "code", "ville", "ville_signature")
    readonly_fields = ("uuid", "cree_le", "mis_a_jour_le")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "typologie",
        "bailleur",
        "administration",
        "group",
        "perimetre_region",
        "perimetre_departement",
    )
    list_filter = ("typologie", "group")
    search_fields = ("user__username", "user__email", "bailleur__nom", "bailleur__siret", "administration__nom")
    autocomplete_fields = ("user", "bailleur", "administration")
    list_select_related = ("user", "bailleur", "administration", "group")
