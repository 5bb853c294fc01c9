"""The Type I / Type II choice of a convention whose bailleur is neither HLM nor SEM."""

from conventions import perms
from conventions.enums import TYPE2_OPTIONS, TypeConvention
from conventions.models import Convention
from conventions.workflow import TransitionNotAllowed, ValidationRefused


def convention_set_type1and2(*, convention: Convention, user, type1and2: str, options: dict[int, bool]) -> Convention:
    """`options` maps 1..8 to whether the Type II category applies (ignored for Type I)."""
    if not perms.can_set_type1and2(user, convention):
        raise TransitionNotAllowed("Le type de convention ne peut pas être modifié.")
    if type1and2 not in TypeConvention.values:
        raise ValidationRefused("Choisissez Type I ou Type II.")
    convention.type1and2 = type1and2
    fields = ["type1and2", "mis_a_jour_le"]
    if type1and2 == TypeConvention.TYPE2:
        for n in TYPE2_OPTIONS:
            setattr(convention, f"type2_lgts_concernes_option{n}", bool(options.get(n)))
            fields.append(f"type2_lgts_concernes_option{n}")
    convention.save(update_fields=fields)
    return convention
