"""The action panel of the recap: one POST URL per workflow action, one form, one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from conventions import workflow
from conventions.forms.actions import (
    CorrectionsForm,
    EmptyActionForm,
    MessageActionForm,
    PublishedWithActForm,
    SignedForm,
    SpfRefusForm,
    ValidateForm,
)
from conventions.views.helpers import get_visible_convention, recap_url
from conventions.workflow import WorkflowError


@dataclass(frozen=True)
class Action:
    form_class: type
    run: Callable  # (convention, user, cleaned_data) -> None
    success: str
    button: str
    style: str = "primary"  # DSFR button: primary, secondary, tertiary
    modal: bool = False  # confirmation in a DSFR modal


ACTIONS: dict[str, Action] = {
    "soumettre": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_submit(convention=c, user=u, comment=d["comment"]),
        "La convention est soumise au service instructeur.",
        "Soumettre au service instructeur",
    ),
    "demander_corrections": Action(
        CorrectionsForm,
        lambda c, u, d: workflow.convention_request_corrections(
            convention=c, user=u, comment=d["comment"], send_copy=d["send_copy"]
        ),
        "La demande de corrections est envoyée au bailleur.",
        "Demander des corrections",
        "secondary",
    ),
    "renvoyer_instruction": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_resubmit(convention=c, user=u, comment=d["comment"]),
        "La convention corrigée est renvoyée au service instructeur.",
        "Renvoyer à l'instruction",
    ),
    "valider": Action(
        ValidateForm,
        lambda c, u, d: workflow.convention_validate(convention=c, user=u, numero=d["numero"]),
        "La convention est validée : le document final est en préparation.",
        "Valider la convention",
    ),
    "retour_instruction": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_back_to_instruction(convention=c, user=u, comment=d["comment"]),
        "La convention est repassée en instruction.",
        "Repasser en instruction",
        "secondary",
    ),
    "marquer_signee": Action(
        SignedForm,
        lambda c, u, d: workflow.convention_mark_signed(
            convention=c, user=u, date_signature=d["date_signature"], fichier_signe=d.get("fichier_signe")
        ),
        "La signature de la convention est enregistrée.",
        "Enregistrer la signature",
    ),
    "envoyer_publication": Action(
        EmptyActionForm,
        lambda c, u, d: workflow.convention_send_for_publication(convention=c, user=u),
        "La convention est envoyée en publication.",
        "Envoyer en publication",
    ),
    "marquer_publiee": Action(
        PublishedWithActForm,
        lambda c, u, d: workflow.convention_mark_published(
            convention=c,
            user=u,
            date_publication=d["date_publication"],
            reference_publication=d["reference_publication"],
            fichier_publication=d.get("fichier_publication"),
        ),
        "La publication de la convention est enregistrée.",
        "Enregistrer la publication",
    ),
    "retour_signee": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_back_to_signed(convention=c, user=u, comment=d["comment"]),
        "La convention est revenue au statut « Signée ».",
        "Revenir à « Signée »",
        "tertiary",
    ),
    "refus_spf": Action(
        SpfRefusForm,
        lambda c, u, d: workflow.convention_spf_refused(
            convention=c, user=u, date_refus=d["date_refus_spf"], motif=d["motif_refus_spf"]
        ),
        "Le refus du SPF est enregistré : la convention est revenue au statut « Signée ».",
        "Enregistrer un refus du SPF",
        "secondary",
    ),
    "retour_publication": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_back_to_publication(convention=c, user=u, comment=d["comment"]),
        "La convention est revenue au statut « Publication en cours » pour une rectification.",
        "Revenir à « Publication en cours »",
        "tertiary",
    ),
    "denoncer": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_denounce(avenant=c, user=u, comment=d["comment"]),
        "La dénonciation est validée : la convention et ses avenants sont dénoncés.",
        "Valider la dénonciation",
        modal=True,
    ),
    "resilier": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_terminate(avenant=c, user=u, comment=d["comment"]),
        "La résiliation est validée : la convention et ses avenants sont résiliés.",
        "Valider la résiliation",
        modal=True,
    ),
    "annuler": Action(
        MessageActionForm,
        lambda c, u, d: workflow.convention_cancel(convention=c, user=u, comment=d["comment"]),
        "La convention est annulée.",
        "Annuler la convention",
        "tertiary",
        modal=True,
    ),
    "reactiver": Action(
        EmptyActionForm,
        lambda c, u, d: workflow.convention_reactivate(convention=c, user=u),
        "La convention est réactivée : elle est de nouveau en projet.",
        "Réactiver la convention",
        "secondary",
    ),
    "supprimer": Action(
        EmptyActionForm,
        lambda c, u, d: workflow.convention_delete(convention=c, user=u),
        "Le projet de convention est supprimé ; l'opération et son lot sont conservés.",
        "Supprimer ce projet",
        "tertiary",
        modal=True,
    ),
}


def _initial(name: str, convention) -> dict:
    if name == "valider" and convention.is_avenant:
        return {"numero": convention.numero_avenant or workflow.default_numero_avenant(convention)}
    if name == "valider":
        return {"numero": convention.numero or workflow.default_numero(convention)}
    return {}


def action_forms(*, convention, user, bound: dict | None = None) -> list[dict]:
    """The panel: one entry per action available to this user now, each with its (unbound) form."""
    panel = []
    for transition in workflow.available_transitions(convention=convention, user=user):
        action = ACTIONS.get(transition.name)
        if action is None:
            continue
        form = (bound or {}).get(transition.name) or action.form_class(
            initial=_initial(transition.name, convention), auto_id=f"id_{transition.name}_%s"
        )
        panel.append(
            {
                "name": transition.name,
                "label": transition.label,
                "action": action,
                "form": form,
                "url": reverse("conventions:action", args=[convention.uuid, transition.name]),
                "multipart": action.form_class in (SignedForm, PublishedWithActForm),
            }
        )
    return panel


@require_POST
def convention_action(request, uuid, name):
    convention = get_visible_convention(request, uuid)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404("Action inconnue")
    form = action.form_class(request.POST, request.FILES, auto_id=f"id_{name}_%s")
    if not form.is_valid():
        return _render_error(
            request, convention, name, form, "L'action n'a pas été effectuée : vérifiez le formulaire."
        )
    try:
        action.run(convention, request.user, form.cleaned_data)
    except WorkflowError as exc:
        return _render_error(request, convention, name, form, exc.message, exc.errors)
    messages.success(request, action.success)
    if name == "supprimer":
        return redirect("conventions:list")
    return redirect(recap_url(convention))


def _render_error(request, convention, name, form, message, errors=()):
    """Back on the recap with the error next to the action and what the user typed kept."""
    from conventions.views.recap import render_recap

    messages.error(request, message)
    return render_recap(
        request,
        convention.uuid,
        bound={name: form},
        action_error={"name": name, "message": message, "errors": list(errors)},
    )
