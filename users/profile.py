"""Sections other apps add to the profile page, so that `users` imports none of them.

An app registers a section in its `AppConfig.ready()`: a template (included in users/profil.html) and a function
(request, state) -> dict giving the variables it reads. `state` holds what a view of that app passes to
`users.views.profil.render_profil` (a bound form, a value shown once)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable[..., dict]


SECTIONS: dict[str, ProfileSection] = {}


def register(name: str, section: ProfileSection) -> None:
    SECTIONS[name] = section
