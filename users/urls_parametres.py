from django.urls import path

from users import views

urlpatterns = [
    path("", views.parametres_index, name="parametres"),
    path("profil/", views.profil, name="profil"),
    path("profil/mot-de-passe/", views.mot_de_passe, name="profil_mot_de_passe"),
    path("utilisateurs/", views.user_list, name="parametres_utilisateurs"),
    path("utilisateurs/nouveau/", views.user_create, name="parametres_utilisateur_nouveau"),
    path("utilisateurs/<str:username>/", views.user_detail, name="parametres_utilisateur"),
    path("utilisateurs/<str:username>/roles/", views.user_role_add, name="parametres_utilisateur_role_ajouter"),
    path(
        "utilisateurs/<str:username>/roles/<int:role_id>/retirer/",
        views.user_role_remove,
        name="parametres_utilisateur_role_retirer",
    ),
    path(
        "utilisateurs/<str:username>/administrateur/",
        views.user_account_admin,
        name="parametres_utilisateur_administrateur",
    ),
    path("utilisateurs/<str:username>/activation/", views.user_activation, name="parametres_utilisateur_activation"),
    path(
        "utilisateurs/<str:username>/bienvenue/",
        views.user_welcome_resend,
        name="parametres_utilisateur_bienvenue",
    ),
    path("bailleurs/", views.bailleur_list, name="parametres_bailleurs"),
    path("bailleurs/<uuid:uuid>/", views.bailleur_edit, name="parametres_bailleur"),
    path("administrations/", views.administration_list, name="parametres_administrations"),
    path("administrations/<uuid:uuid>/", views.administration_edit, name="parametres_administration"),
]
