"""Settings pages ("Paramètres", reference §6.1): profile, users, organisations."""

from users.views.organisations import (
    administration_edit,
    administration_list,
    bailleur_edit,
    bailleur_list,
)
from users.views.profil import mot_de_passe, parametres_index, profil
from users.views.utilisateurs import (
    user_account_admin,
    user_activation,
    user_create,
    user_detail,
    user_list,
    user_role_add,
    user_role_remove,
    user_welcome_resend,
)

__all__ = [
    "administration_edit",
    "administration_list",
    "bailleur_edit",
    "bailleur_list",
    "mot_de_passe",
    "parametres_index",
    "profil",
    "user_account_admin",
    "user_activation",
    "user_create",
    "user_detail",
    "user_list",
    "user_role_add",
    "user_role_remove",
    "user_welcome_resend",
]
