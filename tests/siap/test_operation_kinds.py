"""An operation created from the SIAP is a foyer, a résidence or ordinary housing by its nature, with the
State's financements (issue 15)."""

import copy

import pytest

from conventions.steps.registry import kind_of
from siap.client.mock_data import OPERATIONS, _details
from siap.operations import operation_import

pytestmark = pytest.mark.django_db


def _dto(nature: str, aides: list[str]) -> dict:
    dto = copy.deepcopy(OPERATIONS["20220600006"])
    dto["donneesOperation"]["natureLogement"] = nature
    dto["detailsOperation"] = [_details(aide, None, 12) for aide in aides]
    return dto


@pytest.mark.parametrize(
    ("nature", "kind"), [("ALF", "foyer"), ("RES", "residence"), ("PEF", "residence"), ("LOO", "ordinaire")]
)
def test_the_siap_nature_gives_the_kind(nature, kind):
    programme, created = operation_import(dto=_dto(nature, ["PLAI_FTM", "PALU_RE"]), numero_operation="20220600006")
    assert created == 2
    conventions = list(programme.conventions.order_by("lot__financement"))
    assert [c.lot.financement for c in conventions] == ["PALU_RE", "PLAI_FTM"]
    assert {kind_of(c).nom for c in conventions} == {kind}
