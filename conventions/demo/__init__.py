"""Demo and volume data: conventions in every status for the demo personas, and N generated conventions.

`seed_demo_conventions(stdout, count=None)` is called by `python manage.py seed_demo [--conventions N]`
(users/management/commands/seed_demo.py, after the demo organisations and personas of users/demo.py):
- count None: the demo set — for each demo bailleur and its administration, four operations whose lots carry a
  convention in every status. Idempotent: an operation already there is left untouched.
- count N: makes sure N generated conventions exist (operations numbered "GEN…"), spread over 29 départements,
  ~60 bailleurs and their administrations (the demo ones included in their départements); only the missing
  ones are created, in bulk. 0 creates nothing.

This is data generation, not user actions: statuses, history rows and dates are written directly, in bulk, and
consistently with one another (each convention's history is the path to its status; submission, validation,
signature and publication dates follow it). Going through conventions.workflow would send e-mails and take
minutes for 10,000 conventions. Every convention satisfies conventions.rules.blocking_errors, and the Type I/II
choice is made where the bailleur requires it.
"""

import datetime
import random
import time

from django.db import connection, transaction
from django.db.models import Max

from conventions import search, selectors
from conventions.demo import data, life
from conventions.demo.generator import Generator, NumberAllocator
from conventions.demo.organisations import DEMO_PAIRS, Organisations, complete_demo_bailleur
from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from programmes.enums import NatureLogement, TypeHabitat, TypeOperation
from programmes.models import Lot, Programme
from users.models import User

DEMO_PREFIX = "DEMO"
GEN_PREFIX = "GEN"
CHUNK = 1000  # conventions built in memory between two inserts

STATUT_POIDS = {
    S.PROJET: 18,
    S.INSTRUCTION: 14,
    S.CORRECTIONS: 8,
    S.A_SIGNER: 10,
    S.SIGNEE: 22,
    S.PUBLICATION_EN_COURS: 6,
    S.PUBLIEE: 14,
    S.ANNULEE: 8,
}

# The lots of an operation, by number of lots: (combinations, weights). PLUS and PLAI go together most often.
NATURES_VOLUME = [NatureLogement.LOGEMENTSORDINAIRES, NatureLogement.AUTRE, NatureLogement.RESISDENCESOCIALE]
POIDS_NATURES = [88, 6, 6]
FINANCEMENTS = {
    1: ([("PLUS",), ("PLAI",), ("PLS",)], [55, 25, 20]),
    2: ([("PLUS", "PLAI"), ("PLUS", "PLS"), ("PLAI", "PLS")], [70, 20, 10]),
    3: ([("PLUS", "PLAI", "PLS")], [1]),
}

# (type d'opération, type d'habitat, EDD, [(financement, statut, nb logements)]): every status for each pair.
DEMO_OPERATIONS = [
    (TypeOperation.NEUF, TypeHabitat.COLLECTIF, False, [("PLUS", S.PROJET, 12), ("PLAI", S.INSTRUCTION, 6)]),
    (TypeOperation.VEFA, TypeHabitat.COLLECTIF, True, [("PLUS", S.CORRECTIONS, 20), ("PLAI", S.A_SIGNER, 8)]),
    (
        TypeOperation.ACQUISAMELIORATION,
        TypeHabitat.COLLECTIF,
        True,
        [("PLUS", S.SIGNEE, 9), ("PLS", S.PUBLICATION_EN_COURS, 4)],
    ),
    (TypeOperation.NEUF, TypeHabitat.INDIVIDUEL, False, [("PLUS", S.PUBLIEE, 10), ("PLAI", S.ANNULEE, 5)]),
    # The life after signature (conventions.demo.life): PLUS gets a signed avenant and one in progress, PLAI is
    # résiliée, PLS dénoncée.
    (
        TypeOperation.NEUF,
        TypeHabitat.COLLECTIF,
        False,
        [("PLUS", S.SIGNEE, 8), ("PLAI", S.PUBLIEE, 6), ("PLS", S.SIGNEE, 4)],
    ),
]
LIFE_OPERATION = len(DEMO_OPERATIONS)  # its number: DEMO-<dept>-05
# Foyers, résidences and an outre-mer résidence (issue 15), after the five above: (nature, place or None for a
# city of the bailleur's département, [(financement, statut, nb logements)]).
REUNION = ("Saint-Denis", "97400", "97411", "DROM", "1")
KIND_OPERATIONS = [
    (NatureLogement.AUTRE, None, [("PLAI", S.PROJET, 24), ("PLS", S.SIGNEE, 18)]),
    (NatureLogement.RESISDENCESOCIALE, None, [("PLAI", S.INSTRUCTION, 30), ("PLUS", S.PUBLIEE, 12)]),
    (NatureLogement.PENSIONSDEFAMILLE, REUNION, [("LLTS", S.CORRECTIONS, 20), ("PLS_DOM", S.A_SIGNER, 10)]),
]


