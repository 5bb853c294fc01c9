import json
import logging
from html import escape

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from conventions import notifications, workflow
from conventions.enums import ConventionStatut
from tests.conventions.factories import CommentFactory, ConventionFactory, ConventionHistoryFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, RoleFactory, UserFactory
from users import emails as welcome_emails
from users.enums import EmailPreferences

TOUS, PARTIEL, AUCUN = EmailPreferences.TOUS, EmailPreferences.PARTIEL, EmailPreferences.AUCUN
CONTACT = "contact-test@apilos.example.org"


@pytest.fixture(autouse=True)
def _setup(seeded_roles, settings, monkeypatch):
    settings.SITE_URL = "https://apilos.example.gouv.fr"
    settings.APILOS_CONTACT_EMAIL = CONTACT
    # These tests are about e-mails: the convention's content is not what is checked here.
    monkeypatch.setattr("conventions.rules.blocking_errors", lambda convention: [])
    monkeypatch.setattr("conventions.documents.controle.bloquants", lambda convention: [])  # own tests


def bailleur_of(bailleur, preference=PARTIEL, **kwargs):
    user = UserFactory(preferences_email=preference, **kwargs)
    RoleFactory(user=user, bailleur=bailleur)
    return user


def instructeur_of(administration, preference=PARTIEL, **kwargs):
    user = UserFactory(preferences_email=preference, **kwargs)
    RoleFactory(user=user, instructeur=True, administration=administration)
    return user


@pytest.fixture
def world():
    """One convention with its bailleur and administration, and users of every preference around them."""
    bailleur, administration = BailleurFactory(), AdministrationFactory(nb_convention_exemplaires=4)
    convention = ConventionFactory(
        lot=LotFactory(programme=ProgrammeFactory(bailleur=bailleur, administration=administration))
    )
    other_bailleur, other_administration = BailleurFactory(), AdministrationFactory()
    return {
        "convention": convention,
        "bailleur": bailleur,
        "administration": administration,
        "b_actor": bailleur_of(bailleur, PARTIEL, username="b-actor"),
        "b_partiel": bailleur_of(bailleur, PARTIEL, username="b-partiel"),
        "b_tous": bailleur_of(bailleur, TOUS, username="b-tous"),
        "b_aucun": bailleur_of(bailleur, AUCUN, username="b-aucun"),
        "b_inactive": bailleur_of(bailleur, TOUS, username="b-inactive", is_active=False),
        "b_sans_email": bailleur_of(bailleur, TOUS, username="b-sans-email", email=""),
        "b_other": bailleur_of(other_bailleur, TOUS, username="b-other"),
        "i_partiel": instructeur_of(administration, PARTIEL, username="i-partiel"),
        "i_tous": instructeur_of(administration, TOUS, username="i-tous"),
        "i_aucun": instructeur_of(administration, AUCUN, username="i-aucun"),
        "i_inactive": instructeur_of(administration, TOUS, username="i-inactive", is_active=False),
        "i_other": instructeur_of(other_administration, TOUS, username="i-other"),
    }


def emails(*users):
    return sorted(u.email for u in users)


def by_subject(start):
    found = [m for m in mail.outbox if m.subject.startswith(start)]
    assert len(found) == 1, [m.subject for m in mail.outbox]
    return found[0]


def html_of(message):
    assert isinstance(message, EmailMultiAlternatives)
    htmls = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(htmls) == 1
    return htmls[0]


def submit(convention, user, comment=""):
    workflow.convention_submit(convention=convention, user=user, comment=comment)


# --- E1 / E2: submitted ---------------------------------------------------------------------------------


