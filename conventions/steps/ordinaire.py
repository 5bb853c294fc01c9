"""The ten steps of an ordinary convention (reference §2.4) and the kind that lists them.

A step page = one `StepForm` (fields of the convention, its operation, lot or bailleur) and at most one table.
`check()` returns the RuleErrors of conventions.rules for the data on screen, `saved_errors()` those of the
stored data (recap, workflow); `save()` calls one service."""

from collections import Counter
from decimal import Decimal

from django.db.models import F

from conventions import rules
from conventions.excel.tables import TABLES_LOGEMENTS
from conventions.forms.steps import fields as step_forms
from conventions.forms.steps import tables
from conventions.rules import convention as saved
from conventions.rules.base import NotANumber, to_decimal
from conventions.rules.tableaux import tableau_of
from conventions.services import steps as services
from conventions.steps.base import Kind, Recapitulatif, Step, Table
from programmes.enums import COLONNES_LOGEMENT, TableauLogement, TypologieLogement
from programmes.models import Annexe


class BailleurStep(Step):
    slug, title = "bailleur", "Bailleur"
    form_class = step_forms.BailleurStepForm
    recap_template = "conventions/recap/bailleur.html"
    saved_errors = staticmethod(saved.bailleur_errors)
    intro = "Ces informations sont celles du bailleur : les modifier les change pour toutes ses conventions en cours."

    def check(self, *, convention, form, rows):
        return rules.check_bailleur(form.cleaned_data)

    def save(self, *, convention, form, rows, user):
        services.save_bailleur(bailleur=convention.programme.bailleur, values=form.editable_values("bailleur"))


class OperationStep(Step):
    slug, title = "operation", "Opération"
    form_class = step_forms.OperationStepForm
    recap_template = "conventions/recap/operation.html"
    saved_errors = staticmethod(saved.operation_errors)

    def check(self, *, convention, form, rows):
        return rules.check_operation(form.cleaned_data)

    def save(self, *, convention, form, rows, user):
        services.save_operation(
            programme=convention.programme,
            lot=convention.lot,
            programme_values=form.editable_values("programme"),
            lot_values=form.editable_values("lot"),
        )


class CadastreStep(Step):
    slug, title = "cadastre", "Cadastre"
    form_class = step_forms.CadastreStepForm
    recap_title = "Cadastre et actes"
    recap_template = "conventions/recap/cadastre.html"
    saved_errors = staticmethod(saved.cadastre_errors)
    table = Table(
        tables.ReferenceCadastraleFormSet,
        "cadastre",
        "Références cadastrales",
        rows_of=lambda convention: convention.programme.references_cadastrales,
    )

    def check(self, *, convention, form, rows):
        dates = rules.check_dates_operation(form.cleaned_data, type_operation=convention.programme.type_operation)
        return dates + rules.check_references_cadastrales(rows)

    def save(self, *, convention, form, rows, user):
        services.save_cadastre(
            convention=convention,
            programme_values=form.editable_values("programme"),
            rows=rows,
            files=form.file_changes(),
            user=user,
        )


class EddStep(Step):
    slug, title = "edd", "EDD"
    form_class = step_forms.EddStepForm
    recap_title = "États descriptifs de division (EDD)"
    recap_template = "conventions/recap/edd.html"
    saved_errors = staticmethod(saved.edd_errors)
    table = Table(
        tables.LogementEddFormSet,
        "edd",
        "EDD simplifié : tous les logements de l'opération",
        rows_of=lambda convention: convention.programme.logements_edd,
        order_by=("financement", "designation", "id"),
    )
    intro = (
        "L'état descriptif de division (EDD) décrit la copropriété. L'EDD simplifié liste tous les logements de "
        "l'opération, quel que soit leur financement."
    )

    def check(self, *, convention, form, rows):
        financements = set(convention.programme.lots.values_list("financement", flat=True)) | {
            convention.lot.financement
        }
        return rules.check_edd(rows, financements=financements)

    def save(self, *, convention, form, rows, user):
        services.save_edd(
            convention=convention,
            programme_values=form.editable_values("programme"),
            lot_values=form.editable_values("lot"),
            rows=rows,
            files=form.file_changes(),
            user=user,
        )


class FinancementStep(Step):
    slug, title = "financement", "Financement"
    form_class = step_forms.FinancementStepForm
    recap_template = "conventions/recap/financement.html"
    saved_errors = staticmethod(saved.financement_errors)
    table = Table(
        tables.PretFormSet, "financement", "Prêts et subventions", rows_of=lambda convention: convention.prets
    )

    def check(self, *, convention, form, rows):
        programme, lot = convention.programme, convention.lot
        errors = rules.check_prets(rows, financement=lot.financement, type_operation=programme.type_operation)
        year_errors = rules.check_annee_fin_conventionnement(
            form.cleaned_data.get("date_fin_conventionnement"),
            financement=lot.financement,
            type_operation=programme.type_operation,
            prets=rows,
            **programme.regime_duree,
        )
        # The form shows the year in the field "date_fin_conventionnement".
        return errors + [e.replace(field="date_fin_conventionnement") for e in year_errors]

    def save(self, *, convention, form, rows, user):
        services.save_financement(convention=convention, values=form.editable_values("convention"), rows=rows)


# Columns of the dwellings tables summed in their totals row, with their unit (the recap shows the same totals).
LOGEMENTS_SOMMES = {
    "surface_habitable": "m²",
    "surface_annexes": "m²",
    "surface_annexes_retenue": "m²",
    "surface_utile": "m²",
    "surface_corrigee": "m²",
    "loyer": "€",
}


