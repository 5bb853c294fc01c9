from django.urls import path

from support.views import impersonation, operations, reassignment

app_name = "support"

urlpatterns = [
    path("", impersonation.index, name="index"),
    path("utilisateurs/", impersonation.utilisateurs, name="utilisateurs"),
    path("reaffectation/", reassignment.conventions, name="reaffectation_conventions"),
    path("reaffectation/delegation/", reassignment.delegation, name="reaffectation_delegation"),
    path("exploitation/", operations.tableau, name="exploitation"),
    path("exploitation/taches/<uuid:task_id>/relancer/", operations.relancer_tache, name="relancer_tache"),
    path("exports/", operations.exports_page, name="exports"),
]
