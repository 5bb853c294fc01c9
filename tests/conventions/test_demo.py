from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conventions import rules
from conventions.demo import GEN_PREFIX, seed_demo_conventions
from conventions.enums import PRETEURS_CDC, STATUTS_VALIDES, ConventionStatut
from conventions.models import Convention
from conventions.steps.registry import kind_of
from programmes.enums import FINANCEMENTS_PLS
from programmes.models import Programme
from users.demo import seed_demo_users
from users.models import User

ALL_STATUTS = set(ConventionStatut.values)


def _conventions(**filters):
    return list(
        Convention.objects.conventions()
        .filter(**filters)
        .select_related("programme__bailleur", "programme__administration", "lot")
        .prefetch_related("historique", "prets", "lot__logements", "comments")
        .order_by("pk")
    )


def assert_redevances(convention: Convention, logements: list):
    """A foyer or a résidence: one redevance per type, a total surface above the sum, an end on 31 December."""
    redevances = {}
    for logement in logements:
        assert logement.surface_utile is None and logement.loyer > 0
        redevances.setdefault(logement.typologie, set()).add(logement.loyer)
    assert all(len(values) == 1 for values in redevances.values())
    assert convention.lot.surface_habitable_totale >= sum(lg.surface_habitable for lg in logements)
    assert convention.date_fin_conventionnement.month == 12


def assert_coherent(convention: Convention):
    """The status, its history and its dates tell the same story; the data satisfy the business rules."""
    if convention.ajout_simplifie:  # registered signed with minimal data: one creation event, no instruction
        assert [h.statut for h in convention.historique.all()] == [convention.statut]
        assert convention.numero and convention.fichier_signe
        return
    assert rules.blocking_errors(convention) == [], (convention, rules.blocking_errors(convention))
    assert rules.warnings(convention) == []
    if convention.statut in STATUTS_VALIDES:
        assert rules.validation_errors(convention) == []
    # The status changes of the journal (its other events — avenants, documents — carry no status).
    history = [h for h in convention.historique.all() if h.statut]
    if convention.statut == ConventionStatut.PROJET:
        assert history == []
    else:
        assert history[0].statut_precedent == ConventionStatut.PROJET
        assert history[-1].statut == convention.statut
        for before, after in zip(history, history[1:], strict=False):
            assert after.statut_precedent == before.statut
            assert after.cree_le >= before.cree_le
        assert history[0].cree_le >= convention.cree_le >= convention.programme.cree_le
        assert history[-1].cree_le < timezone.now()
        assert convention.mis_a_jour_le == history[-1].cree_le
        assert all(h.user_id for h in history)
    validated = convention.statut in STATUTS_VALIDES
    assert bool(convention.numero) == validated
    assert bool(convention.valide_le) == validated
    submitted = any(h.action == "soumettre" for h in history)
    assert bool(convention.premiere_soumission_le) == submitted
    ended = convention.statut in (ConventionStatut.DENONCEE, ConventionStatut.RESILIEE)
    assert bool(convention.date_signature) == (
        ended
        or convention.statut
        in (ConventionStatut.SIGNEE, ConventionStatut.PUBLICATION_EN_COURS, ConventionStatut.PUBLIEE)
    )
    if ended:  # signed (and perhaps published) before it ended, at its date
        assert convention.date_denonciation or convention.date_resiliation
    else:
        assert bool(convention.date_publication) == (convention.statut == ConventionStatut.PUBLIEE)
    if convention.statut == ConventionStatut.CORRECTIONS:
        assert convention.comments.filter(statut="OUVERT").exists()

    # Rents, independently of the rules module.
    logements = list(convention.lot.logements.all())
    assert 1 <= len(logements) <= 40
    assert len(logements) == convention.lot.nb_logements
    if convention.programme.is_foyer_ou_residence:
        assert_redevances(convention, logements)
        return
    assert len({logement.loyer_par_metre_carre for logement in logements}) == 1
    for logement in logements:
        assert logement.surface_utile == logement.surface_habitable + logement.surface_annexes_retenue
        expected = (logement.surface_utile * logement.loyer_par_metre_carre * logement.coefficient).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert logement.loyer == expected
    avec = sum(lg.surface_utile * lg.loyer_par_metre_carre * lg.coefficient for lg in logements)
    sans = sum(lg.surface_utile * lg.loyer_par_metre_carre for lg in logements)
    assert avec <= sans
    if convention.lot.financement not in FINANCEMENTS_PLS:
        assert any(pret.preteur in PRETEURS_CDC for pret in convention.prets.all())


