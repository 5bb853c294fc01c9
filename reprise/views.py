import datetime
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from dsfr.forms import DsfrBaseForm

from conventions import perms
from conventions.excel.modeles import XLSX_CONTENT_TYPE
from conventions.workflow import WorkflowError
from reprise import modele, tableur

SESSION_KEY = "reprise_ajouts_tableur"


class TableurForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier Excel (.xlsx)",
        help_text="Une ligne par convention signée, les en-têtes en ligne 1 (voir les colonnes ci-dessous).",
    )


def _serialisable(lignes):
    out = []
    for ligne in lignes:
        row = {k: v for k, v in ligne.items() if k != "_cellules"}
        for key in ("date_signature", "date_publication"):
            row[key] = row[key].isoformat() if row.get(key) else None
        out.append(row)
    return out


def _relues(lignes):
    for ligne in lignes:
        for key in ("date_signature", "date_publication"):
            ligne[key] = datetime.date.fromisoformat(ligne[key]) if ligne.get(key) else None
    return lignes


def _verifier_droit(user) -> None:
    if not (perms.can_create_convention(user) and (user.is_instructeur() or user.is_superuser)):
        raise PermissionDenied("Seuls les instructeurs peuvent enregistrer des conventions par tableur.")


@require_http_methods(["GET"])
def ajouts_tableur_modele(request):
    """The empty Excel template of the spreadsheet (no data: the same right as the page)."""
    _verifier_droit(request.user)
    response = HttpResponse(modele.contenu(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{modele.FICHIER}"'
    return response


@require_http_methods(["GET", "POST"])
def ajouts_tableur(request):
    """An instructeur registers, from one spreadsheet, conventions signed outside APiLos: read, review, save."""
    _verifier_droit(request.user)
    form = TableurForm(request.POST or None, request.FILES or None)
    context = {"form": form, "colonnes": tableur.COLONNES, "page_title": "Ajouter des conventions signées par tableur"}
    if request.method == "POST" and request.POST.get("jeton"):
        pending = request.session.get(SESSION_KEY) or {}
        if pending.get("jeton") != request.POST["jeton"]:
            messages.error(request, "Cette relecture a expiré : téléversez le fichier à nouveau.")
            return redirect(reverse("conventions:ajouts_tableur"))
        try:
            conventions = tableur.enregistrer(lignes=_relues(pending["lignes"]), user=request.user)
        except WorkflowError as exc:
            context["erreurs"] = [exc.message, *exc.errors]
            return render(request, "reprise/ajouts_tableur.html", context)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, f"{len(conventions)} convention(s) signée(s) enregistrée(s).")
        return redirect(reverse("conventions:list"))
    if request.method == "POST" and form.is_valid():
        lecture = tableur.lire(form.cleaned_data["fichier"], user=request.user)
        context["erreurs"] = lecture.erreurs
        if lecture.ok:
            jeton = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {"jeton": jeton, "lignes": _serialisable(lecture.lignes)}
            context.update(lignes=lecture.lignes, jeton=jeton)
    return render(request, "reprise/ajouts_tableur.html", context)
