"""Building blocks of the step forms: field locking, model-backed fields, text + files fields, table formsets.

Locking (reference §2.3): a field the user may not change is `disabled`, so Django ignores whatever is posted
for it and keeps the stored value; `editable_values()` returns only the fields the user may change, which is
all the services receive. Keys are those of the comments: "objet__champ", "objet__champ__uuid" for a cell,
"objet__ligne__uuid" for a whole row, "objet__table" for a whole table.
"""

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db import models
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from conventions import perms
from conventions.forms.steps.widgets import speed_up
from conventions.services import files as files_service
from conventions.services import versions
from core import nombres
from core.texte import minuscule_initiale

ROW = "ligne"
TABLE = "table"
# Step inputs belong to one <form id="etape-form"> through their `form` attribute, so that the comment forms
# shown next to the fields are never nested inside it.
FORM_ID = "etape-form"
# The version of the convention the page was built from (conventions/services/versions.py).
VERSION_FIELD = "version_convention"
PAGE_FIELD = "PAGE"  # in a table's management form: "logement-PAGE"
# A table that is one toggleable section of its step (the four dwelling tables): ticked, its rows are kept.
SECTION_FIELD = "SECTION"  # in the management form: "logement_corrigee-SECTION"


def attach_to_step_form(fields) -> None:
    for formfield in fields:
        formfield.widget.attrs["form"] = FORM_ID


