"""The rows of a step table rendered in Python (conventions.forms.steps.rows, issue 13): the same inputs as
Django's BoundField, the error markup, the "Supprimer" box, the comment cell of each row, the numbering of a page
of a long table, and escaping. A table shown as stored is written from row templates: the same rows as its
forms would give, for every table, kind, page and set of enabled cells."""

import re

import pytest
from widget_tweaks.templatetags.widget_tweaks import add_class

from conventions.forms.steps import rows
from conventions.forms.steps.base import TableFormSet
from conventions.forms.steps.rows import cell_html, row_html
from conventions.steps.registry import kind_of
from conventions.views.steps import engine
from programmes.models import Logement
from tests.conventions.factories import CommentFactory, complete_convention, complete_foyer_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_roles")]

TABLE_STEPS = ["cadastre", "edd", "financement", "logements", "annexes", "stationnements"]


@pytest.fixture
def convention():
    return complete_convention(nb_logements=2)


@pytest.fixture
def bailleur_client(client, convention):
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return client


def _tbody(html: str, prefix: str = "logement") -> str:
    start = html.index(f'<table data-formset="{prefix}">')
    return html[html.index("<tbody>", start) : html.index("</tbody>", start)]


@pytest.mark.parametrize("etape", TABLE_STEPS)
def test_every_cell_is_the_input_django_renders(bailleur_client, convention, etape):
    response = bailleur_client.get(step_url(convention, etape))
    formset = response.context["step_formset"]
    forms = [*formset.forms, formset.empty_form]
    for form in forms:
        for name in form.fields:
            assert cell_html(form, name) == form[name].as_widget()
            assert cell_html(form, name, css_class="fr-input--error") == str(add_class(form[name], "fr-input--error"))


