from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_avenant_types(sender, **kwargs):
    """The avenant types are reference data declared in conventions/avenant_types.py: kept in the table after
    every migrate, and after a flush (tests that empty the database) — not only by the data migration."""
    from conventions.avenant_types import sync_avenant_types

    sync_avenant_types()


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = "Conventions APL"

    def ready(self):
        from conventions import signals

        signals.connect()
        post_migrate.connect(_sync_avenant_types, sender=self, dispatch_uid="conventions_avenant_types")
