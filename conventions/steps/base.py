"""What a step is, and what a kind of convention is (a named list of steps).

A `Step` declares, once: its slug (URL), its title (stepper), the fields it shows (`form_class.specs`, each
naming an objet, a model and a field), its table (`Table`: row specs, Excel import), its recap block
(`recap_title`, `recap_template`), its rules (`check` on the data on screen, `saved_errors` on the stored data)
and the service that saves it (`save`). Every list of the application (stepper, recap blocks, comment targets,
where a commented field is edited, rules per step) is derived from the steps of a `Kind`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from conventions.forms.steps import fields as step_forms
from conventions.rules.base import RuleError
from conventions.steps.objets import OBJETS


@dataclass
class Table:
    """The table of a step: its formset (row form specs = the columns), the name of its Excel import, and where
    its stored rows are (`rows_of(convention)` → queryset, in the order `order_by`)."""

    formset_class: type
    import_name: str
    title: str
    rows_of: Callable | None = None
    order_by: tuple[str, ...] = ("id",)
    # The totals row under the table: (rows shown as {column: value}, column names) → {"nombre", "cells",
    # "typologies"}; None: no totals row.
    totals: Callable | None = None

    def stored_rows(self, convention) -> list[dict]:
        """The stored rows as dicts (the columns and the uuid as text), the initial data of the formset."""
        queryset = self.rows_of(convention).order_by(*self.order_by)
        return [{**row, "uuid": str(row["uuid"])} for row in queryset.values("uuid", *self.fields)]

    @property
    def objet(self) -> str:
        return self.formset_class.objet

    @property
    def fields(self) -> list[str]:
        """The stored columns of a row (those of the objet, conventions.steps.objets)."""
        return list(OBJETS[self.objet].colonnes)


class Step:
    slug = ""
    title = ""
    form_class = step_forms.StepForm
    table: Table | None = None
    # A step of several tables instead of one (the Logements step of ordinary housing and its four sections,
    # reference §13.7), in order. Each may be unticked (its rows are then removed); their rows reach `check()` and
    # `save()` as ONE list, each row naming its section (key "tableau": its formset's `section`).
    sections: tuple[Table, ...] = ()
    intro = ""
    # The recap block of the step: its title and the template of its body (context: recap_context). The
    # default body lists the fields of `form_class.specs` with their saved values.
    recap_title = ""
    recap_template = "conventions/recap/_champs.html"
    # Fields this step edits without a spec (by objet, prefixes of field names): the recap's Type I/II choice.
    champs_prefixes: dict[str, tuple[str, ...]] = {}

    @property
    def block_title(self) -> str:
        return self.recap_title or self.title

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables of the step: its sections, else its table (or none)."""
        if self.sections:
            return self.sections
        return (self.table,) if self.table else ()

    @property
    def specs(self) -> tuple:
        """The specs of the fields shown (non-table fields, then the columns of each table)."""
        row_specs = tuple(spec for table in self.tables for spec in table.formset_class.form.specs)
        return (*self.form_class.specs, *row_specs)

    @property
    def objets(self) -> list[str]:
        """The objets whose fields the step shows (comment targets), in order of appearance."""
        names = [spec.objet for spec in self.specs]
        names += [table.objet for table in self.tables]
        return list(dict.fromkeys(names))

    def objects(self, convention) -> dict:
        return {
            "convention": convention,
            "programme": convention.programme,
            "lot": convention.lot,
            "bailleur": convention.programme.bailleur,
        }

    def recap_values(self, convention) -> list[tuple[str, object]]:
        """(label, saved value) of the non-table fields, for the default recap block."""
        objects = self.objects(convention)
        values = []
        for spec in self.form_class.specs:
            model_field = spec.model._meta.get_field(spec.champ)
            obj = objects[spec.objet]
            value = getattr(obj, f"get_{spec.champ}_display")() if model_field.choices else getattr(obj, spec.champ)
            values.append((spec.label or str(model_field.verbose_name), value))
        return values

    def stored_rows(self, convention) -> list[dict]:
        """The stored rows of the step's table (of its first section)."""
        tables = self.tables
        return tables[0].stored_rows(convention) if tables else []

    def stored_tables(self, convention) -> dict[str, list[dict]]:
        """{objet: stored rows} of each table of the step."""
        if not self.sections:
            return {self.table.objet: self.stored_rows(convention)} if self.table else {}
        return {table.objet: table.stored_rows(convention) for table in self.sections}

    def check(self, *, convention, form, rows: list[dict]) -> list[RuleError]:
        """The rules on the data on screen (forms already cleaned)."""
        return []

    def saved_errors(self, convention, *, today=None) -> list[RuleError]:
        """The rules on the saved data; `convention` comes from `conventions.rules.load` (no query here)."""
        return []

    def save(self, *, convention, form, rows: list[dict] | None, user) -> None:
        raise NotImplementedError


