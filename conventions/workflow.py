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

from conventions import journal, notifications, perms, tasks
from conventions.enums import STATUTS_EN_COURS, STATUTS_EN_VIGUEUR, STATUTS_PUBLICATION, TypeEvenement, statut_label
from conventions.enums import ConventionStatut as S
from conventions.models import Convention, ConventionHistory, UploadedFile


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


# What a transition applies to: a convention, an ordinary avenant, a dénonciation, a résiliation.
CONVENTION, AVENANT, DENONCIATION, RESILIATION = "convention", "avenant", "denonciation", "resiliation"
TOUT = frozenset({CONVENTION, AVENANT, DENONCIATION, RESILIATION})
SIGNABLE = frozenset({CONVENTION, AVENANT})
FIN = {DENONCIATION: S.DENONCEE, RESILIATION: S.RESILIEE}


def nature_of(convention: Convention) -> str:
    if convention.is_denonciation:
        return DENONCIATION
    if convention.is_resiliation:
        return RESILIATION
    return AVENANT if convention.is_avenant else CONVENTION


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: S
    roles: frozenset
    permission: str = "change_convention"
    natures: frozenset = TOUT
    # A rule on the convention itself, with the French refusal: (predicate, message); offered only when true.
    condition: tuple | None = None


def _t(name, label, sources, target, roles, permission="change_convention", natures=TOUT, condition=None):
    return Transition(name, label, frozenset(sources), target, frozenset(roles), permission, natures, condition)


def publication_requise(convention: Convention) -> bool:
    """Is the convention published at the land registry (SPF)? Reference §2.6.2: ordinary dwellings, student and
    other résidences of a bailleur neither HLM nor SEM (Type I/II), foyers always; once in a publication status,
    it stays publishable (back-transitions)."""
    from programmes.enums import NatureLogement

    if convention.statut in STATUTS_PUBLICATION:
        return True
    nature = convention.programme.nature_logement
    if nature == getattr(NatureLogement, "AUTRE", None):
        return True
    return convention.programme.bailleur.is_type1and2()


PUBLICATION = (
    publication_requise,
    "Cette convention n'a pas à être publiée au service de la publicité foncière : son bailleur est un organisme "
    "HLM ou une SEM.",
)

