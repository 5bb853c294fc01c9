from django.urls import path

from siap import views

urlpatterns = [
    path("operations/<str:numero_operation>", views.operation, name="siap_operation"),
    path("conventions/recherche", views.conventions_recherche, name="siap_conventions_recherche"),
    path("comptes/sso/cerbere/", views.cerbere_login, name="cerbere_login"),
    path("comptes/sso/proconnect/", views.proconnect_login, name="oidc_authentication_init"),
    path("comptes/sso/proconnect/retour/", views.proconnect_callback, name="oidc_authentication_callback"),
    path("comptes/sso/deconnexion/", views.sso_logout, name="sso_logout"),
    path("comptes/habilitation/", views.habilitations, name="siap_habilitations"),
]