def test_cells_in_error_are_the_inputs_django_renders(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-1-loyer"] = "999,99"
    data["logement-0-surface_habitable"] = "beaucoup"
    formset = bailleur_client.post(step_url(convention, "logements"), data).context["step_formset"]
    assert formset.forms[0].errors and formset.forms[1].errors
    for form in formset.forms:
        for name in form.fields:
            assert cell_html(form, name, css_class="fr-input--error") == str(add_class(form[name], "fr-input--error"))


def test_a_cell_in_error_carries_its_message_and_the_dsfr_error_markup(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-1-loyer"] = "999,99"
    html = bailleur_client.post(step_url(convention, "logements"), data).content.decode()
    tbody = _tbody(html)
    assert '<tr id="ligne-logement-1">' in tbody
    row = tbody[tbody.index('<tr class="apilos-row--error" id="ligne-logement-2">') :]
    cell = row[row.index('<td><div class="fr-input-group fr-input-group--error">') :]
    cell = cell[: cell.index("</td>")]
    assert 'class="fr-input fr-input--error"' in cell
    assert 'aria-invalid="true"' in cell and 'aria-describedby="id_logement-1-loyer-desc-error"' in cell
    assert '<div id="id_logement-1-loyer-desc-error"><p class="fr-error-text">Le loyer maximum doit' in cell


def test_a_message_about_the_whole_row_is_a_row_under_it(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-1-loyer"] = "999,99"  # a page in error: the rows were validated
    form = bailleur_client.post(step_url(convention, "logements"), data).context["step_formset"].forms[0]
    form.add_error(None, "Ligne <b>incohérente</b>")
    html = row_html(form, numero="1", row_id="ligne-logement-1")
    colspan = len(form.column_names) + 3
    assert html.startswith('<tr class="apilos-row--error" id="ligne-logement-1"><td>1<input type="hidden"')
    assert html.endswith(
        f'<tr class="apilos-row--error"><td colspan="{colspan}"><div class="fr-input-group fr-input-group--error '
        'fr-mb-0"><p class="fr-error-text">Ligne &lt;b&gt;incohérente&lt;/b&gt;</p></div></td></tr>'
    )


def test_each_row_has_its_delete_box_labelled_by_its_number(bailleur_client, convention):
    html = bailleur_client.get(step_url(convention, "logements")).content.decode()
    assert (
        '<td class="apilos-col-supprimer"><div class="fr-checkbox-group fr-checkbox-group--sm">'
        '<input type="checkbox" form="etape-form" id="id_logement-1-DELETE" name="logement-1-DELETE">'
        '<label class="fr-label" for="id_logement-1-DELETE"><span class="fr-sr-only">Supprimer la ligne 2</span>'
        "</label></div></td>"
    ) in _tbody(html)


def test_the_row_model_for_javascript(bailleur_client, convention):
    html = bailleur_client.get(step_url(convention, "logements")).content.decode()
    model = html[html.index('<template id="modele-ligne-logement">') : html.index("</template>")]
    assert '<tr><td>__numero__<input type="hidden" form="etape-form" id="id_logement-__prefix__-uuid"' in model
    assert 'aria-label="Désignation, ligne __numero__"' in model
    assert '<span class="fr-sr-only">Supprimer la ligne __numero__</span>' in model
    assert model.strip().endswith('<td class="apilos-col-commentaires"></td></tr>')


def test_each_stored_row_has_its_own_comments_and_history(client):
    convention = complete_convention(nb_logements=3, instruction=True)
    first, second, third = convention.lot.logements.order_by("import_order")
    CommentFactory(
        convention=convention, nom_objet="logement", champ_objet="ligne", uuid_objet=second.uuid, message="Loyer ?"
    )
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(step_url(convention, "logements"))
    tbody = _tbody(response.content.decode())
    rows = tbody.split("<tr")[1:]
    assert len(rows) == 3 + 3  # the stored rows, then the empty ones (no comments: nothing to comment yet)
    assert all(row.rstrip().endswith('<td class="apilos-col-commentaires"></td></tr>') for row in rows[3:])
    for row, logement in zip(rows, (first, second, third), strict=False):
        key = f"logement__ligne__{logement.uuid}"
        cell = row[row.index('<td class="apilos-col-commentaires">') :]
        assert f'id="commentaires-{key}"' in cell
        assert f'name="uuid_objet" value="{logement.uuid}"' in cell
        assert f'id="id_commentaire_{key}_message"' in cell
        assert f"?cle={key}" in cell and ">Historique</a>" in cell
        assert ("Loyer ?" in cell) == (logement == second)
    assert tbody.count("Commenter ce champ") == 3
    # The rows are written without whitespace between tags, comments included.
    assert not re.search(r">\s+<", tbody.removeprefix("<tbody>").strip())


def test_a_bailleur_who_may_not_comment_sees_the_comments_of_rows_only(client):
    convention = complete_convention(nb_logements=2, corrections=True)
    first, second = convention.lot.logements.order_by("import_order")
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="ligne", uuid_objet=second.uuid)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements"))
    tbody = _tbody(response.content.decode())
    can_comment = response.context["can_comment"]
    assert (f'id="commentaires-logement__ligne__{first.uuid}"' in tbody) == can_comment
    assert f'id="commentaires-logement__ligne__{second.uuid}"' in tbody
    assert f"?cle=logement__ligne__{first.uuid}" in tbody


def test_a_page_of_a_long_table_numbers_its_rows_from_its_first(client, monkeypatch):
    monkeypatch.setattr(engine, "TABLE_PAGE", 4)
    convention = complete_convention(nb_logements=10, with_edd=False)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    tbody = _tbody(client.get(step_url(convention, "logements", page_tableau=2)).content.decode())
    assert '<tr id="ligne-logement-1"><td>5<input type="hidden" form="etape-form" id="id_logement-0-uuid"' in tbody
    assert 'aria-label="Désignation, ligne 5"' in tbody
    assert '<span class="fr-sr-only">Supprimer la ligne 8</span>' in tbody
    assert '<tr id="ligne-logement-5"><td>9<input' in tbody  # the first empty row follows the page's


def test_what_users_typed_is_escaped(bailleur_client, convention):
    Logement.objects.filter(pk=convention.lot.logements.order_by("import_order")[0].pk).update(
        designation='<script>alert("x")</script>'
    )
    html = bailleur_client.get(step_url(convention, "logements")).content.decode()
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in _tbody(html)
    assert '<script>alert("x")' not in html


# --- A table shown as stored is written from row templates (no form per row): the same rows as its forms' ---


def _comment(form) -> str:
    return f"<i>{form.comment_key}|{form.row_uuid}</i>"


def _assert_templates_write_the_forms_rows(response, row_offset: int = 0) -> int:
    """For every table of the page: stored_rows_html == the rows rendered from the forms (the reference)."""
    sections = response.context["sections"]
    assert sections
    rows_checked = 0
    for section in sections:
        formset = section["formset"]
        assert not formset.is_bound
        offset = section["row_offset"] or row_offset
        fast = rows.stored_rows_html(formset, offset, _comment)
        assert fast is not None
        assert fast == rows.forms_rows_html(formset, row_offset=offset, comment_cell=_comment)
        assert fast == rows.rows_html(formset, row_offset=offset, comment_cell=_comment)
        rows_checked += len(formset.forms)
    return rows_checked


@pytest.mark.parametrize("etape", TABLE_STEPS)
def test_stored_rows_are_the_rows_of_their_forms(bailleur_client, convention, etape):
    assert _assert_templates_write_the_forms_rows(bailleur_client.get(step_url(convention, etape)))


def test_stored_rows_with_awkward_values_are_the_rows_of_their_forms(bailleur_client, convention):
    first, second = convention.lot.logements.order_by("import_order")
    Logement.objects.filter(pk=first.pk).update(  # no rent: a row of the table "sans loyer"
        designation='{0} {numero} __prefix__ __numero__ <b>"x"</b> & \ue000v1\ue001', loyer=None, coefficient=None
    )
    Logement.objects.filter(pk=second.pk).update(typologie="T9", surface_habitable="12.5")  # not a choice
    response = bailleur_client.get(step_url(convention, "logements"))
    _assert_templates_write_the_forms_rows(response)
    tbody = _tbody(response.content.decode(), "logement_sans_loyer")
    assert 'value="{0} {numero} __prefix__ __numero__ &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; \ue000v1\ue001"' in tbody
    assert 'value="12,50"' in _tbody(response.content.decode())


def test_stored_rows_of_a_page_of_a_long_table_are_the_rows_of_their_forms(client, monkeypatch):
    monkeypatch.setattr(engine, "TABLE_PAGE", 4)
    convention = complete_convention(nb_logements=10, with_edd=False)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements", page_tableau=2))
    assert response.context["row_offset"] == 4
    _assert_templates_write_the_forms_rows(response)


@pytest.mark.parametrize("etape", TABLE_STEPS)
def test_stored_rows_in_corrections_are_the_rows_of_their_forms(client, etape):
    """Rows locked, a row opened by its comment, a cell opened by its comment: three templates."""
    convention = complete_convention(nb_logements=3, corrections=True)
    first, second, _ = convention.lot.logements.order_by("import_order")
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="ligne", uuid_objet=first.uuid)
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="loyer", uuid_objet=second.uuid)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, etape))
    _assert_templates_write_the_forms_rows(response)
    if etape == "logements":
        forms = response.context["step_formset"].forms
        assert not forms[0].locked and not forms[1].locked and forms[2].locked
        assert forms[1].fields["designation"].disabled and not forms[1].fields["loyer"].disabled


