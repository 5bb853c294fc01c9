"""URLs of a convention's pages, for views, template tags and e-mails alike."""

from django.urls import reverse

RECAP = "recapitulatif"


def recap_url(convention) -> str:
    return reverse("conventions:recap", args=[convention.uuid])


def step_url(convention, step: str) -> str:
    """URL of a step of the form ("bailleur", "operation"…); the recap is the last step."""
    if step == RECAP:
        return recap_url(convention)
    return reverse("conventions:etape", args=[convention.uuid, step])
