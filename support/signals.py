"""Every impersonation is logged: who, whom, when, from where."""

from django.dispatch import receiver
from django.utils import timezone
from hijack.signals import hijack_ended, hijack_started

from core.client_ip import client_ip
from support.models import ImpersonationLog


@receiver(hijack_started, dispatch_uid="support_hijack_started")
def log_started(sender, hijacker, hijacked, request, **kwargs):
    log = ImpersonationLog.objects.create(
        hijacker=hijacker,
        hijacker_nom=str(hijacker)[:300],
        hijacked=hijacked,
        hijacked_nom=str(hijacked)[:300],
        adresse_ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    return log


@receiver(hijack_ended, dispatch_uid="support_hijack_ended")
def log_ended(sender, hijacker, hijacked, request, **kwargs):
    # login() flushes the session on each switch: the open log is found by its two users.
    log = (
        ImpersonationLog.objects.filter(hijacker=hijacker, hijacked=hijacked, fin__isnull=True)
        .order_by("-debut")
        .first()
    )
    if log is not None:
        ImpersonationLog.objects.filter(pk=log.pk).update(fin=timezone.now())
