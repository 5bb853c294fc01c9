"""The test harness itself: an unknown template variable fails the test; declared optional values do not."""

import pytest
from _pytest.outcomes import Failed
from django.core.exceptions import ObjectDoesNotExist
from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "{{ user.missing }}",
        "{{ missing|upper }}",
        "{% with x=missing %}{{ x }}{% endwith %}",
        "{% firstof missing.name|upper 'x' %}{{ missing.name }}",
    ],
)
def test_an_unknown_variable_fails_the_test(source):
    with pytest.raises(Failed, match="Unknown template variable '(missing|user.missing)"):
        render(source, user={"name": "x"})


def test_optional_values_say_so_and_stay_lenient():
    source = (
        "{% if missing %}no{% endif %}{% for x in missing %}no{% endfor %}"
        "[{{ missing|default:'défaut' }}][{{ present }}][{{ present.upper }}]"
    )
    assert render(source, present="ok") == "[défaut][ok][OK]"


class WithoutProfile:
    @property
    def profil(self):
        raise ObjectDoesNotExist  # what a missing reverse one-to-one raises: a silent failure in Django


def test_a_missing_related_object_renders_empty_as_in_production():
    assert render("[{{ owner.profil }}][{% if owner.profil %}yes{% endif %}]", owner=WithoutProfile()) == "[][]"
