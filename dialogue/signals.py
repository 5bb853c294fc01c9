"""A snapshot of the convention's data at each submission (first submission and return after corrections): the
workflow writes a journal entry for each; the snapshot is taken in the same transaction."""

from django.db.models.signals import post_save

from conventions.models import ConventionHistory

SUBMISSION_ACTIONS = frozenset({"soumettre", "renvoyer_instruction"})


def _on_journal(sender, instance: ConventionHistory, created: bool, **kwargs):
    if created and instance.action in SUBMISSION_ACTIONS:
        from dialogue.versions import record_submission

        record_submission(convention=instance.convention, user=instance.user)


def connect():
    post_save.connect(_on_journal, sender=ConventionHistory, dispatch_uid="dialogue_submission_snapshot")
