"""Shared pieces of the convention views: scoped lookup, step URLs, comment context."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from conventions import perms
from conventions.links import recap_url, step_url
from conventions.models import Comment, Convention
from conventions.selectors import comments_by_key
from conventions.steps.ordinaire import ORDINAIRE

__all__ = ["STEPS", "comment_context", "get_visible_convention", "recap_url", "step_url"]

# The steps of an ordinary convention (slug used in "conventions:etape", label), from the registry.
STEPS = [(step.slug, step.title) for step in ORDINAIRE.steps]


def get_visible_convention(request, uuid, *, queryset=None) -> Convention:
    """The convention if the user may see it, else 404 (never a 403 that would reveal it exists).

    The convention comes with programme, bailleur, administration, lot and its comments prefetched (the
    permission predicates read them)."""
    base = queryset if queryset is not None else Convention.objects.all()
    qs = (
        base.visible_to(request.user)
        .with_relations()
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("user").order_by("cree_le", "id"))
        )
    )
    return get_object_or_404(qs, uuid=uuid)


def comment_context(user, convention, *, include_closed: bool = False) -> dict:
    """What `conventions/_comment_field.html` needs, for the views showing fields (one query for comments)."""
    grouped = comments_by_key(convention, include_closed=include_closed)
    return {
        "convention": convention,
        "comments_by_key": grouped,
        "can_comment": perms.can_comment(user, convention),
        "comment_actions": perms.comment_actions(user, convention, [c for cs in grouped.values() for c in cs]),
    }
