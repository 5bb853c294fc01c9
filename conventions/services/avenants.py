"""Avenants (reference §11) and the « ajout simplifié » of a convention signed outside APiLos (§15.2).

Decision (docs/decisions.md): an avenant is a convention row whose `parent` is the original convention, and it
OWNS a copy of the operation and of the lot (with dwellings, annexes, parkings, EDD rows, cadastral references,
loans and attached files). Its steps edit that copy, so every signed version stays readable as it was signed.
The convention's CURRENT state is its last signed avenant (`current_version`), or the convention itself."""

import datetime

from django.db import transaction

from conventions import journal, perms, rules
from conventions.enums import STATUTS_EN_VIGUEUR, ConventionStatut, TypeEvenement, statut_label
from conventions.models import AvenantType, Convention, ConventionHistory, Pret, UploadedFile
from conventions.steps.avenants import TYPES_AVENANT_ORDINAIRE, TYPES_FIN
from conventions.workflow import TransitionNotAllowed, ValidationRefused, avenant_refusal
from programmes.models import (
    Annexe,
    LocauxCollectifs,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)

# Columns never copied from the source version (identity, workflow, signature, publication, numbering, files
# and the dénonciation/résiliation of the source).
NON_COPIES = {
    "id",
    "uuid",
    "cree_le",
    "mis_a_jour_le",
    "parent",
    "programme",
    "lot",
    "numero",
    "numero_avenant",
    "statut",
    "cree_par",
    "premiere_soumission_le",
    "soumis_le",
    "valide_le",
    "date_signature",
    "date_publication",
    "reference_publication",
    "date_envoi_spf",
    "date_refus_spf",
    "motif_refus_spf",
    "fichier_signe",
    "fichier_publication",
    "donnees_validees",
    "document_statut",
    "document_fichier",
    "document_erreur",
    "document_genere_le",
    "document_remplacement",
    "document_remplacement_nom",
    "document_remplace_le",
    "document_remplace_par",
    "commentaires",
    "desc_avenant",
    "champ_libre_avenant",
    "ajout_simplifie",
    "version",
    "version_modifiee_par",
    "version_modifiee_le",
    "date_denonciation",
    "motif_denonciation",
    "date_resiliation",
    "motif_resiliation",
}


def _values(obj, *, exclude=()) -> dict:
    """The concrete, writable column values of a row (no pk, uuid, timestamps, generated columns)."""
    skip = {"id", "uuid", "cree_le", "mis_a_jour_le", *exclude}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or getattr(field, "generated", False):
            continue
        values[field.attname] = getattr(obj, field.attname)
    return values


def signed_versions(parent: Convention) -> list[Convention]:
    """The versions as signed, oldest first: the convention, then its signed avenants by number (dénonciations
    and résiliations are not versions of the data)."""
    avenants = [
        a
        for a in parent.avenants.all()
        if a.date_signature is not None and a.numero_avenant is not None and a.statut != ConventionStatut.ANNULEE
    ]
    avenants.sort(key=lambda a: (a.numero_avenant, a.date_signature, a.pk))
    return [parent, *avenants]


def current_version(parent: Convention) -> Convention:
    """The convention's current state: its last signed avenant, else itself."""
    return signed_versions(parent)[-1]


def _clone_programme(source: Programme) -> Programme:
    copy = Programme.objects.create(**_values(source, exclude={"parent"}), parent=source)
    ReferenceCadastrale.objects.bulk_create(
        ReferenceCadastrale(**_values(ref, exclude={"programme"}), programme=copy)
        for ref in source.references_cadastrales.all()
    )
    LogementEDD.objects.bulk_create(
        LogementEDD(**_values(row, exclude={"programme"}), programme=copy) for row in source.logements_edd.all()
    )
    return copy


