from django.apps import AppConfig


class RepriseConfig(AppConfig):
    name = "reprise"
    verbose_name = "Reprise de données"
