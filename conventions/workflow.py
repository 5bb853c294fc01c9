"""The life of a convention: one declarative table of transitions, and the services that apply them.

Every status change goes through `_apply`: row locked (select_for_update), checks, write, history entry,
side effects after commit. Nothing else assigns `Convention.statut`.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Right
from django.utils import timezone

from conventions import notifications, perms, tasks
from conventions.enums import ConventionStatut as S
from conventions.enums import statut_label
from conventions.models import Convention, ConventionHistory


class WorkflowError(Exception):
    """A domain refusal, with a French message for the user (views show it, the API answers 409/400)."""

    def __init__(self, message: str, *, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class TransitionNotAllowed(WorkflowError):
    """Not possible from the current status, or not for this user."""


class ValidationRefused(WorkflowError):
    """The data given with the action (number, date, file…) or the convention itself is not valid."""


BAIL, INSTR = perms.BAILLEUR, perms.INSTRUCTEUR


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: S
    roles: frozenset
    permission: str = "change_convention"


def _t(name, label, sources, target, roles, permission="change_convention"):
    return Transition(name, label, frozenset(sources), target, frozenset(roles), permission)


# from → to, who may, which permission. Side effects are in the service of the same name below.
TRANSITIONS = {
    t.name: t
    for t in [
        _t("soumettre", "Soumettre au service instructeur", {S.PROJET}, S.INSTRUCTION, {BAIL}),
        _t("demander_corrections", "Demander des corrections", {S.INSTRUCTION, S.CORRECTIONS}, S.CORRECTIONS, {INSTR}),
        _t("renvoyer_instruction", "Renvoyer à l'instruction", {S.CORRECTIONS}, S.INSTRUCTION, {BAIL}),
        _t(
            "valider",
            "Valider la convention",
            {S.INSTRUCTION, S.CORRECTIONS},
            S.A_SIGNER,
            {INSTR},
            permission="validate_convention",
        ),
        _t("retour_instruction", "Repasser en instruction", {S.A_SIGNER, S.SIGNEE}, S.INSTRUCTION, {INSTR}),
        _t("marquer_signee", "Enregistrer la signature", {S.A_SIGNER}, S.SIGNEE, {BAIL, INSTR}),
        _t("envoyer_publication", "Envoyer en publication", {S.SIGNEE}, S.PUBLICATION_EN_COURS, {INSTR}),
        _t("marquer_publiee", "Enregistrer la publication", {S.PUBLICATION_EN_COURS}, S.PUBLIEE, {INSTR}),
        _t(
            "annuler",
            "Annuler la convention",
            {S.PROJET, S.INSTRUCTION, S.CORRECTIONS, S.A_SIGNER},
            S.ANNULEE,
            {BAIL, INSTR},
        ),
        _t("reactiver", "Réactiver la convention", {S.ANNULEE}, S.PROJET, {BAIL, INSTR}),
        _t("supprimer", "Supprimer ce projet", {S.PROJET}, S.PROJET, {BAIL}, permission="delete_convention"),
    ]
}


def may_do(transition: Transition, *, convention: Convention, user) -> bool:
    """The right to the transition, status aside: the side the user acts on for THIS convention is one of
    the transition's, and the roles reaching it carry the permission (conventions.perms.has_perm)."""
    return perms.role_on(user, convention) in transition.roles and perms.has_perm(
        user, transition.permission, convention
    )


def is_allowed(transition: Transition, *, convention: Convention, user) -> bool:
    return convention.statut in transition.sources and may_do(transition, convention=convention, user=user)


def available_transitions(*, convention: Convention, user) -> list[Transition]:
    """The actions to offer this user on this convention now (the recap's action panel, the API)."""
    return [t for t in TRANSITIONS.values() if is_allowed(t, convention=convention, user=user)]


def _check(transition: Transition, convention: Convention, user) -> None:
    if convention.statut not in transition.sources:
        raise TransitionNotAllowed(
            f"Action « {transition.label} » impossible : la convention est au statut "
            f"« {statut_label(convention.statut)} »."
        )
    if not may_do(transition, convention=convention, user=user):
        raise TransitionNotAllowed(f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} ».")


