"""Benchmark: the .docx of a 500-dwelling convention must be generated in under 2 seconds.

    python bench/documents.py [--logements 500] [--sortie DOSSIER]

Runs on a throw-away SQLite database (test settings). With --sortie, also writes the draft (watermarked) and
the final (validated) documents of the same convention, to look at them (e.g. soffice → PDF → pdftoppm).
Exit code 1 when the generation is slower than the limit.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logements", type=int, default=500)
    parser.add_argument("--sortie", type=Path, default=None)
    parser.add_argument("--modele", choices=["HLM", "SEM", "Type1", "Type2"], default="HLM")
    args = parser.parse_args()

    sys.path.insert(0, str(RACINE))
    base = Path(tempfile.mkdtemp(prefix="apilos-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "apilos.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from conventions.documents import render_docx
    from conventions.enums import ConventionStatut
    from conventions.models import Convention
    from programmes.enums import TypologieLogement
    from tests.conventions.documents.donnees import convention_complete
    from tests.users.factories import BailleurFactory

    typologies = list(TypologieLogement)
    lignes = [
        (
            typologies[i % len(typologies)],
            "60.00",
            "8.00",
            "4.00",
            "64.00",
            "6.52",
            str(Decimal("0.9") + Decimal(i % 3) / 10),
        )
        for i in range(args.logements)
    ]
    traits = {"HLM": {}, "SEM": {"sem": True}}.get(args.modele, {"type1and2": True})
    convention = convention_complete(
        logements=lignes,
        bailleur=BailleurFactory(nom="Habitat Provence & Cie", capital_social=Decimal("1500000"), **traits),
        type1and2=args.modele if args.modele.startswith("Type") else "",
    )
    convention = Convention.objects.select_related("programme__bailleur", "programme__administration", "lot").get(
        pk=convention.pk
    )

    debut = time.perf_counter()
    document = render_docx(convention)
    duree = time.perf_counter() - debut
    print(f"{args.logements} logements : .docx de {len(document.contenu) / 1024:.0f} Ko généré en {duree:.2f} s")

    if args.sortie:
        args.sortie.mkdir(parents=True, exist_ok=True)
        (args.sortie / "projet.docx").write_bytes(document.contenu)
        Convention.objects.filter(pk=convention.pk).update(statut=ConventionStatut.A_SIGNER, numero="13.D.26.0042")
        convention.refresh_from_db()
        (args.sortie / "final.docx").write_bytes(render_docx(convention).contenu)
        print(f"Documents écrits dans {args.sortie}")

    if duree > LIMITE_SECONDES:
        print(f"Trop lent : la limite est de {LIMITE_SECONDES:.0f} s.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
