from django.apps import AppConfig


class LoyersConfig(AppConfig):
    name = "loyers"
    verbose_name = "Révision des loyers"
