"""The four dwelling tables through /api/v1/ (reference §13.7): each dwelling carries its table, both ways; a value
for a field its table does not have is refused (never dropped silently)."""

from decimal import Decimal

import pytest

from programmes.models import Logement
from tests.api.conftest import jwt_client
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")

SU = {
    "designation": "A1",
    "typologie": "T3",
    "surface_habitable": "60.00",
    "surface_annexes": "10.00",
    "surface_annexes_retenue": "5.00",
    "surface_utile": "65.00",
    "loyer_par_metre_carre": "6.50",
    "coefficient": "1.0000",
    "loyer": "422.50",  # 65 × 6,50 × 1
}
CORRIGEE = {
    "tableau": "corrigee",
    "designation": "C1",
    "typologie": "T2",
    "surface_habitable": "50.00",
    "surface_corrigee": "62.40",
    "loyer_par_metre_carre": "6.50",
    "coefficient": "1.0000",
    "loyer": "405.60",  # 62,40 × 6,50 × 1
}
SANS_LOYER = {
    "tableau": "su_sans_loyer",
    "designation": "S1",
    "typologie": "T1bis",
    "surface_habitable": "30.00",
    "surface_annexes": "0.00",
    "surface_annexes_retenue": "0.00",
    "surface_utile": "30.00",
}
CORRIGEE_SANS_LOYER = {
    "tableau": "corrigee_sans_loyer",
    "designation": "K1",
    "typologie": "T4",
    "surface_habitable": "80.00",
    "surface_corrigee": "95.00",
}


@pytest.fixture
def convention(db):
    return ConventionFactory(lot__nb_logements=4)


@pytest.fixture
def api(convention):
    return jwt_client(bailleur_user(bailleur=convention.programme.bailleur))


def test_the_detail_and_the_list_carry_the_table_of_each_dwelling(api, convention):
    LogementFactory(lot=convention.lot, designation="A1", import_order=1)
    LogementFactory(lot=convention.lot, designation="C1", corrigee=True, import_order=2)
    LogementFactory(lot=convention.lot, designation="K1", corrigee_sans_loyer=True, import_order=3)
    detail = api.get(f"/api/v1/conventions/{convention.uuid}/").json()
    assert [(lgt["designation"], lgt["tableau"], lgt["surface_corrigee"]) for lgt in detail["logements"]] == [
        ("A1", "su", None),
        ("C1", "corrigee", "70.00"),
        ("K1", "corrigee_sans_loyer", "70.00"),
    ]
    listed = api.get(f"/api/v1/conventions/{convention.uuid}/logements/").json()["results"]
    assert [lgt["tableau"] for lgt in listed] == ["su", "corrigee", "corrigee_sans_loyer"]


def test_put_writes_the_four_tables(api, convention):
    url = f"/api/v1/conventions/{convention.uuid}/logements/"
    response = api.put(url, {"logements": [SU, CORRIGEE, SANS_LOYER, CORRIGEE_SANS_LOYER]}, format="json")
    assert response.status_code == 200, response.json()
    assert [(row["designation"], row["tableau"]) for row in response.json()["logements"]] == [
        ("A1", "su"),
        ("C1", "corrigee"),
        ("S1", "su_sans_loyer"),
        ("K1", "corrigee_sans_loyer"),
    ]
    c1 = Logement.objects.get(lot=convention.lot, designation="C1")
    assert (c1.surface_corrigee, c1.loyer, c1.surface_utile) == (Decimal("62.40"), Decimal("405.60"), None)
    s1 = Logement.objects.get(lot=convention.lot, designation="S1")
    assert (s1.tableau, s1.loyer, s1.typologie) == ("su_sans_loyer", None, "T1bis")
    # Read back and sent again unchanged: nothing moves.
    rows = api.get(url).json()["results"]
    for row in rows:
        row.pop("annexes")
    assert api.put(url, {"logements": rows}, format="json").status_code == 200
    assert sorted(lgt.tableau for lgt in Logement.objects.filter(lot=convention.lot)) == sorted(
        ["su", "corrigee", "su_sans_loyer", "corrigee_sans_loyer"]
    )


def test_a_value_out_of_its_table_is_refused(api, convention):
    url = f"/api/v1/conventions/{convention.uuid}/logements/"
    rows = [SU, CORRIGEE, {**SANS_LOYER, "loyer": "200.00"}, CORRIGEE_SANS_LOYER]
    response = api.put(url, {"logements": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["logements"]["2"]["loyer"] == [
        "Logement « S1 » : le loyer maximum du logement n'a pas sa place dans le tableau « Surface utile sans "
        "loyers » : laissez ce champ vide, ou indiquez un autre tableau."
    ]
    # Without "tableau" a row is in « surface utile avec loyers »: a surface corrigée there is refused too.
    rows = [SU, {k: v for k, v in CORRIGEE.items() if k != "tableau"}, SANS_LOYER, CORRIGEE_SANS_LOYER]
    response = api.put(url, {"logements": rows}, format="json")
    assert response.status_code == 400
    assert "surface_corrigee" in response.json()["logements"]["1"]
    assert not Logement.objects.filter(lot=convention.lot).exists()


def test_the_rules_of_each_table_apply(api, convention):
    url = f"/api/v1/conventions/{convention.uuid}/logements/"
    rows = [SU, {**CORRIGEE, "loyer": "407.00"}, SANS_LOYER, CORRIGEE_SANS_LOYER]  # 405,60 € expected
    response = api.put(url, {"logements": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["logements"]["1"]["loyer"] == [
        "Logement « C1 » : le loyer maximum doit être égal à surface corrigée × loyer par m² × coefficient ; valeur "
        "attendue : 405,60 € (tolérance de 1 €)."
    ]
