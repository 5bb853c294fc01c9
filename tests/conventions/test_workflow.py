import datetime
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from conventions import notifications, rules, workflow
from conventions.documents import controle
from conventions.enums import ConventionStatut as S
from conventions.models import Convention, ConventionHistory
from tests.conventions.factories import ConventionFactory
from tests.users.factories import UserFactory, bailleur_user, instructeur_user

PERSONAS = ["bailleur", "instructeur", "autre_bailleur", "autre_instructeur", "superuser"]


@pytest.fixture
def seeded(seeded_roles):
    return None


@pytest.fixture
def no_blocking_rules(monkeypatch):
    """The matrix tests roles and statuses; the business rules and the document check have their own tests."""
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr(controle, "bloquants", lambda convention: [])


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(notifications, "notify", lambda event, **kwargs: calls.append((event, kwargs)))
    return calls


def personas_for(convention):
    return {
        "bailleur": bailleur_user(bailleur=convention.programme.bailleur),
        "instructeur": instructeur_user(administration=convention.programme.administration),
        "autre_bailleur": bailleur_user(),
        "autre_instructeur": instructeur_user(),
        "superuser": UserFactory(is_superuser=True),
    }


def _validate(convention, user):
    numero = f"13.D.26.{Convention.objects.count() + 900:04d}-{convention.pk}"
    return workflow.convention_validate(convention=convention, user=user, numero=numero)


def _mark_signed(convention, user):
    fichier = SimpleUploadedFile("signee.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return workflow.convention_mark_signed(
        convention=convention, user=user, date_signature=timezone.localdate(), fichier_signe=fichier
    )


# The service of each transition, called with valid arguments.
SERVICES = {
    "soumettre": lambda c, u: workflow.convention_submit(convention=c, user=u),
    "demander_corrections": lambda c, u: workflow.convention_request_corrections(
        convention=c, user=u, comment="À revoir"
    ),
    "renvoyer_instruction": lambda c, u: workflow.convention_resubmit(convention=c, user=u, comment="Corrigé"),
    "valider": _validate,
    "retour_instruction": lambda c, u: workflow.convention_back_to_instruction(convention=c, user=u),
    "marquer_signee": _mark_signed,
    "envoyer_publication": lambda c, u: workflow.convention_send_for_publication(convention=c, user=u),
    "marquer_publiee": lambda c, u: workflow.convention_mark_published(
        convention=c, user=u, date_publication=timezone.localdate(), reference_publication="SPF-1"
    ),
    "annuler": lambda c, u: workflow.convention_cancel(convention=c, user=u),
    "reactiver": lambda c, u: workflow.convention_reactivate(convention=c, user=u),
    "supprimer": lambda c, u: workflow.convention_delete(convention=c, user=u),
    "retour_signee": lambda c, u: workflow.convention_back_to_signed(convention=c, user=u),
    "refus_spf": lambda c, u: workflow.convention_spf_refused(
        convention=c, user=u, date_refus=timezone.localdate(), motif="Acte incomplet"
    ),
    "retour_publication": lambda c, u: workflow.convention_back_to_publication(convention=c, user=u),
    "denoncer": lambda c, u: workflow.convention_denounce(avenant=c, user=u),
    "resilier": lambda c, u: workflow.convention_terminate(avenant=c, user=u),
    # Never a user's action (the effect of a validated dénonciation/résiliation): the check must refuse.
    "effet_denonciation": lambda c, u: workflow._check(workflow.TRANSITIONS["effet_denonciation"], c, u),
    "effet_resiliation": lambda c, u: workflow._check(workflow.TRANSITIONS["effet_resiliation"], c, u),
}


def run(name, convention, user):
    """Call the service of a transition with valid arguments."""
    if name not in SERVICES:
        raise AssertionError(name)
    return SERVICES[name](convention, user)


ROLE_OF_PERSONA = {"bailleur": "bailleur", "instructeur": "instructeur", "superuser": "instructeur"}


