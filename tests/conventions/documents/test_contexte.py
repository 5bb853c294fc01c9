import json
from decimal import Decimal

import pytest

from conventions.documents import build_context, snapshot
from conventions.documents.contexte import mixite, watermark_text
from conventions.enums import ConventionStatut
from programmes.enums import Financement
from tests.conventions.documents.donnees import convention_complete

pytestmark = pytest.mark.django_db


def test_totals_against_hand_computed_values():
    context = build_context(convention_complete())
    assert context["sh_totale"] == Decimal("265.65")  # 45.30 + 63.85 + 64.10 + 92.40
    assert context["sa_totale"] == Decimal("30.50")  # 6 + 10.50 + 0 + 14
    assert context["sar_totale"] == Decimal("15.25")  # 3 + 5.25 + 0 + 7
    assert context["su_totale"] == Decimal("280.90")  # 48.30 + 69.10 + 64.10 + 99.40
    # 330.66 + 441.52 + 417.93 + 728.13 (SU × 6.52 × coefficient, rounded)
    assert context["loyer_total"] == Decimal("1918.24")
    assert context["loyer_m2"] == Decimal("6.52")
    assert context["nb_logements_par_type"] == {"T2": 1, "T3": 2, "T5": 1}
    assert context["typologies"] == [
        {"libelle": "T2", "nombre": 1},
        {"libelle": "T3", "nombre": 2},
        {"libelle": "T5", "nombre": 1},
    ]
    assert context["liste_des_annexes"] == (
        "2 annexes de type terrasse, 1 annexe de type jardin, 5 stationnements de type garage aérien, "
        "1 stationnement de type carport"
    )
    assert [logement["designation"] for logement in context["logements"]] == [
        "Bât. A – logement 001",
        "Bât. A – logement 002",
        "Bât. A – logement 003",
        "Bât. A – logement 004",
    ]


def test_loans_are_split_cdc_and_others():
    context = build_context(convention_complete())
    assert [p["preteur"] for p in context["prets_cdc"]] == ["CDCL", "CDCF"]
    assert context["prets_cdc"][0]["preteur_libelle"] == "Caisse des dépôts et consignations pour le logement"
    assert [p["preteur_libelle"] for p in context["autres_prets"]] == ["Action Logement", "Région"]
    assert context["prets_total"] == Decimal("1625000.50")


def test_edd_rows_are_numbered_by_financement_group():
    context = build_context(convention_complete())
    assert [(row["financement"], row["lot_num"]) for row in context["logement_edds"]] == [
        ("PLAI", 1),
        ("PLUS", 2),
        ("PLUS", 2),
        ("PLUS", 2),
    ]
    assert context["lot_num"] == 2


def test_empty_convention_has_zero_totals():
    from tests.conventions.factories import ConventionFactory

    context = build_context(ConventionFactory())
    assert context["su_totale"] == Decimal("0") and context["loyer_total"] == Decimal("0")
    assert context["loyer_m2"] is None and context["liste_des_annexes"] == ""
    assert context["administration"]["ville_signature"]


@pytest.mark.parametrize(
    "n, expected",
    [
        # (10 % half-up, 30 % ceil, <10: 30 % half-up, <10: 10 % half-up, ≥10: 30 % ceil)
        (4, (0, 2, 1, 0, 0)),  # 0.4 → 0 ; 1.2 → 2 ; 1.2 → 1
        (5, (1, 2, 2, 1, 0)),  # 0.5 → 1 (half-up) ; 1.5 → 2 ; 1.5 → 2
        (7, (1, 3, 2, 1, 0)),  # 0.7 → 1 ; 2.1 → 3 ; 2.1 → 2
        (10, (1, 3, 0, 0, 3)),
        (15, (2, 5, 0, 0, 5)),  # 1.5 → 2 ; 4.5 → 5
        (25, (3, 8, 0, 0, 8)),  # 2.5 → 3 ; 7.5 → 8
        (0, (0, 0, 0, 0, 0)),
    ],
)
def test_mixite_numbers(n, expected):
    keys = ["mixPLUS_10pc", "mixPLUS_30pc", "mixPLUSinf10_30pc", "mixPLUSinf10_10pc", "mixPLUSsup10_30pc"]
    chiffres = mixite(financement_mixite=True, nb_logements=n)
    assert tuple(chiffres[k] for k in keys) == expected


@pytest.mark.parametrize(
    "financement, mixite_attendue",
    [(Financement.PLUS, True), (Financement.PLUS_CD, True), (Financement.PLAI, False), (Financement.PLS, False)],
)
def test_mixite_only_for_plus(financement, mixite_attendue):
    context = build_context(convention_complete(financement=financement, nb_logements=15))
    assert context["lot"]["mixite"] is mixite_attendue
    if mixite_attendue:
        assert (context["mixPLUS_10pc"], context["mixPLUS_30pc"], context["mixPLUSsup10_30pc"]) == (2, 5, 5)
        assert context["lot"]["lgts_mixite_sociale_negocies"] == 1
    else:
        assert context["mixPLUS_10pc"] == context["mixPLUS_30pc"] == context["mixPLUSsup10_30pc"] == 0
        assert context["lot"]["lgts_mixite_sociale_negocies"] == 0


def test_watermark_text_by_status():
    assert watermark_text(ConventionStatut.PROJET) == "Projet de convention"
    assert watermark_text(ConventionStatut.INSTRUCTION) == "Convention en cours d'instruction"
    assert watermark_text(ConventionStatut.CORRECTIONS) == "Convention en cours d'instruction"
    for statut in (ConventionStatut.A_SIGNER, ConventionStatut.SIGNEE, ConventionStatut.PUBLIEE):
        assert watermark_text(statut) == ""


def test_snapshot_is_json_with_decimals_as_strings():
    context = build_context(convention_complete())
    data = snapshot(context)
    json.dumps(data)  # serialisable as is
    assert data["sh_totale"] == "265.65"
    assert data["logements"][3]["coefficient"] == "1.1235"
    assert data["convention"]["date_fin_conventionnement"] == "2067-06-30"
    assert data["fichiers"]["programme.vendeur"][0]["nom"] == "plan.png"


def test_control_characters_are_removed_from_texts():
    convention = convention_complete()
    programme = convention.programme
    programme.vendeur = "SCI\x0c du\x07 Canal\r\nligne 2"
    programme.save()
    assert build_context(convention)["programme"]["vendeur"] == "SCI du Canal\nligne 2"


def test_context_queries_do_not_grow_with_the_dwellings(django_assert_max_num_queries):
    from conventions.models import Convention

    convention = convention_complete()
    convention = Convention.objects.select_related("programme__bailleur", "programme__administration", "lot").get(
        pk=convention.pk
    )
    # 8: the lot's locaux collectifs (foyers and résidences, issue 16) are read too.
    with django_assert_max_num_queries(8):
        build_context(convention)
