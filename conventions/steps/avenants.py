"""Avenants in the step registry (reference §11.3–§11.4, §12): the types of avenant, the steps each type
opens, and the kinds of an avenant, a dénonciation and a résiliation.

An avenant shows every step of a convention (its own copy of the data, read-only) but only the steps opened by
its types are editable: `AVENANT.open_slugs(avenant)`. Adding a type is a declaration here (and a row of
`AvenantType`, seeded from conventions.avenant_types by a data migration)."""

from conventions import rules
from conventions.avenant_types import TYPES_AVENANT
from conventions.forms.steps import fields as step_forms
from conventions.services import steps as services
from conventions.steps.base import Kind, Recapitulatif, Step
from conventions.steps.foyer import FOYER, RESIDENCE
from conventions.steps.ordinaire import ORDINAIRE

TYPES_BY_NOM = {t.nom: t for t in TYPES_AVENANT}
# Types that end the convention: their avenant has its own kind and is never combined with other types.
TYPES_FIN = frozenset({"denonciation", "resiliation"})


def types_for(kind: Kind) -> tuple[str, ...]:
    """The types offered when creating an avenant of a convention of `kind` (ordinary, foyer, résidence): those
    opening one of the steps of its avenant (the kind's steps and « Informations complémentaires »)."""
    slugs = {*kind.slugs, "champ_libre"}
    return tuple(
        t.nom
        for t in TYPES_AVENANT
        if t.nom not in TYPES_FIN and set(t.steps) & slugs and (not t.kinds or kind.nom in t.kinds)
    )


class ChampLibreStep(Step):
    slug, title = "champ_libre", "Informations complémentaires"
    form_class = step_forms.ChampLibreStepForm

    def save(self, *, convention, form, rows, user):
        services.save_commentaires(convention=convention, values=form.editable_values("convention"), user=user)


class DenonciationStep(Step):
    slug, title = "denonciation", "Dénonciation"
    form_class = step_forms.DenonciationStepForm
    intro = "La date d'effet, le motif et l'acte authentique notifiant la dénonciation."

    def check(self, *, convention, form, rows):
        return rules.check_date("date_denonciation", form.cleaned_data.get("date_denonciation"))

    def save(self, *, convention, form, rows, user):
        services.save_commentaires(
            convention=convention, values=form.editable_values("convention"), files=form.file_changes(), user=user
        )


# The act a résiliation requested by a bailleur needs (reference §12.4): files attached to the motif.
ACTE_RESILIATION = "convention.motif_resiliation"


class ResiliationStep(Step):
    slug, title = "resiliation", "Résiliation"
    form_class = step_forms.ResiliationStepForm
    intro = "La date demandée, le motif et l'acte administratif (arrêté) de résiliation."

    def check(self, *, convention, form, rows):
        return rules.check_date("date_resiliation", form.cleaned_data.get("date_resiliation"))

    def save(self, *, convention, form, rows, user):
        services.save_commentaires(
            convention=convention, values=form.editable_values("convention"), files=form.file_changes(), user=user
        )


def _opened_by_types(convention) -> frozenset[str]:
    noms = convention.type_noms()
    return frozenset(slug for t in TYPES_AVENANT if t.nom in noms for slug in t.steps)


def _champs_opened_by_types(convention) -> frozenset[str]:
    noms = convention.type_noms()
    return frozenset(champ for t in TYPES_AVENANT if t.nom in noms for champ in t.champs)


AVENANT = Kind(
    "avenant",
    "Avenant",
    steps=(*ORDINAIRE.editable_steps, ChampLibreStep(), Recapitulatif()),
    opens=_opened_by_types,
    opens_champs=_champs_opened_by_types,
)
# The avenant of a foyer or a résidence shows the steps of its kind (reference §2.6.6).
AVENANT_FOYER = Kind(
    "avenant_foyer",
    "Avenant de foyer",
    steps=(*FOYER.editable_steps, ChampLibreStep(), Recapitulatif()),
    opens=_opened_by_types,
)
AVENANT_RESIDENCE = Kind(
    "avenant_residence",
    "Avenant de résidence",
    steps=(*RESIDENCE.editable_steps, ChampLibreStep(), Recapitulatif()),
    opens=_opened_by_types,
)
TYPES_AVENANT_PAR_KIND = {kind.nom: types_for(kind) for kind in (ORDINAIRE, FOYER, RESIDENCE)}
# Types offered when creating an ordinary avenant (those opening a step of an ordinary convention).
TYPES_AVENANT_ORDINAIRE = TYPES_AVENANT_PAR_KIND["ordinaire"]
DENONCIATION = Kind("denonciation", "Dénonciation", steps=(DenonciationStep(), Recapitulatif()))
RESILIATION = Kind("resiliation", "Résiliation", steps=(ResiliationStep(), Recapitulatif()))