# from → to, who may, which permission, on what. Side effects are in the service of the same name below.
# The two "effet_*" rows have no role: they are the effect of a validated dénonciation or résiliation on the
# convention and its avenants (never offered to a user, applied by `_end_convention`).
TRANSITIONS = {
    t.name: t
    for t in [
        _t("soumettre", "Soumettre au service instructeur", {S.PROJET}, S.INSTRUCTION, {BAIL}),
        # While the convention is « En correction » the bailleur holds it (reference §2.6.2): the instructeur
        # neither asks again nor validates (nor validates a dénonciation/résiliation) until it is sent back.
        _t("demander_corrections", "Demander des corrections", {S.INSTRUCTION}, S.CORRECTIONS, {INSTR}),
        _t("renvoyer_instruction", "Renvoyer à l'instruction", {S.CORRECTIONS}, S.INSTRUCTION, {BAIL}),
        _t(
            "valider",
            "Valider la convention",
            {S.INSTRUCTION},
            S.A_SIGNER,
            {INSTR},
            permission="validate_convention",
            natures=SIGNABLE,
        ),
        _t(
            "retour_instruction",
            "Repasser en instruction",
            {S.A_SIGNER, S.SIGNEE},
            S.INSTRUCTION,
            {INSTR},
            natures=SIGNABLE,
        ),
        _t("marquer_signee", "Enregistrer la signature", {S.A_SIGNER}, S.SIGNEE, {BAIL, INSTR}, natures=SIGNABLE),
        _t(
            "envoyer_publication",
            "Envoyer en publication",
            {S.SIGNEE},
            S.PUBLICATION_EN_COURS,
            {INSTR},
            natures=SIGNABLE,
            condition=PUBLICATION,
        ),
        _t(
            "marquer_publiee",
            "Enregistrer la publication",
            {S.PUBLICATION_EN_COURS},
            S.PUBLIEE,
            {INSTR},
            natures=SIGNABLE,
        ),
        _t("retour_signee", "Revenir à « Signée »", {S.PUBLICATION_EN_COURS}, S.SIGNEE, {INSTR}, natures=SIGNABLE),
        _t(
            "refus_spf",
            "Enregistrer un refus du SPF",
            {S.PUBLICATION_EN_COURS},
            S.SIGNEE,
            {INSTR},
            natures=SIGNABLE,
        ),
        _t(
            "retour_publication",
            "Revenir à « Publication en cours »",
            {S.PUBLIEE},
            S.PUBLICATION_EN_COURS,
            {INSTR},
            natures=SIGNABLE,
        ),
        _t(
            "annuler",
            "Annuler la convention",
            {S.PROJET, S.INSTRUCTION, S.CORRECTIONS, S.A_SIGNER},
            S.ANNULEE,
            {BAIL, INSTR},
        ),
        _t("reactiver", "Réactiver la convention", {S.ANNULEE}, S.PROJET, {BAIL, INSTR}),
        _t("supprimer", "Supprimer ce projet", {S.PROJET}, S.PROJET, {BAIL}, permission="delete_convention"),
        _t(
            "denoncer",
            "Valider la dénonciation",
            {S.PROJET, S.INSTRUCTION},
            S.DENONCEE,
            {INSTR},
            natures={DENONCIATION},
        ),
        _t(
            "resilier",
            "Valider la résiliation",
            {S.PROJET, S.INSTRUCTION},
            S.RESILIEE,
            {INSTR},
            natures={RESILIATION},
        ),
        _t(
            "effet_denonciation", "Dénonciation", STATUTS_EN_VIGUEUR | {S.A_SIGNER}, S.DENONCEE, set(), natures=SIGNABLE
        ),
        _t("effet_resiliation", "Résiliation", STATUTS_EN_VIGUEUR | {S.A_SIGNER}, S.RESILIEE, set(), natures=SIGNABLE),
    ]
}


def may_do(transition: Transition, *, convention: Convention, user) -> bool:
    """The right to the transition, status aside: the side the user acts on for THIS convention is one of
    the transition's, and the roles reaching it carry the permission (conventions.perms.has_perm)."""
    return perms.role_on(user, convention) in transition.roles and perms.has_perm(
        user, transition.permission, convention
    )


def applies(transition: Transition, convention: Convention) -> bool:
    """The transition exists for this convention now: its status, its nature, its condition."""
    return (
        convention.statut in transition.sources
        and nature_of(convention) in transition.natures
        and (transition.condition is None or transition.condition[0](convention))
    )


def is_allowed(transition: Transition, *, convention: Convention, user) -> bool:
    return applies(transition, convention) and may_do(transition, convention=convention, user=user)


def available_transitions(*, convention: Convention, user) -> list[Transition]:
    """The actions to offer this user on this convention now (the recap's action panel, the API)."""
    return [t for t in TRANSITIONS.values() if is_allowed(t, convention=convention, user=user)]


def _check(transition: Transition, convention: Convention, user) -> None:
    if convention.statut not in transition.sources:
        raise TransitionNotAllowed(
            f"Action « {transition.label} » impossible : {_ce(convention)} est au statut "
            f"« {statut_label(convention.statut)} »."
        )
    if nature_of(convention) not in transition.natures:
        raise TransitionNotAllowed(f"Action « {transition.label} » impossible sur {_ce(convention)}.")
    if transition.condition is not None and not transition.condition[0](convention):
        raise TransitionNotAllowed(transition.condition[1])
    if not may_do(transition, convention=convention, user=user):
        raise TransitionNotAllowed(f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} ».")


def _ce(convention: Convention) -> str:
    """ "la convention", "l'avenant", "la dénonciation", "la résiliation"."""
    return {
        CONVENTION: "la convention",
        AVENANT: "l'avenant",
        DENONCIATION: "la dénonciation",
        RESILIATION: "la résiliation",
    }[nature_of(convention)]


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
            description=transition.label,
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


