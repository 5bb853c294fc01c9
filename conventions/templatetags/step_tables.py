"""The rows of a step table (templates/conventions/steps/_table.html), rendered by conventions.forms.steps.rows.

The comment cell of a row (its comments, "Commenter ce champ", its history link) differs from one row to the
next only by the row's uuid unless the row has comments: it is rendered once through its templates with a
placeholder uuid, then copied for each row."""

import uuid

from django import template
from django.utils.html import strip_spaces_between_tags

from conventions.forms.steps import rows
from conventions.forms.steps.widgets import escape

register = template.Library()

COMMENT_TEMPLATE = "conventions/_comment_field.html"
HISTORY_TEMPLATE = "conventions/_historique_lien.html"


class CommentCells:
    """The inside of the "Commentaires" cell of each stored row, in the template context of the table."""

    def __init__(self, context):
        self.context = context
        self.engine = context.template.engine
        self.can_comment = bool(context.get("can_comment"))
        self.comments_by_key = context.get("comments_by_key") or {}
        self.placeholder = str(uuid.uuid4())  # never in the page otherwise
        self.model = None  # the cell of a row without comments, for the placeholder uuid

    def __call__(self, form) -> str:
        if form.comment_key in self.comments_by_key:
            return self.render(form.comment_key)
        if self.model is None:
            self.model = self.render(form.comment_key.replace(str(form.row_uuid), self.placeholder))
        return self.model.replace(self.placeholder, escape(form.row_uuid))

    def render(self, key: str) -> str:
        """As the {% include %}s of the table did, whitespace between tags removed (the rows are {% spaceless %})."""
        html = ""
        if self.can_comment or key in self.comments_by_key:
            with self.context.push(key=key):
                html += self.engine.get_template(COMMENT_TEMPLATE).render(self.context)
        with self.context.push(key=key, label="Historique"):
            html += self.engine.get_template(HISTORY_TEMPLATE).render(self.context)
        return strip_spaces_between_tags(html.strip())


@register.simple_tag(takes_context=True)
def table_rows(context, formset, row_offset: int = 0):
    """The <tbody> rows of the page of a table shown (one CommentCells per table: its rows share one objet)."""
    return rows.rows_html(formset, row_offset=row_offset, comment_cell=CommentCells(context))


@register.simple_tag
def table_model_row(formset):
    """The row model of a table (its <template>) for static/js/formset.js."""
    return rows.model_row_html(formset)
