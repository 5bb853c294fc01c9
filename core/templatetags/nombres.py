"""{% load nombres %}: {{ x|nombre }}, {{ x|nombre:4 }}, {{ x|montant }}, {{ x|entier }} (core.nombres)."""

from django import template

from core import nombres

register = template.Library()


def _safe(function, value, *args):
    try:
        return function(value, *args)
    except (nombres.NombreInvalide, TypeError):
        return value  # never a 500 for a display: show what was there


@register.filter
def nombre(value, places=2):
    return _safe(nombres.nombre, value, int(places))


@register.filter
def montant(value):
    return _safe(nombres.montant, value)


@register.filter
def entier(value):
    return _safe(nombres.entier, value)


@register.filter
def accord(value, formes):
    """{{ n|accord:"local commercial,locaux commerciaux" }} → « 1 local commercial », « 3 locaux commerciaux »,
    « 0 local commercial »: in French the plural starts at 2 (an empty value counts as 0)."""
    singulier, _, pluriel = str(formes).partition(",")
    try:
        nombre_ = int(value or 0)
    except (TypeError, ValueError):
        return value
    return f"{_safe(nombres.entier, nombre_)} {pluriel if abs(nombre_) >= 2 else singulier}"
