from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from conventions import perms, rules, workflow
from conventions.documents.contexte import charger_annexes
from conventions.documents.etat import document_state
from conventions.documents.modeles import parents_seconde_vie
from conventions.enums import STATUTS_VALIDES, TYPE2_OPTIONS, CommentaireStatut, ConventionStatut
from conventions.forms.actions import DateCorrectionForm, Type1and2Form
from conventions.links import RECAP
from conventions.models import Convention
from conventions.selectors import (
    annexes_resume,
    comments_by_key,
    edd_resume,
    logements_par_typologie,
    logements_totaux,
    recap_convention,
)
from conventions.services import seconde_vie
from conventions.services.type_convention import convention_set_type1and2
from conventions.steps.base import Step
from conventions.steps.registry import kind_of
from conventions.views.actions import action_forms
from conventions.views.avenants import avenant_panel
from conventions.views.helpers import get_visible_convention, recap_url, step_url
from conventions.workflow import WorkflowError
from programmes.models import ANNEXE_FLAGS


def _edit_links(user, convention, kind) -> dict[str, str]:
    """block (step slug) → URL of its step, for the blocks this user may modify now: every block when the whole
    convention is editable, else (corrections) the blocks of the steps showing a commented field."""
    if perms.can_edit(user, convention):
        slugs = [step.slug for step in kind.editable_steps]
    else:
        keys = perms.editable_comment_keys(user, convention)
        slugs = {kind.comment_step(*(key.split("__") + [""])[:2]) for key in keys} - {RECAP}
    # An avenant: only the steps its types open, or where they open a single field (perms.open_champs).
    slugs = {slug for slug in slugs if slug in kind.open_slugs(convention) or kind.open_champs(convention, slug)}
    # "Enregistrer" on the step brings back here.
    return {slug: step_url(convention, slug) + "?retour=recap" for slug in kind.slugs if slug in slugs}


def _recap_blocks(convention, kind, edit_links: dict[str, str]) -> list[dict]:
    return [
        {
            "slug": step.slug,
            "title": step.block_title,
            "template": step.recap_template,
            "values": step.recap_values(convention) if step.recap_template == Step.recap_template else [],
            "edit_url": edit_links.get(step.slug, ""),
        }
        for step in kind.editable_steps
    ]


# Actions before which the rules are checked: the recap lists what would refuse them.
CHECKED_ACTIONS = {"soumettre", "renvoyer_instruction", "valider"}


def _points_a_completer(convention, actions) -> list[dict]:
    """Blocking rules broken by the saved data, with a link to the step to fix them (when an action that checks
    them is offered to this user)."""
    names = {a["name"] for a in actions}
    if not CHECKED_ACTIONS & names:
        return []
    points = []
    if "valider" in names:  # the Type I/II choice is required at validation only
        points += [{"message": message, "url": "#type-convention"} for message in rules.type1and2_errors(convention)]
    # The recap's convention holds its programme, bailleur, lot, loans and cadastral references already.
    for error in rules.convention_errors(convention, loaded=True):
        if error.optional:
            continue
        points.append({"message": str(error), "url": step_url(convention, error.step) if error.step else ""})
    return points


def _files_by_champ(convention) -> dict[str, list]:
    grouped = defaultdict(list)
    for fichier in convention.fichiers.all():
        grouped[fichier.champ].append(fichier)
    return dict(grouped)


def _version_shown(request, convention: Convention, versions: list[Convention]) -> Convention:
    """The version whose data the blocks show: `?version=<uuid>` among the signed versions, by default the
    current state (the last signed avenant) of a convention; an avenant shows its own data."""
    if convention.is_avenant or len(versions) < 2:
        return convention
    wanted = request.GET.get("version", "")
    return next((v for v in versions if str(v.uuid) == wanted), versions[-1])


def _apres_signature(user, convention: Convention) -> dict | None:
    """« Convention n° … signée le … », the signed PDF, the publication, the end; the dates the instructeur may
    correct (each with its form)."""
    if convention.date_signature is None and convention.statut not in STATUTS_VALIDES:
        return None
    corrections = {
        champ: DateCorrectionForm(initial={"date": getattr(convention, champ)}, auto_id=f"id_{champ}_%s")
        for champ in workflow.DATES_CORRIGEABLES
        if workflow.can_correct_date(user, convention, champ)
    }
    return {
        "titre": convention.titre,
        "date_signature": convention.date_signature,
        "fichier_signe": bool(convention.fichier_signe.name),
        "date_publication": convention.date_publication,
        "reference_publication": convention.reference_publication,
        "fichier_publication": bool(convention.fichier_publication.name),
        "date_envoi_spf": convention.date_envoi_spf,
        "date_refus_spf": convention.date_refus_spf,
        "motif_refus_spf": convention.motif_refus_spf,
        "date_denonciation": convention.date_denonciation if convention.statut == ConventionStatut.DENONCEE else None,
        "date_resiliation": convention.date_resiliation if convention.statut == ConventionStatut.RESILIEE else None,
        "corrections": [
            (
                champ,
                workflow.DATES_CORRIGEABLES[champ][0],
                form,
                reverse("conventions:date_correct", args=[convention.uuid, champ]),
            )
            for champ, form in corrections.items()
        ],
    }