def _document_errors(convention: Convention, deja: list[str]) -> list[str]:
    """What would print badly in the document and must be fixed first (conventions.documents.controle), less
    what the data rules already said."""
    from conventions.documents.controle import bloquants

    return [e for e in bloquants(convention) if e not in deja]


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
    if convention.is_avenant:
        return _avenant_validate(avenant=convention, user=user, numero=numero, comment=comment)

    def before(locked):
        errors = validate_numero(locked, numero)
        if locked.bailleur.is_type1and2() and not locked.type1and2:
            errors.append(
                "Le bailleur n'est ni HLM ni SEM : choisissez le type de convention (Type I ou Type II) "
                "avant de valider."
            )
        errors += _blocking_errors(locked)
        errors += [e for e in _document_errors(locked, errors) if not errors or "Type I ou Type II" not in e]
        if errors:
            raise ValidationRefused("La convention ne peut pas être validée.", errors=errors)
        return {"numero": numero, "valide_le": locked.valide_le or timezone.now()}

    _apply("valider", convention=convention, user=user, comment=comment, before=before)
    transaction.on_commit(partial(tasks.enqueue_validated_document, convention.pk, user.pk))
    return convention


def default_numero_avenant(avenant: Convention) -> int:
    """1 + the highest number of the parent's avenants (dénonciations and résiliations have none)."""
    numbers = (
        Convention.objects.filter(parent_id=avenant.parent_id, numero_avenant__isnull=False)
        .exclude(pk=avenant.pk)
        .values_list("numero_avenant", flat=True)
    )
    return max(numbers, default=0) + 1


def _avenant_validate(*, avenant: Convention, user, numero: str, comment: str) -> Convention:
    def before(locked):
        try:
            value = int(numero)
        except ValueError:
            value = 0
        if value <= 0:
            raise ValidationRefused("Le numéro d'avenant est un nombre entier positif (1, 2, 3…).")
        taken = (
            Convention.objects.filter(parent_id=locked.parent_id, numero_avenant=value).exclude(pk=locked.pk).exists()
        )
        if taken:
            raise ValidationRefused(
                f"L'avenant n° {value} existe déjà pour cette convention : choisissez un autre numéro."
            )
        errors = _blocking_errors(locked)
        errors += _document_errors(locked, errors)
        if errors:
            raise ValidationRefused("L'avenant ne peut pas être validé.", errors=errors)
        return {"numero_avenant": value, "valide_le": locked.valide_le or timezone.now()}

    _apply("valider", convention=avenant, user=user, comment=comment, before=before)
    transaction.on_commit(partial(tasks.enqueue_validated_document, avenant.pk, user.pk))
    return avenant


def convention_back_to_instruction(*, convention: Convention, user, comment: str = "") -> Convention:
    return _apply("retour_instruction", convention=convention, user=user, comment=comment, date_signature=None)


def _dates():
    from conventions.rules import dates  # the rules package reads the workflow's modules: imported at call time

    return dates


def _refuse_dates(errors) -> None:
    """The date rules (conventions.rules.dates) broken by the data given with an action: refused, all listed."""
    if errors:
        raise ValidationRefused(errors[0].message, errors=[error.message for error in errors[1:]])


def convention_mark_signed(*, convention: Convention, user, date_signature: datetime.date, fichier_signe=None):
    if date_signature is None:
        raise ValidationRefused("La date de signature est obligatoire.")
    valide_le = timezone.localdate(convention.valide_le) if convention.valide_le else None
    _refuse_dates(_dates().check_date_signature(date_signature, valide_le=valide_le))
    updates = {"date_signature": date_signature}
    if fichier_signe is not None:
        convention.fichier_signe.save(
            f"conventions/{convention.uuid}/signee_{fichier_signe.name}", fichier_signe, save=False
        )
        updates["fichier_signe"] = convention.fichier_signe.name
    _apply("marquer_signee", convention=convention, user=user, **updates)
    if fichier_signe is not None:
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.DOCUMENT,
            user=user,
            description=f"Dépôt du document signé ({fichier_signe.name})",
        )
    _notify(notifications.SIGNED, convention, user)
    return convention


