from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/secret/", views.secret, name="secret"),
    path("<uuid:uuid>/supprimer/", views.supprimer, name="supprimer"),
    path("<uuid:uuid>/livraisons/<uuid:livraison_uuid>/", views.livraison, name="livraison"),
    path("<uuid:uuid>/livraisons/<uuid:livraison_uuid>/rejouer/", views.rejouer, name="rejouer"),
]
