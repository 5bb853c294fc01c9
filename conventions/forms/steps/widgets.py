"""Table cells render thousands of inputs (300 dwellings × 12 columns): these widgets build their HTML in
Python instead of one template per input, with the same markup as Django's. They escape with the standard
library rather than format_html: Django's lazy-aware escape, called once per attribute, was most of the time
of a large table."""

import html

from django import forms
from django.utils.safestring import SafeString


def escape(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def flatatt(attrs: dict) -> str:
    """django.forms.utils.flatatt: valued attributes sorted by name, then the true booleans sorted."""
    valued = sorted((key, value) for key, value in attrs.items() if not isinstance(value, bool) and value is not None)
    booleans = sorted(key for key, value in attrs.items() if value is True)
    return "".join(f' {escape(key)}="{escape(value)}"' for key, value in valued) + "".join(
        f" {escape(key)}" for key in booleans
    )


class FastInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        formatted = self.format_value(value)
        if formatted not in (None, ""):
            final["value"] = formatted
        if self.input_type == "text":  # the default type: 11 bytes less per cell of a large table
            return SafeString(f"<input{flatatt(final)}>")
        return SafeString(f'<input type="{escape(self.input_type)}"{flatatt(final)}>')


class FastHiddenInput(FastInput):
    input_type = "hidden"


class FastDateInput(FastInput):
    input_type = "date"

    def format_value(self, value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return super().format_value(value)


class FastCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.check_test(value):
            final["checked"] = True
        return SafeString(f'<input type="checkbox"{flatatt(final)}>')


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(option_value)}"{" selected" if str(option_value) in selected else ""}>'
            f"{escape(label)}</option>"
            for option_value, label in self.choices
        )
        return SafeString(f"<select{flatatt(final)}>{options}</select>")


def speed_up(field: forms.Field) -> None:
    """Swap the field's widget for its fast twin, keeping its attributes and choices (a fast one is kept)."""
    widget = field.widget
    if isinstance(widget, FastInput | FastCheckbox | FastSelect):
        return
    if isinstance(widget, forms.HiddenInput):
        fast = FastHiddenInput(attrs=widget.attrs)
    elif isinstance(widget, forms.DateInput) and getattr(widget, "input_type", "") == "date":
        fast = FastDateInput(attrs=widget.attrs)
    elif isinstance(widget, forms.CheckboxInput):
        fast = FastCheckbox(attrs=widget.attrs, check_test=widget.check_test)
    elif type(widget) is forms.Select:
        fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
    elif isinstance(widget, forms.TextInput | forms.NumberInput) and not isinstance(widget, forms.PasswordInput):
        fast = FastInput(attrs=widget.attrs)
        fast.input_type = widget.input_type
    else:
        return
    fast.is_localized = widget.is_localized
    fast.is_required = widget.is_required
    field.widget = fast