@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
@pytest.mark.parametrize("statut", list(S))
@pytest.mark.parametrize("persona", PERSONAS)
def test_transition_matrix(seeded, no_blocking_rules, sent, name, statut, persona):
    transition = workflow.TRANSITIONS[name]
    convention = ConventionFactory(statut=statut, numero=None)
    user = personas_for(convention)[persona]
    # On a convention (not an avenant): the dénonciation/résiliation validations never apply; sending to
    # publication only when the convention must be published (bailleur neither HLM nor SEM here or not).
    expected = (
        statut in transition.sources
        and ROLE_OF_PERSONA.get(persona) in transition.roles
        and "convention" in transition.natures
        and (name != "envoyer_publication" or convention.bailleur.is_type1and2())
    )
    history_before = ConventionHistory.objects.count()

    if not expected:
        with pytest.raises(workflow.TransitionNotAllowed) as excinfo:
            run(name, convention, user)
        assert excinfo.value.message  # a French sentence for the user
        convention.refresh_from_db()
        assert convention.statut == statut
        assert ConventionHistory.objects.count() == history_before
        return

    run(name, convention, user)
    if name == "supprimer":
        assert not Convention.objects.filter(pk=convention.pk).exists()
        return
    convention.refresh_from_db()
    assert convention.statut == transition.target
    entry = ConventionHistory.objects.filter(convention=convention, type_evenement="statut").latest("id")
    assert (entry.statut_precedent, entry.statut, entry.action, entry.user) == (statut, transition.target, name, user)


def test_available_transitions_follow_the_table(seeded):
    convention = ConventionFactory(instruction=True)
    people = personas_for(convention)
    names = lambda user: {t.name for t in workflow.available_transitions(convention=convention, user=user)}  # noqa: E731
    assert names(people["instructeur"]) == {"demander_corrections", "valider", "annuler"}
    assert names(people["bailleur"]) == {"annuler"}
    assert names(people["autre_bailleur"]) == set()


def test_in_corrections_the_bailleur_holds_the_convention(seeded):
    """Reference §2.6.2: from « En correction » only the bailleur sends it back; the instructeur may only cancel
    (neither ask again nor validate, nor validate a dénonciation or a résiliation)."""
    convention = ConventionFactory(corrections=True)
    people = personas_for(convention)
    names = lambda user: {t.name for t in workflow.available_transitions(convention=convention, user=user)}  # noqa: E731
    assert names(people["instructeur"]) == {"annuler"}
    assert names(people["bailleur"]) == {"renvoyer_instruction", "annuler"}
    for name in ("demander_corrections", "valider", "denoncer", "resilier"):
        assert S.CORRECTIONS not in workflow.TRANSITIONS[name].sources
    with pytest.raises(workflow.TransitionNotAllowed):
        _validate(convention, people["instructeur"])


def test_readonly_instructeur_cannot_validate(seeded):
    from django.contrib.auth.models import Group

    convention = ConventionFactory(instruction=True)
    user = instructeur_user(administration=convention.programme.administration)
    user.roles.update(group=Group.objects.get(name="readonly_instructeur"))
    user = type(user).objects.get(pk=user.pk)
    with pytest.raises(workflow.TransitionNotAllowed):
        run("valider", convention, user)


