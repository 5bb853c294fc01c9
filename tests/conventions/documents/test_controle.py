"""The document check: each case it catches, and validation refused on blocking points."""

from decimal import Decimal

import pytest

from conventions import rules, workflow
from conventions.documents.controle import verifier
from conventions.enums import ConventionStatut
from tests.conventions.documents.donnees import convention_complete
from tests.users.factories import BailleurFactory, instructeur_user

pytestmark = pytest.mark.django_db


def messages(convention):
    return {(p.message, p.etape, p.bloquant) for p in verifier(convention)}


def test_complete_convention_has_no_blocking_point():
    assert not [p for p in verifier(convention_complete()) if p.bloquant]


def test_empty_variables():
    convention = convention_complete()
    bailleur = convention.bailleur
    bailleur.signataire_nom = ""
    bailleur.save()
    convention.date_fin_conventionnement = None
    convention.save()
    trouves = messages(convention)
    assert (
        "Le document afficherait un blanc à la place du nom du signataire du bailleur.",
        "bailleur",
        True,
    ) in trouves
    assert (
        "Le document afficherait un blanc à la place de la date de fin de conventionnement.",
        "financement",
        True,
    ) in trouves


def test_a_text_the_document_would_print_empty_counts_as_empty():
    """The check reads the context before its cleaning for the XML: a name made only of characters the document
    drops (control characters pasted from another tool) is a blank all the same."""
    convention = convention_complete()
    bailleur = convention.bailleur
    bailleur.signataire_nom = "\x01\x0b "
    bailleur.save()
    assert (
        "Le document afficherait un blanc à la place du nom du signataire du bailleur.",
        "bailleur",
        True,
    ) in messages(convention)


def test_zero_or_missing_amounts():
    convention = convention_complete()
    logement = convention.lot.logements.order_by("import_order").first()
    logement.loyer = Decimal("0")
    logement.save()
    pret = convention.prets.first()
    pret.montant = Decimal("0")
    pret.save()
    trouves = messages(convention)
    assert ("Logement Bât. A – logement 001 : le loyer maximum est nul ou manquant.", "logements", True) in trouves
    assert any(m.startswith("Prêt ") and etape == "financement" and not b for m, etape, b in trouves)


def test_totals_that_do_not_add_up():
    convention = convention_complete(nb_logements=5)
    logement = convention.lot.logements.order_by("import_order").last()
    logement.loyer = Decimal("800.00")  # 99,40 × 6,52 × 1,1235 = 728,13
    logement.save()
    points = verifier(convention)
    textes = [p.message for p in points if p.bloquant]
    assert any("4 logement(s) dans le tableau alors que la convention porte sur 5" in t for t in textes)
    assert any("n'est pas le produit de la surface utile" in t and "728.13" in t for t in textes)


def test_type1and2_missing_is_blocking_with_a_link_to_the_recap():
    convention = convention_complete(bailleur=BailleurFactory(type1and2=True))
    (point,) = verifier(convention)
    assert point.bloquant and point.etape == "recapitulatif" and "Type I ou Type II" in point.message


def test_validation_is_refused_on_blocking_points(seeded_roles, monkeypatch):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])  # the data rules have their own tests
    convention = convention_complete(statut=ConventionStatut.INSTRUCTION)
    convention.date_fin_conventionnement = None
    convention.save()
    user = instructeur_user(administration=convention.administration)
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_validate(convention=convention, user=user, numero="13.D.26.0099")
    assert "date de fin de conventionnement" in " ".join(excinfo.value.errors)
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION


def test_an_avenant_is_checked_on_what_it_prints(seeded_roles):
    """An avenant « logements » of a convention signed outside APiLos without its end date prints no end date:
    nothing blocks it; an avenant « durée » prints it: the blank blocks."""
    from conventions.services.avenants import create_avenant
    from tests.users.factories import bailleur_user

    parent = convention_complete()
    parent.statut, parent.numero, parent.date_fin_conventionnement = ConventionStatut.SIGNEE, "13.D.26.0042", None
    parent.save()
    bailleur = bailleur_user(bailleur=parent.programme.bailleur)
    blanc = "Le document afficherait un blanc à la place de la date de fin de conventionnement."
    logements = create_avenant(parent=parent, user=bailleur, types=["logements"])
    assert blanc not in {p.message for p in verifier(logements)}
    logements.statut = ConventionStatut.ANNULEE
    logements.save()
    duree = create_avenant(parent=parent, user=bailleur, types=["duree"])
    assert (blanc, "financement", True) in messages(duree)
