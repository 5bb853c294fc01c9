"""Foyers and résidences (reference §13.1–§13.2): their steps and the two kinds that list them.

Bailleur (with the manager), Opération, Cadastre (with the authorisation dates), EDD, Financement, Logements
(numéro, type T1 to T7, surface habitable, redevance maximale), Collectif, Attribution (foyer or résidence),
Variantes, Commentaires. No Annexes nor Stationnements step; the Type I/II choice is never asked."""

from conventions.forms.steps import foyer as foyer_forms
from conventions.forms.steps import tables
from conventions.rules import foyer as foyer_rules
from conventions.services import steps as services
from conventions.steps.base import Kind, Recapitulatif, Step, Table
from conventions.steps.ordinaire import (
    BailleurStep,
    CadastreStep,
    CommentairesStep,
    EddStep,
    FinancementStep,
    OperationStep,
)


class FoyerBailleurStep(BailleurStep):
    form_class = foyer_forms.FoyerBailleurStepForm
    recap_template = "conventions/recap/bailleur_gestionnaire.html"
    intro = (
        "Le bailleur est propriétaire ; le gestionnaire signe aussi la convention. Les informations du bailleur "
        "valent pour toutes ses conventions en cours."
    )

    def save(self, *, convention, form, rows, user):
        services.save_bailleur_et_gestionnaire(
            bailleur=convention.programme.bailleur,
            convention=convention,
            bailleur_values=form.editable_values("bailleur"),
            convention_values=form.editable_values("convention"),
        )


class FoyerCadastreStep(CadastreStep):
    form_class = foyer_forms.FoyerCadastreStepForm
    recap_template = "conventions/recap/cadastre_foyer.html"


class LogementsFoyerStep(Step):
    slug, title = "logements", "Logements"
    form_class = foyer_forms.FoyerLogementsStepForm
    recap_template = "conventions/recap/logements_foyer.html"
    table = Table(
        tables.LogementFoyerFormSet,
        "logements_foyer",
        "Logements et redevances maximales",
        rows_of=lambda convention: convention.lot.logements,
        order_by=("import_order", "id"),
    )
    intro = (
        "Une ligne par logement. La redevance maximale est celle prise en compte pour le calcul de l'APL ; elle est "
        "la même pour tous les logements d'un même type."
    )

    def check(self, *, convention, form, rows):
        return foyer_rules.check_logements_foyer(
            rows,
            nb_logements=convention.lot.nb_logements,
            surface_habitable_totale=form.cleaned_data.get("surface_habitable_totale"),
        )

    def saved_errors(self, convention, *, today=None):
        lot = convention.lot
        return foyer_rules.check_logements_foyer(
            lot.logements.all(), nb_logements=lot.nb_logements, surface_habitable_totale=lot.surface_habitable_totale
        )

    def save(self, *, convention, form, rows, user):
        services.save_logements_foyer(lot=convention.lot, lot_values=form.editable_values("lot"), rows=rows)


class CollectifStep(Step):
    slug, title = "collectif", "Collectif"
    form_class = foyer_forms.CollectifStepForm
    recap_title = "Locaux collectifs, garages et dépendances"
    recap_template = "conventions/recap/collectif.html"
    table = Table(
        tables.LocauxCollectifsFormSet,
        "locaux_collectifs",
        "Locaux collectifs",
        rows_of=lambda convention: convention.lot.locaux_collectifs,
    )
    intro = "Les locaux collectifs (salle commune, cuisine, laverie…) : type, surface habitable d'un local, nombre."

    def check(self, *, convention, form, rows):
        return foyer_rules.check_locaux_collectifs(rows)

    def saved_errors(self, convention, *, today=None):
        return foyer_rules.check_locaux_collectifs(convention.lot.locaux_collectifs.all())

    def save(self, *, convention, form, rows, user):
        services.save_collectif(lot=convention.lot, lot_values=form.editable_values("lot"), rows=rows)


class AttributionFoyerStep(Step):
    slug, title = "attribution", "Attribution"
    form_class = foyer_forms.AttributionFoyerStepForm
    recap_title = "Attribution et occupation des logements"
    intro = (
        "Le public accueilli : cochez les établissements pour personnes âgées, ou pour personnes handicapées ; "
        "pour un habitat inclusif, ne cochez rien et remplissez ses cinq rubriques."
    )

    def check(self, *, convention, form, rows):
        return foyer_rules.check_attribution_foyer(form.cleaned_data)

    def saved_errors(self, convention, *, today=None):
        return foyer_rules.check_attribution_foyer(convention)

    def save(self, *, convention, form, rows, user):
        services.save_convention(convention=convention, values=form.editable_values("convention"))


class AttributionResidenceStep(AttributionFoyerStep):
    form_class = foyer_forms.AttributionResidenceStepForm
    intro = "Le type de résidence, la part des réservations préfectorales et les prestations."

    def check(self, *, convention, form, rows):
        return foyer_rules.check_attribution_residence(form.cleaned_data)

    def saved_errors(self, convention, *, today=None):
        return foyer_rules.check_attribution_residence(convention)


class VariantesStep(Step):
    slug, title = "variantes", "Variantes"
    form_class = foyer_forms.VariantesStepForm
    intro = "Les variantes du programme au sens de l'article R. 832-21 du code de la construction et de l'habitation."

    def check(self, *, convention, form, rows):
        return foyer_rules.check_variantes(form.cleaned_data)

    def saved_errors(self, convention, *, today=None):
        return foyer_rules.check_variantes(convention)

    def save(self, *, convention, form, rows, user):
        services.save_convention(convention=convention, values=form.editable_values("convention"))


def _steps(attribution: Step, *, edd: bool = True) -> tuple[Step, ...]:
    return (
        FoyerBailleurStep(),
        OperationStep(),
        FoyerCadastreStep(),
        *((EddStep(),) if edd else ()),
        FinancementStep(),
        LogementsFoyerStep(),
        CollectifStep(),
        attribution,
        VariantesStep(),
        CommentairesStep(),
        Recapitulatif(),
    )


FOYER = Kind("foyer", "Convention de foyer", steps=_steps(AttributionFoyerStep()))
# A résidence shows its EDD step only in the publication statuses (reference §13.2, §2.6.6): before, its
# division description is not asked. Its avenants show it (conventions.steps.avenants).
RESIDENCE = Kind("residence", "Convention de résidence", steps=_steps(AttributionResidenceStep()))
RESIDENCE_HORS_PUBLICATION = Kind(
    "residence", "Convention de résidence", steps=_steps(AttributionResidenceStep(), edd=False)
)
