"""Unknown template variables fail the test (the les-emplois way, without patching Django's source).

Django renders an unknown variable as "" and moves on, so a typo or a renamed context key ships silently. Under
pytest, `{{ missing }}`, `{{ obj.missing }}`, `{% with x=missing %}`, `{% url "..." missing %}` fail the test
with the variable and template names. Optional values say so in the template: `{% if missing %}`,
`{% for x in missing %}`, `{{ missing|default:"…" }}` stay lenient, as in production.
A missing related object (`RelatedObjectDoesNotExist` is a silent failure in Django) is not an unknown name:
it still renders as "".
"""

import contextvars

import pytest
from django.template import base
from django.template.defaultfilters import default

# Whether the FilterExpression being resolved must find its variable (set for each expression, so nested
# renders, e.g. `{{ form }}` rendering widget templates, apply their own rule).
_strict = contextvars.ContextVar("strict_template_variable", default=False)


def _template_name(context) -> str:
    for template in (getattr(context.render_context, "template", None), getattr(context, "template", None)):
        origin = getattr(template, "origin", None)
        if origin is not None:
            return origin.template_name or origin.name
    return "?"


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_expression = base.FilterExpression.resolve
    resolve_variable = base.Variable.resolve

    def strict_expression(self, context, ignore_failures=False):
        lenient = ignore_failures or not self.is_var or any(func is default for func, _ in self.filters)
        token = _strict.set(not lenient)
        try:
            return resolve_expression(self, context, ignore_failures)
        finally:
            _strict.reset(token)

    def strict_variable(self, context):
        try:
            return resolve_variable(self, context)
        except base.VariableDoesNotExist:
            if not _strict.get():
                raise
        pytest.fail(f"Unknown template variable '{self.var}' in '{_template_name(context)}'", pytrace=False)

    monkeypatch.setattr(base.FilterExpression, "resolve", strict_expression)
    monkeypatch.setattr(base.Variable, "resolve", strict_variable)