def _clone_lot(source: Lot, programme: Programme) -> Lot:
    copy = Lot.objects.create(**_values(source, exclude={"programme", "parent"}), programme=programme, parent=source)
    logements = list(source.logements.prefetch_related("annexes"))
    new_logements = Logement.objects.bulk_create(
        Logement(**_values(row, exclude={"lot"}), lot=copy) for row in logements
    )
    Annexe.objects.bulk_create(
        Annexe(**_values(annexe, exclude={"logement"}), logement=new)
        for old, new in zip(logements, new_logements, strict=True)
        for annexe in old.annexes.all()
    )
    TypeStationnement.objects.bulk_create(
        TypeStationnement(**_values(row, exclude={"lot"}), lot=copy) for row in source.type_stationnements.all()
    )
    if programme.is_foyer_ou_residence:  # only foyers and résidences have locaux collectifs (no query otherwise)
        LocauxCollectifs.objects.bulk_create(
            LocauxCollectifs(**_values(row, exclude={"lot"}), lot=copy) for row in source.locaux_collectifs.all()
        )
    return copy


def _clone(*, parent: Convention, source: Convention, user) -> Convention:
    programme = _clone_programme(source.programme)
    lot = _clone_lot(source.lot, programme)
    avenant = Convention.objects.create(
        **_values(source, exclude=NON_COPIES),
        parent=parent,
        programme=programme,
        lot=lot,
        numero=None,
        statut=ConventionStatut.PROJET,
        cree_par=user,
    )
    Pret.objects.bulk_create(
        Pret(**_values(pret, exclude={"convention"}), convention=avenant) for pret in source.prets.all()
    )
    UploadedFile.objects.bulk_create(
        UploadedFile(
            **_values(f, exclude={"convention", "televerse_par"}), convention=avenant, televerse_par=f.televerse_par
        )
        for f in source.fichiers.exclude(champ__startswith="convention.motif_")
    )
    return avenant


def _types(noms) -> list[AvenantType]:
    noms = list(dict.fromkeys(n.strip() for n in noms if n and n.strip()))
    if not noms:
        raise ValidationRefused("Choisissez au moins un type d'avenant.")
    types = list(AvenantType.objects.filter(nom__in=noms))
    unknown = sorted(set(noms) - {t.nom for t in types})
    if unknown:
        raise ValidationRefused(
            f"Type(s) d'avenant inconnu(s) : {', '.join(unknown)}.",
            errors=[f"Types possibles : {', '.join(TYPES_AVENANT_ORDINAIRE + tuple(sorted(TYPES_FIN)))}."],
        )
    fin = TYPES_FIN & set(noms)
    if fin and len(noms) > 1:
        raise ValidationRefused("Une dénonciation ou une résiliation ne se combine avec aucun autre type d'avenant.")
    return types


def can_create_avenant(user, parent: Convention) -> bool:
    """Bailleur or instructeur of the convention, with the right to add conventions on it (reference §11.5)."""
    return perms.role_on(user, parent) in (perms.BAILLEUR, perms.INSTRUCTEUR) and perms.has_perm(
        user, "add_convention", parent
    )


def create_avenant(*, parent: Convention, user, types: list[str], commentaire: str = "", **fin_values) -> Convention:
    """A new avenant of `parent` (a clone of its current state) with the given types, in « En projet ».
    `fin_values` (date_denonciation, motif_denonciation, date_resiliation, motif_resiliation) prefill a dénonciation
    or résiliation. Refusals: TransitionNotAllowed (409: not signed, one in progress, no right),
    ValidationRefused (400: unknown or incompatible types)."""
    type_rows = _types(types)
    if not can_create_avenant(user, parent):
        raise TransitionNotAllowed("Vous n'avez pas le droit de créer un avenant sur cette convention.")
    allowed = {
        "denonciation": {"date_denonciation", "motif_denonciation"},
        "resiliation": {"date_resiliation", "motif_resiliation"},
    }
    fin = next((t.nom for t in type_rows if t.nom in TYPES_FIN), None)
    extra = {k: v for k, v in fin_values.items() if v not in (None, "")}
    if set(extra) - allowed.get(fin, set()):
        raise ValidationRefused("Ces informations ne concernent qu'une dénonciation ou une résiliation.")
    with transaction.atomic():
        locked = Convention.objects.select_for_update(of=("self",)).select_related("programme").get(pk=parent.pk)
        refusal = avenant_refusal(locked)
        if refusal:
            raise TransitionNotAllowed(refusal)
        versions = signed_versions(locked)
        source = versions[-1]
        avenant = _clone(parent=locked, source=source, user=user)
        for key, value in extra.items():
            setattr(avenant, key, value)
        avenant.desc_avenant = (commentaire or "")[:5000]
        avenant.save()
        avenant.avenant_types.set(type_rows)
        labels = ", ".join(t.label for t in type_rows)
        ConventionHistory.objects.create(
            convention=avenant,
            type_evenement=TypeEvenement.CREATION,
            statut_precedent=ConventionStatut.PROJET,
            statut=ConventionStatut.PROJET,
            action="creer",
            user=user,
            commentaire=commentaire or "",
            description=f"Création ({labels}) à partir de {source.titre if source.is_avenant else 'la convention'}",
        )
        journal.record(
            convention=locked,
            type_evenement=TypeEvenement(fin) if fin else TypeEvenement.AVENANT,
            user=user,
            description=f"{'Dénonciation' if fin == 'denonciation' else 'Résiliation' if fin else 'Avenant'} "
            f"commencé(e) : {labels}",
            avenant=str(avenant.uuid),
        )
    return avenant


