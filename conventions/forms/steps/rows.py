"""The rows of a step table as HTML, built in Python (issue 13: a page of 100 dwellings is ~1,000 inputs).

Rendering each cell through a BoundField and each row through template tags and includes cost most of a
500-dwelling step's time. Here a cell goes straight to its (fast) widget with the attributes BoundField.as_widget
would give it, and a row is assembled with f-strings; everything typed by users is escaped. The markup is the
one templates/conventions/steps/_table.html used to write (names, ids, aria-labels, DSFR classes, error texts),
which static/js/formset.js and the browser tests rely on."""

from collections.abc import Callable

from django.utils.safestring import SafeString

from conventions.forms.steps.base import RowForm
from conventions.forms.steps.widgets import escape

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


def _column_cell(form, name: str) -> str:
    errors = form.errors.get(name)
    if not errors:
        return f"<td>{cell_html(form, name)}</td>"
    auto_id = _auto_id(form, form.add_prefix(name))
    return (
        '<td><div class="fr-input-group fr-input-group--error">'
        f"{cell_html(form, name, css_class='fr-input--error')}"
        f'<div id="{escape(auto_id)}-desc-error">{_errors_html(errors)}</div></div></td>'
    )


def _delete_cell(form, numero: str) -> str:
    """The "Supprimer" box of a row, labelled for screen readers by the row's number."""
    if DELETE not in form.fields:
        return '<td class="apilos-col-supprimer"></td>'
    widget = form.fields[DELETE].widget
    label_for = widget.id_for_label(widget.attrs.get("id") or _auto_id(form, form.add_prefix(DELETE)))
    return (
        '<td class="apilos-col-supprimer"><div class="fr-checkbox-group fr-checkbox-group--sm">'
        f'{cell_html(form, DELETE)}<label class="fr-label" for="{escape(label_for)}">'
        f'<span class="fr-sr-only">Supprimer la ligne {numero}</span></label></div></td>'
    )


def row_html(form: RowForm, *, numero: str, row_id: str = "", comments: str = "") -> str:
    """One row: its number and hidden fields, its cells, its "Supprimer" box, its comments (already HTML);
    then, when the rules blamed the whole row, a row of its messages under it."""
    hidden = "".join(cell_html(form, name) for name, field in form.fields.items() if field.widget.is_hidden)
    cells = "".join(_column_cell(form, name) for name in form.column_names)
    error_class = ' class="apilos-row--error"' if form.errors else ""
    id_attr = f' id="{escape(row_id)}"' if row_id else ""
    html = (
        f"<tr{error_class}{id_attr}><td>{numero}{hidden}</td>{cells}{_delete_cell(form, numero)}"
        f'<td class="apilos-col-commentaires">{comments}</td></tr>'
    )
    if non_field := form.non_field_errors():
        html += (
            f'<tr class="apilos-row--error"><td colspan="{len(form.column_names) + 3}">'
            f'<div class="fr-input-group fr-input-group--error fr-mb-0">{_errors_html(non_field)}</div></td></tr>'
        )
    return html


def rows_html(formset, *, row_offset: int, comment_cell: Callable[[RowForm], str]) -> SafeString:
    """The <tbody> rows of a page of the table, numbered from `row_offset` + 1."""
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
