from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue d'instruction"

    def ready(self):
        from dialogue import signals

        signals.connect()