def convention_send_for_publication(*, convention: Convention, user) -> Convention:
    """Signée → Publication en cours; the day it is sent to the SPF is kept (shown on the recap)."""
    return _apply("envoyer_publication", convention=convention, user=user, date_envoi_spf=timezone.localdate())


def convention_spf_refused(*, convention: Convention, user, date_refus: datetime.date, motif: str) -> Convention:
    """The SPF refused to publish (reference §15.9): Publication en cours → Signée, with the date and the motif
    of the refusal (shown on the recap, journaled); the convention may then be corrected and sent again."""
    _check(TRANSITIONS["refus_spf"], convention, user)  # 409 before 400 (checked again under lock)
    motif = (motif or "").strip()
    errors = []
    if date_refus is None:
        errors.append("Indiquez la date du refus du SPF.")
    elif date_refus > timezone.localdate():
        errors.append("La date du refus du SPF ne peut pas être dans le futur.")
    elif convention.date_envoi_spf and date_refus < convention.date_envoi_spf:
        errors.append(
            f"La date du refus du SPF ne peut pas précéder l'envoi en publication "
            f"({convention.date_envoi_spf:%d/%m/%Y})."
        )
    if not motif:
        errors.append("Indiquez le motif du refus du SPF.")
    elif len(motif) > 1000:
        errors.append("Le motif du refus du SPF ne doit pas dépasser 1 000 caractères.")
    if errors:
        raise ValidationRefused("Le refus du SPF n'a pas été enregistré.", errors=errors)
    _apply(
        "refus_spf", convention=convention, user=user, comment=motif, date_refus_spf=date_refus, motif_refus_spf=motif
    )
    journal.record(
        convention=convention,
        type_evenement=TypeEvenement.REFUS_SPF,
        user=user,
        description=f"Publication refusée par le SPF le {date_refus:%d/%m/%Y} : {motif}",
        date=date_refus.isoformat(),
    )
    return convention


def convention_mark_published(
    *,
    convention: Convention,
    user,
    date_publication: datetime.date,
    reference_publication: str,
    fichier_publication=None,
) -> Convention:
    if date_publication is None or not (reference_publication or "").strip():
        raise ValidationRefused("La date et la référence de publication sont obligatoires.")
    _refuse_dates(_dates().check_date_publication(date_publication, date_signature=convention.date_signature))
    updates = {"date_publication": date_publication, "reference_publication": reference_publication.strip()[:50]}
    if fichier_publication is not None:
        convention.fichier_publication.save(
            f"conventions/{convention.uuid}/publication_{fichier_publication.name}", fichier_publication, save=False
        )
        updates["fichier_publication"] = convention.fichier_publication.name
    _apply("marquer_publiee", convention=convention, user=user, **updates)
    _notify(notifications.PUBLISHED, convention, user)
    return convention


def convention_back_to_signed(*, convention: Convention, user, comment: str = "") -> Convention:
    """Publication en cours → Signée (the instructeur sent it by mistake)."""
    return _apply("retour_signee", convention=convention, user=user, comment=comment)


def convention_back_to_publication(*, convention: Convention, user, comment: str = "") -> Convention:
    """Publiée → Publication en cours (a rectification is needed): the publication date and reference are kept
    in the journal and cleared."""
    return _apply(
        "retour_publication",
        convention=convention,
        user=user,
        comment=comment,
        date_publication=None,
        reference_publication="",
    )


def convention_cancel(*, convention: Convention, user, comment: str = "") -> Convention:
    _apply("annuler", convention=convention, user=user, comment=comment)
    _notify(notifications.CANCELLED, convention, user, message=comment)
    return convention


def convention_cancel_by_siap(*, convention: Convention, user, comment: str = "") -> Convention:
    """The SIAP cancelled the operation (cancel_operation/): the SIAP has checked the agent's rights."""
    return _apply("annuler", convention=convention, user=user, comment=comment, trusted=True)


