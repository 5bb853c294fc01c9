import pytest

from api.siap.statuts import CODES_BY_SIAP_STATUT, SIAP_STATUTS, from_siap, to_siap
from conventions.enums import ConventionStatut


@pytest.mark.parametrize("code", list(ConventionStatut))
def test_round_trip_from_our_code(code):
    assert from_siap(to_siap(code)) == code


@pytest.mark.parametrize("siap", list(CODES_BY_SIAP_STATUT))
def test_round_trip_from_the_siap_string(siap):
    assert to_siap(from_siap(siap)) == siap


def test_mapping_is_complete_and_exact():
    assert set(SIAP_STATUTS) == set(ConventionStatut)
    assert SIAP_STATUTS == {
        "projet": "1. Projet",
        "instruction": "2. Instruction requise",
        "corrections": "3. Corrections requises",
        "a_signer": "4. A signer",
        "signee": "5. Signée",
        "publication_en_cours": "5. Publication en cours",
        "publiee": "7. Publié",
        "resiliee": "6. Résiliée",
        "denoncee": "7. Dénoncée",
        "annulee": "8. Annulée en suivi",
    }


def test_unknown_values_are_refused():
    with pytest.raises(KeyError):
        from_siap("5. Transmise")
    with pytest.raises(ValueError):
        to_siap("inconnu")
