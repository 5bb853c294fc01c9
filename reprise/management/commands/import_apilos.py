import sys
import time

from django.core.management.base import BaseCommand, CommandError

from reprise.fichiers import Bucket, Dossier, SourceFichiersError
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
        parser.add_argument(
            "--fichiers-s3",
            help="Bucket S3 des fichiers de la source : s3://bucket/prefixe (point d'accès et clés : variables "
            "AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ou les mêmes préfixées de REPRISE_)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui changerait, sans rien écrire")
        parser.add_argument(
            "--rapport", default="rapport-import-apilos.csv", help="Fichier CSV des lignes écartées ou modifiées"
        )

    def handle(self, *args, source, fichiers, fichiers_s3, dry_run, rapport, **options):
        if fichiers and fichiers_s3:
            raise CommandError("Indiquez les fichiers de la source par --fichiers ou par --fichiers-s3, pas les deux.")
        try:
            stockage = Dossier(fichiers) if fichiers else Bucket(fichiers_s3) if fichiers_s3 else None
            if stockage is not None:
                stockage.preparer()
        except SourceFichiersError as exc:
            raise CommandError(str(exc)) from exc
        debut = time.monotonic()
        src = Source(source)
        try:
            src.open()
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Base source : schéma APiLos {src.vintage}{' — simulation (--dry-run)' if dry_run else ''}")
        try:
            importer = Importer(source=src, dry_run=dry_run, fichiers=stockage, progres=self._progres)
            resultat = importer.run()
        except SourceFichiersError as exc:
            raise CommandError(str(exc)) from exc
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