def convention_reactivate(*, convention: Convention, user) -> Convention:
    def before(locked):
        others = Convention.objects.filter(lot_id=locked.lot_id).exclude(pk=locked.pk).exclude(statut=S.ANNULEE)
        if others.exists():
            raise ValidationRefused("Impossible de réactiver : une autre convention active existe déjà pour ce lot.")
        if locked.is_avenant:
            parent = Convention.objects.select_for_update(of=("self",)).get(pk=locked.parent_id)
            refusal = avenant_refusal(parent, exclude=locked)
            if refusal:
                raise ValidationRefused(f"Impossible de réactiver : {refusal[0].lower()}{refusal[1:]}")

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


# --- Dénonciation and résiliation (reference §12) -------------------------------------------------------


def _end_convention(name: str, *, avenant: Convention, user, date: datetime.date, comment: str) -> Convention:
    """Validate a dénonciation or résiliation: the special avenant, its convention and every other avenant of it
    take the final status with the date, all rows locked in one transaction, journaled on the convention."""
    transition = TRANSITIONS[name]
    effet = TRANSITIONS[f"effet_{nature_of(avenant)}"]
    date_field = "date_denonciation" if transition.target == S.DENONCEE else "date_resiliation"
    with transaction.atomic():
        parent = Convention.objects.select_for_update(of=("self",)).get(pk=avenant.parent_id)
        if parent.statut not in effet.sources:
            raise TransitionNotAllowed(
                f"La convention est au statut « {statut_label(parent.statut)} » : elle ne peut plus être "
                f"{'dénoncée' if transition.target == S.DENONCEE else 'résiliée'}."
            )
        _apply(name, convention=avenant, user=user, comment=comment)
        others = list(
            Convention.objects.select_for_update(of=("self",))
            .filter(parent_id=parent.pk)
            .exclude(pk=avenant.pk)
            .exclude(statut__in=[S.ANNULEE, S.DENONCEE, S.RESILIEE])
        )
        for row in [parent, *others]:
            previous = row.statut
            row.statut = effet.target
            setattr(row, date_field, date)
            if row.pk == parent.pk:
                motif_field = date_field.replace("date_", "motif_")
                setattr(row, motif_field, getattr(avenant, motif_field))
                row.save(update_fields=["statut", date_field, motif_field, "mis_a_jour_le"])
            else:
                row.save(update_fields=["statut", date_field, "mis_a_jour_le"])
            ConventionHistory.objects.create(
                convention=row,
                type_evenement=TypeEvenement(nature_of(avenant)),
                statut_precedent=previous,
                statut=effet.target,
                action=effet.name,
                user=user,
                commentaire=comment or "",
                description=f"{effet.label} au {date:%d/%m/%Y}",
                donnees={"avenant": str(avenant.uuid), "date": date.isoformat()},
            )
    _notify(notifications.ENDED, parent, user, message=comment)
    avenant.refresh_from_db()
    return avenant


def _created_by_bailleur(avenant: Convention) -> bool:
    return avenant.cree_par_id is not None and perms.role_on(avenant.cree_par, avenant) == BAIL


def convention_denounce(*, avenant: Convention, user, comment: str = "") -> Convention:
    """The instructeur validates a dénonciation (a draft only when an instructeur created it)."""
    _check(TRANSITIONS["denoncer"], avenant, user)
    if avenant.date_denonciation is None:
        raise ValidationRefused("Indiquez la date de la dénonciation avant de la valider.")
    if avenant.statut == S.PROJET and _created_by_bailleur(avenant):
        raise TransitionNotAllowed("La dénonciation doit d'abord être soumise par le bailleur au service instructeur.")
    return _end_convention("denoncer", avenant=avenant, user=user, date=avenant.date_denonciation, comment=comment)


def convention_terminate(*, avenant: Convention, user, comment: str = "") -> Convention:
    """The instructeur validates a résiliation. Requested by a bailleur, it needs the administrative act."""
    from conventions.steps.avenants import ACTE_RESILIATION

    _check(TRANSITIONS["resilier"], avenant, user)
    if avenant.date_resiliation is None or not avenant.motif_resiliation.strip():
        raise ValidationRefused("Indiquez la date et le motif de la résiliation avant de la valider.")
    if avenant.statut == S.PROJET and _created_by_bailleur(avenant):
        raise TransitionNotAllowed("La résiliation doit d'abord être soumise par le bailleur au service instructeur.")
    if (
        _created_by_bailleur(avenant)
        and not UploadedFile.objects.filter(convention=avenant, champ=ACTE_RESILIATION).exists()
    ):
        raise ValidationRefused(
            "Résiliation non validée : le bailleur doit joindre l'acte administratif (arrêté) de résiliation."
        )
    return _end_convention("resilier", avenant=avenant, user=user, date=avenant.date_resiliation, comment=comment)