@pytest.mark.parametrize("statut", [{"instruction": True}, {"a_signer": True}])
def test_stored_rows_seen_by_the_instructeur_are_the_rows_of_their_forms(client, statut):
    convention = complete_convention(nb_logements=2, **statut)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    for etape in TABLE_STEPS:
        _assert_templates_write_the_forms_rows(client.get(step_url(convention, etape)))


@pytest.mark.parametrize("nature", ["AUTRE", "RESISDENCESOCIALE"])
def test_stored_rows_of_foyers_and_residences_are_the_rows_of_their_forms(client, nature):
    convention = complete_foyer_convention(nature=nature)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    kind = kind_of(convention)
    etapes = [step.slug for step in kind.steps if step.tables]
    assert "logements" in etapes
    for etape in etapes:
        _assert_templates_write_the_forms_rows(client.get(step_url(convention, etape)))


def test_a_table_shown_as_stored_builds_no_row_form(bailleur_client, convention, monkeypatch):
    built = []
    construct = TableFormSet._construct_form
    monkeypatch.setattr(
        TableFormSet, "_construct_form", lambda self, i, **kw: built.append(i) or construct(self, i, **kw)
    )
    response = bailleur_client.get(step_url(convention, "logements"))
    assert response.status_code == 200 and 'aria-label="Désignation, ligne 2"' in response.content.decode()
    assert built == []


