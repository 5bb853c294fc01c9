"""The four dwelling tables in the convention document (reference §13.7, §14.1): the context adds `sc_totale` and
each table with its totals; the annex prints the tables in surface corrigée and without rent; the document check
does not ask a rent of a dwelling « sans loyer » and checks a corrigée rent on its surface corrigée. The lot
options print where §14 says (3 ter of the annex, article 8 of a Type II convention)."""

from decimal import Decimal

import pytest

from conventions.documents.contexte import build_context
from conventions.documents.controle import verifier
from conventions.documents.modeles import TYPE2
from programmes.models import Logement
from tests.conventions.documents.donnees import convention_complete
from tests.conventions.documents.test_modeles_complets import rendre
from tests.programmes.factories import LogementFactory
from tests.users.factories import BailleurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    """The complete convention (4 dwellings in surface utile with rents) plus one dwelling of each other table."""
    convention = convention_complete(nb_logements=7)
    lot = convention.lot
    loyer_m2 = lot.logements.first().loyer_par_metre_carre
    LogementFactory(lot=lot, designation="S1", sans_loyer=True, surface_utile=Decimal("47.00"), import_order=10)
    # 72,40 × loyer/m² × 1,05
    LogementFactory(
        lot=lot,
        designation="C1",
        corrigee=True,
        surface_corrigee=Decimal("72.40"),
        loyer_par_metre_carre=loyer_m2,
        coefficient=Decimal("1.0500"),
        import_order=11,
    )
    LogementFactory(lot=lot, designation="K1", corrigee_sans_loyer=True, surface_corrigee=Decimal("95.00"))
    return convention


def test_the_context_has_each_table_and_sc_totale(convention):
    context = build_context(convention)
    tableaux = context["tableaux_logements"]
    assert [ligne["designation"] for ligne in tableaux["su_sans_loyer"]["logements"]] == ["S1"]
    assert [ligne["designation"] for ligne in tableaux["corrigee"]["logements"]] == ["C1"]
    assert [ligne["designation"] for ligne in tableaux["corrigee_sans_loyer"]["logements"]] == ["K1"]
    assert tableaux["su"]["nb_lignes"] == 4 and len(context["logements"]) == 7
    assert context["sc_totale"] == Decimal("167.40")  # 72,40 + 95,00
    assert tableaux["corrigee"]["sc_totale"] == Decimal("72.40")
    assert tableaux["su_sans_loyer"]["su_totale"] == Decimal("47.00")
    assert tableaux["su_sans_loyer"]["loyer_total"] == Decimal("0")
    assert context["loyer_m2"] == tableaux["su"]["logements"][0]["loyer_par_metre_carre"]
    assert {ligne["designation"]: ligne["tableau"] for ligne in context["logements"]}["K1"] == "corrigee_sans_loyer"


def test_the_annex_prints_the_corrigee_and_sans_loyer_tables(convention):
    contenu = rendre(convention)
    assert "4 bis. Surface corrigée totale : 167,40 m²." in contenu
    assert "5. Liste des logements conventionnés et loyers maximums :" in contenu
    assert "5 bis. Logements en surface utile, sans loyer :" in contenu
    assert "5 ter. Logements en surface corrigée et loyers maximums :" in contenu
    assert "5 quater. Logements en surface corrigée, sans loyer :" in contenu
    c1 = Logement.objects.get(lot=convention.lot, designation="C1")
    lignes = contenu.splitlines()
    [ligne_c1] = [ligne for ligne in lignes if ligne.startswith("C1 |")]
    assert "72,40" in ligne_c1 and f"{c1.loyer}".replace(".", ",") in ligne_c1
    assert any(ligne.startswith("K1 |") and "95,00" in ligne for ligne in lignes)
    # Table 5 holds the dwellings in surface utile with rents only, and its total counts them.
    totaux = [ligne for ligne in lignes if ligne.startswith("Total : ")]
    assert [total.split(" |")[0] for total in totaux] == [
        "Total : 4 logements",  # table 5: the dwellings in surface utile with rents only
        "Total : 1 logement",  # 5 bis
        "Total : 1 logement",  # 5 ter
        "Total : 1 logement",  # 5 quater
    ]
    assert totaux[1].split(" | ")[-1] == "47,00" and totaux[3].split(" | ")[-1] == "95,00"


def test_an_ordinary_lot_prints_no_extra_table():
    contenu = rendre(convention_complete())
    assert "5 bis." not in contenu and "5 ter." not in contenu and "5 quater." not in contenu
    assert "4 bis." not in contenu


def test_the_check_asks_no_rent_of_a_dwelling_sans_loyer(convention):
    messages = [point.message for point in verifier(convention) if point.bloquant]
    assert not [m for m in messages if "S1" in m or "K1" in m or "C1" in m], messages
    # A surface corrigée rent is checked on the surface corrigée.
    Logement.objects.filter(lot=convention.lot, designation="C1").update(loyer=Decimal("999.00"))
    messages = [point.message for point in verifier(convention)]
    assert any(
        m.startswith("Logement C1 : le loyer maximum (999.00 €) n'est pas le produit de la surface corrigée")
        for m in messages
    )
    # A dwelling sans loyer without its surface is flagged.
    Logement.objects.filter(lot=convention.lot, designation="K1").update(surface_corrigee=Decimal("0"))
    assert "Logement K1 : la surface corrigée est nulle ou manquante." in [p.message for p in verifier(convention)]


def test_the_lot_options_print_where_the_reference_says():
    convention = convention_complete(bailleur=BailleurFactory(type1and2=True), type1and2="Type2")
    lot = convention.lot
    lot.surface_locaux_collectifs_residentiels = Decimal("42.50")
    lot.loyer_associations_foncieres = Decimal("7.10")
    lot.save()
    contenu = rendre(convention, TYPE2)
    article_8 = contenu.split("Article 8 – ")[1].split("Article 8 bis")[0]
    assert "3 ter. Surface des locaux collectifs résidentiels : 42,50 m²." in contenu
    assert (
        "Pour les logements appartenant à l'association foncière logement ou à ses filiales (article L. 313-34 de ce "
        "code), le loyer maximum est fixé à 7,10\xa0€ par m² de surface utile."
    ) in article_8
    lot.surface_locaux_collectifs_residentiels = None
    lot.loyer_associations_foncieres = None
    lot.save()
    contenu = rendre(convention, TYPE2)
    assert "3 ter. Surface des locaux collectifs résidentiels : néant." in contenu
    assert "association foncière" not in contenu.split("Article 8 – ")[1].split("Article 8 bis")[0]
