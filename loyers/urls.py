from django.urls import path

from loyers import views

app_name = "loyers"

urlpatterns = [
    path("simulateur/", views.simulateur, name="simulateur"),
]
