"""The rows of a step table as HTML, built in Python (issue 13: a page of 100 dwellings is ~1,000 inputs).

Rendering each cell through a BoundField and each row through template tags and includes cost most of a
500-dwelling step's time. Here a cell goes straight to its (fast) widget with the attributes BoundField.as_widget
would give it, and a row is assembled with f-strings; everything typed by users is escaped. The markup is the
one templates/conventions/steps/_table.html used to write (names, ids, aria-labels, DSFR classes, error texts),
which static/js/formset.js and the browser tests rely on.

A table shown as stored (an unbound formset: every GET) does not even build its row forms: its rows are written
from a `RowTemplate`, the markup of one row rendered by the same functions with placeholders where rows differ
(see that class)."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from conventions.forms.steps.base import ROW, RowForm
from conventions.forms.steps.widgets import FastCheckbox, FastInput, FastSelect, escape

DELETE = "DELETE"


def _auto_id(form, html_name: str) -> str:
    """BoundField.auto_id."""
    auto_id = form.auto_id
    if auto_id and "%s" in str(auto_id):
        return auto_id % html_name
    return html_name if auto_id else ""


def cell_value(form, name: str):
    """BoundField.value(): the posted value of a bound form, else the initial one, prepared for the widget."""
    field = form.fields[name]
    value = form.get_initial_for_field(field, name)
    if form.is_bound:
        posted = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        value = field.bound_data(posted, value)
    return field.prepare_value(value)


def _aria_describedby(field, auto_id: str, errors) -> str:
    """BoundField.aria_describedby: the help text and the errors, unless the widget names its own."""
    if field.widget.attrs.get("aria-describedby") or not auto_id or field.widget.is_hidden:
        return ""
    return " ".join(
        ref for ref, present in ((f"{auto_id}_helptext", field.help_text), (f"{auto_id}_error", errors)) if present
    )


def initial_for_field(initial: dict, field, name: str):
    """BaseForm.get_initial_for_field of a form whose initial data is `initial`."""
    value = initial.get(name, field.initial)
    if callable(value):
        value = value()
    if isinstance(value, datetime.datetime | datetime.time) and not field.widget.supports_microseconds:
        value = value.replace(microsecond=0)
    return value


def cell_html(form, name: str, *, css_class: str = "") -> str:
    """BoundField.as_widget() of the cell `name` (and widget_tweaks' add_class when `css_class` is given)."""
    field = form.fields[name]
    widget = field.widget
    html_name = form.add_prefix(name)
    auto_id = _auto_id(form, html_name)
    errors = form.errors.get(name)
    if field.localize:
        widget.is_localized = True
    attrs = {}
    if css_class:
        attrs["class"] = f"{widget.attrs['class']} {css_class}" if widget.attrs.get("class") else css_class
    initial = form.get_initial_for_field(field, name)
    if widget.use_required_attribute(initial) and field.required and form.use_required_attribute:
        attrs["required"] = True
    if field.disabled:
        attrs["disabled"] = True
    if not widget.is_hidden and errors:
        attrs["aria-invalid"] = "true"
    if not widget.use_fieldset and (describedby := _aria_describedby(field, auto_id, errors)):
        attrs["aria-describedby"] = describedby
    if auto_id and "id" not in widget.attrs:
        attrs["id"] = auto_id
    return widget.render(name=html_name, value=cell_value(form, name), attrs=attrs, renderer=form.renderer)


def _errors_html(errors) -> str:
    return "".join(f'<p class="fr-error-text">{escape(error)}</p>' for error in errors)


def _column_cell(form, name: str, cell=cell_html) -> str:
    errors = form.errors.get(name)
    if not errors:
        return f"<td>{cell(form, name)}</td>"
    auto_id = _auto_id(form, form.add_prefix(name))
    return (
        '<td><div class="fr-input-group fr-input-group--error">'
        f"{cell(form, name, css_class='fr-input--error')}"
        f'<div id="{escape(auto_id)}-desc-error">{_errors_html(errors)}</div></div></td>'
    )


def _delete_cell(form, numero: str, cell=cell_html) -> str:
    """The "Supprimer" box of a row, labelled for screen readers by the row's number."""
    if DELETE not in form.fields:
        return '<td class="apilos-col-supprimer"></td>'
    widget = form.fields[DELETE].widget
    label_for = widget.id_for_label(widget.attrs.get("id") or _auto_id(form, form.add_prefix(DELETE)))
    return (
        '<td class="apilos-col-supprimer"><div class="fr-checkbox-group fr-checkbox-group--sm">'
        f'{cell(form, DELETE)}<label class="fr-label" for="{escape(label_for)}">'
        f'<span class="fr-sr-only">Supprimer la ligne {numero}</span></label></div></td>'
    )


def row_html(form: RowForm, *, numero: str, row_id: str = "", comments: str = "", cell=cell_html) -> str:
    """One row: its number and hidden fields, its cells, its "Supprimer" box, its comments (already HTML);
    then, when the rules blamed the whole row, a row of its messages under it. `cell` renders an input
    (cell_html; RowTemplate puts placeholders in some)."""
    hidden = "".join(cell(form, name) for name, field in form.fields.items() if field.widget.is_hidden)
    cells = "".join(_column_cell(form, name, cell) for name in form.column_names)
    error_class = ' class="apilos-row--error"' if form.errors else ""
    id_attr = f' id="{escape(row_id)}"' if row_id else ""
    html = (
        f"<tr{error_class}{id_attr}><td>{numero}{hidden}</td>{cells}{_delete_cell(form, numero, cell)}"
        f'<td class="apilos-col-commentaires">{comments}</td></tr>'
    )
    if non_field := form.non_field_errors():
        html += (
            f'<tr class="apilos-row--error"><td colspan="{len(form.column_names) + 3}">'
            f'<div class="fr-input-group fr-input-group--error fr-mb-0">{_errors_html(non_field)}</div></td></tr>'
        )
    return html


def rows_html(formset, *, row_offset: int, comment_cell: Callable[[RowForm], str]) -> SafeString:
    """The <tbody> rows of a page of the table, numbered from `row_offset` + 1: those of a table shown as
    stored from RowTemplates, the others (posted: values as typed, errors) from their forms."""
    if not formset.is_bound and (fast := stored_rows_html(formset, row_offset, comment_cell)) is not None:
        return fast
    return forms_rows_html(formset, row_offset=row_offset, comment_cell=comment_cell)


def forms_rows_html(formset, *, row_offset: int, comment_cell: Callable[[RowForm], str]) -> SafeString:
    """The rows rendered from the formset's forms (the reference of stored_rows_html)."""
    return SafeString(
        "".join(
            row_html(
                form,
                numero=str(number + row_offset),
                row_id=f"ligne-{formset.prefix}-{number}",
                comments=comment_cell(form) if form.row_uuid else "",
            )
            for number, form in enumerate(formset.forms, start=1)
        )
    )


def model_row_html(formset) -> SafeString:
    """The row static/js/formset.js copies to add a row: "__prefix__" and "__numero__" are replaced there."""
    return SafeString(row_html(formset.empty_form, numero="__numero__"))


# --- Rows of a table shown as stored, from a template -------------------------------------------------------

# Placeholders of a RowTemplate. Its slots are wrapped in private-use characters (escaping keeps them as they are,
# no label contains them); the row index in names and ids ("__prefix__") and the row number in labels
# ("__numero__") are those of the row model.
PREFIX, NUMERO = "__prefix__", "__numero__"


def _slot(key: str) -> str:
    return f"\ue000{key}\ue001"


# A value attribute of an input (omitted when empty), another placeholder, the index or the number of the row.
_SLOTS = re.compile(' value="\ue000([^\ue001]+)\ue001"|\ue000([^\ue001]+)\ue001|' + PREFIX + "|" + NUMERO)


class NoTemplate(Exception):
    """A widget of the row has no template: the rows are rendered from their forms."""


class StoredRow(NamedTuple):
    """What the comment cell of a row reads (as on RowForm)."""

    row_uuid: object
    comment_key: str


class RowTemplate:
    """The rows of an unbound table whose cells are disabled alike, written without a form per row.

    One form (`form`: the row model, or one built like it with the enabled cells of the rows it serves; left as
    it was found) is rendered by row_html, the reference, with placeholders: an input's value is a placeholder
    (its `value` attribute becomes a slot, empty when the row's value is), a select or a checkbox is a slot
    filled with the markup cell_html gives for the row's value (kept per value: a few choices), the row's index,
    number and comments are slots. Everything else of a row, its attributes, labels, classes, is the
    template's. A row then costs a dict of its values and one str.format_map instead of a form and a dozen
    widgets."""

    def __init__(self, formset, form: RowForm):
        self.form = form
        self.values = []  # (slot, name, field) of inputs
        self.choices = []  # (slot, name, field, {(type, repr) of a value: markup}) of selects and checkboxes
        placeholders = {}
        for index, (name, field) in enumerate(form.fields.items()):
            widget = field.widget
            if isinstance(widget, FastInput):
                self.values.append((f"v{index}", name, field))
                placeholders[name] = _slot(f"v{index}")
            elif isinstance(widget, FastSelect | FastCheckbox):
                self.choices.append((f"c{index}", name, field, {}))
            else:
                raise NoTemplate(type(widget).__name__)
        choice_slots = {name: _slot(key) for key, name, *_ in self.choices}

        def cell(form, name, *, css_class=""):
            return choice_slots[name] if name in choice_slots else cell_html(form, name, css_class=css_class)

        initial, form.initial = form.initial, placeholders  # rendered with placeholders for values, then given back
        try:
            html = row_html(
                form,
                numero=NUMERO,
                row_id=f"ligne-{formset.prefix}-{_slot('numero_page')}",
                comments=_slot("comments"),
                cell=cell,
            )
        finally:
            form.initial = initial
        self.format = _SLOTS.sub(self._format_field, html.replace("{", "{{").replace("}", "}}"))
        # Each input's Widget.format_value (cell_html set is_localized on the template's widgets).
        self.values = [(key, name, field, _value_formatter(field.widget)) for key, name, field in self.values]

    @staticmethod
    def _format_field(match) -> str:
        if match.group(1):
            return "{" + match.group(1) + "}"
        if match.group(2):
            return "{" + match.group(2) + "}"
        return "{index}" if match.group(0) == PREFIX else "{numero}"

    def _choice(self, name: str, cache: dict, value) -> str:
        """cell_html of the template's form for `value` (placeholders of the index and number kept), kept by the
        value's type and repr: 0 and False, or Decimal("1.0") and Decimal("1.00"), are equal, not alike."""
        key = (type(value), repr(value))
        if key not in cache:
            cache[key] = self._cell_for(name, value)
        return cache[key]

    def _cell_for(self, name: str, value) -> str:
        form = self.form
        initial, form.initial = form.initial, {name: value}
        try:
            return cell_html(form, name)
        finally:
            form.initial = initial

    def row(self, initial: dict, *, index: int, numero: str, number: int, comments: str) -> str:
        values = {"index": str(index), "numero": numero, "numero_page": str(number), "comments": comments}
        for key, name, field, format_value in self.values:
            formatted = format_value(field.prepare_value(initial_for_field(initial, field, name)))
            values[key] = f' value="{escape(formatted)}"' if formatted not in (None, "") else ""  # as flatatt
        for key, name, field, cache in self.choices:
            value = field.prepare_value(initial_for_field(initial, field, name))
            values[key] = self._choice(name, cache, value).replace(PREFIX, str(index)).replace(NUMERO, numero)
        return self.format.format_map(values)


def _value_formatter(widget) -> Callable:
    """widget.format_value; for a localized number input, Widget.format_value with the separators of the
    language looked up once (formats.number_format looks them up for each value: most of a row's time)."""
    if type(widget).format_value is not forms.Widget.format_value or not widget.is_localized:
        return widget.format_value
    language = get_language()
    separators = {
        "decimal_sep": get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        "grouping": get_format("NUMBER_GROUPING", language, use_l10n=True),
        "thousand_sep": get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
    }

    def format_value(value):
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return numberformat.format(value, decimal_pos=None, force_grouping=False, use_l10n=True, **separators)
        return widget.format_value(value)

    return format_value


def stored_rows_html(formset, row_offset: int, comment_cell: Callable) -> SafeString | None:
    """rows_html of an unbound formset, from RowTemplates (one per set of enabled cells); None when a widget has
    no template (the forms then render the rows)."""
    edition, objet = formset.edition, formset.objet
    table_editable = edition.table(objet)
    columns = formset.empty_form.column_names
    templates: dict[tuple, RowTemplate] = {}
    html = []
    initial = formset.initial or []
    for number in range(1, formset.total_form_count() + 1):
        index = number - 1
        row = initial[index] if index < len(initial) else {}
        uuid = row.get("uuid") or ""
        enabled = True if table_editable else tuple(edition.cell(objet, name, uuid) for name in columns)
        template = templates.get(enabled)
        if template is None:
            # Every cell enabled: the row model's form serves (the page renders it anyway).
            form = formset.empty_form if enabled is True else formset.template_form(uuid)
            try:
                template = templates[enabled] = RowTemplate(formset, form)
            except NoTemplate:
                return None
        comments = comment_cell(StoredRow(uuid, f"{objet}__{ROW}__{uuid}")) if uuid else ""
        html.append(template.row(row, index=index, numero=str(number + row_offset), number=number, comments=comments))
    return SafeString("".join(html))
