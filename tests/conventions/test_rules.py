"""Business rules on a convention's saved data (conventions.rules.blocking_errors / warnings), formatting, and
the workflow using them."""

import datetime
from decimal import Decimal as D

import pytest

from conventions import rules, workflow
from conventions.enums import ConventionStatut
from conventions.models import Pret
from programmes.models import LogementEDD
from tests.conventions.factories import PretFactory, complete_convention
from tests.programmes.factories import LogementEDDFactory, LotFactory
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2026, 6, 30)


# --- Formatting and the error type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("1234.5"), "1 234,50 €"),
        (D("412.5"), "412,50 €"),
        (D("0"), "0,00 €"),
        (D("1234567.891"), "1 234 567,89 €"),
        (D("2.005"), "2,01 €"),  # half-up
        (D("-1234.5"), "-1 234,50 €"),
        ("1 000,5", "1 000,50 €"),
    ],
)
def test_format_euros(value, expected):
    assert rules.format_euros(value) == expected


def test_round_half_up_is_not_bankers_rounding():
    assert rules.round_half_up(D("0.125")) == D("0.13")
    assert rules.round_half_up(D("0.135")) == D("0.14")
    assert rules.round_half_up(D("2.5"), 0) == D("3")


def test_rule_error_str_prefixes_the_subject():
    assert str(rules.RuleError("La surface est obligatoire.")) == "La surface est obligatoire."
    error = rules.RuleError("La surface est obligatoire.", subject="Logement « A1 »")
    assert str(error) == "Logement « A1 » : la surface est obligatoire."
    assert error.optional is False and error.row is None and error.field is None and error.code == ""


# --- A complete convention -----------------------------------------------------------------------------------


@pytest.mark.parametrize("financement", ["PLUS", "PLUS_CD", "PLAI", "PLAI_ADP", "PLUS-PLAI", "PLS"])
def test_complete_convention_breaks_no_rule(financement):
    convention = complete_convention(financement=financement)
    assert rules.blocking_errors(convention) == []
    assert rules.warnings(convention) == []
    assert rules.validation_errors(convention) == []


def test_complete_convention_variants():
    for convention in (
        complete_convention(type_operation="SANSTRAVAUX"),
        complete_convention(bailleur=BailleurFactory(type1and2=True)),
        complete_convention(with_edd=False, nb_logements=1),
        complete_convention(instruction=True),
    ):
        assert rules.validation_errors(convention) == [], convention


def test_queries_are_few_and_constant(django_assert_num_queries):
    small, large = complete_convention(nb_logements=2), complete_convention(nb_logements=25)
    for convention in (small, large):
        with django_assert_num_queries(6):
            assert rules.blocking_errors(convention) == []


def test_errors_carry_their_step():
    convention = complete_convention()
    convention.programme.bailleur.signataire_nom = ""
    convention.programme.bailleur.save()
    convention.programme.code_postal = "130"
    convention.programme.save()
    convention.prets.all().delete()
    convention.lot.logements.first().delete()
    steps = {error.step for error in rules.convention_errors(convention)}
    assert steps == {"bailleur", "operation", "financement", "logements"}  # step slugs of the registry


# --- Each rule on saved data ---------------------------------------------------------------------------------


def test_wrong_rent_is_reported_with_the_dwelling_and_expected_value():
    convention = complete_convention(nb_logements=2)
    logement = convention.lot.logements.first()
    logement.loyer = D("500.00")  # 65 × 6,50 × 1 = 422,50
    logement.save()
    assert rules.blocking_errors(convention) == [
        f"Logement « {logement.designation} » : le loyer maximum doit être égal à surface utile × loyer par m² × "
        "coefficient ; valeur attendue : 422,50 € (tolérance de 1 €)."
    ]


def test_missing_dwelling_field_blocks():
    convention = complete_convention(nb_logements=1)
    convention.lot.logements.update(surface_habitable=None)
    errors = rules.blocking_errors(convention)
    assert len(errors) == 1 and errors[0].endswith("la surface habitable est obligatoire.")


def test_number_of_dwellings_must_match_the_lot():
    convention = complete_convention(nb_logements=3)
    convention.lot.nb_logements = 4
    convention.lot.save()
    assert rules.blocking_errors(convention) == [
        "Le lot doit compter 4 logements (nombre déclaré à l'étape Opération) mais 3 logements sont saisis."
    ]


def test_no_dwelling_blocks():
    convention = complete_convention(nb_logements=1, with_edd=False)
    convention.lot.logements.all().delete()
    assert "La liste des logements ne peut pas être vide." in rules.blocking_errors(convention)


def test_different_loyer_m2_blocks():
    convention = complete_convention(nb_logements=2)
    convention.lot.logements.filter(pk=convention.lot.logements.first().pk).update(
        loyer_par_metre_carre=D("7.00"), loyer=D("455.00")
    )
    errors = rules.blocking_errors(convention)
    assert errors == [
        "Le loyer par m² de surface utile doit être le même pour tous les logements du lot (valeurs saisies : "
        "6,50 €, 7,00 €)."
    ]


def test_dwelling_missing_from_edd_blocks():
    convention = complete_convention(nb_logements=2)
    logement = convention.lot.logements.first()
    LogementEDD.objects.filter(designation=logement.designation).delete()
    assert rules.blocking_errors(convention) == [
        f"Logement « {logement.designation} » : ce logement ne figure pas dans l'EDD simplifié."
    ]


