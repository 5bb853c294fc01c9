from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support et exploitation"

    def ready(self):
        from support import signals  # noqa: F401
