"""{% document_state convention user as doc %}: the document block of the recap (templates/conventions/
_document.html) computes its booleans here, so that the include needs only `convention` and `user`."""

from django import template

from conventions.documents.etat import document_state as _document_state

register = template.Library()


@register.simple_tag
def document_state(convention, user) -> dict:
    return _document_state(user, convention)
