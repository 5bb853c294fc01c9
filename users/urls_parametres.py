from django.urls import path

from users import views

urlpatterns = [
    path("profil/", views.profil, name="profil"),
]