def _seconde_vie(user, convention: Convention, programme) -> dict | None:
    """The former conventions of a seconde-vie convention (one query, only for such a convention)."""
    if not programme.seconde_vie or convention.is_avenant:
        return None
    return {
        "parents": parents_seconde_vie(convention),
        "url": reverse("conventions:seconde_vie", args=[convention.uuid]),
        "peut_modifier": seconde_vie.can_set_parents(user, convention),
    }


def recap_context(request, convention: Convention, *, bound=None, action_error=None) -> dict:
    user = request.user
    role = perms.role_on(user, convention)
    panel = avenant_panel(user, convention)
    version = _version_shown(request, convention, panel["versions"])
    lot, programme = version.lot, version.programme
    if version == convention and convention.statut in perms.STATUTS_PROJET:
        # The document check and the rules read every dwelling and EDD row of a convention being prepared: loaded
        # once here, the totals below are computed from them instead of being asked of the database again.
        prefetch_related_objects([lot], "logements")
        prefetch_related_objects([programme], "logements_edd")
        charger_annexes(lot)
    grouped = comments_by_key(convention)
    open_comments = [c for comments in grouped.values() for c in comments if c.statut == CommentaireStatut.OUVERT]
    open_comments.sort(key=lambda c: (c.cree_le, c.pk))
    prets = list(version.prets.all())
    actions = action_forms(convention=convention, user=user, bound=bound)
    type_form = None
    kind = kind_of(convention)
    edit_links = _edit_links(user, convention, kind) if version == convention else {}
    if perms.can_set_type1and2(user, convention):
        type_form = Type1and2Form(initial=Type1and2Form.initial_for(convention))
    return {
        "page_title": f"Récapitulatif – {convention.titre}",
        "convention": convention,
        "programme": programme,
        "lot": lot,
        "bailleur": programme.bailleur,
        "role": role,
        "can_edit": perms.can_edit(user, convention),
        "edit_links": edit_links,
        "recap_blocks": _recap_blocks(version, kind_of(version) if version != convention else kind, edit_links),
        "version": version,
        "avenants_panel": panel,
        "apres_signature": _apres_signature(user, convention),
        "comments_by_key": grouped,
        "open_comments": open_comments,
        "resolved_comments": [
            c for comments in grouped.values() for c in comments if c.statut == CommentaireStatut.RESOLU
        ],
        "can_comment": perms.can_comment(user, convention),
        "comment_actions": perms.comment_actions(user, convention, [c for cs in grouped.values() for c in cs]),
        "doc": document_state(user, convention),
        "prets": prets,
        "prets_total": sum((p.montant for p in prets), start=0),
        "references_cadastrales": list(programme.references_cadastrales.all()),
        "edd_resume": edd_resume(programme),
        "totaux": logements_totaux(lot),
        "typologies": logements_par_typologie(lot),
        "annexes_flags": [label for field, label in ANNEXE_FLAGS if getattr(lot, field)],
        "annexes": annexes_resume(lot),
        "stationnements": list(lot.type_stationnements.all()),
        # Only foyers and résidences have locaux collectifs: no query for the other conventions.
        "seconde_vie": _seconde_vie(user, convention, programme),
        "locaux_collectifs": list(lot.locaux_collectifs.all()) if programme.is_foyer_ou_residence else [],
        "fichiers": _files_by_champ(version),
        "show_type1and2": programme.bailleur.is_type1and2(),
        "type2_options": [
            (n, label, getattr(version, f"type2_lgts_concernes_option{n}")) for n, label in TYPE2_OPTIONS.items()
        ],
        "type_form": type_form,
        "historique": list(convention.historique.all()),
        "actions": actions,
        "points_a_completer": _points_a_completer(convention, actions),
        "action_error": action_error,
        "is_validated": convention.statut in STATUTS_VALIDES,
        # The bailleur holds the convention: the instructeur waits for it to be sent back (reference §2.6.2).
        "chez_le_bailleur": role == perms.INSTRUCTEUR and convention.statut == ConventionStatut.CORRECTIONS,
    }


@require_GET
def convention_recap(request, uuid):
    return render_recap(request, uuid)


def render_recap(request, uuid, *, bound=None, action_error=None, status=200):
    convention = _get_or_404(Convention.objects.visible_to(request.user), uuid)
    context = recap_context(request, convention, bound=bound, action_error=action_error)
    return render(request, "conventions/recap.html", context, status=status)


def _get_or_404(queryset, uuid):
    try:
        return recap_convention(queryset, uuid=uuid)
    except Convention.DoesNotExist as exc:
        raise Http404("Convention introuvable") from exc


@require_POST
def convention_type1and2(request, uuid):
    convention = get_visible_convention(request, uuid)
    if not perms.can_set_type1and2(request.user, convention):
        raise PermissionDenied("Le type de convention ne peut pas être modifié.")
    form = Type1and2Form(request.POST)
    if not form.is_valid():
        for error in form.errors.get("type1and2", []):
            messages.error(request, error)
        return redirect(recap_url(convention) + "#type-convention")
    try:
        convention_set_type1and2(
            convention=convention, user=request.user, type1and2=form.cleaned_data["type1and2"], options=form.options()
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Le type de convention est enregistré.")
    return redirect(recap_url(convention) + "#type-convention")
