import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reprise.importer import Importer
from reprise.source import Source, SourceError
from reprise.valeurs import COLONNES_SANS_PLACE


class Command(BaseCommand):
    help = (
        "Importe une base APiLos existante (schéma 2022 ou 2026, détecté) : organisations, utilisateurs, "
        "opérations, conventions et avenants, historique, commentaires et fichiers. Relançable sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="URL de la base source : postgres://…")
        parser.add_argument(
            "--fichiers", help="Dossier racine des fichiers de la source (MEDIA_ROOT décompressé ou copie du bucket)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui changerait, sans rien écrire")
        parser.add_argument(
            "--rapport", default="rapport-import-apilos.csv", help="Fichier CSV des lignes écartées ou modifiées"
        )

    def handle(self, *args, source, fichiers, dry_run, rapport, **options):
        if fichiers and not Path(fichiers).is_dir():
            raise CommandError(f"Le dossier des fichiers n'existe pas : {fichiers}")
        debut = time.monotonic()
        src = Source(source)
        try:
            src.open()
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Base source : schéma APiLos {src.vintage}{' — simulation (--dry-run)' if dry_run else ''}")
        try:
            importer = Importer(source=src, dry_run=dry_run, fichiers_dir=fichiers, progres=self._progres)
            resultat = importer.run()
        finally:
            src.close()
        for bilan in resultat.bilans.values():
            self.stdout.write(
                f"{bilan.table:<42} source {bilan.source + bilan.ecartes:>7}  créées {bilan.crees:>7}"
                f"  modifiées {bilan.modifies:>6}"
                f"  inchangées {bilan.inchanges:>7}  écartées {bilan.ecartes:>5}"
            )
        total = resultat.totaux()
        resultat.ecrire(rapport)
        verbe = "seraient" if dry_run else "ont été"
        self.stdout.write(
            f"Total : {total.crees} ligne(s) {verbe} créée(s), {total.modifies} modifiée(s), "
            f"{total.inchanges} inchangée(s), {total.ecartes} écartée(s) en {time.monotonic() - debut:.1f} s."
        )
        if resultat.entrees:
            self.stdout.write(f"Rapport : {len(resultat.entrees)} ligne(s) à vérifier dans {rapport}")
            for line in resultat.resume():
                self.stdout.write(line)
        self.stdout.write("Colonnes de la source sans équivalent ici (non reprises) :")
        for table, colonnes in COLONNES_SANS_PLACE.items():
            self.stdout.write(f"  {table} : {', '.join(colonnes)}")

    def _progres(self, table, done, total):
        if total and sys.stdout.isatty():
            width = 30
            filled = int(width * done / total)
            sys.stdout.write(f"\r{table:<42} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                sys.stdout.write("\n")
            sys.stdout.flush()