def _apply(
    name: str, *, convention: Convention, user, comment: str = "", before=None, trusted: bool = False, **updates
) -> Convention:
    """Lock, check, write, record history. `before(locked)` may refuse (raise) or compute more updates.
    `trusted`: the decision was taken by a system APiLos trusts (the SIAP), only the source status is checked."""
    transition = TRANSITIONS[name]
    with transaction.atomic():
        # Only the convention row is locked (of=self), not the programme and lot joined for the checks.
        locked = (
            Convention.objects.select_for_update(of=("self",)).select_related("programme", "lot").get(pk=convention.pk)
        )
        if trusted:
            if locked.statut not in transition.sources:
                raise TransitionNotAllowed(
                    f"Action « {transition.label} » impossible : la convention est au statut "
                    f"« {statut_label(locked.statut)} »."
                )
        else:
            _check(transition, locked, user)
        if before is not None:
            updates.update(before(locked) or {})
        previous = locked.statut
        for field, value in updates.items():
            setattr(locked, field, value)
        locked.statut = transition.target
        locked.statut_depuis = timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=[*updates, "statut", "statut_depuis", "mis_a_jour_le"])
        except IntegrityError as exc:
            raise ValidationRefused(_integrity_message(exc)) from exc
        ConventionHistory.objects.create(
            convention=locked,
            statut_precedent=previous,
            statut=transition.target,
            action=name,
            user=user if getattr(user, "pk", None) else None,
            commentaire=comment or "",
        )
    convention.refresh_from_db()
    return convention


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc)
    if "convention_numero_unique" in text or "numero" in text:
        return "Ce numéro de convention est déjà utilisé : choisissez-en un autre."
    if "convention_une_active_par_lot" in text or "lot" in text:
        return "Une autre convention active existe déjà pour ce lot : elle doit être annulée d'abord."
    return "L'enregistrement a été refusé par la base de données."


def _notify(event: str, convention: Convention, user, **kwargs) -> None:
    transaction.on_commit(partial(notifications.notify, event, convention_id=convention.pk, actor_id=user.pk, **kwargs))


def _blocking_errors(convention: Convention) -> list[str]:
    from conventions import rules

    return rules.blocking_errors(convention)


# --- Services (keyword-only, domain objects in, domain objects out) -------------------------------------


def convention_submit(*, convention: Convention, user, comment: str = "") -> Convention:
    def before(locked):
        errors = _blocking_errors(locked)
        if errors:
            raise ValidationRefused(
                "La convention ne peut pas être soumise : des informations sont à compléter.", errors=errors
            )
        now = timezone.now()
        return {"soumis_le": now, "premiere_soumission_le": locked.premiere_soumission_le or now}

    _apply("soumettre", convention=convention, user=user, comment=comment, before=before)
    _notify("submitted", convention, user, message=comment)
    return convention


def convention_request_corrections(*, convention: Convention, user, comment: str = "", send_copy: bool = False):
    _apply("demander_corrections", convention=convention, user=user, comment=comment)
    _notify("corrections_requested", convention, user, message=comment, send_copy=send_copy)
    return convention


def convention_resubmit(*, convention: Convention, user, comment: str = "") -> Convention:
    def before(locked):
        errors = _blocking_errors(locked)
        if errors:
            raise ValidationRefused(
                "La convention ne peut pas être renvoyée à l'instruction : des informations sont à corriger.",
                errors=errors,
            )
        return {"soumis_le": timezone.now()}

    _apply("renvoyer_instruction", convention=convention, user=user, comment=comment, before=before)
    _notify("corrections_done", convention, user, message=comment)
    return convention


def convention_validate(*, convention: Convention, user, numero: str, comment: str = "") -> Convention:
    numero = (numero or "").strip()

    def before(locked):
        errors = validate_numero(locked, numero)
        if locked.bailleur.is_type1and2() and not locked.type1and2:
            errors.append(
                "Le bailleur n'est ni HLM ni SEM : choisissez le type de convention (Type I ou Type II) "
                "avant de valider."
            )
        errors += _blocking_errors(locked)
        if errors:
            raise ValidationRefused("La convention ne peut pas être validée.", errors=errors)
        return {"numero": numero, "valide_le": locked.valide_le or timezone.now()}

    _apply("valider", convention=convention, user=user, comment=comment, before=before)
    transaction.on_commit(partial(tasks.enqueue_validated_document, convention.pk, user.pk))
    return convention


def convention_back_to_instruction(*, convention: Convention, user, comment: str = "") -> Convention:
    return _apply("retour_instruction", convention=convention, user=user, comment=comment, date_signature=None)


