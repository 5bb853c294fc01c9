"""« Ce qui a changé » and the field history across the four dwelling tables (reference §13.7): the Logements step
is one table whose column « Tableau » names each row's section, so a dwelling moved to another table shows."""

from decimal import Decimal

import pytest

from conventions.historique import cible_de_cle, historique
from conventions.services import steps as step_services
from conventions.steps.registry import kind_of
from dialogue.versions import difference, snapshot
from tests.conventions.factories import complete_convention

pytestmark = pytest.mark.django_db


def _logements(result):
    return next(etape for etape in result if etape.slug == "logements")


def test_a_dwelling_moved_to_the_surface_corrigee_shows_as_changed():
    convention = complete_convention(nb_logements=2, with_edd=False)
    avant = snapshot(convention)
    premier, second = convention.lot.logements.order_by("import_order")
    rows = [
        {"uuid": str(premier.uuid), "tableau": "su", **{c: getattr(premier, c) for c in step_services.LOGEMENT_FIELDS}},
        {
            "uuid": "",
            "tableau": "corrigee",
            "designation": second.designation,
            "typologie": second.typologie,
            "surface_habitable": second.surface_habitable,
            "surface_corrigee": Decimal("70.00"),
            "loyer_par_metre_carre": Decimal("6.50"),
            "coefficient": Decimal("1.0000"),
            "loyer": Decimal("455.00"),  # 70 × 6,50 × 1
        },
    ]
    step_services.save_logements(lot=convention.lot, lot_values={}, rows=rows)
    apres = snapshot(convention)
    table = next(etape for etape in apres["etapes"] if etape["slug"] == "logements")["table"]
    assert table["objets"] == ["logement", "logement_sans_loyer", "logement_corrigee", "logement_corrigee_sans_loyer"]
    assert ["tableau", "Tableau"] in table["colonnes"]
    diff = _logements(difference(avant, apres))
    assert diff.ajoutees == [] and diff.supprimees == []
    [moved] = diff.modifiees
    cells = {label: (old, new) for label, old, new in moved.cellules}
    assert cells["Tableau"] == ("—", "Surface corrigée avec loyers")
    assert cells["surface corrigée"] == ("—", "70,00") and cells["surface utile"] == ("65,00", "—")
    assert cells["loyer maximum du logement en €"] == ("422,50", "455,00")


def test_the_history_of_a_table_follows_its_dwellings():
    convention = complete_convention(nb_logements=1, with_edd=False)
    [logement] = convention.lot.logements.all()
    row = {"uuid": "", "tableau": "corrigee_sans_loyer", "designation": "K1", "typologie": "T4"}
    row.update(surface_habitable=Decimal("80.00"), surface_corrigee=Decimal("95.00"))
    step_services.save_logements(
        lot=convention.lot,
        lot_values={},
        rows=[
            {"uuid": str(logement.uuid), "tableau": "su", **{c: getattr(logement, c) for c in ("designation",)}},
            row,
        ],
    )
    kind = kind_of(convention)
    corrigee = historique(convention, cible_de_cle(kind, "logement_corrigee_sans_loyer__table"))
    assert [(e.ligne, e.nature) for e in corrigee] == [("K1", "creation")]
    assert all(e.ligne != "K1" for e in historique(convention, cible_de_cle(kind, "logement__table")))