# --- Corrections of dates (instructeur, journaled) -------------------------------------------------------

DATES_CORRIGEABLES = {
    "date_signature": ("date de signature", {S.SIGNEE, S.PUBLICATION_EN_COURS, S.PUBLIEE}),
    "date_publication": ("date de publication", {S.PUBLIEE}),
    "date_resiliation": ("date de résiliation", {S.RESILIEE}),
    "date_denonciation": ("date de dénonciation", {S.DENONCEE}),
}


def can_correct_date(user, convention: Convention, field: str) -> bool:
    label, statuts = DATES_CORRIGEABLES[field]
    return (
        convention.statut in statuts
        and perms.role_on(user, convention) == INSTR
        and perms.has_perm(user, "change_convention", convention)
    )


def correct_date(*, convention: Convention, user, field: str, value: datetime.date) -> Convention:
    """The instructeur corrects a signature, publication, résiliation or dénonciation date; the journal keeps the
    old and the new value."""
    if field not in DATES_CORRIGEABLES:
        raise ValidationRefused("Cette date ne peut pas être corrigée.")
    label = DATES_CORRIGEABLES[field][0]
    if value is None:
        raise ValidationRefused(f"Indiquez la {label}.")
    if field == "date_signature":
        _refuse_dates(_dates().check_date_signature(value))
    elif field == "date_publication":
        _refuse_dates(_dates().check_date_publication(value, date_signature=convention.date_signature))
    else:
        _refuse_dates(_dates().check_date(field, value))
    with transaction.atomic():
        locked = Convention.objects.select_for_update(of=("self",)).select_related("programme").get(pk=convention.pk)
        if not can_correct_date(user, locked, field):
            raise TransitionNotAllowed(f"Vous ne pouvez pas corriger la {label} de {_ce(locked)}.")
        old = getattr(locked, field)
        if old == value:
            return convention
        setattr(locked, field, value)
        locked.save(update_fields=[field, "mis_a_jour_le"])
        journal.record(
            convention=locked,
            type_evenement=TypeEvenement.CORRECTION_DATE,
            user=user,
            description=f"Correction de la {label} : {old:%d/%m/%Y} → {value:%d/%m/%Y}"
            if old
            else f"{label[:1].upper()}{label[1:]} indiquée : {value:%d/%m/%Y}",
            champ=field,
            avant=old.isoformat() if old else None,
            apres=value.isoformat(),
        )
    convention.refresh_from_db()
    return convention


# --- Avenants: the one-in-progress rule (the creation itself: conventions.services.avenants) -----------


def avenant_refusal(parent: Convention, *, exclude: Convention | None = None) -> str:
    """Why no avenant may start on this convention now ("" when one may), reference §11.5."""
    if parent.is_avenant:
        return "Un avenant se crée sur la convention d'origine, pas sur un autre avenant."
    if parent.statut not in STATUTS_EN_VIGUEUR:
        return (
            f"La convention est au statut « {statut_label(parent.statut)} » : un avenant ne peut être créé que sur "
            "une convention signée ou publiée."
        )
    en_cours = Convention.objects.filter(parent_id=parent.pk, statut__in=STATUTS_EN_COURS)
    if exclude is not None:
        en_cours = en_cours.exclude(pk=exclude.pk)
    courant = en_cours.prefetch_related("avenant_types").first()
    if courant is not None:
        if courant.is_denonciation:
            return "La dénonciation de la convention est en cours : il n'est pas possible de créer un avenant."
        if courant.is_resiliation:
            return "La résiliation de la convention est en cours : il n'est pas possible de créer un avenant."
        return "Un avenant est déjà en cours pour cette convention : il n'est pas possible d'en créer un autre."
    return ""