@pytest.fixture
def personas(db, seeded_roles):
    seed_demo_users(password="mot-de-passe-de-demo-2026")
    return {u.username: u for u in User.objects.filter(username__startswith="demo-")}


def test_demo_set_puts_every_status_in_front_of_each_persona(personas):
    out = StringIO()
    seed_demo_conventions(out, count=None)
    assert "34 créée(s)" in out.getvalue()
    for bailleur, instructeur in [("demo-bailleur", "demo-instructeur"), ("demo-bailleur-2", "demo-instructeur-2")]:
        seen_by_bailleur = Convention.objects.visible_to(personas[bailleur])
        seen_by_instructeur = Convention.objects.visible_to(personas[instructeur])
        assert {c.statut for c in seen_by_bailleur} == ALL_STATUTS
        assert set(seen_by_bailleur) == set(seen_by_instructeur)
        # 11 conventions + 1 ajout simplifié + 6 of foyers and résidences (one outre-mer), and the avenants (2
        # avenants, a dénonciation, a résiliation).
        assert seen_by_bailleur.conventions().count() == 18
        kinds = {}
        for convention in seen_by_bailleur.conventions().select_related("programme"):
            programme = convention.programme
            kind = "outre-mer" if programme.is_outre_mer else kind_of(convention).nom
            kinds.setdefault(kind, set()).add(convention.statut)
        assert all(len(kinds[kind]) >= 2 for kind in ("foyer", "residence", "outre-mer")), kinds
        assert seen_by_bailleur.avenants().count() == 4
    for convention in _conventions():
        assert_coherent(convention)
    # The bailleur acts on the bailleur side of the history, the instructeur on the other.
    corrections = Convention.objects.get(
        statut=ConventionStatut.CORRECTIONS,
        programme__bailleur=personas["demo-bailleur"].roles.get().bailleur,
        programme__nature_logement="LOGEMENTSORDINAIRES",
    )
    users = {h.action: h.user.username for h in corrections.historique.all()}
    assert users == {"soumettre": "demo-bailleur", "demander_corrections": "demo-instructeur"}


def test_demo_set_is_idempotent(personas):
    seed_demo_conventions(StringIO(), count=None)
    counts = (Programme.objects.count(), Convention.objects.count())
    out = StringIO()
    seed_demo_conventions(out, count=None)
    assert "déjà présentes, rien à créer" in out.getvalue()
    assert (Programme.objects.count(), Convention.objects.count()) == counts


def test_volume_creates_exactly_n_coherent_conventions(personas):
    out = StringIO()
    assert seed_demo_conventions(out, count=50) == 50
    assert "50 créées" in out.getvalue() and " s " in out.getvalue()
    generated = _conventions(programme__numero_operation__startswith=GEN_PREFIX)
    assert len(generated) == Convention.objects.conventions().count() == 50  # avenants are rows of their own
    assert {c.statut for c in generated} == ALL_STATUTS
    assert len({c.programme.code_insee_departement for c in generated}) >= 5
    assert len({c.programme.bailleur_id for c in generated}) >= 5
    assert len({c.programme.administration_id for c in generated}) >= 5
    numeros = [c.numero for c in generated if c.numero]
    assert len(numeros) == len(set(numeros))
    for convention in generated:
        assert_coherent(convention)


def test_volume_only_tops_up(personas):
    seed_demo_conventions(StringIO(), count=20)
    bailleurs_before = Counter(Programme.objects.values_list("bailleur__siret", flat=True))
    assert seed_demo_conventions(StringIO(), count=20) == 0
    assert seed_demo_conventions(StringIO(), count=25) == 5
    assert Convention.objects.conventions().count() == 25
    # Organisations and accounts are reused, not duplicated.
    assert set(Counter(Programme.objects.values_list("bailleur__siret", flat=True))) >= set(bailleurs_before)
    assert User.objects.filter(email__endswith="@demo.apilos.invalid").count() == len(
        set(User.objects.filter(email__endswith="@demo.apilos.invalid").values_list("username", flat=True))
    )


def test_seed_demo_command_hands_over_the_count(personas, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "mot-de-passe-de-demo-2026"
    out = StringIO()
    call_command("seed_demo", "--conventions", "12", stdout=out)
    assert "12 créées" in out.getvalue()
    assert Convention.objects.conventions().count() == 12
    call_command("seed_demo", stdout=out)
    assert Convention.objects.conventions().count() == 12 + 34 + 2  # and 2 ajouts simplifiés
