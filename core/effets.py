"""Side effects of background jobs done once, whatever happens to the worker (idempotence).

A job may run again: its worker was killed mid-way and the job requeued (core/worker_recovery.py), or a slow
job was requeued while its first run was still going. `une_seule_fois(cle, action)` runs `action` inside a
transaction that first records `cle` (unique): a concurrent run waits on that row and then skips; a run after
a crash finds it and skips; a run whose transaction did not commit (crash inside `action`) did not record it,
so the effect is done again. Database writes in `action` are therefore done exactly once. For an e-mail the
only remaining window is a crash between the SMTP server accepting the message and the commit (milliseconds):
the message would be sent again rather than lost."""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from core.models import EffetRealise


def deja_realise(cle: str) -> bool:
    return EffetRealise.objects.filter(cle=cle).exists()


def une_seule_fois(cle: str, action: Callable[[], object]) -> bool:
    """Run `action` unless the effect `cle` is already done; True when it ran now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                EffetRealise.objects.create(cle=cle)
        except IntegrityError:
            return False
        action()
    return True
