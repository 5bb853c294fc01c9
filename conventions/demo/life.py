"""Demo data of the life after signature (issue 14): avenants signed and in progress, dénoncées, résiliées and
ajouts simplifiés, on a realistic share of the signed conventions. Like the rest of the demo generator, it
writes demo statuses directly (no e-mails, no rights): the copies are made by the avenant service's clone."""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from conventions import journal
from conventions.enums import STATUTS_EN_VIGUEUR, TypeEvenement
from conventions.enums import ConventionStatut as S
from conventions.models import AvenantType, Convention
from conventions.services.avenants import _clone, current_version
from programmes.models import Logement

PDF = b"%PDF-1.4\n% APiLos demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Shares of the conventions in force (signed, in publication, published) — realistic: most have no avenant.
SHARES = {"avenant_signe": 0.12, "avenant_en_cours": 0.05, "denoncee": 0.02, "resiliee": 0.01}


def _types(*noms):
    return list(AvenantType.objects.filter(nom__in=noms))


def _avenant(parent, *, types, statut, numero=None, when=None, **values):
    source = current_version(parent)
    avenant = _clone(parent=parent, source=source, user=parent.cree_par)
    for key, value in values.items():
        setattr(avenant, key, value)
    avenant.statut = statut
    avenant.numero_avenant = numero
    if statut in STATUTS_EN_VIGUEUR or statut in (S.DENONCEE, S.RESILIEE):
        avenant.date_signature = when
        avenant.valide_le = avenant.cree_le
    avenant.save()
    avenant.avenant_types.set(types)
    journal.record(
        convention=parent,
        type_evenement=TypeEvenement.AVENANT,
        user=parent.cree_par,
        description=f"Avenant ({', '.join(t.label for t in types)}) – données de démonstration",
        avenant=str(avenant.uuid),
    )
    return avenant


def _end(parent, *, statut, when):
    date_field, motif_field, nom = (
        ("date_denonciation", "motif_denonciation", "denonciation")
        if statut == S.DENONCEE
        else ("date_resiliation", "motif_resiliation", "resiliation")
    )
    motif = "Fin de la période conventionnée" if statut == S.DENONCEE else "Vente du patrimoine (arrêté préfectoral)"
    _avenant(parent, types=_types(nom), statut=statut, **{date_field: when, motif_field: motif})
    Convention.objects.filter(pk=parent.pk).update(statut=statut, **{date_field: when, motif_field: motif})
    Convention.objects.filter(parent=parent).exclude(statut__in=[S.ANNULEE]).update(statut=statut, **{date_field: when})
    entry = journal.record(
        convention=parent,
        type_evenement=TypeEvenement(nom),
        user=parent.cree_par,
        description=f"{'Dénonciation' if statut == S.DENONCEE else 'Résiliation'} au {when:%d/%m/%Y}",
        action=f"effet_{nom}",
        statut_precedent=parent.statut,
        statut=statut,
    )
    Convention.objects.filter(pk=parent.pk).update(mis_a_jour_le=entry.cree_le)


def _raise_two_rents(avenant):
    # Sorted here, not by ORDER BY pk LIMIT 2: inside the volume's single transaction the table has no
    # statistics yet and PostgreSQL walked the primary key through every dwelling for each avenant.
    for logement in sorted(Logement.objects.filter(lot=avenant.lot), key=lambda row: row.pk)[:2]:
        if logement.loyer is not None:
            logement.loyer = (logement.loyer * Decimal("1.02")).quantize(Decimal("0.01"))
            logement.save(update_fields=["loyer"])


@transaction.atomic
def seed_life(stdout, conventions, *, rng: random.Random, shares=SHARES, minimum: bool = False) -> dict:
    """Give a share of `conventions` (in force, without avenant) their life after signature. `minimum`: at least
    one of each (the demo set)."""
    candidates = list(
        conventions.filter(statut__in=STATUTS_EN_VIGUEUR, parent__isnull=True, avenants__isnull=True)
        .select_related("programme", "lot", "cree_par")
        .order_by("pk")
        .distinct()
    )
    rng.shuffle(candidates)
    counts = dict.fromkeys(shares, 0)
    wanted = {name: max(1 if minimum else 0, round(share * len(candidates))) for name, share in shares.items()}
    today = datetime.date.today()
    for name in shares:
        for _ in range(wanted[name]):
            if not candidates:
                break
            parent = candidates.pop()
            signed_on = parent.date_signature or today - datetime.timedelta(days=400)
            when = min(today, signed_on + datetime.timedelta(days=rng.randint(60, 300)))
            if name == "avenant_signe":
                avenant = _avenant(parent, types=_types("logements"), statut=S.SIGNEE, numero=1, when=when)
                _raise_two_rents(avenant)
            elif name == "avenant_en_cours":
                avenant = _avenant(parent, types=_types("logements"), statut=S.SIGNEE, numero=1, when=when)
                _raise_two_rents(avenant)
                _avenant(parent, types=_types("champ_libre", "duree"), statut=S.INSTRUCTION)
            elif name == "denoncee":
                _end(parent, statut=S.DENONCEE, when=when)
            else:
                _end(parent, statut=S.RESILIEE, when=when)
            counts[name] += 1
    stdout.write(
        "Vie des conventions : {avenant_signe} avec un avenant signé, {avenant_en_cours} avec un avenant en cours, "
        "{denoncee} dénoncée(s), {resiliee} résiliée(s).".format(**counts)
    )
    return counts


def seed_ajout_simplifie(stdout, lots, *, when: datetime.date) -> int:
    """Conventions signed outside APiLos on lots without an active convention (their PDF is a placeholder)."""
    created = 0
    for index, lot in enumerate(lots):
        if Convention.objects.filter(lot=lot).exclude(statut=S.ANNULEE).exists():
            continue
        convention = Convention.objects.create(
            programme=lot.programme,
            lot=lot,
            numero=f"{lot.programme.numero_operation}-HORS-{index + 1}",
            statut=S.SIGNEE,
            date_signature=when,
            ajout_simplifie=True,
        )
        convention.fichier_signe.save(f"conventions/{convention.uuid}/signee_convention.pdf", ContentFile(PDF))
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.CREATION,
            user=None,
            description="Ajout simplifié d'une convention signée hors APiLos (données de démonstration)",
            action="ajout_simplifie",
            statut=S.SIGNEE,
        )
        created += 1
    if created:
        stdout.write(f"Ajouts simplifiés : {created} convention(s) signée(s) hors APiLos.")
    return created


def seed_demo_life(stdout, conventions) -> None:
    """The demo operation of each persona pair: PLUS with avenant n° 1 signed and avenant n° 2 in instruction,
    PLAI résiliée, PLS dénoncée."""
    today = datetime.date.today()
    done = 0
    for parent in conventions.filter(parent__isnull=True, avenants__isnull=True).select_related("lot", "cree_par"):
        financement = parent.lot.financement
        if financement == "PLUS":
            avenant = _avenant(parent, types=_types("logements"), statut=S.SIGNEE, numero=1, when=today)
            _raise_two_rents(avenant)
            _avenant(parent, types=_types("champ_libre", "duree"), statut=S.INSTRUCTION)
        elif financement == "PLAI":
            _end(parent, statut=S.RESILIEE, when=today)
        elif financement == "PLS":
            _end(parent, statut=S.DENONCEE, when=today + datetime.timedelta(days=180))
        done += 1
    stdout.write(f"Vie des conventions de démonstration : {done} convention(s) avec avenants, dénoncée, résiliée.")