def seed_demo_conventions(stdout, count: int | None = None) -> int:
    """count None: the demo set for the personas; count N: N generated conventions in total. Returns how many
    conventions were created."""
    if count is None:
        return seed_demo_set(stdout)
    return seed_volume(stdout, count=count)


@transaction.atomic
def seed_demo_set(stdout) -> int:
    numbers = NumberAllocator()
    existing = set(
        Programme.objects.filter(numero_operation__startswith=DEMO_PREFIX).values_list("numero_operation", flat=True)
    )
    created = 0
    for pair, (bailleur_username, instructeur_username) in enumerate(DEMO_PAIRS):
        bailleur_user = User.objects.filter(username=bailleur_username).first()
        instructeur_user = User.objects.filter(username=instructeur_username).first()
        role_b = bailleur_user and bailleur_user.roles.filter(bailleur__isnull=False).select_related("bailleur").first()
        role_i = instructeur_user and (
            instructeur_user.roles.filter(administration__isnull=False).select_related("administration").first()
        )
        if not (role_b and role_i):
            stdout.write(f"Conventions de démonstration : comptes {bailleur_username}/{instructeur_username} absents.")
            continue
        bailleur, administration = role_b.bailleur, role_i.administration
        complete_demo_bailleur(bailleur)
        departement = bailleur.code_postal[:2]
        # Their operations are in the bailleur's département (its own city if we do not know the département).
        own_city = [(bailleur.ville, bailleur.code_postal, "", "B1", "2")]
        villes = data.DEPARTEMENTS[departement][3] if departement in data.DEPARTEMENTS else own_city
        generator = Generator(rng=random.Random(2026 + pair), numbers=numbers)
        for k, (type_operation, type_habitat, with_edd, lots) in enumerate(DEMO_OPERATIONS):
            numero = f"{DEMO_PREFIX}-{departement}-{k + 1:02d}"
            if numero in existing:
                continue
            generator.operation(
                numero_operation=numero,
                bailleur=bailleur,
                administration=administration,
                departement=departement,
                place=villes[k % len(villes)],
                lots=lots,
                actors=(bailleur_user, instructeur_user),
                type_operation=type_operation,
                type_habitat=type_habitat,
                with_edd=with_edd,
                nom=f"Résidence {data.NOMS_RESIDENCE[pair * 5 + k]}",
            )
        for k, (nature, place, lots) in enumerate(KIND_OPERATIONS, start=len(DEMO_OPERATIONS) + 1):
            numero = f"{DEMO_PREFIX}-{departement}-{k:02d}"
            if numero in existing:
                continue
            generator.operation(
                numero_operation=numero,
                bailleur=bailleur,
                administration=administration,
                departement=place[1][:3] if place else departement,
                place=place or villes[k % len(villes)],
                lots=lots,
                actors=(bailleur_user, instructeur_user),
                type_operation=TypeOperation.NEUF,
                nom=f"{NatureLogement(nature).label} {data.NOMS_RESIDENCE[pair * 5 + k]}",
                nature=nature,
            )
        generator.flush()
        created += generator.created
    if created:
        life.seed_demo_life(
            stdout, Convention.objects.filter(programme__numero_operation__endswith=f"-{LIFE_OPERATION:02d}")
        )
        annulees = Lot.objects.filter(
            programme__numero_operation__startswith=DEMO_PREFIX, conventions__statut=S.ANNULEE, parent__isnull=True
        ).distinct()
        life.seed_ajout_simplifie(stdout, annulees, when=datetime.date(2019, 6, 14))
        stdout.write(f"Conventions de démonstration : {created} créée(s), dans tous les statuts.")
        search.rebuild_vocabulary()  # the generator writes the search documents in bulk
    else:
        stdout.write("Conventions de démonstration : déjà présentes, rien à créer.")
    return created


