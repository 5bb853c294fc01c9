import pytest

from conventions import perms
from conventions.enums import CommentaireStatut
from conventions.enums import ConventionStatut as S
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.users.factories import RoleFactory, UserFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.mark.parametrize(
    "statut, bailleur_edits, instructeur_edits",
    [
        (S.PROJET, True, False),
        (S.INSTRUCTION, False, True),
        (S.CORRECTIONS, False, True),
        (S.A_SIGNER, False, False),
        (S.SIGNEE, False, False),
        (S.ANNULEE, False, False),
    ],
)
def test_can_edit_by_role_and_status(statut, bailleur_edits, instructeur_edits):
    convention = ConventionFactory(statut=statut)
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    instructeur = instructeur_user(administration=convention.programme.administration)
    assert perms.can_edit(bailleur, convention) is bailleur_edits
    assert perms.can_edit(instructeur, convention) is instructeur_edits
    assert perms.can_edit(bailleur_user(), convention) is False
    assert perms.can_edit(instructeur_user(), convention) is False


def test_role_on_prefers_instructeur_and_handles_perimeters():
    convention = ConventionFactory(lot__programme__code_insee_departement="13", lot__programme__code_insee_region="93")
    both = bailleur_user(bailleur=convention.programme.bailleur)
    RoleFactory(instructeur=True, user=both, administration=convention.programme.administration)
    both = type(both).objects.get(pk=both.pk)
    assert perms.role_on(both, convention) == perms.INSTRUCTEUR
    assert (
        perms.role_on(RoleFactory(administrateur=True, perimetre_departement="13").user, convention) == "administrateur"
    )
    assert perms.role_on(RoleFactory(administrateur=True, perimetre_departement="75").user, convention) is None
    assert perms.role_on(UserFactory(), convention) is None
    inactive = bailleur_user(bailleur=convention.programme.bailleur, is_active=False)
    assert perms.role_on(inactive, convention) is None


def test_in_corrections_the_bailleur_edits_exactly_the_commented_fields():
    convention = ConventionFactory(corrections=True)
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    CommentFactory(convention=convention, nom_objet="programme", champ_objet="nom")
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="table")
    CommentFactory(convention=convention, nom_objet="programme", champ_objet="ville", statut=CommentaireStatut.CLOS)
    assert perms.can_edit_field(bailleur, convention, "programme__nom")
    assert perms.can_edit_field(bailleur, convention, "logement__loyer__0b7f9c1e-0000-0000-0000-000000000000")
    assert not perms.can_edit_field(bailleur, convention, "programme__ville")
    assert not perms.can_edit_field(bailleur, convention, "programme__adresse")
    assert not perms.can_edit_field(bailleur_user(), convention, "programme__nom")


def test_only_the_instructeur_comments_and_only_after_the_draft():
    convention = ConventionFactory()
    instructeur = instructeur_user(administration=convention.programme.administration)
    assert not perms.can_comment(instructeur, convention)
    convention.statut = S.INSTRUCTION
    assert perms.can_comment(instructeur, convention)
    assert not perms.can_comment(bailleur_user(bailleur=convention.programme.bailleur), convention)
    assert not perms.can_comment(instructeur_user(), convention)