def mark_invalid(form) -> None:
    """DSFR error attributes on the inputs of the fields in error (after validation)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-desc-error"}
            )


class Edition:
    """What the current user may change on this convention, asked once per key (perms.can_edit_field)."""

    def __init__(self, *, user, convention, step: str | None = None):
        self.user = user
        self.convention = convention
        # An avenant opens only the steps of its types: elsewhere nothing is editable (perms.step_is_open).
        self.step_open = step is None or perms.step_is_open(convention, step)
        # …except single fields its types open on a closed step (perms.open_champs).
        self.open_champs = frozenset() if self.step_open else perms.open_champs(convention, step)
        self.full = self.step_open and perms.can_edit(user, convention)
        self._keys: dict[str, bool] = {}

    def field(self, key: str) -> bool:
        if self.full:
            return True
        if not self.step_open and key not in self.open_champs:
            return False
        if key not in self._keys:
            self._keys[key] = perms.can_edit_field(self.user, self.convention, key)
        return self._keys[key]

    def table(self, objet: str) -> bool:
        """May add and remove rows (and change every row)."""
        return self.field(f"{objet}__{TABLE}")

    def row(self, objet: str, uuid) -> bool:
        return bool(uuid) and self.field(f"{objet}__{ROW}__{uuid}")

    def cell(self, objet: str, champ: str, uuid) -> bool:
        if self.table(objet):
            return True
        return bool(uuid) and (self.row(objet, uuid) or self.field(f"{objet}__{champ}__{uuid}"))

    @property
    def anything(self) -> bool:
        if self.full:
            return True
        if not self.step_open:
            return any(self.field(key) for key in self.open_champs)
        return bool(perms.editable_comment_keys(self.user, self.convention))


@dataclass(frozen=True)
class Spec:
    """A form field backed by a model field: `objet` is the comment object name ("programme", "lot"…)."""

    objet: str
    model: type[models.Model]
    champ: str
    required: bool | None = None
    label: str | None = None
    help_text: str | None = None
    widget: forms.Widget | type[forms.Widget] | None = None
    files: str = ""  # "" no files; "texte" text + files; "fichiers" files only (no text)
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.objet}__{self.champ}"

    @property
    def files_champ(self) -> str:
        return f"{self.objet}.{self.champ}"

    def formfield(self) -> forms.Field:
        kwargs = dict(self.extra)
        if self.widget is not None:
            # A fresh widget per form: DSFR helpers write error attributes on it.
            kwargs["widget"] = copy.deepcopy(self.widget) if isinstance(self.widget, forms.Widget) else self.widget
        formfield = self.model._meta.get_field(self.champ).formfield(**kwargs)
        if self.required is not None:
            formfield.required = self.required
        if self.label is not None:
            formfield.label = self.label
        else:
            formfield.label = formfield.label[:1].upper() + formfield.label[1:]
        if self.help_text is not None:
            formfield.help_text = self.help_text
        formfield.error_messages["required"] = f"Le champ « {formfield.label} » est obligatoire."
        return formfield


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; each is checked by conventions.services.files (type, size)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", files_service.ACCEPT)
        self.widget.attrs.setdefault("class", "fr-upload")

    def clean(self, data, initial=None):
        uploaded = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors = [message for f in uploaded if (message := files_service.upload_error(f))]
        if errors:
            raise forms.ValidationError(errors)
        return list(uploaded)


FILES_HELP = "Images (JPEG, PNG, GIF, WebP) ou PDF, {max} Mo au plus par fichier."


class ShownAsTyped:
    """A step form may be shown as typed, without judging it: `hide_errors()` (rows just added, an import
    refused, the fields beside an imported table). Nothing is validated afterwards; the page shows no message."""

    errors_hidden = False

    def hide_errors(self) -> None:
        self.errors_hidden = True

    @property
    def errors(self):
        if self.errors_hidden:
            return ErrorDict()
        return super().errors


class StepForm(ShownAsTyped, DsfrBaseForm):
    """The non-table fields of a step, built from `specs`; `objects` maps objet → instance."""

    specs: tuple[Spec, ...] = ()

    def __init__(self, *args, edition: Edition, objects: dict, fichiers: dict | None = None, **kwargs):
        self.edition = edition
        self.objects = objects
        self.fichiers = fichiers or {}
        self.spec_by_name: dict[str, Spec] = {}
        self.file_specs: list[Spec] = []
        initial = kwargs.pop("initial", None) or {}
        built = {}
        for spec in self.specs:
            obj = objects[spec.objet]
            if spec.files != "fichiers":
                built[spec.champ] = self.make_field(spec)
                self.spec_by_name[spec.champ] = spec
                initial.setdefault(spec.champ, self.initial_value(spec, obj))
            if spec.files:
                self.file_specs.append(spec)
                built.update(self._file_fields(spec))
        initial.setdefault(VERSION_FIELD, edition.convention.version)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields = {**built, **self.fields}
        self._lock_fields()
        self.fields[VERSION_FIELD] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
        attach_to_step_form(self.fields.values())
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def make_field(self, spec: Spec) -> forms.Field:
        return spec.formfield()

    def initial_value(self, spec: Spec, obj):
        return getattr(obj, spec.champ)

    def _file_fields(self, spec: Spec) -> dict:
        existing = self.fichiers.get(spec.files_champ, [])
        label = spec.label or spec.model._meta.get_field(spec.champ).verbose_name
        fields = {
            f"{spec.champ}__fichiers": MultipleFileField(
                label=f"Fichiers joints : {minuscule_initiale(label)}"
                if spec.files == "texte"
                else f"{label[:1].upper()}{label[1:]}",
                help_text=FILES_HELP.format(max=files_service.max_size_bytes() // (1024 * 1024)),
            )
        }
        if existing:
            fields[f"{spec.champ}__supprimer"] = forms.MultipleChoiceField(
                label="Supprimer des fichiers joints",
                required=False,
                choices=[(str(f.uuid), f.nom) for f in existing],
                widget=forms.CheckboxSelectMultiple,
            )
        return fields

    def key_of(self, name: str) -> str | None:
        base = name.split("__", 1)[0]
        spec = self.spec_by_name.get(base) or next((s for s in self.file_specs if s.champ == base), None)
        return spec.key if spec else None

    def _lock_fields(self):
        for name, formfield in self.fields.items():
            key = self.key_of(name)
            if key and not self.edition.field(key):
                formfield.disabled = True

    def clean_version_convention(self):
        """A page built on an older version is refused at once (checked again under lock when saving)."""
        version = self.cleaned_data.get(VERSION_FIELD)
        try:
            versions.check(convention=self.edition.convention, version=version)
        except versions.ConventionModifiee as exc:
            self.add_error(None, forms.ValidationError(exc.message, code="version"))  # shown above the step
        return version

    @property
    def has_editable_field(self) -> bool:
        return any(not f.disabled for name, f in self.fields.items() if name != VERSION_FIELD)

    def editable_values(self, objet: str) -> dict:
        """Cleaned values of the fields of `objet` the user may change."""
        return {
            spec.champ: self.cleaned_data[name]
            for name, spec in self.spec_by_name.items()
            if spec.objet == objet and not self.fields[name].disabled
        }

    def file_changes(self) -> dict:
        """{"programme.vendeur": {"ajouter": [...], "supprimer": [...]}} for the unlocked file fields."""
        changes = {}
        for spec in self.file_specs:
            upload = self.fields[f"{spec.champ}__fichiers"]
            if upload.disabled:
                continue
            ajouter = self.cleaned_data.get(f"{spec.champ}__fichiers") or []
            supprimer = self.cleaned_data.get(f"{spec.champ}__supprimer") or []
            if ajouter or supprimer:
                changes[spec.files_champ] = {"ajouter": ajouter, "supprimer": supprimer}
        return changes

    def sections(self):
        """[(title, items)] following `layout` [(title, [names])]; an item is a field {"field", "key"} or a
        text + files block {"files": True, "text", "upload", "supprimer", "fichiers", "key", "label"}."""
        layout = getattr(self, "layout", None) or [("", [spec.champ for spec in self.specs])]
        file_specs = {spec.champ: spec for spec in self.file_specs}
        placed, result = set(), []
        for title, names in layout:
            items = []
            for name in names:
                placed.add(name)
                if name in file_specs:
                    items.append(self.file_block(file_specs[name]))
                elif name in self.fields and name in self.spec_by_name:
                    items.append({"field": self[name], "key": self.spec_by_name[name].key})
            if items:
                result.append((title, items))
        rest = [self.file_block(spec) for spec in self.file_specs if spec.champ not in placed]
        if rest:
            result.append(("Pièces jointes", rest))
        return result

    def file_block(self, spec: Spec) -> dict:
        supprimer = f"{spec.champ}__supprimer"
        return {
            "files": True,
            "key": spec.key,
            "label": self.fields[f"{spec.champ}__fichiers"].label,
            "text": self[spec.champ] if spec.files == "texte" else None,
            "upload": self[f"{spec.champ}__fichiers"],
            "supprimer": self[supprimer] if supprimer in self.fields else None,
            "fichiers": self.fichiers.get(spec.files_champ, []),
        }


class RowForm(ShownAsTyped, DsfrBaseForm):
    """One row of a table; `specs` name model fields of the row, `uuid` identifies a stored row."""

    objet: str = ""
    specs: tuple[Spec, ...] = ()
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, edition: Edition, locked: bool = False, row_offset: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        built = {name: _row_copy(formfield) for name, formfield in self.spec_fields().items()}
        self.fields = {**self.extra_fields(), **built, **self.fields}
        self.edition = edition
        self.row_uuid = self.initial.get("uuid") or ""
        for name, formfield in self.fields.items():
            if name in ("uuid", "DELETE"):
                continue
            formfield.label_suffix = ""
            if locked or not edition.cell(self.objet, name, self.row_uuid):
                formfield.disabled = True
        for formfield in self.fields.values():
            speed_up(formfield)
        attach_to_step_form(self.fields.values())
        # Each cell is named by its column and row on the input itself (no <label> per cell: a 500-row table
        # stays under 1 MB). The row model's "__numero__" is replaced by static/js/formset.js.
        index = (self.prefix or "").rsplit("-", 1)[-1]
        numero = str(int(index) + 1 + row_offset) if index.isdigit() else "__numero__"
        for name, formfield in self.fields.items():
            if name not in ("uuid", "DELETE"):
                formfield.widget.attrs["aria-label"] = f"{formfield.label}, ligne {numero}"
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    @classmethod
    def spec_fields(cls) -> dict[str, forms.Field]:
        """The fields of the specs with their fast widgets, built once per class: a model field's formfield()
        (its choices normalized again) was a third of a 100-row page's time. Each row copies them (_row_copy)."""
        if "_spec_fields" not in cls.__dict__:
            cls._spec_fields = {spec.champ: spec.formfield() for spec in cls.specs}
            for formfield in cls._spec_fields.values():
                speed_up(formfield)
        return cls._spec_fields

    def extra_fields(self) -> dict:
        return {}

    @property
    def comment_key(self) -> str:
        return f"{self.objet}__{ROW}__{self.row_uuid}"

    @property
    def column_names(self) -> list[str]:
        return [name for name in self.fields if name not in ("uuid", "DELETE")]

    @property
    def columns(self):
        return [self[name] for name in self.column_names]

    @property
    def locked(self) -> bool:
        return all(f.disabled for name, f in self.fields.items() if name not in ("uuid", "DELETE"))