def test_dwelling_declared_twice_or_with_another_financement_in_edd():
    convention = complete_convention(nb_logements=2)
    first, second = convention.lot.logements.all()
    LogementEDDFactory(programme=convention.programme, designation=first.designation, financement="PLUS")
    LogementEDD.objects.filter(designation=second.designation).update(financement="PLAI")
    errors = rules.blocking_errors(convention)
    assert errors == [
        f"Logement « {first.designation} » : ce logement figure 2 fois dans l'EDD simplifié : il ne doit y figurer "
        "qu'une fois.",
        f"Logement « {second.designation} » : ce logement est déclaré en PLAI dans l'EDD simplifié, alors que ce lot "
        "est financé en PLUS.",
    ]


def test_missing_financement_in_edd_is_only_a_warning():
    convention = complete_convention()
    LotFactory(programme=convention.programme, financement="PLAI")  # another lot of the operation
    assert rules.blocking_errors(convention) == []
    (warning,) = rules.warnings(convention)
    assert "aucun logement n'y figure pour PLAI" in warning
    (error,) = [e for e in rules.convention_errors(convention) if e.optional]
    assert error.code == "edd_financements" and error.step == "edd"


def test_edd_row_without_lot_number_blocks():
    convention = complete_convention(nb_logements=1)
    convention.programme.logements_edd.update(numero_lot="")
    (error,) = rules.blocking_errors(convention)
    assert error.startswith("EDD simplifié, logement « ") and error.endswith("le numéro de lot est obligatoire.")


def test_no_cdc_loan_blocks_unless_pls_or_sans_travaux():
    plus = complete_convention()
    plus.prets.update(preteur="ETAT")
    assert rules.blocking_errors(plus) == [
        "Au moins un prêt de la Caisse des dépôts (CDC pour le foncier ou CDC pour le logement) doit être "
        "déclaré, sauf pour un financement PLS ou une opération sans travaux."
    ]
    pls = complete_convention(financement="PLS")
    pls.prets.all().delete()
    assert rules.blocking_errors(pls) == []


def test_incomplete_cdc_loan_blocks():
    convention = complete_convention()
    convention.prets.update(numero="", duree=None)
    errors = rules.blocking_errors(convention)
    assert errors == [
        "Prêt (ligne 1) : la durée est obligatoire pour un prêt de la Caisse des dépôts.",
        "Prêt (ligne 1) : le numéro du prêt est obligatoire pour un prêt de la Caisse des dépôts.",
    ]


def test_end_year_required_and_checked_against_loans():
    convention = complete_convention()  # CDC loan of 2026-03-01 over 40 years → 2066 at least
    convention.date_fin_conventionnement = None
    convention.save()
    assert rules.blocking_errors(convention) == ["L'année de fin de conventionnement est obligatoire."]
    convention.date_fin_conventionnement = datetime.date(2065, 6, 30)
    convention.save()
    (error,) = rules.blocking_errors(convention)
    assert "ne peut pas être antérieure à 2066" in error
    PretFactory(convention=convention, date_octroi=datetime.date(2020, 1, 1), duree=10)  # shorter: no effect
    convention.date_fin_conventionnement = datetime.date(2066, 6, 30)
    convention.save()
    assert rules.blocking_errors(convention) == []


def test_pls_end_year_uses_the_injected_date():
    convention = complete_convention(financement="PLS", today=JUNE_30)
    assert convention.date_fin_conventionnement == datetime.date(2041, 6, 30)
    assert rules.blocking_errors(convention, today=JUNE_30) == []
    (error,) = rules.blocking_errors(convention, today=datetime.date(2026, 7, 1))
    assert "antérieure à 2042" in error


def test_bailleur_operation_and_cadastre_fields_block():
    convention = complete_convention()
    bailleur = convention.programme.bailleur
    bailleur.signataire_date_deliberation = None
    bailleur.save()
    programme = convention.programme
    programme.ville = ""
    programme.save()
    convention.lot.nb_logements = None
    convention.lot.save()
    programme.references_cadastrales.update(surface="")
    errors = rules.blocking_errors(convention)
    assert "La date du mandat du signataire est obligatoire." in errors
    assert "La ville est obligatoire." in errors
    assert "Le nombre de logements est obligatoire." in errors
    assert any(e.startswith("Parcelle AB ") and e.endswith("la surface est obligatoire.") for e in errors)


def test_type_i_ii_blocks_validation_only():
    convention = complete_convention(bailleur=BailleurFactory(type1and2=True), type1and2="")
    assert rules.blocking_errors(convention) == []
    assert rules.type1and2_errors(convention) == rules.validation_errors(convention)
    assert len(rules.validation_errors(convention)) == 1
    assert "Type I ou Type II" in rules.validation_errors(convention)[0]


def test_saved_data_is_read_not_the_instance_in_memory():
    convention = complete_convention()
    convention.date_fin_conventionnement = None  # not saved
    assert rules.blocking_errors(convention) == []


# --- The workflow uses the rules -------------------------------------------------------------------------------


def test_workflow_submit_and_validate_with_the_real_rules(seeded_roles):
    convention = complete_convention()
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    workflow.convention_submit(convention=convention, user=bailleur)
    assert convention.statut == ConventionStatut.INSTRUCTION
    instructeur = instructeur_user(administration=convention.programme.administration)
    workflow.convention_validate(convention=convention, user=instructeur, numero=f"13.D.26.{convention.pk:04d}")
    assert convention.statut == ConventionStatut.A_SIGNER


def test_workflow_refuses_submission_with_the_rules_messages(seeded_roles):
    convention = complete_convention()
    Pret.objects.filter(convention=convention).delete()
    with pytest.raises(workflow.ValidationRefused) as excinfo:
        workflow.convention_submit(convention=convention, user=bailleur_user(bailleur=convention.programme.bailleur))
    assert excinfo.value.errors == rules.blocking_errors(convention)
    assert excinfo.value.errors[0].startswith("Au moins un prêt de la Caisse des dépôts")
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET
