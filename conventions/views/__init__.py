"""Views of the convention pages: list, creation, recap, actions, comments, files (uia) and steps (uib)."""

from conventions.views.helpers import comment_context, get_visible_convention, step_url

__all__ = ["comment_context", "get_visible_convention", "step_url"]