def test_submission_dates_and_notifications(seeded, no_blocking_rules, sent, django_capture_on_commit_callbacks):
    convention = ConventionFactory()
    people = personas_for(convention)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_submit(convention=convention, user=people["bailleur"], comment="Premier dépôt")
    first = convention.premiere_soumission_le
    assert first is not None and convention.soumis_le == first
    assert sent == [
        ("submitted", {"convention_id": convention.pk, "actor_id": people["bailleur"].pk, "message": "Premier dépôt"})
    ]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_request_corrections(
            convention=convention, user=people["instructeur"], comment="Surface à revoir", send_copy=True
        )
        workflow.convention_resubmit(convention=convention, user=people["bailleur"], comment="Fait")
    convention.refresh_from_db()
    assert convention.premiere_soumission_le == first
    assert convention.soumis_le > first
    assert [event for event, _ in sent] == ["submitted", "corrections_requested", "corrections_done"]
    assert sent[1][1]["send_copy"] is True and sent[1][1]["message"] == "Surface à revoir"
    messages = list(convention.historique.values_list("commentaire", flat=True))
    assert messages == ["Premier dépôt", "Surface à revoir", "Fait"]


def test_notifications_are_not_sent_when_the_transaction_rolls_back(seeded, no_blocking_rules, sent):
    # Without executing on-commit callbacks (the test transaction never commits), nothing is sent.
    convention = ConventionFactory()
    workflow.convention_submit(convention=convention, user=personas_for(convention)["bailleur"])
    assert sent == []


def test_submit_refused_while_rules_are_broken(seeded, monkeypatch):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: ["Le nombre de logements ne correspond pas."])
    convention = ConventionFactory()
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_submit(convention=convention, user=personas_for(convention)["bailleur"])
    assert excinfo.value.errors == ["Le nombre de logements ne correspond pas."]
    convention.refresh_from_db()
    assert convention.statut == S.PROJET and convention.soumis_le is None


def test_validation_sets_number_and_date_once_and_starts_the_document_job(seeded, no_blocking_rules, monkeypatch):
    from conventions import tasks

    started = []
    monkeypatch.setattr(tasks, "enqueue_validated_document", lambda cid, uid: started.append((cid, uid)))
    convention = ConventionFactory(instruction=True)
    instructeur = personas_for(convention)["instructeur"]
    workflow.convention_validate(convention=convention, user=instructeur, numero="13.D.26.0001")
    assert convention.numero == "13.D.26.0001" and convention.valide_le is not None
    first_validation = convention.valide_le
    workflow.convention_back_to_instruction(convention=convention, user=instructeur)
    workflow.convention_validate(convention=convention, user=instructeur, numero="13.D.26.0002")
    assert convention.valide_le == first_validation and convention.numero == "13.D.26.0002"


def test_validation_refusals(seeded, no_blocking_rules):
    ConventionFactory(a_signer=True, numero="13.D.26.0007")
    convention = ConventionFactory(instruction=True)
    instructeur = personas_for(convention)["instructeur"]
    for numero, expected in [
        ("", "obligatoire"),
        ("13.D.26.0007", "existe déjà"),
        (workflow.numero_prefix(convention), "préfixe"),
    ]:
        with pytest.raises(workflow.ValidationRefused) as excinfo:
            workflow.convention_validate(convention=convention, user=instructeur, numero=numero)
        assert any(expected in error for error in excinfo.value.errors), excinfo.value.errors
    convention.refresh_from_db()
    assert convention.statut == S.INSTRUCTION and convention.numero is None


def test_type1and2_must_be_chosen_before_validation(seeded, no_blocking_rules):
    convention = ConventionFactory(instruction=True, lot__programme__bailleur__type1and2=True)
    instructeur = personas_for(convention)["instructeur"]
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_validate(convention=convention, user=instructeur, numero="13.D.26.0100")
    assert "Type I ou Type II" in excinfo.value.errors[0]
    convention.type1and2 = "Type2"
    convention.save()
    workflow.convention_validate(convention=convention, user=instructeur, numero="13.D.26.0100")
    assert convention.statut == S.A_SIGNER


