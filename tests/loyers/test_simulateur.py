"""Rent revision calculator: hand-computed values, seeded indices, the page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from loyers.models import IndiceEvolutionLoyer, TypeIndice
from loyers.services import IndiceManquant, reviser, simuler
from tests.conventions.factories import ConventionFactory
from tests.users.factories import bailleur_user, instructeur_user

D = datetime.date


def test_no_revision_within_the_same_year():
    revision = reviser(
        montant=Decimal("6.42"), date_initiale=D(2024, 2, 1), date_actualisation=D(2024, 12, 31), indices={}
    )
    assert revision.montant_revise == Decimal("6.42")
    assert revision.etapes == []


def test_each_year_is_rounded_half_up_to_the_cent():
    # 10.00 × 1.0005 = 10.005 → 10.01 (half-up; banker's rounding would give 10.00)
    # 10.01 × 1.0005 = 10.015005 → 10.02
    indices = {2021: (Decimal("0.05"), False), 2022: (Decimal("0.05"), False)}
    revision = reviser(
        montant=Decimal("10"), date_initiale=D(2020, 5, 1), date_actualisation=D(2022, 1, 1), indices=indices
    )
    assert [e.apres for e in revision.etapes] == [Decimal("10.01"), Decimal("10.02")]
    assert revision.montant_revise == Decimal("10.02")
    assert revision.annee_validite == 2022


def test_dates_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError):
        reviser(montant=Decimal("1"), date_initiale=D(2022, 1, 2), date_actualisation=D(2022, 1, 1), indices={})


@pytest.mark.django_db
def test_seeded_national_values_hand_computed():
    # 100.00 known on 15/06/2020, revised on 1/1/2021 (+0.66 %) and 1/1/2022 (+0.42 %):
    # 100 × 1.0066 = 100.66 ; 100.66 × 1.0042 = 101.082772 → 101.08
    revision = simuler(
        montant=Decimal("100"),
        nature_logement="LOGEMENTSORDINAIRES",
        date_initiale=D(2020, 6, 15),
        date_actualisation=D(2022, 3, 1),
    )
    assert [(e.annee, e.evolution) for e in revision.etapes] == [(2021, Decimal("0.66")), (2022, Decimal("0.42"))]
    assert revision.montant_revise == Decimal("101.08")


@pytest.mark.django_db
def test_longer_period_hand_computed():
    # 5.50 €/m² on 1/7/2016, to 2019: 2017 +0 % → 5.50 ; 2018 (freeze) +0 % → 5.50 ; 2019 +1.25 % → 5.56875 → 5.57
    revision = simuler(
        montant=Decimal("5.50"),
        nature_logement="LOGEMENTSORDINAIRES",
        date_initiale=D(2016, 7, 1),
        date_actualisation=D(2019, 1, 1),
    )
    assert revision.montant_revise == Decimal("5.57")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("departement", "attendu", "departemental"),
    [(None, "517.50", False), ("2A", "507.50", True), ("971", "512.50", True), ("75", "517.50", False)],
)
def test_departement_value_replaces_the_national_one(departement, attendu, departemental):
    # 500 × 1.035 = 517.50 ; Corse 500 × 1.015 = 507.50 ; outre-mer 500 × 1.025 = 512.50
    revision = simuler(
        montant=Decimal("500"),
        nature_logement="RESISDENCESOCIALE",
        date_initiale=D(2022, 12, 31),
        date_actualisation=D(2023, 1, 1),
        departement_code=departement,
    )
    assert revision.montant_revise == Decimal(attendu)
    assert revision.etapes[0].departemental is departemental


@pytest.mark.django_db
def test_missing_years_are_named():
    IndiceEvolutionLoyer.objects.filter(annee__gte=2026).delete()
    with pytest.raises(IndiceManquant) as exc:
        simuler(
            montant=Decimal("5"),
            nature_logement="LOGEMENTSORDINAIRES",
            date_initiale=D(2025, 6, 1),
            date_actualisation=D(2027, 2, 1),
        )
    assert exc.value.annees == [2026, 2027]


@pytest.mark.django_db
def test_seed_has_both_kinds_for_each_year():
    for type_indice in TypeIndice.values:
        annees = set(
            IndiceEvolutionLoyer.objects.filter(type_indice=type_indice, departement=None).values_list(
                "annee", flat=True
            )
        )
        assert set(range(2011, 2027)) <= annees


# --- The page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_computes_and_shows_the_detail(client):
    client.force_login(bailleur_user())
    url = reverse("loyers:simulateur")
    response = client.get(
        url,
        {
            "nature_logement": "LOGEMENTSORDINAIRES",
            "montant": "100",
            "date_initiale": "2020-06-15",
            "date_actualisation": "2022-03-01",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "101,08 €" in content
    assert "valable pour l'année 2022" in content


@pytest.mark.django_db
def test_decimal_comma_is_accepted(client):
    client.force_login(bailleur_user())
    response = client.get(
        reverse("loyers:simulateur"),
        {
            "nature_logement": "LOGEMENTSORDINAIRES",
            "montant": "6,42",
            "date_initiale": "2019-06-01",
            "date_actualisation": "2025-01-15",
            "departement": "2A",
        },
    )
    # 6.42 → ×1.0153 6.52 → ×1.0066 6.56 → ×1.0042 6.59 → ×1.015 (Corse) 6.69 → ×1.015 6.79 → ×1.0326 7.01
    assert response.context["revision"].montant_revise == Decimal("7.01")
    assert [e.apres for e in response.context["revision"].etapes] == [
        Decimal(v) for v in ("6.52", "6.56", "6.59", "6.69", "6.79", "7.01")
    ]


@pytest.mark.django_db
def test_page_explains_bad_input(client):
    client.force_login(bailleur_user())
    response = client.get(
        reverse("loyers:simulateur"),
        {
            "nature_logement": "LOGEMENTSORDINAIRES",
            "montant": "abc",
            "date_initiale": "2022-01-01",
            "date_actualisation": "2021-01-01",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Le montant doit être un nombre" in content
    assert "postérieure à la date initiale" in content


@pytest.mark.django_db
def test_page_says_when_indices_are_missing(client):
    client.force_login(bailleur_user())
    response = client.get(
        reverse("loyers:simulateur"),
        {
            "nature_logement": "LOGEMENTSORDINAIRES",
            "montant": "5",
            "date_initiale": "2005-01-01",
            "date_actualisation": "2012-01-01",
        },
    )
    content = response.content.decode()
    assert "Aucun indice n&#x27;est connu pour les années 2006, 2007, 2008, 2009, 2010." in content


@pytest.mark.django_db
def test_prefilled_from_a_visible_convention_and_404_otherwise(client):
    convention = ConventionFactory(instruction=True)
    url = reverse("loyers:simulateur") + f"?convention={convention.uuid}"
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(url)
    assert response.status_code == 200
    assert "Valeurs préremplies depuis la convention" in response.content.decode()
    client.force_login(instructeur_user())
    assert client.get(url).status_code == 404
    assert client.get(reverse("loyers:simulateur") + "?convention=pas-un-uuid").status_code == 404


@pytest.mark.django_db
def test_page_needs_login(client):
    response = client.get(reverse("loyers:simulateur"))
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
