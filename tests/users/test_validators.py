import pytest
from django.core.exceptions import ValidationError

from users.validators import complete_siret, luhn_ok, validate_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048", complete_siret("1234567890001")])
def test_valid_sirets(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["7328293200007", "732829320000745", "7328293200007A", "732 829 320 00074", ""])
def test_siret_must_be_exactly_14_digits(siret):
    with pytest.raises(ValidationError) as excinfo:
        validate_siret(siret)
    assert excinfo.value.code == "siret_format"


def test_siret_with_a_bad_luhn_key_is_refused():
    assert luhn_ok("73282932000074")
    with pytest.raises(ValidationError) as excinfo:
        validate_siret("73282932000075")
    assert excinfo.value.code == "siret_cle"


def test_la_poste_establishments_use_the_digit_sum_rule():
    # 35600000049837: not Luhn-valid, but La Poste's rule (sum of digits divisible by 5) accepts it.
    assert not luhn_ok("35600000049837")
    validate_siret("35600000049837")
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")


def test_complete_siret_gives_a_valid_siret():
    siret = complete_siret("4410000000002")
    assert len(siret) == 14 and siret.startswith("4410000000002")
    validate_siret(siret)