def test_a_widget_without_template_falls_back_to_the_forms(bailleur_client, convention, monkeypatch):
    monkeypatch.setattr(rows.RowTemplate, "__init__", _raise_no_template)
    response = bailleur_client.get(step_url(convention, "logements"))
    assert '<tr id="ligne-logement-1"><td>1<input type="hidden"' in _tbody(response.content.decode())


def _raise_no_template(self, formset, form):
    raise rows.NoTemplate("Textarea")


@pytest.mark.parametrize("commented", [True, False])
def test_a_table_shown_as_stored_tells_its_open_rows_without_their_forms(client, monkeypatch, commented):
    """Corrections: the page may be saved when a row is open (a comment on it), without building the rows."""
    convention = complete_convention(nb_logements=2, corrections=True)
    if commented:
        second = convention.lot.logements.order_by("import_order")[1]
        CommentFactory(convention=convention, nom_objet="logement", champ_objet="ligne", uuid_objet=second.uuid)
    else:  # a comment elsewhere: the bailleur may edit the convention, not this table
        CommentFactory(convention=convention, nom_objet="programme", champ_objet="nom")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    built = []
    construct = TableFormSet._construct_form
    monkeypatch.setattr(
        TableFormSet, "_construct_form", lambda self, i, **kw: built.append(i) or construct(self, i, **kw)
    )
    response = client.get(step_url(convention, "logements"))
    assert built == []
    formset = response.context["step_formset"]
    assert formset.has_open_row() is commented
    assert any(not form.locked for form in formset.forms) is commented  # the forms say the same
    assert formset.has_open_row() is commented  # and so does the answer from the built forms


@pytest.mark.parametrize("stored", [0, 2])
def test_an_editable_table_shown_as_stored_has_open_rows(bailleur_client, convention, stored):
    if not stored:
        convention.lot.logements.all().delete()
    formset = bailleur_client.get(step_url(convention, "logements")).context["step_formset"]
    assert formset.has_open_row() is True  # its empty rows at least
    assert any(not form.locked for form in formset.forms)


def test_the_markup_of_a_choice_is_kept_per_value_and_type(bailleur_client, convention):
    """0 == False, but a checkbox is ticked for 0 and not for False: the template keeps them apart."""
    formset = bailleur_client.get(step_url(convention, "logements")).context["step_formset"]
    template = rows.RowTemplate(formset, formset.template_form())
    cache = {}
    assert " checked" not in template._choice("DELETE", cache, False)
    assert " checked" in template._choice("DELETE", cache, 0)
    assert " checked" not in template._choice("DELETE", cache, False)
    assert template._choice("typologie", cache, "T3").count(" selected") == 1
    assert template.form.initial == {}  # the form is left as it was
