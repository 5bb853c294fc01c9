import re

from django.core.exceptions import ValidationError

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum is valid. La Poste's establishments may use a digit sum
    divisible by 5 instead (its head office, 356 000 000 00048, is Luhn-valid)."""
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError("Le SIRET doit comporter exactement 14 chiffres, sans espace.", code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in value) % 5 != 0 and not luhn_ok(value):
            raise ValidationError("Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte).", code="siret_cle")
        return
    if not luhn_ok(value):
        raise ValidationError("Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte).", code="siret_cle")


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid (La Poste's 356 000 000 included)."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError("Le SIREN doit comporter exactement 9 chiffres, sans espace.", code="siren_format")
    if not luhn_ok(value):
        raise ValidationError("Ce numéro SIREN n'est pas valide (clé de contrôle incorrecte).", code="siren_cle")


def validate_siret_ou_siren(value: str) -> None:
    """A bailleur's identifier: its SIRET, or only its SIREN when the SIAP knows no SIRET (reference §16.1.4)."""
    if re.fullmatch(r"\d{9}", value or ""):
        validate_siren(value)
    else:
        validate_siret(value)


def complete_siret(prefix13: str) -> str:
    """The valid SIRET starting with these 13 digits (used by demo data and factories)."""
    for last in "0123456789":
        if luhn_ok(prefix13 + last):
            return prefix13 + last
    raise ValueError(prefix13)


PREFIX_PLACEHOLDERS = ("{département}", "{zone}", "{mois}", "{année}")


def validate_prefix_convention(value: str) -> None:
    for placeholder in re.findall(r"\{[^{}]*\}", value or ""):
        if placeholder not in PREFIX_PLACEHOLDERS:
            raise ValidationError(
                "« %(x)s » n'est pas un élément dynamique autorisé. Seuls {département}, {zone}, {mois} et "
                "{année} peuvent être utilisés.",
                params={"x": placeholder},
                code="prefix_placeholder",
            )
    if value and (value.count("{") != value.count("}")):
        raise ValidationError("Une accolade n'est pas refermée dans le préfixe.", code="prefix_accolade")


def validate_telephone(value: str) -> None:
    if value and not re.fullmatch(r"\+?[0-9\s.]{8,25}", value):
        raise ValidationError(
            "Le numéro de téléphone doit comporter de 8 à 25 chiffres (espaces et « + » initial acceptés).",
            code="telephone",
        )
