from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = "Conventions APL"

    def ready(self):
        from conventions import signals

        signals.connect()
