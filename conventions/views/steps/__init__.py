"""The steps of a convention (conventions.steps.registry): /conventions/<uuid>/<etape>/ (name "conventions:etape")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from conventions.links import RECAP
from conventions.steps.registry import kind_of
from conventions.views.helpers import get_visible_convention, recap_url
from conventions.views.steps.engine import StepPage

__all__ = ["convention_step"]


@require_http_methods(["GET", "POST"])
def convention_step(request, uuid, etape):
    convention = get_visible_convention(request, uuid)
    step = kind_of(convention).step(etape)
    if step is None:
        raise Http404("Étape inconnue")
    if step.slug == RECAP:
        return redirect(recap_url(convention))
    page = StepPage(request, convention, step)
    if request.method == "POST":
        if not page.edition.anything:
            raise PermissionDenied("Vous ne pouvez pas modifier cette convention.")
        return page.post()
    return page.get()