def test_mark_signed_and_published_check_their_data(seeded):
    convention = ConventionFactory(a_signer=True, lot__programme__bailleur__type1and2=True)  # must be published
    instructeur = personas_for(convention)["instructeur"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(workflow.ValidationRefused, match="futur"):
        workflow.convention_mark_signed(convention=convention, user=instructeur, date_signature=tomorrow)
    workflow.convention_mark_signed(convention=convention, user=instructeur, date_signature=timezone.localdate())
    workflow.convention_send_for_publication(convention=convention, user=instructeur)
    with pytest.raises(workflow.ValidationRefused, match="obligatoires"):
        workflow.convention_mark_published(
            convention=convention, user=instructeur, date_publication=timezone.localdate(), reference_publication=" "
        )
    assert convention.statut == S.PUBLICATION_EN_COURS


def test_reactivation_refused_when_the_lot_has_another_active_convention(seeded):
    cancelled = ConventionFactory(annulee=True)
    ConventionFactory(lot=cancelled.lot)
    with pytest.raises(workflow.ValidationRefused, match="autre convention active"):
        workflow.convention_reactivate(convention=cancelled, user=personas_for(cancelled)["bailleur"])


def test_default_numero_national_rule_and_prefix(seeded):
    today = datetime.date(2026, 11, 26)
    convention = ConventionFactory(
        instruction=True, lot__programme__code_insee_departement="13", lot__programme__administration__code="DD013"
    )
    assert workflow.default_numero(convention, today=today) == "13.D.26.0001"
    ConventionFactory(a_signer=True, numero="13.D.26.0041", valide_le=timezone.now())
    ConventionFactory(a_signer=True, numero="13.D.25.0099", valide_le=timezone.now() - datetime.timedelta(days=400))
    assert workflow.default_numero(convention, today=today) == "13.D.26.0042"

    administration = convention.programme.administration
    administration.code = "75056"
    administration.prefix_convention = "{département}/{zone}/{mois}/{année}/80.416/"
    administration.save()
    convention.refresh_from_db()
    assert workflow.default_numero(convention, today=today) == "13/2/11/2026/80.416/"
    administration.prefix_convention = ""
    administration.save()
    convention.refresh_from_db()
    assert workflow.numero_prefix(convention, today=today) == "13.75056.26."


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_validations_give_one_success_and_one_refusal(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Ce test de concurrence nécessite PostgreSQL (DATABASE_URL).")
    call_command("seed_roles", verbosity=0)
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr(controle, "bloquants", lambda convention: [])
    monkeypatch.setattr("conventions.tasks.enqueue_validated_document", lambda *args: None)
    convention = ConventionFactory(instruction=True)
    instructeurs = [instructeur_user(administration=convention.programme.administration) for _ in range(2)]

    # Hold the row lock a moment inside the first transaction, so the second really waits on it.
    original = workflow.validate_numero

    def slow_validate_numero(locked, numero):
        time.sleep(0.3)
        return original(locked, numero)

    monkeypatch.setattr(workflow, "validate_numero", slow_validate_numero)
    barrier = threading.Barrier(2)
    outcomes = []

    def validate(user, numero):
        from django.db import connections

        try:
            barrier.wait()
            workflow.convention_validate(convention=Convention.objects.get(pk=convention.pk), user=user, numero=numero)
            outcomes.append("ok")
        except workflow.WorkflowError as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=validate, args=(instructeurs[0], "13.D.26.5001")),
        threading.Thread(target=validate, args=(instructeurs[1], "13.D.26.5002")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert isinstance(refusal, workflow.TransitionNotAllowed)
    assert "À signer" in refusal.message
    convention.refresh_from_db()
    assert convention.statut == S.A_SIGNER
    assert ConventionHistory.objects.filter(convention=convention, action="valider").count() == 1


def test_resubmission_refused_while_rules_are_broken(seeded, monkeypatch):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: ["Le loyer du logement A1 est incorrect."])
    convention = ConventionFactory(corrections=True)
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_resubmit(convention=convention, user=personas_for(convention)["bailleur"])
    assert excinfo.value.errors == ["Le loyer du logement A1 est incorrect."]
    convention.refresh_from_db()
    assert convention.statut == S.CORRECTIONS
