"""The ten steps of a convention: /conventions/<uuid>/<etape>/ (name "conventions:etape")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from conventions.views.helpers import get_visible_convention, recap_url
from conventions.views.steps.page import StepPage
from conventions.views.steps.pages import STEP_PAGES

__all__ = ["STEP_PAGES", "convention_step"]


@require_http_methods(["GET", "POST"])
def convention_step(request, uuid, etape):
    step = STEP_PAGES.get(etape)
    if step is None and etape != "recapitulatif":
        raise Http404("Étape inconnue")
    convention = get_visible_convention(request, uuid)
    if step is None:
        return redirect(recap_url(convention))
    page = StepPage(request, convention, step)
    if request.method == "POST":
        if not page.edition.anything:
            raise PermissionDenied("Vous ne pouvez pas modifier cette convention.")
        return page.post()
    return page.get()
