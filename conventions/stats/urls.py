from django.urls import path

from conventions.stats import views

urlpatterns = [
    path("", views.statistiques, name="statistiques"),
]
