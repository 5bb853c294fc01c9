from django.apps import AppConfig


class SiapConfig(AppConfig):
    name = "siap"
    verbose_name = "Intégration SIAP"
    default_auto_field = "django.db.models.BigAutoField"