def test_submission_sends_e1_to_bailleur_recipients_and_e2_to_the_administration(
    world, django_capture_on_commit_callbacks
):
    convention = world["convention"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(convention, world["b_actor"], comment="Tout est prêt.")

    assert len(mail.outbox) == 2
    e1 = mail.outbox[0]
    # The submitter (PARTIEL, now in the history) and the TOUS bailleur user; not the PARTIEL user who never
    # touched it, nor AUCUN, inactive, address-less users, nor another bailleur's users.
    assert sorted(e1.to) == emails(world["b_actor"], world["b_tous"])
    # The bailleur's acknowledgment has its own subject, not the instructeur's « à instruire ».
    assert e1.subject == f"Convention transmise au service instructeur ({convention})"
    assert "bien été transmise" in e1.body
    assert "reviendra vers vous" in e1.body

    e2 = mail.outbox[1]
    assert sorted(e2.to) == emails(world["i_partiel"], world["i_tous"])
    assert e2.subject == f"Convention à instruire ({convention})"
    url = f"https://apilos.example.gouv.fr/conventions/{convention.uuid}/"
    assert url in e2.body
    assert f'href="{url}"' in html_of(e2)
    assert "> Tout est prêt." in e2.body
    for message in (e1, e2):
        assert not message.cc
        assert "<html" in html_of(message) and "<html" not in message.body


def test_submission_without_administration_sends_e2_to_the_contact_address(world, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(bailleur=world["bailleur"], administration=None)
    convention = ConventionFactory(lot=LotFactory(programme=programme))
    with django_capture_on_commit_callbacks(execute=True):
        submit(convention, world["b_actor"])

    e1 = by_subject("Convention transmise au service instructeur")
    assert sorted(e1.to) == emails(world["b_actor"], world["b_tous"])
    e2 = by_subject(notifications.NO_RECIPIENT_PREFIX)
    assert e2.to == [CONTACT]
    assert e2.subject == f"{notifications.NO_RECIPIENT_PREFIX}Convention à instruire ({convention})"
    assert "aucun destinataire" in e2.body
    assert "aucun destinataire" in html_of(e2)


def test_partiel_bailleur_who_never_acted_gets_nothing_so_the_contact_address_is_used(
    django_capture_on_commit_callbacks,
):
    convention = ConventionFactory()
    submitter = bailleur_of(convention.programme.bailleur, AUCUN)
    bailleur_of(convention.programme.bailleur, PARTIEL)  # never acted on this convention
    instructeur_of(convention.programme.administration, PARTIEL)
    with django_capture_on_commit_callbacks(execute=True):
        submit(convention, submitter)

    e1 = by_subject(notifications.NO_RECIPIENT_PREFIX)
    assert e1.to == [CONTACT]
    assert "bien été transmise" in e1.body


# --- E3: corrections requested -----------------------------------------------------------------------------


@pytest.fixture
def in_instruction(world):
    convention = world["convention"]
    convention.statut = ConventionStatut.INSTRUCTION
    convention.save()
    ConventionHistoryFactory(convention=convention, user=world["b_actor"])
    return convention


MESSAGE = "Le loyer du logement A12 est faux.\nMerci de vérifier <la surface> & le coefficient."


def test_corrections_requested_quotes_the_message_and_copies_the_sender(
    world, in_instruction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_request_corrections(
            convention=in_instruction, user=world["i_partiel"], comment=MESSAGE, send_copy=True
        )

    assert len(mail.outbox) == 1
    e3 = mail.outbox[0]
    assert e3.subject == f"Convention à corriger ({in_instruction})"
    assert sorted(e3.to) == emails(world["b_actor"], world["b_tous"])
    assert e3.cc == [world["i_partiel"].email]
    assert "> Le loyer du logement A12 est faux.\n> Merci de vérifier <la surface> & le coefficient." in e3.body
    html = html_of(e3)
    assert "Le loyer du logement A12 est faux.<br>Merci de vérifier &lt;la surface&gt; &amp; le coefficient." in html
    assert f"https://apilos.example.gouv.fr/conventions/{in_instruction.uuid}/" in e3.body


def test_corrections_requested_lists_the_open_field_comments_with_links(
    world, in_instruction, django_capture_on_commit_callbacks
):
    CommentFactory(convention=in_instruction, nom_objet="programme", champ_objet="nom", message="Nom incomplet <A>.")
    CommentFactory(convention=in_instruction, nom_objet="lot", champ_objet="table", message="Revoir les loyers.")
    CommentFactory(convention=in_instruction, nom_objet="programme", champ_objet="ville", message="Vu.", statut="CLOS")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_request_corrections(convention=in_instruction, user=world["i_tous"], comment="")

    e3 = by_subject("Convention à corriger")
    base = f"https://apilos.example.gouv.fr/conventions/{in_instruction.uuid}/"
    assert "2 points à reprendre" in e3.body
    assert "1. Opération – nom de l'opération\n> Nom incomplet <A>." in e3.body
    assert f"Corriger ce champ : {base}operation/?retour=recap#commentaires-programme__nom" in e3.body
    assert "Revoir les loyers." in e3.body
    assert "Vu." not in e3.body  # a closed comment is not a point to correct
    assert "Aucun message" not in e3.body
    html = html_of(e3)
    assert "Nom incomplet &lt;A&gt;." in html
    assert f'href="{base}operation/?retour=recap#commentaires-programme__nom"' in html


def test_corrections_requested_without_copy(world, in_instruction, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_request_corrections(
            convention=in_instruction, user=world["i_tous"], comment="", send_copy=False
        )
    e3 = by_subject("Convention à corriger")
    assert e3.cc == []
    assert "Aucun message n'accompagne cette demande" in e3.body


def test_no_copy_for_a_sender_who_refuses_all_emails(world, in_instruction, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_request_corrections(
            convention=in_instruction, user=world["i_aucun"], comment="À revoir", send_copy=True
        )
    e3 = by_subject("Convention à corriger")
    assert e3.cc == []
    assert world["i_aucun"].email not in e3.to


# --- E4: corrections done ---------------------------------------------------------------------------------


def test_corrections_done_goes_to_instructeurs_who_followed_the_convention(
    world, in_instruction, django_capture_on_commit_callbacks
):
    workflow.convention_request_corrections(convention=in_instruction, user=world["i_partiel"], comment="À revoir")
    instructeur_of(world["administration"], PARTIEL, username="i-partiel-absent")  # not in the history
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_resubmit(convention=in_instruction, user=world["b_partiel"], comment="C'est corrigé.")

    assert len(mail.outbox) == 1
    e4 = mail.outbox[0]
    assert e4.subject == f"Convention corrigée ({in_instruction})"
    assert sorted(e4.to) == emails(world["i_partiel"], world["i_tous"])
    assert "> C'est corrigé." in e4.body
    assert "C&#x27;est corrigé." in html_of(e4)
    assert "valider" in e4.body
    assert world["bailleur"].nom in e4.body


def test_corrections_done_without_administration_goes_to_the_contact_address(world, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(bailleur=world["bailleur"], administration=None)
    convention = ConventionFactory(lot=LotFactory(programme=programme), corrections=True)
    assert notifications.instructeur_recipients(convention) == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_resubmit(convention=convention, user=world["b_tous"])
    e4 = by_subject(notifications.NO_RECIPIENT_PREFIX + "Convention corrigée")
    assert e4.to == [CONTACT]


def test_recipient_rules_as_functions(world, in_instruction):
    assert notifications.bailleur_recipients(in_instruction) == sorted(
        [world["b_actor"], world["b_tous"]], key=lambda u: u.email
    )
    # Nobody of the administration has acted yet: only TOUS instructeurs follow it.
    assert notifications.instructeur_recipients(in_instruction) == [world["i_tous"]]
    # Acting on the convention makes a PARTIEL instructeur follow it, on the instructeur side only.
    ConventionHistoryFactory(convention=in_instruction, user=world["i_partiel"])
    assert world["i_partiel"] not in notifications.bailleur_recipients(in_instruction)
    assert world["i_partiel"] in notifications.instructeur_recipients(in_instruction)


# --- E5: validated ---------------------------------------------------------------------------------------


def _validated(world):
    convention = world["convention"]
    convention.statut = ConventionStatut.A_SIGNER
    convention.numero = "13.D.26.0042"
    convention.save()
    ConventionHistoryFactory(convention=convention, user=world["b_actor"])
    return convention


def test_validated_with_attachment(world):
    convention = _validated(world)
    sent = notifications.send_validated(
        convention=convention,
        validated_by=world["i_partiel"],
        attachment_name="convention.pdf",
        attachment_content=b"%PDF-1.7 contenu",
        attachment_mimetype="application/pdf",
    )
    assert sent is True
    e5 = by_subject("Convention validée")
    assert e5.subject == f"Convention validée ({convention})"
    assert sorted(e5.to) == emails(world["b_actor"], world["b_tous"])
    assert e5.cc == [world["i_partiel"].email]
    assert e5.attachments == [("convention.pdf", b"%PDF-1.7 contenu", "application/pdf")]
    administration = world["administration"]
    for text, quote in ((e5.body, str), (html_of(e5), escape)):
        assert "13.D.26.0042" in text
        assert "4 exemplaires" in text
        assert "recto-verso" in text
        assert "Paraphez chaque page" in text
        assert "sans le dater" in text
        assert quote(administration.adresse) in text
        assert f"{administration.code_postal} {administration.ville}" in text
        assert "convention.pdf" in text


def test_validated_without_attachment_and_unknown_address(world):
    convention = _validated(world)
    administration = world["administration"]
    administration.adresse = ""
    administration.nb_convention_exemplaires = 1
    administration.save()
    notifications.send_validated(
        convention=convention,
        validated_by=world["i_tous"],
        attachment_skipped_reason="le document dépasse 10 Mo",
    )
    e5 = by_subject("Convention validée")
    assert e5.attachments == []
    assert e5.cc == [world["i_tous"].email]
    assert "1 exemplaire," in e5.body
    assert "le document dépasse 10 Mo" in e5.body
    assert "disponible dans APiLos" in e5.body
    assert "n'est pas renseignée" in e5.body
    assert "le document dépasse 10 Mo" in html_of(e5)


def test_validated_attachment_over_the_size_limit_is_not_attached(world, settings):
    settings.MAX_EMAIL_ATTACHMENT_MB = 1
    convention = _validated(world)
    notifications.send_validated(
        convention=convention,
        validated_by=world["i_partiel"],
        attachment_name="convention.pdf",
        attachment_content=b"x" * (1024 * 1024 + 1),
        attachment_mimetype="application/pdf",
    )
    e5 = by_subject("Convention validée")
    assert e5.attachments == []
    assert "1 Mo" in e5.body and "disponible dans APiLos" in e5.body


def test_validated_with_nobody_left_goes_to_contact_and_still_copies_the_validator(world):
    convention = ConventionFactory(a_signer=True)
    instructeur = instructeur_of(convention.programme.administration, PARTIEL)
    notifications.send_validated(convention=convention, validated_by=instructeur)
    e5 = by_subject(notifications.NO_RECIPIENT_PREFIX + "Convention validée")
    assert e5.to == [CONTACT]
    assert e5.cc == [instructeur.email]


def test_validation_through_the_workflow_sends_e5(world, in_instruction, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.convention_validate(convention=in_instruction, user=world["i_partiel"], numero="13.D.26.0777")
    e5 = by_subject("Convention validée")
    assert sorted(e5.to) == emails(world["b_actor"], world["b_tous"])
    assert "13.D.26.0777" in e5.body


# --- Robustness --------------------------------------------------------------------------------------------


def test_a_mail_failure_is_logged_and_does_not_break_the_workflow(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP indisponible")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    convention = world["convention"]
    with caplog.at_level(logging.ERROR, logger="apilos.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            submit(convention, world["b_actor"])
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION
    failures = [r for r in caplog.records if r.name == "apilos.notifications" and r.levelno == logging.ERROR]
    assert len(failures) == 2  # E1 and E2 each tried, each logged
    assert mail.outbox == []


def test_notify_enqueues_json_arguments_and_ignores_unknown_events(world):
    result = notifications.notify(
        "submitted", convention_id=world["convention"].pk, actor_id=world["b_actor"].pk, message="Bonjour"
    )
    assert json.loads(json.dumps(result.kwargs)) == {
        "event": "submitted",
        "convention_id": world["convention"].pk,
        "actor_id": world["b_actor"].pk,
        "message": "Bonjour",
        "send_copy": False,
    }
    assert result.return_value == 2
    mail.outbox.clear()
    assert notifications.notify("inconnu", convention_id=world["convention"].pk, actor_id=None) is None
    assert mail.outbox == []


def test_notification_of_a_deleted_convention_sends_nothing(world):
    result = notifications.notify("submitted", convention_id=999_999, actor_id=None)
    assert result.return_value == 0
    assert mail.outbox == []


# --- E7: welcome -----------------------------------------------------------------------------------------


def test_welcome_email_gives_login_username_and_password_link_but_no_password(world):
    user = UserFactory(username="nouvelle.recrue", email="recrue@example.org", preferences_email=AUCUN)
    user.set_password("UnMotDePasseSecret-2026")
    user.save()
    creator = world["i_tous"]
    welcome_emails.send_welcome(
        user=user, created_by=creator, set_password_url="/comptes/mot-de-passe/nouveau/abc/def-123/"
    )
    assert len(mail.outbox) == 1
    welcome = mail.outbox[0]
    assert welcome.to == ["recrue@example.org"]
    assert welcome.subject == "Bienvenue sur APiLos"
    html = html_of(welcome)
    for text in (welcome.body, html):
        assert "nouvelle.recrue" in text
        assert "https://apilos.example.gouv.fr/comptes/connexion/" in text
        assert "https://apilos.example.gouv.fr/comptes/mot-de-passe/nouveau/abc/def-123/" in text
        assert creator.get_full_name() in text
        assert "UnMotDePasseSecret-2026" not in text
        assert user.password not in text


@pytest.mark.parametrize("kwargs", [{"is_active": False}, {"email": ""}])
def test_no_welcome_for_inactive_or_address_less_users_not_even_to_the_contact(kwargs):
    user = UserFactory(**kwargs)
    welcome_emails.send_welcome(user=user, created_by=None, set_password_url="https://x.example/lien/")
    assert mail.outbox == []