def _row_copy(formfield: forms.Field) -> forms.Field:
    """A row's own copy of a prototype field: what a row changes (disabled, its widget's aria-label and error
    attributes, its error messages) is its own; the choices, never changed by a row, are shared (Django's
    deepcopy of every choice list was most of the cost of building the rows)."""
    copied = copy.copy(formfield)
    copied.widget = copy.copy(formfield.widget)
    copied.widget.attrs = dict(formfield.widget.attrs)
    copied.error_messages = dict(formfield.error_messages)
    return copied


def as_posted(value) -> str:
    """A Python value as a browser posts it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return nombres.saisie(value)  # "30,00", as a saved row's localized input shows it
    return str(value)


class TableFormSet(forms.BaseFormSet):
    """A table of rows with "replace" semantics. Rows are matched to stored rows by their uuid: the stored
    values are the initial data of a posted row, so a locked row keeps them whatever is posted."""

    objet = ""
    # The code of the section this table is on a step of several tables ("su", "corrigee"…; "" for the only
    # table of its step): a section may be unticked, and its rows carry the code ("tableau").
    section = ""
    errors_hidden = False
    # The page of a long table shown (conventions.views.steps.engine): posted with the management form, so that
    # a save replaces only that page's rows.
    page_number: int | None = None
    page_size: int = 0

    def __init__(self, *args, edition: Edition, stored: list[dict], active: bool = True, **kwargs):
        self.edition = edition
        self.stored = stored
        self.stored_by_uuid = {str(row["uuid"]): row for row in stored}
        self.active_initial = active  # a section: ticked when the page is first shown
        if not edition.table(self.objet):
            self.extra = 0  # rows may not be added: no empty rows to show
        kwargs.setdefault("initial", stored)
        kwargs.setdefault("prefix", self.objet)
        super().__init__(*args, **kwargs)

    # --- A section of its step ------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """A section ticked (the only table of a step always is). Only the user who may replace the table may
        untick it; the posted box is read when the table was posted."""
        if not self.section:
            return True
        if self.is_bound and self.table_editable and self.posted:
            return forms.CheckboxInput().value_from_datadict(self.data, self.files, self.add_prefix(SECTION_FIELD))
        return self.active_initial

    @property
    def posted(self) -> bool:
        """The table was posted with the page (a section left out of a post is kept as it is)."""
        return self.is_bound and self.add_prefix(TOTAL_FORM_COUNT) in self.data

    @property
    def section_toggle(self):
        """The box that ticks the section (rendered in its heading), None for the only table of a step."""
        return self.management_form[SECTION_FIELD] if self.section else None

    # --- Shown as typed, rule errors ------------------------------------------------------------------------

    def hide_errors(self) -> None:
        """Show the rows as typed, without any message (see ShownAsTyped)."""
        self.errors_hidden = True
        for form in self.forms:
            form.hide_errors()

    @property
    def errors(self):
        if self.errors_hidden:
            return [ErrorDict() for _ in self.forms]
        return super().errors

    def non_form_errors(self):
        if self.errors_hidden:
            return self.error_class(error_class="nonform", renderer=self.renderer)
        return super().non_form_errors()

    def add_table_error(self, message: str) -> None:
        """A rule error about the whole table (shown once above it); only after validation."""
        errors = self.non_form_errors()
        if message not in errors:
            errors.append(message)

    # --- Data of rows that were not posted (Excel import, rows added) ---------------------------------------

    @classmethod
    def data_for_rows(cls, rows: list[dict], *, edition: Edition, extra: int) -> dict:
        """The data a browser would post for `rows` (an Excel import) and `extra` untouched rows: the imported
        values are then validated exactly like a posted table."""
        prefix = cls.objet
        data = {
            f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "5000",
        }
        if cls.section:
            data[f"{prefix}-{SECTION_FIELD}"] = "on"  # an imported table is kept
        for index, row in enumerate(rows):
            for name, value in row.items():
                posted = as_posted(value)
                if posted != "":
                    data[f"{prefix}-{index}-{name}"] = posted
        data.update(cls.blank_rows_data(edition=edition, start=len(rows), count=extra))
        return data

    @classmethod
    def data_with_rows_added(cls, posted, *, edition: Edition, count: int) -> dict:
        """The posted table with `count` untouched rows more (the "Ajouter des lignes" button)."""
        data = posted.copy()
        prefix = cls.objet
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
        except ValueError:
            total = 0
        added = min(total + count, 5000)
        data.update(cls.blank_rows_data(edition=edition, start=total, count=added - total))
        data[f"{prefix}-TOTAL_FORMS"] = str(added)
        return data

    @classmethod
    def blank_rows_data(cls, *, edition: Edition, start: int, count: int) -> dict:
        """Posted data of `count` untouched rows from index `start`: their defaults, as a browser would send
        them (so that they count as empty rows, not as rows to check)."""
        empty = cls(edition=edition, stored=[]).empty_form
        data = {}
        for index in range(start, start + count):
            for name, formfield in empty.fields.items():
                value = formfield.initial() if callable(formfield.initial) else formfield.initial
                if value not in (None, "", False):
                    data[f"{cls.objet}-{index}-{name}"] = as_posted(value)
        return data

    # --- Building ------------------------------------------------------------------------------------------

    def __getitem__(self, index):
        """formset[i] is its i-th form. A template's `formset.prefix` tries formset["prefix"] first: a name is
        refused at once instead of after building every row form (then looked up as an attribute)."""
        if not isinstance(index, int | slice):
            raise TypeError(f"{type(self).__name__} indices are integers, not {type(index).__name__}")
        return super().__getitem__(index)

    @cached_property
    def empty_form(self):
        """The row model, built once: the page reads its columns, sums them, renders it, and the rows of an
        editable table shown as stored are written after it (conventions.forms.steps.rows.RowTemplate)."""
        return super().empty_form

    def template_form(self, uuid="") -> RowForm:
        """A form like the row model ("__prefix__" in its names, "__numero__" in its labels) whose cells are
        enabled as those of the stored row `uuid` (conventions.forms.steps.rows.RowTemplate)."""
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            error_class=self.error_class,
            initial={"uuid": uuid} if uuid else {},
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form

    @cached_property
    def management_form(self):
        form = super().management_form
        if PAGE_FIELD not in form.fields:
            form.fields[PAGE_FIELD] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
            if not form.is_bound and self.page_number:
                form.initial[PAGE_FIELD] = self.page_number
        if self.section and SECTION_FIELD not in form.fields:
            form.fields[SECTION_FIELD] = forms.BooleanField(
                required=False,
                initial=self.active,
                disabled=not self.table_editable,
                widget=forms.CheckboxInput(attrs={"data-section-toggle": self.prefix}),
            )
            form.initial[SECTION_FIELD] = self.active
        for formfield in form.fields.values():
            speed_up(formfield)
        attach_to_step_form(form.fields.values())
        return form

    @property
    def table_editable(self) -> bool:
        return self.edition.table(self.objet)

    def has_open_row(self) -> bool:
        """A row has a cell the user may change (a row form that is not `locked`); for a table shown as stored,
        told by the stored rows without building their forms."""
        if self.is_bound or "forms" in self.__dict__:
            return any(not form.locked for form in self.forms)
        columns = self.empty_form.column_names
        uuids = [row.get("uuid") or "" for row in self.initial or []]
        uuids += [""] * (self.total_form_count() - len(uuids))  # the empty rows
        return any(self.edition.cell(self.objet, name, uuid) for uuid in uuids for name in columns)

    def get_form_kwargs(self, index):
        # A page of a long table: its rows are numbered from the page's first row.
        offset = (self.page_number - 1) * self.page_size if self.page_number else 0
        return {"edition": self.edition, "row_offset": offset}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        delete = form.fields.get("DELETE")
        if delete is None:
            return
        delete.label = "Supprimer la ligne"
        if form.locked or not self.table_editable:
            delete.disabled = True  # rows() ignores it anyway: rows may not be removed
        speed_up(delete)
        attach_to_step_form([delete])

    def _construct_form(self, i, **kwargs):
        if self.is_bound:
            posted = str(self.data.get(f"{self.add_prefix(i)}-uuid") or "")
            stored = self.stored_by_uuid.get(posted)
            if stored is not None:
                kwargs["initial"] = stored
                kwargs["empty_permitted"] = False  # a stored row is never "an empty extra row"
            else:
                kwargs["initial"] = {}  # never the stored row at the same position: rows match by uuid only
                if not self.table_editable:
                    kwargs["locked"] = True  # a new row where rows may not be added: ignored on save
        return super()._construct_form(i, **kwargs)

    def rows(self) -> list[tuple[int | None, dict]]:
        """(form index, values) of the rows to keep, in order; only after is_valid(). The index is None for a
        stored row that was not posted but may not be removed."""
        kept = []
        seen = set()
        for index, form in enumerate(self.forms):
            values = form.cleaned_data
            if not values or not form.has_changed() and not form.initial:
                continue
            uuid = str(values.get("uuid") or "")
            known = uuid in self.stored_by_uuid and uuid not in seen
            if not known and not self.table_editable:
                continue
            seen.add(uuid)
            if self.can_delete and values.get("DELETE") and self.table_editable:
                continue
            row = {k: v for k, v in values.items() if k != "DELETE"}
            row["uuid"] = uuid if known else ""
            kept.append((index, row))
        if self.table_editable:
            return kept
        # Rows may be neither added, removed nor reordered: the stored table, with the changes of the open rows.
        posted = {row["uuid"]: (index, row) for index, row in kept}
        return [posted.get(key, (None, dict(row))) for key, row in self.stored_by_uuid.items()]


def table_formset(form_class, formset_class=TableFormSet, *, extra: int = 3):
    """The formset class of a table: `extra` empty rows (to add rows without JavaScript), a "Supprimer"
    checkbox per row, no row limit beyond the settings' field count."""
    return forms.formset_factory(
        form_class,
        formset=formset_class,
        extra=extra,
        can_delete=True,
        max_num=5000,
        absolute_max=5000,
        validate_max=True,
    )