# --- Ajout simplifié (reference §15.2) -----------------------------------------------------------------


def _ajout_errors(
    numero, date_signature, fichier_signe, date_publication, reference_publication, exiger_fichier=True
) -> list[str]:
    errors = []
    if not numero:
        errors.append("Le numéro de la convention est obligatoire.")
    elif Convention.objects.filter(numero=numero).exists():
        errors.append(f"La convention numéro {numero} existe déjà : choisissez un autre numéro.")
    if date_signature is None:
        errors.append("La date de signature est obligatoire.")
    else:
        errors += [e.message for e in rules.check_date_signature(date_signature)]
    if date_publication:
        errors += [e.message for e in rules.check_date_publication(date_publication, date_signature=date_signature)]
    if fichier_signe is None and exiger_fichier:
        errors.append("Déposez la convention signée (PDF).")
    if date_publication and not reference_publication.strip():
        errors.append("Indiquez la référence de publication avec sa date.")
    return errors


def ajout_simplifie(
    *,
    lot: Lot,
    user,
    numero: str,
    date_signature: datetime.date,
    fichier_signe,
    nb_logements: int | None = None,
    date_publication: datetime.date | None = None,
    reference_publication: str = "",
    logements: list[dict] | None = None,
    exiger_fichier: bool = True,
) -> Convention:
    """Register a convention signed outside APiLos from its PDF and minimal data, directly « Signée » (or
    « Publiée » with its publication), so that it may receive avenants. `logements`: the dwellings table (rows
    of the Excel import, checked by the rules of the dwellings step); their count is the number of dwellings
    when none is given. The bulk registration from a spreadsheet (reprise.tableur) passes
    `exiger_fichier=False`: the PDF may be deposited later on the convention."""
    numero = (numero or "").strip()
    errors = _ajout_errors(
        numero, date_signature, fichier_signe, date_publication, reference_publication, exiger_fichier
    )
    if logements:
        from conventions.rules import check_logements

        count = nb_logements if nb_logements is not None else len(logements)
        errors += [
            str(e)
            for e in check_logements(logements, nb_logements=count, financement=lot.financement)
            if not e.optional
        ]
    if errors:
        raise ValidationRefused("La convention n'a pas été enregistrée.", errors=errors)
    if not perms.can_create_convention_for(user, lot.programme):
        raise TransitionNotAllowed("Vous n'avez pas le droit d'enregistrer une convention sur cette opération.")
    with transaction.atomic():
        lot = Lot.objects.select_for_update(of=("self",)).get(pk=lot.pk)
        if Convention.objects.filter(lot=lot).exclude(statut=ConventionStatut.ANNULEE).exists():
            raise TransitionNotAllowed("Une convention existe déjà pour ce lot : ouvrez-la depuis la liste.")
        if nb_logements is None and logements:
            nb_logements = len(logements)
        if nb_logements is not None:
            lot.nb_logements = nb_logements
            lot.save(update_fields=["nb_logements", "mis_a_jour_le"])
        if logements:
            from conventions.services.steps import save_logements

            save_logements(lot=lot, lot_values={}, rows=[{**row, "uuid": ""} for row in logements])
        statut = ConventionStatut.PUBLIEE if date_publication else ConventionStatut.SIGNEE
        convention = Convention.objects.create(
            programme=lot.programme,
            lot=lot,
            numero=numero,
            statut=statut,
            cree_par=user,
            date_signature=date_signature,
            date_publication=date_publication,
            reference_publication=reference_publication.strip()[:50],
            ajout_simplifie=True,
        )
        if fichier_signe is not None:
            convention.fichier_signe.save(f"conventions/{convention.uuid}/signee_{fichier_signe.name}", fichier_signe)
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.CREATION,
            user=user,
            description=f"Ajout simplifié d'une convention signée le {date_signature:%d/%m/%Y}"
            + (f", avec {len(logements)} logement{'s' if len(logements) > 1 else ''}" if logements else ""),
            action="ajout_simplifie",
            statut=statut,
        )
    return convention


