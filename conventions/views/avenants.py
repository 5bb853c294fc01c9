"""After signature: avenants, dénonciation and résiliation starts, date corrections, the signed PDF and the
published act, and the « ajout simplifié » of a convention signed outside APiLos. Every view looks the
convention up through `visible_to` (404 out of scope), parses a DSFR form and calls one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conventions import perms, workflow
from conventions.enums import STATUTS_EN_VIGUEUR, ConventionStatut
from conventions.excel import imports as excel_imports
from conventions.forms.actions import AjoutSimplifieForm, AvenantCreateForm, DateCorrectionForm
from conventions.models import AvenantType, Convention
from conventions.services import avenants as service
from conventions.steps.registry import kind_of
from conventions.views.helpers import get_visible_convention, recap_url, step_url
from conventions.workflow import WorkflowError
from programmes.models import Lot

try:  # django-csp 4: let the recap frame the PDF (same origin only)
    from csp.constants import SELF
    from csp.decorators import csp_update
except ImportError:  # pragma: no cover
    csp_update = None


def type_choices(*, fin: bool = False, parent=None) -> list[tuple[str, str]]:
    """The types offered for an avenant of `parent` (those of its kind: foyer, résidence or ordinary)."""
    from conventions.steps.avenants import TYPES_AVENANT_ORDINAIRE, TYPES_FIN, types_for
    from conventions.steps.registry import kind_of

    if fin:
        wanted = TYPES_FIN
    else:
        wanted = types_for(kind_of(parent)) if parent is not None else TYPES_AVENANT_ORDINAIRE
    return [(t.nom, t.label) for t in AvenantType.objects.filter(nom__in=wanted)]


@require_POST
def avenant_create(request, uuid):
    """Create an avenant (or a dénonciation, a résiliation) of a signed convention, then open its first step."""
    parent = get_visible_convention(request, uuid)
    if not service.can_create_avenant(request.user, parent):
        raise PermissionDenied("Vous ne pouvez pas créer d'avenant sur cette convention.")
    fin = request.POST.get("types") in ("denonciation", "resiliation")
    form = AvenantCreateForm(request.POST, choices=type_choices(fin=fin, parent=parent))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(recap_url(parent) + "#avenants")
    try:
        avenant = service.create_avenant(
            parent=parent,
            user=request.user,
            types=form.cleaned_data["types"],
            commentaire=form.cleaned_data["commentaire"],
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect(recap_url(parent) + "#avenants")
    messages.success(request, f"{avenant.titre} créé(e) : complétez les informations qui changent.")
    kind = kind_of(avenant)
    first = next((s.slug for s in kind.editable_steps if s.slug in kind.open_slugs(avenant)), None)
    return redirect(step_url(avenant, first) if first else recap_url(avenant))


@require_POST
def date_correct(request, uuid, champ):
    convention = get_visible_convention(request, uuid)
    if champ not in workflow.DATES_CORRIGEABLES:
        raise Http404("Date inconnue")
    if not workflow.can_correct_date(request.user, convention, champ):
        raise PermissionDenied("Vous ne pouvez pas corriger cette date.")
    form = DateCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La date n'a pas été corrigée : saisissez une date valide.")
        return redirect(recap_url(convention) + "#apres-signature")
    try:
        workflow.correct_date(convention=convention, user=request.user, field=champ, value=form.cleaned_data["date"])
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "La date est corrigée ; la correction figure dans le journal.")
    return redirect(recap_url(convention) + "#apres-signature")


def _serve_pdf(fieldfile, filename: str, *, inline: bool):
    if not fieldfile.name:
        raise Http404("Aucun document déposé")
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Fichier introuvable") from exc
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _framable(view):
    view = xframe_options_sameorigin(view)
    return csp_update({"frame-ancestors": [SELF]})(view) if csp_update else view


@require_GET
@_framable
def fichier_signe(request, uuid):
    """The signed PDF, for everyone who sees the convention; `?apercu=1` for the in-page preview."""
    convention = get_visible_convention(request, uuid)
    nom = f"{(convention.numero or convention.titre).replace('/', '-')}_signee.pdf"
    return _serve_pdf(convention.fichier_signe, nom, inline=request.GET.get("apercu") == "1")


@require_GET
@_framable
def fichier_publication(request, uuid):
    convention = get_visible_convention(request, uuid)
    nom = f"{(convention.numero or convention.titre).replace('/', '-')}_publication.pdf"
    return _serve_pdf(convention.fichier_publication, nom, inline=request.GET.get("apercu") == "1")


def lots_for_ajout(user):
    """Lots the user may register a signed convention on: in scope, originals, without an active convention."""
    active = Convention.objects.filter(lot=OuterRef("pk")).exclude(statut=ConventionStatut.ANNULEE)
    return [
        lot
        for lot in Lot.objects.visible_to(user)
        .originals()
        .select_related("programme", "programme__bailleur", "programme__administration")
        .annotate(occupe=Exists(active))
        .filter(occupe=False)
        .order_by("programme__nom", "financement", "pk")[:500]
        if perms.can_create_convention_for(user, lot.programme)
    ]


def _logements_importes(form) -> tuple[list[dict] | None, list[str]]:
    """The dwellings of the optional Excel table of the ajout simplifié (rows, errors); errors go on the form."""
    upload = form.files.get("fichier_logements") if form.is_bound else None
    if upload is None:
        return None, []
    result = excel_imports.import_table("logements", upload, convention=None)
    errors = [f"Tableau des logements : {error}" for error in result.errors]
    if not errors and not result.rows:
        errors = ["Tableau des logements : le fichier ne contient aucun logement."]
    for error in errors:
        form.add_error(None, error)
    return (list(result.rows) if not errors else None), errors


@require_http_methods(["GET", "POST"])
def ajout_simplifie(request):
    """Register a convention signed outside APiLos, so that it may receive avenants (reference §15.2)."""
    if not perms.can_create_convention(request.user):
        raise PermissionDenied("Vous ne pouvez pas enregistrer de convention.")
    lots = lots_for_ajout(request.user)
    form = AjoutSimplifieForm(request.POST or None, request.FILES or None, lots=lots)
    if request.method == "POST":
        logements, import_errors = _logements_importes(form)
        if form.is_valid() and not import_errors:
            data = form.cleaned_data
            try:
                convention = service.ajout_simplifie(
                    lot=data["lot"],
                    user=request.user,
                    numero=data["numero"],
                    date_signature=data["date_signature"],
                    fichier_signe=data["fichier_signe"],
                    nb_logements=data["nb_logements"],
                    date_publication=data["date_publication"],
                    reference_publication=data["reference_publication"],
                    logements=logements,
                )
            except WorkflowError as exc:
                form.add_error(None, exc.message)
                for error in exc.errors:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Convention n° {convention.numero} enregistrée. Vous pouvez compléter ses logements "
                    "(import Excel possible) au moyen d'un avenant, ou créer un avenant.",
                )
                return redirect(recap_url(convention))
    return render(
        request,
        "conventions/ajout_simplifie.html",
        {
            "form": form,
            "page_title": "Ajouter une convention signée",
            "aucun_lot": not lots,
            "tableur_possible": request.user.is_instructeur() or request.user.is_superuser,
        },
    )


def avenant_panel(user, convention: Convention) -> dict:
    """The « Avenants » section of a convention's recap: signed versions, avenants, what the user may start."""
    parent = convention.parent if convention.is_avenant else convention
    avenants = list(parent.avenants.all())
    may_create = service.can_create_avenant(user, parent)
    # Queries only where an avenant could start (signed or published convention, a user who may create).
    refusal = workflow.avenant_refusal(parent) if may_create and parent.statut in STATUTS_EN_VIGUEUR else ""
    may_create = may_create and not refusal and not convention.is_avenant and parent.statut in STATUTS_EN_VIGUEUR
    return {
        "parent": parent,
        "avenants": sorted(avenants, key=lambda a: (a.numero_avenant or 10_000, a.cree_le)),
        "versions": service.signed_versions(parent),
        "may_create": may_create,
        "refusal": refusal,
        "create_url": reverse("conventions:avenant_create", args=[parent.uuid]),
        "type_choices": type_choices(parent=parent) if may_create else [],
    }
