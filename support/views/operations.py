import logging
import uuid as uuid_lib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_POST
from django_tasks.base import Task

from core.models import Departement
from support import dashboard, exports
from support.views.common import national_team_required

logger = logging.getLogger("apilos.support")


@require_GET
@national_team_required
def tableau(request):
    return render(
        request,
        "support/exploitation.html",
        {
            "page_title": "Exploitation de la plateforme",
            "file": dashboard.job_queue(),
            "livraisons": dashboard.webhook_deliveries(),
            "siap_appels": dashboard.siap_calls(),
            "emails": dashboard.email_failures(),
            "documents": dashboard.document_errors(),
        },
    )


@require_POST
@national_team_required
def relancer_tache(request, task_id: uuid_lib.UUID):
    """Enqueue a failed task again with the same arguments (the failed row stays, for the record)."""
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.failed().filter(pk=task_id).first()
    if result is None:
        raise Http404("Tâche en échec introuvable.")
    try:
        task = import_string(result.task_path)
    except ImportError:
        task = None
    if not isinstance(task, Task):
        messages.error(
            request, f"La tâche « {result.task_path} » n'existe plus dans le code : impossible de la relancer."
        )
        return redirect("support:exploitation")
    arguments = result.args_kwargs or {}
    try:
        # Same queue and priority, to run now, on the backend configured today.
        task.using(queue_name=result.queue_name, priority=result.priority).enqueue(
            *arguments.get("args", []), **arguments.get("kwargs", {})
        )
    except Exception:
        logger.exception("Relance de la tâche %s impossible", result.pk)
        messages.error(request, "La tâche n'a pas pu être remise en file ; le détail est dans les journaux du serveur.")
        return redirect("support:exploitation")
    messages.success(request, f"La tâche « {result.task_path} » a été remise en file.")
    return redirect("support:exploitation")


@require_GET
@national_team_required
def exports_page(request):
    code = request.GET.get("departement", "").strip()
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in ("csv", "xlsx"):
            raise Http404("Format inconnu.")
        if code and not Departement.objects.filter(code_insee=code).exists():
            messages.error(request, f"Département « {code} » inconnu.")
            return redirect("support:exports")
        queryset = exports.conventions_du_departement(code or None)
        stamp = timezone.localdate().isoformat()
        name = f"conventions-{code or 'france'}-{stamp}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(queryset), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                exports.to_xlsx(queryset),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "support/exports.html",
        {"page_title": "Exports nationaux", "departements": Departement.objects.all(), "max_rows": exports.MAX_ROWS},
    )
