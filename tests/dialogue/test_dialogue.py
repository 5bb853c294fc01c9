"""Issue 19, build items: field history (django-simple-history), what changed between submissions, the
conversation (attachments, unread markers, e-mail, in-app notifications) and comment reply threads."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions import workflow
from conventions.services import steps as step_services
from dialogue import services, versions
from dialogue.models import Notification, Soumission
from tests.conventions.factories import CommentFactory, complete_convention
from tests.users.factories import bailleur_user, instructeur_user
from users.enums import EmailPreferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    from django.core.management import call_command

    call_command("seed_roles", verbosity=0)
    convention = complete_convention(nb_logements=2)
    programme = convention.programme
    return {
        "convention": convention,
        "bailleur": bailleur_user(bailleur=programme.bailleur, preferences_email=EmailPreferences.TOUS),
        "instructeur": instructeur_user(
            administration=programme.administration, preferences_email=EmailPreferences.TOUS
        ),
    }


def _rows(convention):
    return [{**row, "uuid": row["uuid"]} for row in convention.lot.logements.order_by("import_order").values()]


# --- 1. Field history ---------------------------------------------------------------------------------------


def test_a_saved_step_field_has_its_author_date_and_previous_value(client, people):
    convention, bailleur = people["convention"], people["bailleur"]
    client.force_login(bailleur)
    ancien = convention.programme.nom
    with pytest.MonkeyPatch.context():
        step_services.save_operation(
            programme=convention.programme, lot=convention.lot, programme_values={"nom": "Les Tilleuls"}, lot_values={}
        )
    response = client.get(reverse("conventions:historique", args=[convention.uuid]) + "?cle=programme__nom")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Les Tilleuls" in page and ancien in page
    assert "Modification" in page


def test_table_rows_keep_their_history_through_replace_rows(people):
    from conventions.historique import cible_de_cle, historique
    from conventions.steps.registry import kind_of

    convention = people["convention"]
    rows = list(convention.lot.logements.order_by("import_order").values("uuid", "designation", "loyer"))
    premier = rows[0]
    table_rows = [
        {**{c: getattr(lgt, c) for c in step_services.LOGEMENT_FIELDS}, "uuid": str(lgt.uuid)}
        for lgt in convention.lot.logements.order_by("import_order")
    ]
    table_rows[0]["loyer"] = premier["loyer"] + 1
    del table_rows[1]
    step_services.save_logements(lot=convention.lot, lot_values={}, rows=table_rows)
    evenements = historique(convention, cible_de_cle(kind_of(convention), "logement__table"))
    natures = [e.nature for e in evenements]
    assert natures[:2] == ["suppression", "modification"] or set(natures[:2]) == {"suppression", "modification"}
    modif = next(e for e in evenements if e.nature == "modification")
    assert [c.champ for c in modif.changements] == ["loyer"]


def test_a_bad_history_key_is_a_french_404(client, people):
    client.force_login(people["bailleur"])
    url = reverse("conventions:historique", args=[people["convention"].uuid])
    response = client.get(url + "?cle=programme__inexistant")
    assert response.status_code == 404
    assert "Ce champ n&#x27;existe pas" in response.content.decode()
    assert client.get(url + "?etape=nulle-part").status_code == 404
    assert client.get(url).status_code == 200


def test_the_admin_shows_the_history(admin_client, people):
    programme = people["convention"].programme
    response = admin_client.get(reverse("admin:programmes_programme_history", args=[programme.pk]))
    assert response.status_code == 200


# --- 2. What changed since the last submission -------------------------------------------------------------


def test_two_correction_rounds_show_exactly_the_edits(client, people):
    convention, bailleur, instructeur = people["convention"], people["bailleur"], people["instructeur"]
    workflow.convention_submit(convention=convention, user=bailleur)
    comment = CommentFactory(convention=convention, nom_objet="programme", champ_objet="nom", user=instructeur)
    workflow.convention_request_corrections(convention=convention, user=instructeur, comment="À revoir")
    convention.programme.refresh_from_db()
    step_services.save_operation(
        programme=convention.programme,
        lot=convention.lot,
        programme_values={"nom": "Résidence Corrigée"},
        lot_values={},
    )
    workflow.convention_resubmit(convention=convention, user=bailleur)
    assert list(Soumission.objects.filter(convention=convention).values_list("numero", flat=True)) == [1, 2]

    client.force_login(instructeur)
    page = client.get(reverse("dialogue:modifications", args=[convention.uuid])).content.decode()
    assert "Résidence Corrigée" in page
    assert "1 modification." in page
    assert comment.message[:20] in page  # linked to the comment that asked for it
    assert page.count("Inchangée") == 8  # the nine editable steps, one changed

    # Second round: a dwelling row changed, nothing else
    workflow.convention_request_corrections(convention=convention, user=instructeur, comment="Encore")
    logement = convention.lot.logements.order_by("import_order").first()
    table_rows = [
        {**{c: getattr(lgt, c) for c in step_services.LOGEMENT_FIELDS}, "uuid": str(lgt.uuid)}
        for lgt in convention.lot.logements.order_by("import_order")
    ]
    table_rows[0]["surface_habitable"] = logement.surface_habitable + 1
    step_services.save_logements(lot=convention.lot, lot_values={}, rows=table_rows)
    workflow.convention_resubmit(convention=convention, user=bailleur)
    page = client.get(reverse("dialogue:modifications", args=[convention.uuid])).content.decode()
    assert "1 modification." in page and "Ligne modifiée" in page and logement.designation in page
    assert "<ins>Résidence Corrigée</ins>" not in page  # the first round is not repeated
    # Any two versions: the first submission to the third shows both rounds
    page = client.get(reverse("dialogue:modifications", args=[convention.uuid]) + "?de=s1&a=s3").content.decode()
    assert "2 modifications." in page
    # An unknown version: a French message, never a 500
    response = client.get(reverse("dialogue:modifications", args=[convention.uuid]) + "?de=s9&a=s1")
    assert response.status_code == 200 and "Cette version n&#x27;existe pas" in response.content.decode()


def test_difference_matches_copied_rows_by_name():
    avant = {
        "etapes": [
            {
                "slug": "logements",
                "titre": "Logements",
                "champs": [],
                "table": {
                    "objet": "logement",
                    "titre": "",
                    "colonnes": [["designation", "désignation"], ["loyer", "loyer"]],
                    "lignes": [
                        {"uuid": "a", "libelle": "A1", "valeurs": {"designation": "A1", "loyer": "10"}},
                        {"uuid": "b", "libelle": "B1", "valeurs": {"designation": "B1", "loyer": "20"}},
                    ],
                },
            }
        ]
    }
    apres = {
        "etapes": [
            {
                **avant["etapes"][0],
                "table": {
                    **avant["etapes"][0]["table"],
                    "lignes": [
                        {"uuid": "x", "libelle": "A1", "valeurs": {"designation": "A1", "loyer": "12"}},
                        {"uuid": "c", "libelle": "C1", "valeurs": {"designation": "C1", "loyer": "30"}},
                    ],
                },
            }
        ]
    }
    (etape,) = versions.difference(avant, apres)
    assert [m.cellules for m in etape.modifiees] == [[("loyer", "10", "12")]]
    assert [r["libelle"] for r in etape.ajoutees] == ["C1"]
    assert [r["libelle"] for r in etape.supprimees] == ["B1"]


# --- 4. Conversation, notifications, comment threads -------------------------------------------------------


def test_a_message_with_an_attachment_reaches_the_other_side(client, people, django_capture_on_commit_callbacks):
    convention, bailleur, instructeur = people["convention"], people["bailleur"], people["instructeur"]
    client.force_login(bailleur)
    url = reverse("dialogue:conversation", args=[convention.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"texte": "Voici le plan du rez-de-chaussée.", "pieces": [SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x")]},
        )
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == [f"Nouveau message sur la convention {convention}"]
    assert mail.outbox[0].to == [instructeur.email]
    instructeur.refresh_from_db()
    assert instructeur.notifications_non_lues == 1

    client.force_login(instructeur)
    assert "apilos-notifications-compteur" in client.get(reverse("dialogue:notifications")).content.decode()
    page = client.get(url).content.decode()
    assert "Non lu" in page and "plan.pdf" in page
    instructeur.refresh_from_db()
    assert instructeur.notifications_non_lues == 0  # reading the thread reads its notifications
    assert "Non lu" not in client.get(url).content.decode()  # read now
    piece = convention.messages.get().pieces_jointes.get()
    download = client.get(reverse("dialogue:piece_jointe", args=[convention.uuid, piece.uuid]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_e_mail_preferences_are_respected(people, django_capture_on_commit_callbacks):
    convention, bailleur, instructeur = people["convention"], people["bailleur"], people["instructeur"]
    instructeur.preferences_email = EmailPreferences.AUCUN
    instructeur.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.envoyer_message(convention=convention, auteur=bailleur, texte="Bonjour")
    assert mail.outbox == []
    assert Notification.objects.filter(destinataire=instructeur).count() == 1  # in-app all the same


def test_an_empty_message_gets_a_french_error(client, people):
    client.force_login(people["bailleur"])
    response = client.post(reverse("dialogue:conversation", args=[people["convention"].uuid]), {"texte": " "})
    assert response.status_code == 200
    assert "Le message ne peut pas être vide." in response.content.decode()


def test_a_field_comment_has_a_reply_thread(client, people):
    convention, bailleur, instructeur = people["convention"], people["bailleur"], people["instructeur"]
    comment = CommentFactory(convention=convention, nom_objet="programme", champ_objet="nom", user=instructeur)
    client.force_login(bailleur)
    url = reverse("dialogue:commentaire", args=[convention.uuid, comment.uuid])
    assert client.post(url, {"texte": "Le nom vient de l'acte notarié."}).status_code == 302
    page = client.get(url).content.decode()
    assert "Le nom vient de l&#x27;acte notarié." in page
    notification = Notification.objects.get(destinataire=instructeur)
    client.force_login(instructeur)
    response = client.get(reverse("dialogue:notification_ouvrir", args=[notification.uuid]))
    assert response.status_code == 302 and response["Location"] == url
    notification.refresh_from_db()
    assert notification.lue_le is not None


def test_an_avenant_is_compared_with_the_convention_it_amends(client, db):
    from django.core.management import call_command

    from conventions.services import avenants as avenant_services
    from tests.conventions.test_avenants import people as avenant_people
    from tests.conventions.test_avenants import signed_convention

    call_command("seed_roles", verbosity=0)
    convention = signed_convention()
    bailleur = avenant_people(convention)["bailleur"]
    avenant = avenant_services.create_avenant(parent=convention, user=bailleur, types=["logements"])
    copie = avenant.lot.logements.get(designation="A1")  # the avenant's own copy of the dwelling
    copie.loyer = 395
    copie.save()
    client.force_login(bailleur)
    page = client.get(reverse("dialogue:modifications", args=[avenant.uuid])).content.decode()
    assert "Convention d&#x27;origine" in page  # the default comparison of an avenant not yet submitted
    assert "1 modification." in page and "Ligne modifiée" in page and "A1" in page
    assert "Ligne ajoutée" not in page and "Ligne supprimée" not in page  # copies matched by designation


def test_what_changed_starts_from_the_submission_the_user_last_saw(client, people):
    convention, bailleur, instructeur = people["convention"], people["bailleur"], people["instructeur"]
    workflow.convention_submit(convention=convention, user=bailleur)
    client.force_login(instructeur)
    url = reverse("dialogue:modifications", args=[convention.uuid])
    client.get(url)  # the instructeur has seen submission 1
    for nom in ("Tour 1", "Tour 2"):  # two rounds the instructeur does not look at in between
        workflow.convention_request_corrections(convention=convention, user=instructeur)
        convention.programme.refresh_from_db()
        step_services.save_operation(
            programme=convention.programme, lot=convention.lot, programme_values={"nom": nom}, lot_values={}
        )
        workflow.convention_resubmit(convention=convention, user=bailleur)
    response = client.get(url)
    assert response.context["de_label"].startswith("Première soumission")  # from what they last saw
    assert response.context["a_label"].startswith("Soumission n° 3")
    # Seen now: nothing newer, the page shows the last round again
    assert client.get(url).context["de_label"].startswith("Soumission n° 2")
