"""The kinds of convention and their steps: the one place every step list is read from.

`kind_of(convention)` says which kind a convention is; the first kind of `KINDS` whose predicate accepts it
wins, the ordinary kind last. A new kind (foyer, résidence, avenant of a given type) is a declaration:

    FOYER = Kind("foyer", "Convention de foyer", steps=(BAILLEUR, OPERATION, ..., COLLECTIF, RECAPITULATIF))
    KINDS.insert(0, (lambda convention: convention.programme.is_foyer(), FOYER))
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from conventions.enums import STATUTS_PUBLICATION
from conventions.steps.avenants import AVENANT, AVENANT_FOYER, AVENANT_RESIDENCE, DENONCIATION, RESILIATION
from conventions.steps.base import Kind, Step
from conventions.steps.foyer import FOYER, RESIDENCE, RESIDENCE_HORS_PUBLICATION
from conventions.steps.objets import OBJETS
from conventions.steps.ordinaire import ORDINAIRE

# (predicate on the convention, kind), tried in order; the ordinary kind accepts every convention.
KINDS: list[tuple[Callable, Kind]] = [
    (lambda convention: convention.is_denonciation, DENONCIATION),
    (lambda convention: convention.is_resiliation, RESILIATION),
    (lambda convention: convention.is_avenant and convention.programme.is_foyer, AVENANT_FOYER),
    (lambda convention: convention.is_avenant and convention.programme.is_residence, AVENANT_RESIDENCE),
    (lambda convention: convention.is_avenant, AVENANT),
    # The nature of the dwellings decides (reference §13.1): AUTRE → foyer; hébergement, résidence sociale,
    # pension de famille, résidence d'accueil → résidence; every other nature is ordinary housing.
    (lambda convention: convention.programme.is_foyer, FOYER),
    # A résidence has its EDD step in the publication statuses only (reference §13.2).
    (
        lambda convention: convention.programme.is_residence and convention.statut not in STATUTS_PUBLICATION,
        RESIDENCE_HORS_PUBLICATION,
    ),
    (lambda convention: convention.programme.is_residence, RESIDENCE),
    (lambda convention: True, ORDINAIRE),
]


def kind_of(convention) -> Kind:
    return next(kind for accepts, kind in KINDS if accepts(convention))


def all_kinds() -> list[Kind]:
    return [kind for _, kind in KINDS]


def comment_objets() -> set[str]:
    """What a comment may point at, whatever the kind (each declared in conventions.steps.objets)."""
    return {objet for kind in all_kinds() for objet in kind.objets}


def comment_step(convention, nom_objet: str, champ_objet: str) -> Step:
    kind = kind_of(convention)
    return kind.step(kind.comment_step(nom_objet, champ_objet))


def check_declarations(kinds: list[Kind]) -> None:
    """A spec names an objet of conventions.steps.objets with its model, a table's columns are the objet's."""
    for kind in kinds:
        for step in kind.steps:
            for spec in step.specs:
                objet = OBJETS.get(spec.objet)
                if objet is None or objet.model is not spec.model:
                    raise ImproperlyConfigured(f"Step {step.slug}: {spec.key} names an unknown objet or model.")
            for table in step.tables:
                row_fields = [spec.champ for spec in table.formset_class.form.specs]
                if row_fields != table.fields:
                    raise ImproperlyConfigured(f"Step {step.slug}: the row specs must be the columns of {table.objet}.")
            if step.sections and not all(table.formset_class.section for table in step.sections):
                raise ImproperlyConfigured(f"Step {step.slug}: each section's formset must name its section.")


check_declarations(all_kinds())
