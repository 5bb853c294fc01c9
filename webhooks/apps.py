from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks des partenaires"

    def ready(self):
        from webhooks import signals  # noqa: F401