# --- Batch (reference §12.5): an instructeur ends a list of conventions ---------------------------------


BATCH_MAX = 200  # conventions per batch: a larger selection is refused (narrow the search)


def can_end_conventions_batch(user) -> bool:
    """The batch page is for instructeurs: a full instructeur role (the right to change conventions) on at least
    one administration, or a superuser. Each convention is then checked on the role reaching it."""
    from users.perms import organisations_with

    orgs = organisations_with(user, "conventions.change_convention")
    return orgs.everything or bool(orgs.administration_ids)


def end_refusal(user, convention: Convention) -> str:
    """Why `user` may not dénoncer or résilier `convention` in a batch ("" when they may): the same rules as the
    batch itself applies (conventions.workflow), read before anything is written, for the preview."""
    if convention.statut not in STATUTS_EN_VIGUEUR:
        return (
            f"Statut « {statut_label(convention.statut)} » : seule une convention signée ou publiée peut y mettre fin."
        )
    if perms.role_on(user, convention) != perms.INSTRUCTEUR or not can_create_avenant(user, convention):
        return "Vous n'êtes pas instructeur de cette convention avec le droit de la modifier."
    return avenant_refusal(convention)


def end_conventions_preview(*, user, conventions) -> list[tuple[Convention, str]]:
    """(convention, refusal) for each convention of the selection, in number order; refusal "" when it may end."""
    return [(c, end_refusal(user, c)) for c in sorted(conventions, key=lambda c: (c.numero or "", c.pk))]


def end_conventions_batch(*, numeros: list[str], user, nature: str, date: datetime.date, motif: str) -> dict:
    """Dénoncer or résilier the conventions of `numeros` at `date`, each through its special avenant created
    and validated by the instructeur `user` (one transaction per convention: a refusal stops only that one).
    Returns {"faites": [numero…], "refus": {numero: message}, "inconnues": [numero…]}."""
    from conventions import workflow

    if nature not in ("denonciation", "resiliation"):
        raise ValidationRefused("Choisissez « denonciation » ou « resiliation ».")
    if date is None or not (motif or "").strip():
        raise ValidationRefused("La date et le motif sont obligatoires.")
    result = {"faites": [], "refus": {}, "inconnues": []}
    visible = Convention.objects.visible_to(user).conventions().select_related("programme")
    for numero in dict.fromkeys(n.strip() for n in numeros if n and n.strip()):
        convention = visible.filter(numero=numero).first()
        if convention is None:
            result["inconnues"].append(numero)
            continue
        try:
            with transaction.atomic():
                values = {f"date_{nature}": date, f"motif_{nature}": motif.strip()}
                avenant = create_avenant(parent=convention, user=user, types=[nature], **values)
                if nature == "denonciation":
                    workflow.convention_denounce(avenant=avenant, user=user, comment="Traitement par lot")
                else:
                    workflow.convention_terminate(avenant=avenant, user=user, comment="Traitement par lot")
        except workflow.WorkflowError as exc:
            result["refus"][numero] = exc.message
        else:
            result["faites"].append(numero)
    return result