def convention_mark_signed(*, convention: Convention, user, date_signature: datetime.date, fichier_signe=None):
    if date_signature is None:
        raise ValidationRefused("La date de signature est obligatoire.")
    if date_signature > timezone.localdate():
        raise ValidationRefused("La date de signature ne peut pas être dans le futur.")
    updates = {"date_signature": date_signature}
    if fichier_signe is not None:
        convention.fichier_signe.save(
            f"conventions/{convention.uuid}/signee_{fichier_signe.name}", fichier_signe, save=False
        )
        updates["fichier_signe"] = convention.fichier_signe.name
    return _apply("marquer_signee", convention=convention, user=user, **updates)


def convention_send_for_publication(*, convention: Convention, user) -> Convention:
    return _apply("envoyer_publication", convention=convention, user=user)


def convention_mark_published(
    *, convention: Convention, user, date_publication: datetime.date, reference_publication: str
) -> Convention:
    if date_publication is None or not (reference_publication or "").strip():
        raise ValidationRefused("La date et la référence de publication sont obligatoires.")
    if date_publication > timezone.localdate():
        raise ValidationRefused("La date de publication ne peut pas être dans le futur.")
    return _apply(
        "marquer_publiee",
        convention=convention,
        user=user,
        date_publication=date_publication,
        reference_publication=reference_publication.strip()[:50],
    )


def convention_cancel(*, convention: Convention, user, comment: str = "") -> Convention:
    return _apply("annuler", convention=convention, user=user, comment=comment)


def convention_cancel_by_siap(*, convention: Convention, user, comment: str = "") -> Convention:
    """The SIAP cancelled the operation (cancel_operation/): the SIAP has checked the agent's rights."""
    return _apply("annuler", convention=convention, user=user, comment=comment, trusted=True)


def convention_reactivate(*, convention: Convention, user) -> Convention:
    def before(locked):
        others = Convention.objects.filter(lot_id=locked.lot_id).exclude(pk=locked.pk).exclude(statut=S.ANNULEE)
        if others.exists():
            raise ValidationRefused("Impossible de réactiver : une autre convention active existe déjà pour ce lot.")

    return _apply("reactiver", convention=convention, user=user, before=before)


def convention_delete(*, convention: Convention, user) -> None:
    """Delete a draft; the operation and its lot stay."""
    transition = TRANSITIONS["supprimer"]
    with transaction.atomic():
        locked = Convention.objects.select_for_update(of=("self",)).select_related("programme").get(pk=convention.pk)
        _check(transition, locked, user)
        locked.delete()


# --- Numbering --------------------------------------------------------------------------------------------


def numero_prefix(convention: Convention, *, today: datetime.date | None = None) -> str:
    """The administration's prefix with its placeholders replaced, or the national rule's prefix
    `<dept>.<admin>.<yy>.`"""
    today = today or timezone.localdate()
    programme = convention.programme
    administration = programme.administration
    departement = programme.departement_code
    if administration and administration.prefix_convention:
        return (
            administration.prefix_convention.replace("{département}", departement)
            .replace("{zone}", programme.zone_123 or "")
            .replace("{mois}", f"{today.month:02d}")
            .replace("{année}", str(today.year))
        )
    code = "D" if administration is None or administration.code.upper().startswith("D") else administration.code
    return f"{departement}.{code}.{today:%y}."


def default_numero(convention: Convention, *, today: datetime.date | None = None) -> str:
    """The number proposed at validation. National rule: prefix + 1 + the highest order number given this
    year in the département, on 4 digits. Administration prefix: the prefix alone (the instructeur completes)."""
    today = today or timezone.localdate()
    prefix = numero_prefix(convention, today=today)
    programme = convention.programme
    if programme.administration and programme.administration.prefix_convention:
        return prefix
    departement = programme.departement_code
    # One aggregate in the database (no scan of the numbers in Python): order numbers are 4 zero-padded digits.
    highest = Convention.objects.filter(
        numero__startswith=f"{departement}.", valide_le__year=today.year, numero__regex=r"\.[0-9]{4}$"
    ).aggregate(highest=Max(Right("numero", 4)))["highest"]
    return f"{prefix}{int(highest or 0) + 1:04d}"


def validate_numero(convention: Convention, numero: str) -> list[str]:
    errors = []
    if not numero:
        return ["Le numéro de convention est obligatoire."]
    if len(numero) > 250:
        errors.append("Le numéro de convention ne peut pas dépasser 250 caractères.")
    if numero == numero_prefix(convention).strip():
        errors.append(
            "Le numéro ne contient que le préfixe proposé : ajoutez à sa suite le numéro d'ordre de la convention."
        )
    if Convention.objects.filter(numero=numero).exclude(pk=convention.pk).exists():
        errors.append(f"La convention numéro {numero} existe déjà : choisissez un autre numéro.")
    return errors