def logements_totaux(rows: list[dict], columns: list[str]) -> dict:
    """The totals of the dwellings shown (saved, typed or imported): surfaces, rents, count per typology. A value
    that is not a number counts for nothing (its cell shows the error)."""
    sums = dict.fromkeys(LOGEMENTS_SOMMES, Decimal(0))
    for row in rows:
        for name in LOGEMENTS_SOMMES:
            try:
                value = to_decimal(row.get(name))
            except NotANumber:
                value = None
            if value is not None:
                sums[name] += value
    labels = dict(TypologieLogement.choices)
    typologies = Counter(str(row.get("typologie") or "") for row in rows)
    return {
        "nombre": len(rows),
        "cells": [{"name": c, "total": sums.get(c), "unite": LOGEMENTS_SOMMES.get(c, "")} for c in columns],
        "typologies": [(labels.get(t, t or "sans type"), n) for t, n in sorted(typologies.items())],
    }


def _section_logements(formset_class, tableau: str) -> Table:
    """One of the four dwelling tables of ordinary housing (reference §13.7), a section of the Logements step,
    with its Excel template (conventions.excel.tables.TABLES_LOGEMENTS)."""
    return Table(
        formset_class,
        TABLES_LOGEMENTS[tableau].code,
        TableauLogement(tableau).label,
        rows_of=lambda convention: convention.lot.logements.du_tableau(tableau),
        order_by=("import_order", "id"),
        totals=logements_totaux,
    )


class LogementsStep(Step):
    slug, title = "logements", "Logements"
    form_class = step_forms.LogementsStepForm
    recap_template = "conventions/recap/logements.html"
    saved_errors = staticmethod(saved.logements_errors)
    sections = (
        _section_logements(tables.LogementFormSet, TableauLogement.SU),
        _section_logements(tables.LogementSansLoyerFormSet, TableauLogement.SU_SANS_LOYER),
        _section_logements(tables.LogementCorrigeeFormSet, TableauLogement.CORRIGEE),
        _section_logements(tables.LogementCorrigeeSansLoyerFormSet, TableauLogement.CORRIGEE_SANS_LOYER),
    )
    intro = (
        "Cochez les tableaux qui décrivent les logements du lot : en surface utile ou en surface corrigée, avec ou "
        "sans loyers. Loyer maximum = surface (utile ou corrigée) × loyer par m² × coefficient (tolérance de 1 €) ; "
        "la surface utile est la surface habitable augmentée de la moitié de la surface des annexes."
    )

    def stored_tables(self, convention) -> dict[str, list[dict]]:
        """The four tables from one query: each dwelling in the table its empty fields say."""
        by_section = {table.formset_class.section: table for table in self.sections}
        result = {table.objet: [] for table in self.sections}
        rows = convention.lot.logements.order_by("import_order", "id").values("uuid", *COLONNES_LOGEMENT)
        for row in rows:
            table = by_section[tableau_of(row)]
            result[table.objet].append({"uuid": str(row["uuid"]), **{name: row[name] for name in table.fields}})
        return result

    def check(self, *, convention, form, rows):
        lot = convention.lot
        edd = list(convention.programme.logements_edd.values("designation", "financement"))
        return [
            *rules.check_options_lot(form.cleaned_data),
            *rules.check_logements_tableaux(rows, nb_logements=lot.nb_logements, financement=lot.financement, edd=edd),
        ]

    def save(self, *, convention, form, rows, user):
        services.save_logements(lot=convention.lot, lot_values=form.editable_values("lot"), rows=rows)


class AnnexesStep(Step):
    slug, title = "annexes", "Annexes"
    form_class = step_forms.AnnexesStepForm
    recap_template = "conventions/recap/annexes.html"
    table = Table(tables.AnnexeFormSet, "annexes", "Annexes louées avec un logement")
    intro = "Cochez les annexes présentes, puis listez celles qui sont louées avec un logement (jardin, terrasse…)."

    def stored_rows(self, convention):
        queryset = Annexe.objects.filter(logement__lot=convention.lot).order_by("logement__import_order", "id")
        return [
            {**row, "uuid": str(row["uuid"])}
            for row in queryset.values("uuid", *self.table.fields, logement_designation=F("logement__designation"))
        ]

    def check(self, *, convention, form, rows):
        designations = convention.lot.logements.values_list("designation", flat=True)
        return rules.check_annexes(rows, designations=designations)

    def save(self, *, convention, form, rows, user):
        services.save_annexes(lot=convention.lot, lot_values=form.editable_values("lot"), rows=rows)


class StationnementsStep(Step):
    slug, title = "stationnements", "Stationnements"
    form_class = step_forms.StationnementsStepForm
    recap_template = "conventions/recap/stationnements.html"
    table = Table(
        tables.TypeStationnementFormSet,
        "stationnements",
        "Stationnements loués avec les logements",
        rows_of=lambda convention: convention.lot.type_stationnements,
    )

    def check(self, *, convention, form, rows):
        return rules.check_stationnements(rows)

    def save(self, *, convention, form, rows, user):
        services.save_stationnements(lot=convention.lot, rows=rows)


class CommentairesStep(Step):
    slug, title = "commentaires", "Commentaires"
    form_class = step_forms.CommentairesStepForm
    recap_title = "Commentaires pour l'instruction"
    recap_template = "conventions/recap/commentaires.html"
    intro = "Un message pour le service instructeur, et les pièces utiles à l'instruction."

    def save(self, *, convention, form, rows, user):
        services.save_commentaires(
            convention=convention, values=form.editable_values("convention"), files=form.file_changes(), user=user
        )


ORDINAIRE = Kind(
    "ordinaire",
    "Convention",
    steps=(
        BailleurStep(),
        OperationStep(),
        CadastreStep(),
        EddStep(),
        FinancementStep(),
        LogementsStep(),
        AnnexesStep(),
        StationnementsStep(),
        CommentairesStep(),
        Recapitulatif(),
    ),
)