class Recapitulatif(Step):
    """The last step: the recap page itself (conventions:recap). It edits the Type I/II choice."""

    slug, title = "recapitulatif", "Récapitulatif"
    champs_prefixes = {"convention": ("type",)}  # type1and2, type2_lgts_concernes_option…


@dataclass(frozen=True)
class Kind:
    """A kind of convention (ordinary, later foyer, résidence, avenant…): a name and its steps, in order. The
    last step is the recap. A new kind is a declaration: `Kind("foyer", "Foyer", steps=(...))`."""

    nom: str
    label: str
    steps: tuple[Step, ...]
    # Which steps may be edited on a given convention of this kind (slugs); None: every step. An avenant opens
    # only the steps of its types (conventions.steps.avenants).
    opens: Callable | None = None
    # Single fields ("objet__champ") opened on steps otherwise closed, on a given convention; None: none.
    opens_champs: Callable | None = None
    _by_slug: dict = field(init=False, repr=False, compare=False)
    _by_field: dict = field(init=False, repr=False, compare=False)
    _by_objet: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_field, by_objet = {}, {}
        for step in self.steps:
            for spec in step.specs:
                by_field.setdefault((spec.objet, spec.champ), step.slug)
            for objet in step.objets:
                by_objet.setdefault(objet, step.slug)
        object.__setattr__(self, "_by_slug", {step.slug: step for step in self.steps})
        object.__setattr__(self, "_by_field", by_field)
        object.__setattr__(self, "_by_objet", by_objet)
        if len(self._by_slug) != len(self.steps) or not isinstance(self.steps[-1], Recapitulatif):
            raise ValueError(f"Kind {self.nom}: step slugs must be unique and the recap must come last.")

    def step(self, slug: str) -> Step | None:
        return self._by_slug.get(slug)

    @property
    def editable_steps(self) -> tuple[Step, ...]:
        return self.steps[:-1]

    def open_slugs(self, convention) -> frozenset[str]:
        """The steps that may be edited on this convention (the rights of the user aside)."""
        if self.opens is None:
            return frozenset(step.slug for step in self.editable_steps)
        return frozenset(self.opens(convention)) & frozenset(self.slugs)

    def open_champs(self, convention, slug: str) -> frozenset[str]:
        """The single fields opened on the step `slug` of this convention when the step itself is closed (an
        avenant « logements » opens the lot's number of dwellings on the Opération step)."""
        if self.opens_champs is None or slug in self.open_slugs(convention):
            return frozenset()
        return frozenset(key for key in self.opens_champs(convention) if self.comment_step(*key.split("__", 1)) == slug)

    @property
    def slugs(self) -> list[str]:
        return [step.slug for step in self.steps]

    def next_step(self, slug: str) -> Step | None:
        position = self.slugs.index(slug)
        return self.steps[position + 1] if position + 1 < len(self.steps) else None

    @property
    def objets(self) -> set[str]:
        """The objets a comment may point at on a convention of this kind."""
        return set(self._by_objet)

    def comment_step(self, nom_objet: str, champ_objet: str) -> str:
        """The slug of the step showing a commented field: the step whose specs include it (or, for fields
        edited on the recap, whose `champs_prefixes` match it), else the first step showing its objet (a whole
        table, a row, a field shown nowhere), else the recap."""
        slug = self._by_field.get((nom_objet, champ_objet))
        if slug:
            return slug
        for step in self.steps:
            prefixes = step.champs_prefixes.get(nom_objet, ())
            if prefixes and champ_objet.startswith(prefixes):
                return step.slug
        return self._by_objet.get(nom_objet, self.steps[-1].slug)