def seed_volume(stdout, *, count: int) -> int:
    """Make sure `count` generated conventions exist: create the missing ones in bulk, print the time taken."""
    started = time.monotonic()
    existing = Convention.objects.conventions().filter(programme__numero_operation__startswith=GEN_PREFIX).count()
    missing = count - existing
    if missing <= 0:
        stdout.write(f"Conventions générées : {existing} déjà présentes, aucune à créer.")
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Generated data: losing this transaction in a crash would be harmless; not waiting for the WAL
            # flush at commit saves seconds.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        generator = _generate(missing, seed=existing)
        if connection.vendor == "postgresql":
            # Statistics of the rows just written (ANALYZE sees this transaction's rows): the queries of the
            # life below (avenants, ends) get index plans instead of scans planned for empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        generated = Convention.objects.filter(programme__numero_operation__startswith=GEN_PREFIX)
        life.seed_life(stdout, generated, rng=random.Random(existing + 14), minimum=True)
        search.rebuild_vocabulary()  # the generator writes the search documents in bulk
        selectors.bump_generation()  # and its rows without signals: the cached counts start again
    elapsed = time.monotonic() - started
    created = generator.created
    stdout.write(
        f"Conventions générées : {created} créées ({existing + created} au total) en {elapsed:.1f} s, "
        f"dont {generator.flush_seconds:.1f} s d'écriture en base ({created / elapsed:.0f} conventions/s)."
    )
    return created


def _generate(missing: int, *, seed: int) -> Generator:
    rng = random.Random(seed)
    organisations = Organisations(rng)
    last = Programme.objects.filter(numero_operation__startswith=GEN_PREFIX).aggregate(m=Max("numero_operation"))["m"]
    sequence = int(last[len(GEN_PREFIX) :]) if last else 0
    generator = Generator(rng=rng, numbers=NumberAllocator())
    departements = sorted(data.DEPARTEMENTS)
    poids = [len(data.DEPARTEMENTS[d][3]) for d in departements]
    statuts, statut_poids = list(STATUT_POIDS), list(STATUT_POIDS.values())
    forced = statuts[:missing]  # the first conventions go through every status, then the usual proportions
    pending = 0
    while generator.created < missing:
        departement = rng.choices(departements, poids)[0]
        place = rng.choice(data.DEPARTEMENTS[departement][3])
        bailleur, bailleur_user = rng.choice(organisations.bailleurs[departement])
        administration, instructeur_user = (
            organisations.delegataires.get(place[2]) or organisations.administrations[departement]
        )
        nb_lots = min(rng.choice((1, 1, 2, 2, 3)), missing - generator.created)
        financements = list(rng.choices(*FINANCEMENTS[nb_lots])[0])
        if rng.random() < 0.05:
            financements[0] = rng.choice(["PLUS_CD", "PLAI_ADP", "PLUS-PLAI"])
        # About one operation in eight is a foyer or a résidence (issue 15): the volume mixes the kinds.
        nature = rng.choices(NATURES_VOLUME, POIDS_NATURES)[0]
        lots = [
            (
                financement,
                forced.pop(0) if forced else rng.choices(statuts, statut_poids)[0],
                max(1, min(40, round(rng.triangular(1, 40, 6)))),
            )
            for financement in financements
        ]
        sequence += 1
        generator.operation(
            numero_operation=f"{GEN_PREFIX}{sequence:07d}",
            bailleur=bailleur,
            administration=administration,
            departement=departement,
            place=place,
            lots=lots,
            actors=(bailleur_user, instructeur_user),
            nature=nature,
        )
        pending += nb_lots
        if pending >= CHUNK:
            generator.flush()
            pending = 0
    generator.flush()
    return generator
