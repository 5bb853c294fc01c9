"""Benchmark: the .docx of a 500-dwelling convention must be generated in under 2 seconds, for every model.

    python bench/documents.py [--logements 500] [--modele HLM …] [--sortie DOSSIER]

Runs on a throw-away SQLite database (test settings). The time checked is that of a render in a process that
already printed this model once (a running worker keeps the built and compiled model in memory:
build_templates.template_bytes, generation._Environnement); the first render is printed too. With --sortie,
writes each model's .docx there, to look at them (soffice → PDF → pdftoppm, see docs/documents.md).
Exit code 1 when a generation is slower than the limit.
"""

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
LIMITE_SECONDES = 2.0
DIXIEME = Decimal("0.1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logements", type=int, default=500)
    parser.add_argument("--sortie", type=Path, default=None)
    parser.add_argument("--modele", action="append", default=None, help="défaut : tous les modèles")
    args = parser.parse_args()

    sys.path.insert(0, str(RACINE))
    base = Path(tempfile.mkdtemp(prefix="apilos-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "apilos.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from conventions.documents import modeles as m
    from conventions.documents import render_docx
    from conventions.documents.build_templates import template_bytes
    from conventions.models import Convention
    from programmes.enums import NatureLogement, TypologieLogement
    from tests.conventions.documents.donnees import convention_complete
    from tests.conventions.documents.test_modeles_complets import avenant_of
    from tests.users.factories import BailleurFactory

    typologies = list(TypologieLogement)
    lignes = [
        (typologies[i % len(typologies)], "60.00", "8.00", "4.00", "64.00", "6.52", str(DIXIEME * (9 + i % 3)))
        for i in range(args.logements)
    ]

    def convention_pour(modele):
        traits = {m.SEM: {"sem": True}, m.TYPE1: {"type1and2": True}, m.TYPE2: {"type1and2": True}}.get(modele, {})
        convention = convention_complete(
            logements=lignes,
            bailleur=BailleurFactory(nom="Habitat Provence & Cie", capital_social=Decimal("1500000"), **traits),
            type1and2=modele if modele in (m.TYPE1, m.TYPE2) else "",
            numero=None,
        )
        if modele in (m.FOYER, m.AVENANT_FOYER_RESIDENCE, m.SECONDE_VIE_FOYER):
            convention.programme.nature_logement = NatureLogement.AUTRE
        elif modele == m.RESIDENCE:
            convention.programme.nature_logement = NatureLogement.RESISDENCESOCIALE
        convention.programme.save()
        if modele in (m.AVENANT, m.AVENANT_FOYER_RESIDENCE):
            convention = avenant_of(convention, ["logements", "duree", "champ_libre"])
        return Convention.objects.select_related("programme__bailleur", "programme__administration", "lot").get(
            pk=convention.pk
        )

    echecs = 0
    for modele in args.modele or m.MODELES:
        template_bytes(modele)
        convention = convention_pour(modele)
        debut = time.perf_counter()
        render_docx(convention, modele=modele)  # the first render of a model in a process also compiles it
        premier = time.perf_counter() - debut
        debut = time.perf_counter()
        document = render_docx(convention, modele=modele)
        duree = time.perf_counter() - debut
        taille = len(document.contenu) / 1024
        print(
            f"{modele:24} {args.logements} logements : {taille:.0f} Ko en {duree:.2f} s (1er rendu : {premier:.2f} s)"
        )
        if args.sortie:
            args.sortie.mkdir(parents=True, exist_ok=True)
            (args.sortie / f"{modele}.docx").write_bytes(document.contenu)
        if duree > LIMITE_SECONDES:
            print(f"  Trop lent : la limite est de {LIMITE_SECONDES:.0f} s.")
            echecs += 1
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
