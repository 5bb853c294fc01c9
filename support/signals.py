"""Every impersonation is logged: who, whom, when, from where."""

from django.dispatch import receiver
from django.utils import timezone
from hijack.signals import hijack_ended, hijack_started

from support.ip import client_ip
from support.models import ImpersonationLog

SESSION_KEY = "support_impersonation_logs"


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
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), log.pk]


@receiver(hijack_ended, dispatch_uid="support_hijack_ended")
def log_ended(sender, hijacker, hijacked, request, **kwargs):
    stack = list(request.session.get(SESSION_KEY, []))
    if stack:
        ImpersonationLog.objects.filter(pk=stack.pop(), fin__isnull=True).update(fin=timezone.now())
        request.session[SESSION_KEY] = stack
