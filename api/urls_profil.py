"""The API-key actions of the profile page, mounted under /parametres/ next to users.urls_parametres."""

from django.urls import path

from api import profile

urlpatterns = [
    path("profil/cles-api/", profile.api_token_create, name="profil_cle_api_creer"),
    path("profil/cles-api/<uuid:uuid>/revoquer/", profile.api_token_revoke, name="profil_cle_api_revoquer"),
]
