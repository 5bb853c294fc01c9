"""Avenants, dénonciation and résiliation: creation (copy of the current state), rules and refusals, the
workflow matrix (every transition × status × persona, mixed roles included), numbering, signature and versions,
the effect of a dénonciation or a résiliation, date corrections, the steps an avenant opens."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from conventions import notifications, perms, rules, workflow
from conventions.documents import controle
from conventions.enums import ConventionStatut as S
from conventions.enums import TypeEvenement
from conventions.models import AvenantType, Convention, ConventionHistory, UploadedFile
from conventions.services import avenants as service
from conventions.steps.avenants import ACTE_RESILIATION
from conventions.steps.registry import kind_of
from programmes.models import Logement
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.conventions.test_permission_matrix import mixed_personas
from tests.programmes.factories import (
    AnnexeFactory,
    LogementFactory,
    ReferenceCadastraleFactory,
    TypeStationnementFactory,
)
from tests.users.factories import UserFactory, bailleur_user, instructeur_user

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def quiet(monkeypatch, seeded_roles):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr(controle, "bloquants", lambda convention: [])  # tested in tests/conventions/documents
    calls = []
    monkeypatch.setattr(notifications, "notify", lambda event, **kwargs: calls.append((event, kwargs)))
    return calls


def signed_convention(**kwargs) -> Convention:
    convention = ConventionFactory(
        statut=S.SIGNEE, numero=f"13.D.26.{Convention.objects.count() + 1:04d}", date_signature=TODAY, **kwargs
    )
    logement = LogementFactory(lot=convention.lot, designation="A1", loyer=Decimal("400.00"))
    LogementFactory(lot=convention.lot, designation="A2", loyer=Decimal("410.00"))
    AnnexeFactory(logement=logement)
    TypeStationnementFactory(lot=convention.lot)
    ReferenceCadastraleFactory(programme=convention.programme)
    PretFactory(convention=convention)
    return convention


def people(convention) -> dict:
    programme = convention.programme
    return {
        "bailleur": bailleur_user(bailleur=programme.bailleur),
        "instructeur": instructeur_user(administration=programme.administration),
        "autre_bailleur": bailleur_user(),
        "autre_instructeur": instructeur_user(),
        "superuser": UserFactory(is_superuser=True),
        **mixed_personas(programme),
    }


# The side each persona acts on for the convention (None: no action at all). Read-only here + full elsewhere
# gives nothing here; bailleur here + instructeur elsewhere acts as the bailleur here.
SIDE = {
    "bailleur": "bailleur",
    "instructeur": "instructeur",
    "superuser": "instructeur",
    "bailleur_here_instructeur_elsewhere": "bailleur",
}
PERSONAS = [
    "bailleur",
    "instructeur",
    "autre_bailleur",
    "autre_instructeur",
    "superuser",
    "readonly_bailleur_full_elsewhere",
    "readonly_instructeur_full_elsewhere",
    "bailleur_here_instructeur_elsewhere",
    "bailleur_and_instructeur_elsewhere",
]


# --- Creation -----------------------------------------------------------------------------------------


def test_the_fourteen_types_are_seeded():
    assert AvenantType.objects.count() == 14
    assert {"bailleur", "logements", "duree", "denonciation", "resiliation", "cadastre", "edd", "variantes"} <= set(
        AvenantType.objects.values_list("nom", flat=True)
    )


def test_an_avenant_copies_the_current_state_into_its_own_operation_and_lot():
    convention = signed_convention()
    user = people(convention)["bailleur"]
    avenant = service.create_avenant(parent=convention, user=user, types=["logements"], commentaire="Loyers")
    assert avenant.parent == convention and avenant.statut == S.PROJET and avenant.cree_par == user
    assert avenant.programme_id != convention.programme_id and avenant.programme.parent == convention.programme
    assert avenant.lot_id != convention.lot_id and avenant.lot.parent == convention.lot
    assert list(avenant.lot.logements.values_list("designation", "loyer")) == list(
        convention.lot.logements.values_list("designation", "loyer")
    )
    assert avenant.lot.logements.get(designation="A1").annexes.count() == 1
    assert avenant.lot.type_stationnements.count() == 1
    assert avenant.programme.references_cadastrales.count() == 1
    assert avenant.prets.count() == 1
    assert avenant.numero is None and avenant.numero_avenant is None and avenant.date_signature is None
    assert avenant.type_noms() == {"logements"} and avenant.desc_avenant == "Loyers"
    # Journal: on the avenant (creation) and on the convention (avenant started).
    assert avenant.historique.get().type_evenement == TypeEvenement.CREATION
    assert convention.historique.filter(type_evenement=TypeEvenement.AVENANT).count() == 1
    # The copies are not operations of their own.
    from programmes.models import Programme

    assert Programme.objects.originals().filter(pk=avenant.programme_id).count() == 0


def test_refusals_have_french_messages():
    draft = ConventionFactory(instruction=True)
    with pytest.raises(workflow.TransitionNotAllowed, match="signée ou publiée"):
        service.create_avenant(parent=draft, user=people(draft)["bailleur"], types=["logements"])
    convention = signed_convention()
    user = people(convention)["bailleur"]
    with pytest.raises(workflow.ValidationRefused, match="inconnu"):
        service.create_avenant(parent=convention, user=user, types=["toiture"])
    with pytest.raises(workflow.ValidationRefused, match="au moins un type"):
        service.create_avenant(parent=convention, user=user, types=[])
    with pytest.raises(workflow.ValidationRefused, match="ne se combine"):
        service.create_avenant(parent=convention, user=user, types=["denonciation", "logements"])
    first = service.create_avenant(parent=convention, user=user, types=["logements"])
    with pytest.raises(workflow.TransitionNotAllowed, match="déjà en cours"):
        service.create_avenant(parent=convention, user=user, types=["bailleur"])
    with pytest.raises(workflow.TransitionNotAllowed, match="convention d'origine"):
        service.create_avenant(parent=first, user=user, types=["bailleur"])
    workflow.convention_cancel(convention=first, user=user)
    second = service.create_avenant(parent=convention, user=user, types=["denonciation"])
    with pytest.raises(workflow.TransitionNotAllowed, match="dénonciation de la convention est en cours"):
        service.create_avenant(parent=convention, user=user, types=["logements"])
    # Reactivating the cancelled one would make two in progress.
    with pytest.raises(workflow.ValidationRefused, match="dénonciation"):
        workflow.convention_reactivate(convention=first, user=user)
    assert second.statut == S.PROJET


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_create_an_avenant(persona):
    convention = signed_convention()
    user = people(convention)[persona]
    if SIDE.get(persona):
        assert service.create_avenant(parent=convention, user=user, types=["champ_libre"]).parent == convention
    else:
        with pytest.raises(workflow.TransitionNotAllowed):
            service.create_avenant(parent=convention, user=user, types=["champ_libre"])
        assert not convention.avenants.exists()


# --- Workflow matrix on avenants, dénonciations, résiliations --------------------------------------------


def _special(nature, user_side, parent):
    creator = people(parent)[user_side]
    types = {"avenant": ["logements"], "denonciation": ["denonciation"], "resiliation": ["resiliation"]}[nature]
    values = {}
    if nature == "denonciation":
        values = {"date_denonciation": TODAY, "motif_denonciation": "Fin de la période"}
    if nature == "resiliation":
        values = {"date_resiliation": TODAY, "motif_resiliation": "Arrêté préfectoral"}
    return service.create_avenant(parent=parent, user=creator, types=types, **values)


def run(name, avenant, user):  # noqa: C901 - one branch per transition
    if name == "soumettre":
        return workflow.convention_submit(convention=avenant, user=user)
    if name == "demander_corrections":
        return workflow.convention_request_corrections(convention=avenant, user=user, comment="À revoir")
    if name == "renvoyer_instruction":
        return workflow.convention_resubmit(convention=avenant, user=user)
    if name == "valider":
        return workflow.convention_validate(convention=avenant, user=user, numero="1")
    if name == "retour_instruction":
        return workflow.convention_back_to_instruction(convention=avenant, user=user)
    if name == "marquer_signee":
        return workflow.convention_mark_signed(convention=avenant, user=user, date_signature=timezone.localdate())
    if name == "envoyer_publication":
        return workflow.convention_send_for_publication(convention=avenant, user=user)
    if name == "marquer_publiee":
        return workflow.convention_mark_published(
            convention=avenant, user=user, date_publication=timezone.localdate(), reference_publication="SPF"
        )
    if name == "retour_signee":
        return workflow.convention_back_to_signed(convention=avenant, user=user)
    if name == "retour_publication":
        return workflow.convention_back_to_publication(convention=avenant, user=user)
    if name == "refus_spf":
        return workflow.convention_spf_refused(
            convention=avenant, user=user, date_refus=timezone.localdate(), motif="Acte incomplet"
        )
    if name == "annuler":
        return workflow.convention_cancel(convention=avenant, user=user)
    if name == "reactiver":
        return workflow.convention_reactivate(convention=avenant, user=user)
    if name == "supprimer":
        return workflow.convention_delete(convention=avenant, user=user)
    if name == "denoncer":
        return workflow.convention_denounce(avenant=avenant, user=user)
    if name == "resilier":
        return workflow.convention_terminate(avenant=avenant, user=user)
    if name.startswith("effet_"):
        workflow._check(workflow.TRANSITIONS[name], avenant, user)
        raise AssertionError(f"{name} must never be allowed to a user")
    raise AssertionError(name)


@pytest.mark.parametrize("statut", [S.PROJET, S.INSTRUCTION, S.CORRECTIONS, S.A_SIGNER, S.SIGNEE, S.PUBLIEE])
@pytest.mark.parametrize("nature", ["avenant", "denonciation", "resiliation"])
def test_avenant_transition_matrix(statut, nature):
    """Every transition × persona on an avenant, a dénonciation, a résiliation in each status; each attempt in
    a savepoint rolled back, so that the next one starts from the same state."""
    parent = signed_convention(lot__programme__bailleur__type1and2=True)  # publication required
    avenant = _special(nature, "instructeur", parent)
    Convention.objects.filter(pk=avenant.pk).update(statut=statut)  # test setup only
    everyone = people(parent)
    checked = 0
    for persona in PERSONAS:
        user = everyone[persona]
        for name, transition in workflow.TRANSITIONS.items():
            avenant = Convention.objects.get(pk=avenant.pk)
            expected = (
                statut in transition.sources and SIDE.get(persona) in transition.roles and nature in transition.natures
            )
            before = ConventionHistory.objects.filter(type_evenement="statut").count()
            sid = transaction.savepoint()
            try:
                if not expected:
                    with pytest.raises(workflow.TransitionNotAllowed) as excinfo:
                        run(name, avenant, user)
                    assert excinfo.value.message, (persona, name)
                    assert Convention.objects.get(pk=avenant.pk).statut == statut, (persona, name)
                    assert Convention.objects.get(pk=parent.pk).statut == S.SIGNEE, (persona, name)
                    assert ConventionHistory.objects.filter(type_evenement="statut").count() == before
                    continue
                run(name, avenant, user)
                if name == "supprimer":
                    assert not Convention.objects.filter(pk=avenant.pk).exists()
                    continue
                assert Convention.objects.get(pk=avenant.pk).statut == transition.target, (persona, name)
                parent_statut = {"denoncer": S.DENONCEE, "resilier": S.RESILIEE}.get(name, S.SIGNEE)
                assert Convention.objects.get(pk=parent.pk).statut == parent_statut, (persona, name)
            finally:
                transaction.savepoint_rollback(sid)
                checked += 1
    assert checked == len(PERSONAS) * len(workflow.TRANSITIONS)


# --- Numbering, signature, versions -------------------------------------------------------------------


def test_validation_numbers_the_avenant_and_signature_makes_it_the_current_state():
    convention = signed_convention()
    who = people(convention)
    bailleur, instructeur = who["bailleur"], who["instructeur"]
    avenant = service.create_avenant(parent=convention, user=bailleur, types=["logements"])
    Logement.objects.filter(lot=avenant.lot, designation="A1").update(loyer=Decimal("450.00"))
    workflow.convention_submit(convention=avenant, user=bailleur)
    assert workflow.default_numero_avenant(avenant) == 1
    with pytest.raises(workflow.ValidationRefused, match="entier positif"):
        workflow.convention_validate(convention=avenant, user=instructeur, numero="un")
    workflow.convention_validate(convention=avenant, user=instructeur, numero="1")
    avenant.refresh_from_db()
    assert (avenant.statut, avenant.numero_avenant, avenant.numero) == (S.A_SIGNER, 1, None)
    assert service.current_version(convention) == convention  # not signed yet
    workflow.convention_mark_signed(convention=avenant, user=bailleur, date_signature=timezone.localdate())
    convention = Convention.objects.get(pk=convention.pk)
    current = service.current_version(convention)
    assert current == avenant
    assert current.lot.logements.get(designation="A1").loyer == Decimal("450.00")
    # The convention as signed originally is unchanged.
    assert convention.lot.logements.get(designation="A1").loyer == Decimal("400.00")
    # The next avenant starts from avenant 1 and gets number 2.
    second = service.create_avenant(parent=convention, user=bailleur, types=["champ_libre"])
    assert second.lot.parent == avenant.lot
    assert second.lot.logements.get(designation="A1").loyer == Decimal("450.00")
    assert workflow.default_numero_avenant(second) == 2
    with pytest.raises(workflow.ValidationRefused, match="existe déjà"):
        workflow.convention_submit(convention=second, user=bailleur)
        workflow.convention_validate(convention=second, user=instructeur, numero="1")
    assert [v.titre for v in service.signed_versions(convention)] == [convention.titre, "Avenant n° 1"]


def test_steps_open_on_an_avenant_are_those_of_its_types():
    convention = signed_convention()
    user = people(convention)["bailleur"]
    avenant = service.create_avenant(parent=convention, user=user, types=["logements", "champ_libre"])
    assert kind_of(avenant).nom == "avenant"
    assert kind_of(avenant).open_slugs(avenant) == {"logements", "annexes", "champ_libre"}
    assert perms.step_is_open(avenant, "logements") and not perms.step_is_open(avenant, "bailleur")
    assert perms.step_is_open(convention, "bailleur")


# --- Dénonciation, résiliation -----------------------------------------------------------------------


def test_denonciation_ends_the_convention_and_its_avenants(quiet, django_capture_on_commit_callbacks):
    convention = signed_convention()
    who = people(convention)
    signed = service.create_avenant(parent=convention, user=who["bailleur"], types=["champ_libre"])
    Convention.objects.filter(pk=signed.pk).update(statut=S.SIGNEE, numero_avenant=1, date_signature=TODAY)
    denonciation = _special("denonciation", "bailleur", convention)
    assert kind_of(denonciation).nom == "denonciation"
    with pytest.raises(workflow.TransitionNotAllowed, match="soumise par le bailleur"):
        workflow.convention_denounce(avenant=denonciation, user=who["instructeur"])
    workflow.convention_submit(convention=denonciation, user=who["bailleur"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_denounce(avenant=denonciation, user=who["instructeur"])
    for row in (convention, signed, denonciation):
        row.refresh_from_db()
        assert (row.statut, row.date_denonciation) == (S.DENONCEE, TODAY)
    entry = convention.historique.filter(type_evenement=TypeEvenement.DENONCIATION, action="effet_denonciation")
    assert entry.get().user == who["instructeur"]
    assert ("ended", convention.pk) in [(e, kw["convention_id"]) for e, kw in quiet]
    with pytest.raises(workflow.TransitionNotAllowed, match="signée ou publiée"):
        service.create_avenant(parent=convention, user=who["bailleur"], types=["logements"])


def test_a_resiliation_requested_by_the_bailleur_needs_the_act():
    convention = signed_convention()
    who = people(convention)
    resiliation = _special("resiliation", "bailleur", convention)
    workflow.convention_submit(convention=resiliation, user=who["bailleur"])
    with pytest.raises(workflow.ValidationRefused, match="acte administratif"):
        workflow.convention_terminate(avenant=resiliation, user=who["instructeur"])
    fichier = UploadedFile(convention=resiliation, champ=ACTE_RESILIATION, nom="arrete.pdf")
    fichier.fichier.save("arrete.pdf", ContentFile(b"%PDF-1.4"), save=True)
    workflow.convention_terminate(avenant=resiliation, user=who["instructeur"])
    convention.refresh_from_db()
    assert (convention.statut, convention.date_resiliation, convention.motif_resiliation) == (
        S.RESILIEE,
        TODAY,
        "Arrêté préfectoral",
    )


def test_an_instructeur_resiliation_needs_no_act_nor_submission():
    convention = signed_convention()
    instructeur = people(convention)["instructeur"]
    resiliation = _special("resiliation", "instructeur", convention)
    workflow.convention_terminate(avenant=resiliation, user=instructeur)
    convention.refresh_from_db()
    assert convention.statut == S.RESILIEE


# --- Dates, publication ------------------------------------------------------------------------------


def test_the_instructeur_corrects_a_signature_date_and_the_journal_keeps_both():
    convention = signed_convention()
    who = people(convention)
    new = TODAY - datetime.timedelta(days=3)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.correct_date(convention=convention, user=who["bailleur"], field="date_signature", value=new)
    workflow.correct_date(convention=convention, user=who["instructeur"], field="date_signature", value=new)
    convention.refresh_from_db()
    assert convention.date_signature == new
    entry = convention.historique.get(type_evenement=TypeEvenement.CORRECTION_DATE)
    assert entry.donnees == {"champ": "date_signature", "avant": TODAY.isoformat(), "apres": new.isoformat()}
    assert entry.user == who["instructeur"]


def test_publication_is_required_only_for_type_one_and_two_bailleurs():
    hlm = signed_convention()
    assert not workflow.publication_requise(hlm)
    with pytest.raises(workflow.TransitionNotAllowed, match="n'a pas à être publiée"):
        workflow.convention_send_for_publication(convention=hlm, user=people(hlm)["instructeur"])
    other = signed_convention(lot__programme__bailleur__type1and2=True)
    instructeur = people(other)["instructeur"]
    workflow.convention_send_for_publication(convention=other, user=instructeur)
    acte = SimpleUploadedFile("publie.pdf", b"%PDF-1.4", content_type="application/pdf")
    workflow.convention_mark_published(
        convention=other,
        user=instructeur,
        date_publication=TODAY,
        reference_publication="2026 P 12",
        fichier_publication=acte,
    )
    other.refresh_from_db()
    assert other.statut == S.PUBLIEE and other.fichier_publication.name.endswith("publie.pdf")
    workflow.convention_back_to_publication(convention=other, user=instructeur)
    other.refresh_from_db()
    assert (other.statut, other.reference_publication, other.date_publication) == (S.PUBLICATION_EN_COURS, "", None)
    workflow.convention_back_to_signed(convention=other, user=instructeur)
    other.refresh_from_db()
    assert other.statut == S.SIGNEE


def test_batch_resiliation_by_an_instructeur():
    from io import StringIO

    from django.core.management import call_command

    first = signed_convention()
    second = signed_convention(lot__programme=first.programme)
    draft = ConventionFactory(instruction=True, numero="13.D.26.9999", lot__programme=first.programme)
    instructeur = people(first)["instructeur"]
    out = StringIO()
    call_command(
        "fin_conventions",
        first.numero,
        second.numero,
        draft.numero,
        "00.X.00.0000",
        mode="resiliation",
        instructeur=instructeur.username,
        date=TODAY.isoformat(),
        motif="Vente",
        stdout=out,
    )
    for convention in (first, second):
        convention.refresh_from_db()
        assert (convention.statut, convention.date_resiliation) == (S.RESILIEE, TODAY)
    draft.refresh_from_db()
    assert draft.statut == S.INSTRUCTION and not draft.avenants.exists()
    text = out.getvalue()
    assert "2 fait(s), 1 refus, 1 introuvable(s)" in text and "signée ou publiée" in text
    bailleur = people(first)["bailleur"]
    result = service.end_conventions_batch(
        numeros=[draft.numero], user=bailleur, nature="denonciation", date=TODAY, motif="x"
    )
    assert draft.numero in result["refus"]  # a bailleur cannot validate: nothing is left behind
    assert not draft.avenants.exists()


def test_an_instructeur_fills_in_the_resiliation_they_started():
    convention = signed_convention()
    who = people(convention)
    resiliation = service.create_avenant(parent=convention, user=who["instructeur"], types=["resiliation"])
    assert perms.can_edit(who["instructeur"], resiliation)
    assert not perms.can_edit(who["autre_instructeur"], resiliation)
    assert perms.can_edit(who["bailleur"], resiliation)  # a draft stays the bailleur's to edit too
